"""Land: the raster, the exact test, steps stopped at the coast, courses across land."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from calanque.race.course import Course, CourseError, Mark
from calanque.race.demo import COURSES, demo_course, reference_points
from calanque.race.geo import rhumb_step
from calanque.race.land import LandError, LandMask, load_land


def test_known_places(land: LandMask) -> None:
    ref = reference_points()
    names = [
        "Vieux-Port de Marseille (basin)",
        "Île de Porquerolles",
        "Giraglia (island off Cap Corse)",
    ]
    lat = np.array([ref[n][0] for n in names] + [42.0, 41.9, 40.0])
    lon = np.array([ref[n][1] for n in names] + [5.0, 9.0, -10.0])  # sea, Corsica, outside
    # Natural Earth 10 m has Porquerolles but not Giraglia (PROVENANCE.md).
    np.testing.assert_array_equal(land.is_land(lat, lon), [True, True, False, False, True, True])


def test_raster_agrees_with_exact_test_off_the_coast(land: LandMask) -> None:
    rng = np.random.default_rng(0)
    lat, lon = rng.uniform(30.2, 46.3, 50_000), rng.uniform(-5.8, 36.8, 50_000)
    ny, nx = land.land.shape
    iy = ((lat - land.bbox[1]) / land.res).astype(int)
    ix = ((lon - land.bbox[0]) / land.res).astype(int)
    off = ~land.coast[iy, ix]
    np.testing.assert_array_equal(land.is_land(lat[off], lon[off]), land.land[iy[off], ix[off]])
    assert 0.3 < land.land.mean() < 0.7


def test_step_across_cap_corse_stops_before_the_coast(land: LandMask) -> None:
    guard = land.guard(0.1)
    lat0, lon0 = np.array([42.85]), np.array([9.30])  # west of Cap Corse, at sea
    lat1, lon1 = np.array([42.85]), np.array([9.40])  # east of the cape's spine: on land
    assert not land.is_land(lat0, lon0)[0]
    hit = land.clip_steps(lat0, lon0, lat1, lon1, guard)
    assert hit.tolist() == [0]
    assert 9.30 < lon1[0] < 9.40 and not land.is_land(lat1, lon1)[0]


def test_cannot_jump_over_a_thin_cape(land: LandMask) -> None:
    """Both ends at sea, the middle on land: the exact test still catches it."""
    guard = land.guard(0.22)
    lat0, lon0 = np.array([42.98]), np.array([9.30])  # Cap Corse, 0.1° wide: sea both sides
    lat1, lon1 = np.array([42.98]), np.array([9.50])
    mid = land.is_land(np.array([42.98] * 9), np.linspace(9.32, 9.48, 9))
    assert not land.is_land(lat1, lon1)[0] and mid.any()
    assert land.clip_steps(lat0, lon0, lat1, lon1, guard).size == 1
    assert 9.30 < lon1[0] < 9.36


@pytest.mark.parametrize("seed", range(10))
def test_random_steps_never_end_on_land(land: LandMask, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 20_000
    # Start near the coasts of Provence, Corsica and Sardinia, at sea.
    lat, lon = rng.uniform(38.5, 43.5, n), rng.uniform(4.0, 10.5, n)
    sea = ~land.is_land(lat, lon)
    lat, lon = lat[sea], lon[sea]
    guard = land.guard(0.12)
    for _ in range(5):
        heading = rng.uniform(-180, 180, lat.size).astype(np.float32)
        dist = rng.uniform(0, 4.0, lat.size).astype(np.float32)
        lat1, lon1 = rhumb_step(lat, lon, heading, dist)
        hit = land.clip_steps(lat, lon, lat1, lon1, guard)
        assert not land.is_land(lat1, lon1).any()
        # The stopped steps, re-tested against every edge, are clear of land.
        k = hit[:20]
        assert not np.isfinite(land.segment_hits_land(lat[k], lon[k], lat1[k], lon1[k])).any()
        lat, lon = lat1, lon1


@pytest.mark.parametrize("name", sorted(COURSES))
def test_demo_courses_are_clear_of_land(land: LandMask, name: str) -> None:
    c = demo_course(name)
    c.check_land(land)
    assert c.length_nm > 50


def test_course_across_land_is_rejected(land: LandMask) -> None:
    line = (43.17, 5.19, 43.17, 5.27)
    c = Course(
        "through Corsica",
        (
            Mark("start", "start", *line),
            Mark("Ajaccio bay", "waypoint", 41.85, 8.6),
            Mark("Bastia offing", "waypoint", 42.7, 9.6),
            Mark("finish", "finish", *line),
        ),
    )
    with pytest.raises(CourseError, match="crosses land"):
        c.check_land(land)
    on_land = Course(
        "mark on land",
        (
            Mark("s", "start", *line),
            Mark("Corte", "waypoint", 42.3, 9.15),
            Mark("f", "finish", *line),
        ),
    )
    with pytest.raises(CourseError, match="on land"):
        on_land.check_land(land)


def test_bad_topojson(tmp_path: Path) -> None:
    f = tmp_path / "land.json"
    f.write_text(json.dumps({"type": "Topology", "arcs": []}))
    with pytest.raises(LandError, match="not a world-atlas"):
        load_land(f)
    f.write_text("{")
    with pytest.raises(LandError, match="cannot read"):
        load_land(f)


def test_small_synthetic_island() -> None:
    """A square island from edges: fill, coast and exact test agree with geometry."""
    sq = np.array([[1, 1, 2, 1], [2, 1, 2, 2], [2, 2, 1, 2], [1, 2, 1, 1]], float)
    m = LandMask.from_edges(sq, (0.0, 0.0, 3.0, 3.0), res=0.05)
    assert m.is_land(
        np.array([1.5, 0.5, 1.999, 2.001]), np.array([1.5, 1.5, 1.5, 1.5])
    ).tolist() == [True, False, True, False]
    assert m.land.sum() == 400
