"""GRIB2 10 m wind import (and export) through ecCodes.

ecCodes is ECMWF's maintained decoder; its PyPI wheel pulls `eccodeslib`, which
bundles the C library, so nothing is compiled or downloaded at run time.
NCEP GFS files pack 10 m u and v as two fields of ONE message; decoders that
read one field per message silently lose v, so multi-field support is
switched on while reading.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from calanque.errors import CalanqueError
from calanque.race.land import MED_BBOX
from calanque.race.wind import MS_TO_KT, WindError, WindField

__all__ = ["GribError", "read_grib", "write_grib"]

_U, _V = "10u", "10v"


class GribError(CalanqueError, ValueError):
    """A file that is not a readable GRIB with 10 m wind on a regular lat/lon grid."""


def _eccodes():  # imported lazily: loading the C library takes ~0.1 s
    try:
        import eccodes
    except ImportError as exc:  # pragma: no cover - dependency declared in pyproject
        raise GribError(f"GRIB support needs the 'eccodes' package ({exc})") from None
    return eccodes


def _axes(ec, h) -> tuple[NDArray, NDArray]:
    ni, nj = ec.codes_get(h, "Ni"), ec.codes_get(h, "Nj")
    lat0 = ec.codes_get(h, "latitudeOfFirstGridPointInDegrees")
    lat1 = ec.codes_get(h, "latitudeOfLastGridPointInDegrees")
    lon0 = ec.codes_get(h, "longitudeOfFirstGridPointInDegrees")
    lon1 = ec.codes_get(h, "longitudeOfLastGridPointInDegrees")
    if ec.codes_get(h, "iScansNegatively"):
        raise GribError("east-to-west scanning grids are not supported")
    if lon1 < lon0:
        lon1 += 360.0
    return np.linspace(lat0, lat1, nj), np.linspace(lon0, lon1, ni)


def _read_fields(path: Path) -> dict[dt.datetime, dict[str, tuple]]:
    ec = _eccodes()
    found: dict[dt.datetime, dict[str, tuple]] = {}
    ec.codes_grib_multi_support_on()
    try:
        with path.open("rb") as f:
            while True:
                h = ec.codes_grib_new_from_file(f)
                if h is None:
                    break
                try:
                    name = ec.codes_get(h, "shortName")
                    if name not in (_U, _V):
                        continue
                    if ec.codes_get(h, "gridType") != "regular_ll":
                        raise GribError(f"{name} is on a {ec.codes_get(h, 'gridType')} grid")
                    day, hhmm = ec.codes_get(h, "validityDate"), ec.codes_get(h, "validityTime")
                    when = dt.datetime.strptime(f"{day:08d}{hhmm:04d}", "%Y%m%d%H%M")
                    lat, lon = _axes(ec, h)
                    vals = ec.codes_get_values(h).reshape(len(lat), len(lon))
                    found.setdefault(when.replace(tzinfo=dt.UTC), {})[name] = (lat, lon, vals)
                finally:
                    ec.codes_release(h)
    except ec.CodesInternalError as exc:
        raise GribError(f"{path.name}: corrupt or truncated GRIB ({exc})") from None
    finally:
        ec.codes_grib_multi_support_off()
    return found


def read_grib(
    path: str | Path, bbox: tuple[float, float, float, float] | None = MED_BBOX
) -> WindField:
    """10 m wind from a GRIB2 (or GRIB1) file, cropped to `bbox` plus one grid cell.

    Longitudes are brought to [-180, 180) and latitudes made increasing; speeds
    are converted from m/s to knots; the race clock's zero is the first valid time.
    """
    p = Path(path)
    try:
        with p.open("rb") as f:
            head = f.read(1 << 16)
    except OSError as exc:
        raise GribError(f"cannot open {p}: {exc.strerror}") from None
    if b"GRIB" not in head:
        raise GribError(f"{p.name}: not a GRIB file (no 'GRIB' marker)")
    found = _read_fields(p)
    half = sorted(t for t, f in found.items() if (_U in f) != (_V in f))
    if half:  # a file cut between the u and the v of a step reads as whole messages
        raise GribError(f"{p.name}: incomplete GRIB ({half[0].isoformat()} has u or v alone)")
    times = sorted(t for t, f in found.items() if _U in f and _V in f)
    if not times:
        raise GribError(f"{p.name}: no 10 m wind (u and v) in this file")
    lat, lon, _ = found[times[0]][_U]
    us: list[np.ndarray] = []
    vs: list[np.ndarray] = []
    for t in times:
        for name, out in ((_U, us), (_V, vs)):
            la, lo, vals = found[t][name]
            if la.shape != lat.shape or lo.shape != lon.shape or not np.allclose(la, lat):
                raise GribError(f"{p.name}: wind fields on different grids")
            out.append(vals)
    u, v = np.array(us), np.array(vs)
    if lat[0] > lat[-1]:
        lat, u, v = lat[::-1], u[:, ::-1], v[:, ::-1]
    lon = (lon + 180.0) % 360.0 - 180.0
    order = np.argsort(lon, kind="stable")
    lon, u, v = lon[order], u[:, :, order], v[:, :, order]
    if bbox is not None:
        d_lat, d_lon = abs(lat[1] - lat[0]), abs(lon[1] - lon[0])
        ky = (lat >= bbox[1] - d_lat) & (lat <= bbox[3] + d_lat)
        kx = (lon >= bbox[0] - d_lon) & (lon <= bbox[2] + d_lon)
        if ky.sum() < 2 or kx.sum() < 2:
            raise GribError(f"{p.name}: the grid does not cover the race area {bbox}")
        lat, lon, u, v = lat[ky], lon[kx], u[:, ky][:, :, kx], v[:, ky][:, :, kx]
    secs = np.array([(t - times[0]).total_seconds() for t in times])
    try:
        return WindField(
            lat,
            lon,
            secs,
            (u * MS_TO_KT).astype(np.float32),
            (v * MS_TO_KT).astype(np.float32),
            origin=times[0].isoformat(),
        )
    except WindError as exc:
        raise GribError(f"{p.name}: {exc}") from None


def write_grib(path: str | Path, wind: WindField, start: dt.datetime | None = None) -> None:
    """Write a WindField as GRIB2 10 m u/v messages (m/s), one pair per time step."""
    ec = _eccodes()
    start = start or dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with Path(path).open("wb") as f:
        for k, secs in enumerate(wind.times):
            for number, data in ((2, wind.u[k]), (3, wind.v[k])):
                h = ec.codes_grib_new_from_samples("regular_ll_sfc_grib2")
                try:
                    for key, val in (
                        ("discipline", 0),
                        ("parameterCategory", 2),
                        ("parameterNumber", number),
                        ("typeOfFirstFixedSurface", 103),
                        ("scaledValueOfFirstFixedSurface", 10),
                        ("scaleFactorOfFirstFixedSurface", 0),
                        ("dataDate", int(start.strftime("%Y%m%d"))),
                        ("dataTime", int(start.strftime("%H%M"))),
                        ("indicatorOfUnitOfTimeRange", 0),
                        ("forecastTime", int(secs // 60)),
                        ("Ni", len(wind.lon)),
                        ("Nj", len(wind.lat)),
                        ("jScansPositively", 1),
                        ("latitudeOfFirstGridPointInDegrees", float(wind.lat[0])),
                        ("latitudeOfLastGridPointInDegrees", float(wind.lat[-1])),
                        ("longitudeOfFirstGridPointInDegrees", float(wind.lon[0]) % 360),
                        ("longitudeOfLastGridPointInDegrees", float(wind.lon[-1]) % 360),
                        ("iDirectionIncrementInDegrees", float(wind.lon[1] - wind.lon[0])),
                        ("jDirectionIncrementInDegrees", float(wind.lat[1] - wind.lat[0])),
                        ("bitsPerValue", 16),
                    ):
                        ec.codes_set(h, key, val)
                    ec.codes_set_values(h, (data / MS_TO_KT).astype(np.float64).ravel())
                    ec.codes_write(h, f)
                finally:
                    ec.codes_release(h)
