"""Players in the engine: slots that join, waypoints, cancels, programmed orders in bulk."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from calanque.race.config import RaceConfig
from calanque.race.demo import demo_course
from calanque.race.geo import haversine_nm
from calanque.race.orders import OrderError
from calanque.race.simulation import Race
from calanque.race.store import RaceStore


def _race(land, *, bots: int = 6, players: int = 4, seed: int = 0) -> Race:
    cfg = RaceConfig(
        demo_course("sprint"),
        n_boats=bots + players,
        wind={"kind": "scenario", "name": "mistral", "seed": seed, "hours": 48},
        tick_s=600.0,
        seed=seed,
        bots=bots > 0,
        players=players,
    )
    return Race(cfg, land=land)


def test_player_slots_sleep_unranked_until_their_player_joins(land) -> None:
    race = _race(land)
    start = race.state.lat.copy(), race.state.lon.copy()
    race.run(3)
    idle = np.arange(6, 10)
    assert np.array_equal(race.state.lat[idle], start[0][idle]), "idle slots do not move"
    assert (race.state.rank[idle] == 0).all() and (race.state.rank[:6] >= 1).all()
    assert set(race.leaderboard(20).tolist()) == set(range(6))
    race.join(7)
    with pytest.raises(OrderError, match="already joined"):
        race.join(7)
    with pytest.raises(OrderError, match="not a player's slot"):
        race.join(2)
    race.step()
    assert race.state.active[7] and race.state.rank[7] >= 1
    assert race.state.trim[7] == 1 and race.state.helm[7] == 0, "a player sails as people do"
    assert not race.state.active[6]
    moved = haversine_nm(start[0][7], start[1][7], race.state.lat[7], race.state.lon[7])
    assert moved > 0.5, "the joined boat set off from the start line"


def test_waypoints_lead_the_autopilot_before_the_mark(land) -> None:
    """A boat bound for Porquerolles (east) with a waypoint to the south goes south first,
    then takes the next waypoint, then the mark."""
    race = _race(land, bots=0, players=2)
    race.join(0)
    race.join(1)
    race.order(0, "waypoint", 1.0, lat=42.90, lon=5.15)
    race.order(0, "waypoint", 1.0, lat=42.85, lon=5.60)
    lat0 = float(race.state.lat[0])
    race.run(6)
    assert race.state.lat[0] < lat0 - 0.1 and race.state.lat[1] > race.state.lat[0]
    for _ in range(60):
        if not race.waypoints(0):
            break
        race.step()
    assert race.waypoints(0) == [], "both waypoints reached and dropped"
    with pytest.raises(OrderError, match="on land"):
        race.order(1, "waypoint", 1.0, lat=43.2950, lon=5.3700)  # Marseille
    with pytest.raises(OrderError, match="needs a latitude"):
        race.order(1, "waypoint", 1.0)


def test_cancelled_order_never_fires_and_replays(land, tmp_path: Path) -> None:
    with RaceStore(tmp_path / "r.db") as store:
        race = _race(land, bots=2, players=2)
        rid = store.create(race)
        race.join(2)
        keep = race.order(2, "heading", 200.0, at_time=3000.0)
        drop = race.order(2, "heading", 90.0, at_time=1800.0)
        race.order(2, "waypoint", 1.0, lat=42.9, lon=5.2)
        race.step()
        race.cancel(2, drop.seq)
        with pytest.raises(OrderError, match="no longer pending"):
            race.cancel(2, drop.seq)
        with pytest.raises(OrderError, match="not one of boat 3"):
            race.cancel(3, keep.seq)
        assert [o.seq for o in race.orders.pending(2)] == [keep.seq]
        race.run(5)  # to race time 3600 s
        assert race.state.heading[2] == pytest.approx(-160.0)  # 200°, not 90°
        store.checkpoint(rid, race)
        _, same = store.replay(rid, land=land)
        assert all(same.values()), [k for k, ok in same.items() if not ok]
        resumed = store.load(rid, land=land)
        assert resumed.waypoints(2) == race.waypoints(2)


def test_a_million_programmed_orders_fire_in_time_order(land) -> None:
    """The sorted book fires each order at the first tick at or past its time, in log order."""
    race = _race(land, bots=0, players=0 + 4)
    for b in range(4):
        race.join(b)
    rng = np.random.default_rng(1)
    times = rng.uniform(0, 6000, 2000)
    for i, t in enumerate(times):
        race.order(i % 4, "heading", float(i % 360), at_time=float(t))
    fired_at = np.full(len(times), -1)
    for tick in range(12):
        due = race.orders.due(tick, tick * 600.0, race.state.next_mark)
        fired_at[due - 4] = tick  # the four joins come first in the log
        assert np.all(np.diff(due) > 0)
    assert np.array_equal(fired_at, np.ceil(times / 600.0).astype(int))
