"""Forecasts taken in while a race runs: a watched folder, checks, and the race clock.

NOAA publishes a GFS run every 6 hours; whoever runs a race drops each new GRIB
file into the race's weather folder. A file is read (in the tick's worker, not
in a web request), checked, and switched in at the next tick boundary. A file
that cannot be used (truncated, not GRIB, a grid that misses the course, a
forecast that is over, winds in the wrong units) is refused with one line
saying why, and the race sails on in the wind it had.

A GRIB's times are calendar times; the race clock counts seconds from the
race's weather epoch (the calendar time of race time 0), so a forecast is
shifted by the difference.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from calanque.errors import CalanqueError
from calanque.race.config import ConfigError, file_sha256
from calanque.race.course import Course
from calanque.race.grib import GribError, read_grib
from calanque.race.wind import WindError, WindField

__all__ = ["ForecastError", "ForecastFolder", "check_forecast", "load_forecast", "read_forecast"]

GRIB_SUFFIXES = (".grib2", ".grb2", ".grib", ".grb")
#: A forecast may start at most this long after the current race time (seconds).
MAX_LEAD_S = 6 * 3600.0
#: A field whose strongest wind is below this (knots) is not a forecast (zeros, bad field).
MIN_PEAK_KT = 0.1


class ForecastError(CalanqueError, ValueError):
    """A forecast file the race cannot sail in; the message says why."""


def read_forecast(path: Path, epoch: dt.datetime) -> tuple[WindField, float]:
    """A GRIB file's wind on the race clock, and the shift applied (seconds)."""
    try:
        wind = read_grib(path)
    except (GribError, WindError, OSError) as exc:
        raise ForecastError(str(exc)) from None
    origin = dt.datetime.fromisoformat(wind.origin)
    offset = (origin - epoch).total_seconds()
    return shift(wind, offset), offset


def shift(wind: WindField, offset_s: float) -> WindField:
    return WindField(wind.lat, wind.lon, wind.times + offset_s, wind.u, wind.v, wind.origin)


def load_forecast(path: Path, offset_s: float, *, sha256: str | None = None) -> WindField:
    """A forecast a race took in, as it was (its checksum checked), for resuming or replaying."""
    if not path.is_file():
        raise ConfigError(f"forecast {path} is gone; the race cannot be rebuilt without it")
    if sha256 and file_sha256(path) != sha256:
        raise ConfigError(f"forecast {path} changed since the race took it in")
    try:
        return shift(read_grib(path), offset_s)
    except (GribError, WindError) as exc:
        raise ConfigError(f"forecast {path}: {exc}") from None


def check_forecast(wind: WindField, course: Course, now: float) -> None:
    """Raise ForecastError unless `wind` covers the course and says something about `now` on."""
    lats = np.concatenate((course.line[:, 0], course.line[:, 2]))
    lons = np.concatenate((course.line[:, 1], course.line[:, 3]))
    if (
        lats.min() < wind.lat[0]
        or lats.max() > wind.lat[-1]
        or lons.min() < wind.lon[0]
        or lons.max() > wind.lon[-1]
    ):
        raise ForecastError(
            f"the grid ({wind.lat[0]:.2f}..{wind.lat[-1]:.2f} N, {wind.lon[0]:.2f}.."
            f"{wind.lon[-1]:.2f} E) does not cover the course ({lats.min():.2f}..{lats.max():.2f}"
            f" N, {lons.min():.2f}..{lons.max():.2f} E)"
        )
    if wind.times[-1] <= now:
        raise ForecastError(
            f"the forecast ends at race time +{wind.times[-1] / 3600:.1f} h, before the race's "
            f"+{now / 3600:.1f} h"
        )
    if wind.times[0] > now + MAX_LEAD_S:
        raise ForecastError(
            f"the forecast starts at race time +{wind.times[0] / 3600:.1f} h, more than "
            f"{MAX_LEAD_S / 3600:.0f} h after the race's +{now / 3600:.1f} h"
        )
    peak = float(np.abs(wind.u + 1j * wind.v).max())
    if peak < MIN_PEAK_KT:
        raise ForecastError(f"no wind anywhere (strongest {peak:.2f} kt): not a wind field")


@dataclass
class ForecastFolder:
    """A folder of GRIB files; `new_files` lists the ones not looked at yet, oldest first.

    A file is known by its name, size and modification time, so a file caught half
    copied (and refused) is read again once complete.
    """

    path: Path
    seen: set[tuple[str, int, int]] = field(default_factory=set)

    def new_files(self) -> list[Path]:
        try:
            files = [p for p in self.path.iterdir() if p.suffix.lower() in GRIB_SUFFIXES]
        except OSError:
            return []
        out = []
        for p in files:
            try:
                st = p.stat()
            except OSError:
                continue
            key = (p.name, st.st_size, st.st_mtime_ns)
            if key not in self.seen:
                self.seen.add(key)
                out.append((st.st_mtime_ns, p.name, p))
        return [p for _, _, p in sorted(out)]
