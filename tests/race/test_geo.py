"""Geodesy: rhumb-line steps against the exact rhumb line, great-circle distances."""

from __future__ import annotations

import numpy as np
import pytest

from calanque.race.geo import (
    EARTH_RADIUS_NM,
    haversine_nm,
    initial_bearing,
    rhumb_distance_nm,
    rhumb_step,
    wrap180,
)


def test_one_degree_of_meridian() -> None:
    assert haversine_nm(43.0, 5.0, 44.0, 5.0) == pytest.approx(np.pi * EARTH_RADIUS_NM / 180)
    assert initial_bearing(43.0, 5.0, 44.0, 5.0) == pytest.approx(0.0, abs=1e-9)
    assert initial_bearing(0.0, 0.0, 0.0, 1.0) == pytest.approx(90.0)


@pytest.mark.parametrize("seed", range(5))
def test_rhumb_step_travels_the_commanded_distance(seed: int) -> None:
    rng = np.random.default_rng(seed)
    lat, lon = rng.uniform(30, 46, 1000), rng.uniform(-5, 36, 1000)
    heading = rng.uniform(-180, 180, 1000).astype(np.float32)
    dist = rng.uniform(0.01, 10.0, 1000).astype(np.float32)
    lat2, lon2 = rhumb_step(lat, lon, heading, dist)
    np.testing.assert_allclose(rhumb_distance_nm(lat, lon, lat2, lon2), dist, rtol=2e-6)
    # The rhumb line keeps its heading: compare the Mercator bearing.
    dpsi = np.log(
        np.tan(np.pi / 4 + np.deg2rad(lat2) / 2) / np.tan(np.pi / 4 + np.deg2rad(lat) / 2)
    )
    brg = np.rad2deg(np.arctan2(np.deg2rad(lon2 - lon), dpsi))
    np.testing.assert_allclose(wrap180(brg - heading), 0.0, atol=2e-3)


def test_wrap180() -> None:
    np.testing.assert_allclose(wrap180(np.array([190.0, -190.0, 360.0, 45.0])), [-170, 170, 0, 45])
