"""The sign of the true wind angle: the sailors' convention, checked on explicit cases.

Positive TWA = wind over the starboard side = starboard tack (the racing rules
name a tack after the windward side; Signal K's wind angles are "negative to
port"). So heading = TWD − TWA and TWA = TWD − heading, wrapped to [−180, 180].
"""

from __future__ import annotations

import numpy as np
import pytest

from calanque.race.config import RaceConfig
from calanque.race.course import Course, Mark
from calanque.race.geo import wrap180
from calanque.race.simulation import Race

LINE = (38.5, 4.0, 38.5, 4.0001)
OPEN_SEA = Course(
    "open sea",
    (
        Mark("start", "start", *LINE),
        Mark("far", "waypoint", 38.5, 7.5, radius_nm=0.5),
        Mark("finish", "finish", 37.5, 7.5, 37.5, 7.6),
    ),
)


def _race(land, wind_from: float, n_boats: int = 1) -> Race:
    wind = {"kind": "constant", "speed": 14.0, "from": wind_from}
    return Race(RaceConfig(OPEN_SEA, n_boats=n_boats, wind=wind, bots=False), land=land)


@pytest.mark.parametrize(
    ("wind_from", "twa", "heading"),
    [
        (0.0, 90.0, 270.0),  # wind from N over the starboard beam: sailing west
        (0.0, -90.0, 90.0),  # over the port beam: sailing east
        (0.0, 45.0, 315.0),  # close-hauled on starboard: north-west
        (0.0, -45.0, 45.0),  # close-hauled on port: north-east
        (270.0, 135.0, 135.0),  # westerly, broad reach on starboard: south-east
        (90.0, -150.0, 240.0),  # easterly, broad reach on port: west-south-west
    ],
)
def test_twa_order_steers_with_the_wind_on_the_named_side(land, wind_from, twa, heading) -> None:
    race = _race(land, wind_from)
    race.order(0, "twa", twa)
    race.step()
    st = race.state
    assert float(wrap180(st.heading[0] - heading)) == pytest.approx(0.0, abs=1e-3)
    assert float(st.twa[0]) == pytest.approx(twa, abs=1e-3)


@pytest.mark.parametrize(
    ("wind_from", "heading", "twa"),
    [
        (0.0, 270.0, 90.0),  # heading west, wind from north: starboard
        (270.0, 0.0, -90.0),  # heading north, wind from west: port
        (270.0, 180.0, 90.0),  # heading south, wind from west: starboard
        (180.0, 225.0, -45.0),  # southerly, heading south-west: port, close-hauled
    ],
)
def test_heading_order_reports_the_tack(land, wind_from, heading, twa) -> None:
    race = _race(land, wind_from)
    race.order(0, "heading", heading)
    race.step()
    assert float(race.state.twa[0]) == pytest.approx(twa, abs=1e-3)


def test_vmg_beat_reports_starboard_when_sailing_left_of_the_wind(land) -> None:
    """Mark dead upwind: the tack whose heading is west of the wind has it on starboard."""
    race = _race(land, 90.0, n_boats=2)  # wind from the east, mark to the east
    race.step()
    st = race.state
    for b in range(2):
        on_starboard = float(wrap180(st.heading[b] - 90.0)) < 0  # bow left of the wind
        assert np.sign(st.twa[b]) == (1 if on_starboard else -1)
