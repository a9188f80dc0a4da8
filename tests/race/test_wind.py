"""Wind fields and synthetic scenarios."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from calanque.race.scenarios import SCENARIOS, make_scenario
from calanque.race.wind import WindError, WindField


def _field() -> WindField:
    lat, lon = np.array([40.0, 41.0, 42.0]), np.array([4.0, 5.0])
    u = np.stack([np.arange(6, dtype=np.float32).reshape(3, 2), np.full((3, 2), 10, np.float32)])
    return WindField(lat, lon, np.array([0.0, 3600.0]), u, np.zeros_like(u))


def test_bilinear_in_space_linear_in_time() -> None:
    w = _field()
    lat, lon = np.array([40.0, 40.5, 41.0, 42.0]), np.array([4.0, 4.5, 5.0, 5.0])
    np.testing.assert_allclose(w.sample_uv(lat, lon, 0.0).real, [0.0, 1.5, 3.0, 5.0], atol=1e-6)
    np.testing.assert_allclose(w.sample_uv(lat, lon, 1800.0).real, [5.0, 5.75, 6.5, 7.5], atol=1e-6)
    # Outside the grid and outside the time range, the border values hold.
    assert w.sample_uv(np.array([50.0]), np.array([9.0]), 1e9).real[0] == pytest.approx(10.0)


def test_direction_is_where_the_wind_comes_from() -> None:
    for from_deg in (0.0, 90.0, 225.0, 320.0):
        tws, twd = WindField.constant(12.0, from_deg).sample(np.array([43.0]), np.array([5.0]), 0)
        assert tws[0] == pytest.approx(12.0, rel=1e-6)
        assert (twd[0] - from_deg + 180) % 360 - 180 == pytest.approx(0.0, abs=1e-3)


def test_inconsistent_fields_are_rejected() -> None:
    w = _field()
    with pytest.raises(WindError, match="shape"):
        WindField(w.lat, w.lon, w.times, w.u[:, :2], w.v)
    with pytest.raises(WindError, match="even steps"):
        WindField(np.array([40.0, 41.0, 43.0]), w.lon, w.times, w.u, w.v)
    bad = w.u.copy()
    bad[0, 0, 0] = np.nan
    with pytest.raises(WindError, match="missing"):
        WindField(w.lat, w.lon, w.times, bad, w.v)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("name", SCENARIOS)
def test_scenarios_are_seeded_and_plausible(name: str, seed: int) -> None:
    a, b = make_scenario(name, seed=seed, hours=24), make_scenario(name, seed=seed, hours=24)
    np.testing.assert_array_equal(a.u, b.u)
    assert not np.array_equal(a.u, make_scenario(name, seed=seed + 100, hours=24).u)
    speed = np.hypot(a.u, a.v)
    assert speed.max() < 60
    gulf_lat, gulf_lon = np.array([42.5]), np.array([4.5])
    gulf = max(a.sample(gulf_lat, gulf_lon, t)[0][0] for t in a.times)
    if name == "mistral":
        assert 22 <= gulf <= 50
        _, twd = a.sample(
            gulf_lat,
            gulf_lon,
            float(a.times[np.argmax([a.sample(gulf_lat, gulf_lon, t)[0][0] for t in a.times])]),
        )
        assert 280 <= twd[0] % 360 <= 360 or twd[0] % 360 <= 20, "Mistral blows from the north-west"
    elif name == "calm":
        assert speed.mean() < 6
    else:
        assert speed.mean() < 15


def test_unknown_scenario() -> None:
    with pytest.raises(ValueError, match="unknown scenario"):
        make_scenario("hurricane")


def test_past_the_last_step_the_wind_is_held_and_said_so(caplog) -> None:
    w = _field()  # steps at 0 and 3600 s
    assert w.ends == 3600.0 and w.held_since is None
    with caplog.at_level(logging.WARNING, logger="calanque.race.wind"):
        w.sample_uv(np.array([41.0]), np.array([4.5]), 3600.0)
        assert w.held_since is None and not caplog.records, "the last step itself is forecast"
        for t in (3700.0, 7200.0, 1e6):
            assert w.sample_uv(np.array([41.0]), np.array([4.5]), t).real[0] == 10.0
    assert w.held_since == 3700.0 and w.held_at(3700.0) and not w.held_at(3000.0)
    assert len(caplog.records) == 1, "logged once"
    assert "ends at +1.0 h" in caplog.text and "held" in caplog.text


def test_a_constant_wind_is_never_held(caplog) -> None:
    w = WindField.constant(12.0, 270.0)
    with caplog.at_level(logging.WARNING, logger="calanque.race.wind"):
        w.sample_uv(np.array([43.0]), np.array([5.0]), 1e7)
    assert w.steady and w.held_since is None and not caplog.records


def test_a_race_past_its_forecast_reports_held_wind(make_race, caplog) -> None:
    race = make_race(n_boats=4)  # scenario of 48 h
    race.wind = make_scenario("mistral", seed=1, hours=2)  # forecast steps 0, 1, 2 h
    with caplog.at_level(logging.WARNING, logger="calanque.race.wind"):
        race.run(12)  # 2 h of 600 s ticks: the last one starts at 1 h 50
        assert not race.wind_held and race.wind.held_since is None
        race.run(1)  # starts at 2 h 00: still the last step, not held
        assert not race.wind_held
        race.run(6)
    assert race.wind_held and race.wind.held_since == 13 * 600.0
    assert len(caplog.records) == 1
