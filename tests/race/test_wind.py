"""Wind fields and synthetic scenarios."""

from __future__ import annotations

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
