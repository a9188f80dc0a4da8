"""Race invariants over many seeds: land, polar limits, penalties, ranking, replay."""

from __future__ import annotations

import numpy as np
import pytest

from calanque.race.bots import Bots
from calanque.race.config import RaceConfig
from calanque.race.course import Course, Mark
from calanque.race.geo import rhumb_distance_nm
from calanque.race.simulation import Race


def _assert_invariants(
    race: Race, prev_lat: np.ndarray, prev_lon: np.ndarray, prev_until: np.ndarray
) -> None:
    st = race.state
    assert not race.land.is_land(st.lat, st.lon).any(), "a boat is on land"
    # Nobody beats the polar: distance run <= polar speed at the tick's wind and angle.
    run = rhumb_distance_nm(prev_lat, prev_lon, st.lat, st.lon)
    limit = race.polar.speed(st.twa, st.tws) * race.dt / 3600.0
    assert np.all(run <= limit * (1 + 1e-5) + 1e-9)
    polar = race.polar.speed(st.twa, st.tws)
    assert np.all(st.speed <= polar + 1e-4)
    # A bot sails at its trim's share of the polar (people at the polar itself).
    assert np.all((st.trim > 0) & (st.trim <= 1))
    polar = polar * st.trim
    # Penalties: expired ones no longer slow a boat; running ones do.
    t0 = st.t - race.dt
    free = (prev_until <= t0) & (st.pen_until <= t0) & ~st.finished
    np.testing.assert_allclose(st.speed[free], polar[free], rtol=1e-6)
    # (a grounding penalty starts at the end of the tick that ran aground)
    slowed = (st.pen_until >= st.t) & (st.pen_factor < 1) & (polar > 0.5)
    slowed &= ~st.finished & ~st.grounded
    assert np.all(st.speed[slowed] < polar[slowed])
    # Ranking: finishers first by time, then by distance to finish; ranks in 1..n.
    assert st.rank.min() == 1 and st.rank.max() <= len(st.rank)
    f = st.finished
    if f.any() and (~f).any():
        assert st.rank[f].max() < st.rank[~f].min()
    order = np.argsort(st.dtf[~f], kind="stable")
    assert np.all(np.diff(st.rank[~f][order]) >= 0)
    if f.sum() > 1:
        order = np.argsort(st.finish_time[f], kind="stable")
        assert np.all(np.diff(st.rank[f][order]) >= 0)
    assert np.all(np.isfinite(st.finish_time[f])) and np.all(np.isinf(st.finish_time[~f]))
    assert np.all(st.finish_time[f] <= st.t)


@pytest.mark.parametrize("scenario", ["mistral", "seabreeze", "calm"])
def test_invariants_hold_every_tick(make_race, seed: int, scenario: str) -> None:
    race = make_race(seed=seed, scenario=scenario, n_boats=40)
    bots = Bots(race)
    for _ in range(60):
        lat, lon = race.state.lat.copy(), race.state.lon.copy()
        until = race.state.pen_until.copy()
        race.step()
        _assert_invariants(race, lat, lon, until)
        bots.act()
    penalised = race.state.pen_until > 0
    assert penalised.any(), "tacks, gybes or sail changes happened and were penalised"
    assert race.state.tick == 60 and race.state.t == 60 * race.dt


def test_sprint_race_finishes_with_consistent_times(make_race, seed: int) -> None:
    race = make_race(seed=seed, scenario="mistral", n_boats=30, tick_s=900.0)
    bots = Bots(race)
    race.run(400, progress=lambda r: bots.act())
    st = race.state
    assert st.finished.all(), "every boat finishes a 92 nm sprint within 100 h"
    assert st.finish_time.min() > 92 / 25 * 3600, "no boat averages more than 25 kt"
    top = race.leaderboard(5)
    assert np.all(np.diff(st.finish_time[top]) >= 0)
    assert st.rank[top[0]] == 1


def test_distance_in_constant_wind_matches_analytic(land) -> None:
    """Beam reach on a fixed heading: distance = polar speed × time within 0.1 %."""
    line = (38.5, 4.0, 38.5, 4.0001)
    course = Course(
        "open sea",
        (
            Mark("start", "start", *line),
            Mark("far", "waypoint", 38.5, 7.5, radius_nm=0.5),
            Mark("finish", "finish", 37.5, 7.5, 37.5, 7.6),
        ),
    )
    cfg = RaceConfig(
        course,
        n_boats=1,
        wind={"kind": "constant", "speed": 14.0, "from": 0.0},
        tick_s=300.0,
        bots=False,
    )
    race = Race(cfg, land=land)
    race.order(0, "heading", 90.0)
    lat0, lon0 = race.state.lat.copy(), race.state.lon.copy()
    race.run(48)  # 4 hours
    expected = float(race.polar.speed(np.array([90.0]), np.array([14.0]))[0]) * 4.0
    got = rhumb_distance_nm(lat0, lon0, race.state.lat, race.state.lon)[0]
    assert got == pytest.approx(expected, rel=1e-3)
    assert race.state.speed[0] == pytest.approx(
        race.polar.speed(np.array([90.0]), np.array([14.0]))[0]
    )


def _random_orders(race: Race, rng: np.random.Generator, n: int) -> None:
    for _ in range(n):
        boat = int(rng.integers(race.config.n_boats))
        kind = rng.integers(3)
        if kind == 0:
            race.order(
                boat,
                "heading",
                float(rng.uniform(0, 360)),
                at_time=race.state.t + rng.uniform(0, 7200),
            )
        elif kind == 1:
            race.order(boat, "twa", float(rng.uniform(-150, 150)))
        else:
            race.order(boat, "vmg", float(rng.uniform(0.1, 1)), at_mark=0)


def test_replay_from_order_log_is_bit_identical(make_race, seed: int) -> None:
    race = make_race(seed=seed, n_boats=50)
    bots = Bots(race)
    rng = np.random.default_rng(seed)
    for _ in range(50):
        if rng.random() < 0.3:
            _random_orders(race, rng, 3)
        race.step()
        bots.act()
    replay = Race(race.config, land=race.land, wind=race.wind)
    for o in race.orders.log:
        replay.orders.add(o)
    replay.run(50)
    for name, a in race.state.arrays().items():
        np.testing.assert_array_equal(getattr(replay.state, name), a, err_msg=name)
    assert replay.state.t == race.state.t
