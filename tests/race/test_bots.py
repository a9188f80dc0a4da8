"""Bots: a grounded bot finds clear water through ordinary, logged orders."""

from __future__ import annotations

import tracemalloc

import numpy as np

from calanque.race.bots import Bots
from calanque.race.config import RaceConfig
from calanque.race.demo import demo_course
from calanque.race.simulation import Race


def test_grounded_bot_escapes(land) -> None:
    wind = {"kind": "constant", "speed": 15.0, "from": 270.0}
    cfg = RaceConfig(demo_course("sprint"), n_boats=3, wind=wind, seed=2)
    race = Race(cfg, land=land)
    bots = Bots(race)
    # Boat 0 starts 2 nm south of Cassis and is sent due north, onto the coast.
    race.state.lat[0], race.state.lon[0] = 43.18, 5.54
    race.order(0, "heading", 0.0)
    for _ in range(20):
        race.step()
        if race.state.grounded[0]:
            break
    assert race.state.grounded[0]
    assert bots.act() == 1
    escape = [o for o in race.orders.log if o.bot]
    assert [o.mode for o in escape] == ["twa", "vmg"] and escape[1].at_time > race.state.t
    lat_aground = race.state.lat[0]
    for _ in range(30):
        race.step()
        bots.act()
    assert not race.land.is_land(race.state.lat[:1], race.state.lon[:1])[0]
    assert race.state.lat[0] < lat_aground - 0.01, "sailed away from the coast"
    assert race.state.mode[0] == 2, "back on VMG after the hold"


def test_bots_respect_rules_and_seed(make_race) -> None:
    a, b = make_race(seed=5, n_boats=30), make_race(seed=5, n_boats=30)
    np.testing.assert_array_equal(a.state.value, b.state.value)
    assert 0.2 <= a.state.value.min() and a.state.value.max() <= 0.7
    human = make_race(seed=5, n_boats=30, bots=False)
    assert np.all(human.state.value == 1.0)
    assert Bots(human).act() == 0


def test_act_costs_little_with_the_whole_fleet_near_the_coast(make_race) -> None:
    """At the start all boats are within a few miles of Planier: acting must not test them
    all against the coastline (before: about 2 kB allocated per boat, 2.1 GB at 1M boats)."""
    race = make_race(n_boats=50_000, course="mediterranee")
    bots = Bots(race)
    for _ in range(2):
        race.step()
        bots.act()
    tracemalloc.start()
    bots.act()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 64 * 50_000, f"{peak / 50_000:.0f} bytes per boat"
