"""The VMG autopilot sails round land instead of staying aground.

Before: a boat reaching straight for its mark ran onto Cap Sicié and stayed there for good
(`calanque race simulate --course sprint --no-bots --seed 3 --boats 5 --hours 36`: 4 of 5
boats never finished). The autopilot now looks ahead along its heading and, when land is in
the way, takes the clear heading with the best VMG to the mark.
"""

from __future__ import annotations

import numpy as np
import pytest

from calanque.race.config import RaceConfig
from calanque.race.course import Course, Mark
from calanque.race.demo import demo_course
from calanque.race.simulation import Race


def _run(race: Race, ticks: int) -> np.ndarray:
    """Run; return how many ticks each boat spent aground."""
    aground = np.zeros(race.config.n_boats, int)
    for _ in range(ticks):
        if race.state.finished.all():
            break
        race.step()
        aground += race.state.grounded
    return aground


def test_the_reported_sprint_finishes(land) -> None:
    """The command of the report: every boat finishes, none touches land."""
    wind = {"kind": "scenario", "name": "mistral", "seed": 3, "hours": 60}
    cfg = RaceConfig(demo_course("sprint"), n_boats=5, wind=wind, seed=3, bots=False)
    race = Race(cfg, land=land)
    aground = _run(race, 36 * 6)
    assert race.state.finished.all(), f"{int(race.state.finished.sum())} of 5 finished"
    assert aground.sum() == 0


@pytest.mark.parametrize("scenario", ["mistral", "seabreeze"])
def test_vmg_fleets_finish_the_sprint_without_touching_land(land, seed, scenario) -> None:
    """Human fleets on the autopilot (layline fraction 1: the widest boards) finish, dry."""
    wind = {"kind": "scenario", "name": scenario, "seed": seed, "hours": 130}
    cfg = RaceConfig(
        demo_course("sprint"), n_boats=12, wind=wind, tick_s=900.0, seed=seed, bots=False
    )
    race = Race(cfg, land=land)
    aground = _run(race, 100 * 4)
    st = race.state
    assert st.finished.all(), f"unfinished: {np.flatnonzero(~st.finished).tolist()}"
    assert aground.sum() == 0, f"aground boat-ticks: {aground.sum()}"


def test_reaching_past_cap_sicie(land) -> None:
    """Wind on the beam, mark east of Cap Sicié behind the cape: the boat goes round it."""
    line = (43.07, 5.76, 43.07, 5.7601)  # off Le Brusc, west of the cape
    course = Course(
        "round Sicié",
        (
            Mark("start", "start", *line),
            Mark("Toulon offing", "waypoint", 43.02, 6.0, radius_nm=0.5),
            Mark("finish", "finish", 42.9, 6.0, 42.9, 6.05),
        ),
    )
    assert np.isfinite(land.segment_hits_land(43.07, 5.76, 43.02, 6.0))[0], "the cape is in the way"
    wind = {"kind": "constant", "speed": 14.0, "from": 200.0}
    cfg = RaceConfig(course, n_boats=1, wind=wind, bots=False)
    race = Race(cfg, land=land, check_course=False)
    aground = _run(race, 6 * 6)
    assert race.state.next_mark[0] >= 2, "rounded the offing mark within 6 h"
    assert aground.sum() == 0


def test_vmg_boat_gybes_off_a_lee_shore_without_orders(land) -> None:
    """Running on port gybe straight at the coast 2 nm away: the autopilot turns in time."""
    wind = {"kind": "constant", "speed": 15.0, "from": 270.0}
    race = Race(RaceConfig(demo_course("sprint"), n_boats=3, wind=wind, seed=2), land=land)
    st = race.state
    st.lat[0], st.lon[0] = 43.18, 5.54  # 2 nm south of Cassis
    st.heading[0], st.twa[0] = 59.0, -149.0  # port gybe, heading for La Ciotat's coast
    aground = _run(race, 12)
    assert aground[0] == 0 and race.orders.log == []
    assert st.mode[0] == 2 and not (-20 < st.heading[0] - 59.0 < 20), "changed course"


@pytest.mark.parametrize("wind_from", [300.0, 330.0, 0.0, 30.0])
def test_beating_out_of_the_bay_of_palma(land, wind_from) -> None:
    """Bound for Barcelona from inside the Bay of Palma (it opens to the south, away from the
    mark): every heading towards the mark meets Mallorca, so a look-ahead alone leaves and
    re-enters the bay for ever. The sea route round the island takes the boats out."""
    wind = {"kind": "constant", "speed": 14.0, "from": wind_from}
    cfg = RaceConfig(demo_course("mediterranee"), n_boats=3, wind=wind, bots=False)
    race = Race(cfg, land=land)
    st = race.state
    st.lat[:], st.lon[:] = [39.51, 39.45, 39.52], [2.64, 2.70, 2.60]
    st.next_mark[:] = 10  # Barcelona (SE)
    aground = _run(race, 24 * 6)
    assert np.all(st.next_mark >= 11), f"still bound for Barcelona: {st.dtf.round(1).tolist()}"
    assert aground.sum() == 0


def test_vmg_fleets_sail_round_the_mediterranean(land, seed) -> None:
    """The 1,321 nm demo race, human fleets on the autopilot, 30-minute ticks (a long look-ahead):
    everyone finishes within 300 h, nobody touches land. Before: 11 of 40 finished."""
    wind = {"kind": "scenario", "name": "mistral", "seed": seed, "hours": 320}
    cfg = RaceConfig(
        demo_course("mediterranee"), n_boats=5, wind=wind, tick_s=1800.0, seed=seed, bots=False
    )
    race = Race(cfg, land=land)
    aground = _run(race, 300 * 2)
    st = race.state
    assert st.finished.all(), f"unfinished: {np.flatnonzero(~st.finished).tolist()}"
    assert aground.sum() == 0
