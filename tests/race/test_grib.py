"""GRIB2 import: the real NOAA GFS sample (u and v in one message) and generated files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from calanque.race.grib import GribError, read_grib, write_grib
from calanque.race.scenarios import make_scenario
from calanque.race.wind import WindField

GFS = Path(__file__).parent / "data" / "gfs.t12z.pgrbf120.2p5deg.grib2"


def test_reads_both_wind_components_from_the_shared_message() -> None:
    w = read_grib(GFS, bbox=None)
    assert w.origin == "2011-01-15T12:00:00+00:00"
    assert w.u.shape == (1, 73, 144)
    assert not np.array_equal(w.u, w.v), "v must not be a copy of u"
    for comp in (w.u, w.v):
        assert 5 < np.abs(comp).max() / 1.944 < 40  # m/s, plausible 10 m wind
    # Grid orientation: latitudes increasing, longitudes wrapped to [-180, 180).
    assert w.lat[0] == -90 and w.lat[-1] == 90
    assert w.lon[0] == -180 and w.lon[-1] == 177.5


def test_gulf_of_lion_northwesterly() -> None:
    """PROVENANCE.md: about 20 kn from 321° at 42.5N 5E."""
    w = read_grib(GFS)
    tws, twd = w.sample(np.array([42.5]), np.array([5.0]), 0.0)
    assert tws[0] == pytest.approx(20, abs=1.5)
    assert twd[0] % 360 == pytest.approx(321, abs=3)
    assert w.lon.min() <= -6 and w.lon.max() >= 37 and w.lat.min() <= 30 and w.lat.max() >= 46.5


def test_round_trip_through_a_generated_grib2(tmp_path: Path) -> None:
    src = make_scenario("mistral", seed=4, hours=3)
    f = tmp_path / "mistral.grib2"
    write_grib(f, src)
    back = read_grib(f)
    np.testing.assert_array_equal(back.times, src.times)
    np.testing.assert_allclose(back.lat, src.lat)
    np.testing.assert_allclose(back.lon, src.lon)
    np.testing.assert_allclose(back.u, src.u, atol=2e-3)
    np.testing.assert_allclose(back.v, src.v, atol=2e-3)


def test_not_a_grib(tmp_path: Path) -> None:
    f = tmp_path / "wind.grib2"
    f.write_text("this is not a forecast")
    with pytest.raises(GribError, match="not a GRIB file"):
        read_grib(f)
    with pytest.raises(GribError, match="cannot open"):
        read_grib(tmp_path / "missing.grib2")


def test_truncated_grib(tmp_path: Path) -> None:
    f = tmp_path / "cut.grib2"
    f.write_bytes(GFS.read_bytes()[:2_600_000])  # cut inside the u/v message
    with pytest.raises(GribError):
        read_grib(f)


def test_grib_without_wind(tmp_path: Path) -> None:
    f = tmp_path / "head.grib2"
    f.write_bytes(GFS.read_bytes()[:2_000_000])
    data = f.read_bytes()
    end = data.rfind(b"7777") + 4  # keep whole messages only, none of them wind
    f.write_bytes(data[:end])
    with pytest.raises(GribError, match="no 10 m wind"):
        read_grib(f)


def test_grid_outside_race_area(tmp_path: Path) -> None:
    f = tmp_path / "atlantic.grib2"
    write_grib(f, WindField.constant(15.0, 270.0, bbox=(-40.0, 20.0, -30.0, 30.0)))
    assert read_grib(f, bbox=None).lon.max() == -30.0
    with pytest.raises(GribError, match="does not cover"):
        read_grib(f)
