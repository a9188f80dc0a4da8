"""Wind fields: u/v on a regular lat/lon grid over time.

Bilinear in space, linear in time. Interpolating u and v (not speed and
direction) keeps a veering front physical: the wind passes through a lull
instead of spinning the long way round. The time blend is done once per tick
on the grid (a few thousand cells), so each boat costs only four gathers of a
complex u + iv value.

After the last forecast step the wind is held at that step: frozen, not
extrapolated. That is said, not hidden: the field records when it was first
asked for a later time (`held_since`) and logs one warning. The race server
takes in newer forecasts as they are published (`weather`).
A `steady` field (`WindField.constant`) is meant never to change and never
warns.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from calanque.errors import CalanqueError

__all__ = ["MS_TO_KT", "WindError", "WindField"]

MS_TO_KT = 3600.0 / 1852.0
log = logging.getLogger(__name__)


class WindError(CalanqueError, ValueError):
    """A wind field with inconsistent axes or values."""


@dataclass(eq=False)
class WindField:
    """Gridded wind, knots.

    Attributes
    ----------
    lat : ndarray of shape (ny,), degrees, strictly increasing and evenly spaced.
    lon : ndarray of shape (nx,), degrees, strictly increasing and evenly spaced.
    times : ndarray of shape (nt,), seconds on the race clock, increasing.
    u, v : ndarray of shape (nt, ny, nx), knots, eastward and northward (float32).
    origin : what the race clock's zero means for this field (ISO time or label).
    steady : a wind meant never to change (`constant`); any other field is a forecast
        that ends at its last step.
    held_since : race time (s) at which the field was first sampled past its last step,
        from which on it holds that step; None while it has not been.
    """

    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    times: NDArray[np.float64]
    u: NDArray[np.float32]
    v: NDArray[np.float32]
    origin: str = ""
    steady: bool = False
    held_since: float | None = field(default=None, init=False)
    _cache_t: float = field(default=np.nan, init=False, repr=False)
    _cache: NDArray[np.complex64] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.lat = np.asarray(self.lat, np.float64)
        self.lon = np.asarray(self.lon, np.float64)
        self.times = np.atleast_1d(np.asarray(self.times, np.float64))
        self.u = np.asarray(self.u, np.float32)
        self.v = np.asarray(self.v, np.float32)
        _check_wind(self)
        self._dlat = float(self.lat[1] - self.lat[0])
        self._dlon = float(self.lon[1] - self.lon[0])

    @classmethod
    def constant(
        cls,
        speed_kt: float,
        from_deg: float,
        bbox: tuple[float, float, float, float] = (-10.0, 28.0, 40.0, 48.0),
    ) -> WindField:
        """Uniform, steady wind over `bbox` = (lon_min, lat_min, lon_max, lat_max)."""
        lon = np.linspace(bbox[0], bbox[2], 3)
        lat = np.linspace(bbox[1], bbox[3], 3)
        rad = np.deg2rad(from_deg)
        u = np.full((1, 3, 3), -speed_kt * np.sin(rad), np.float32)
        v = np.full((1, 3, 3), -speed_kt * np.cos(rad), np.float32)
        return cls(lat, lon, np.zeros(1), u, v, origin="constant", steady=True)

    @property
    def ends(self) -> float:
        """Race time of the last forecast step, seconds (inf for a steady wind)."""
        return math.inf if self.steady else float(self.times[-1])

    def held_at(self, t: float) -> bool:
        """Whether the wind at race time `t` is the last step held, not a forecast."""
        return t > self.ends

    def grid_at(self, t: float) -> NDArray[np.complex64]:
        """Wind u + iv at race time `t` (seconds), shape (ny + 1, nx + 1), knots.

        The extra edge row/column repeats the border so the bilinear lookup
        never needs per-boat bounds checks.
        """
        if t == self._cache_t and self._cache is not None:
            return self._cache
        if self.held_since is None and self.held_at(t):
            self.held_since = float(t)
            log.warning(
                "wind %s: the forecast ends at +%.1f h of race time; from +%.1f h the wind is "
                "held at its last step",
                self.origin or "field",
                self.ends / 3600.0,
                t / 3600.0,
            )
        w = self.blend(t)
        ny, nx = w.shape
        padded = np.empty((ny + 1, nx + 1), np.complex64)
        padded[:ny, :nx] = w
        padded[ny, :nx] = w[-1]
        padded[:, nx] = padded[:, nx - 1]
        self._cache_t, self._cache = t, padded
        return padded

    def blend(self, t: float) -> NDArray[np.complex64]:
        """Wind u + iv on the grid at race time `t`, shape (ny, nx), knots.

        No cache and no warning: safe to call from other threads than the tick's
        (a map of the wind at any time of the forecast).
        """
        times = self.times
        if len(times) == 1 or t <= times[0]:
            k, f = 0, 0.0
        elif t >= times[-1]:
            k, f = len(times) - 2, 1.0
        else:
            k = int(np.searchsorted(times, t, side="right")) - 1
            f = (t - times[k]) / (times[k + 1] - times[k])
        if len(times) == 1:
            w = self.u[0] + 1j * self.v[0]
        else:
            w0 = self.u[k] + 1j * self.v[k]
            w1 = self.u[k + 1] + 1j * self.v[k + 1]
            w = w0 + np.float32(f) * (w1 - w0)
        return w

    def sample_uv(self, lat: NDArray, lon: NDArray, t: float) -> NDArray[np.complex64]:
        """Wind u + iv at the boats, knots.

        Parameters
        ----------
        lat, lon : ndarray of shape (n,), degrees. Outside the grid the border value holds.
        t : race time, seconds.

        Returns
        -------
        ndarray of shape (n,), complex64, u + iv in knots.
        """
        grid = self.grid_at(t)
        ny, nx = grid.shape[0] - 1, grid.shape[1] - 1
        fy = np.subtract(lat, self.lat[0], dtype=np.float32)
        fy *= np.float32(1.0 / self._dlat)
        np.clip(fy, 0, ny - 1, out=fy)
        fx = np.subtract(lon, self.lon[0], dtype=np.float32)
        fx *= np.float32(1.0 / self._dlon)
        np.clip(fx, 0, nx - 1, out=fx)
        iy = fy.astype(np.int32)
        ix = fx.astype(np.int32)
        fy -= iy
        fx -= ix
        ncol = nx + 1
        idx = iy * ncol
        idx += ix
        flat = grid.ravel()
        w0 = flat.take(idx)
        w1 = flat.take(idx + 1)
        low = w0 + fx * (w1 - w0)
        idx += ncol
        w0 = flat.take(idx)
        w1 = flat.take(idx + 1)
        high = w0 + fx * (w1 - w0)
        high -= low
        high *= fy
        high += low
        return high

    def at(self, lat: float, lon: float, t: float) -> tuple[float, float]:
        """True wind speed (knots) and the direction it blows from (degrees, [0, 360)) at one
        point, bilinear like `sample_uv` but without its cache: safe from any thread (a
        player's boat still on the start line, between two ticks)."""
        w = self.blend(t)
        fy = min(max((lat - float(self.lat[0])) / self._dlat, 0.0), len(self.lat) - 1.0)
        fx = min(max((lon - float(self.lon[0])) / self._dlon, 0.0), len(self.lon) - 1.0)
        iy, ix = min(int(fy), len(self.lat) - 2), min(int(fx), len(self.lon) - 2)
        fy, fx = fy - iy, fx - ix
        low = w[iy, ix] + fx * (w[iy, ix + 1] - w[iy, ix])
        high = w[iy + 1, ix] + fx * (w[iy + 1, ix + 1] - w[iy + 1, ix])
        uv = complex(low + fy * (high - low))
        return abs(uv), math.degrees(math.atan2(-uv.real, -uv.imag)) % 360.0

    def sample(
        self, lat: NDArray, lon: NDArray, t: float
    ) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """True wind speed (knots) and direction it blows from (degrees, 0 = north), shape (n,)."""
        w = self.sample_uv(lat, lon, t)
        return np.abs(w), uv_to_direction(w)


def uv_to_direction(w: NDArray[np.complex64]) -> NDArray[np.float32]:
    """Meteorological direction the wind comes from, degrees in (-180, 180]."""
    return np.rad2deg(np.arctan2(-w.real, -w.imag)).astype(np.float32, copy=False)


def _check_wind(w: WindField) -> None:
    ny, nx, nt = len(w.lat), len(w.lon), len(w.times)
    if w.lat.ndim != 1 or w.lon.ndim != 1 or ny < 2 or nx < 2:
        raise WindError("wind grid needs at least 2 latitudes and 2 longitudes")
    for name, axis in (("latitude", w.lat), ("longitude", w.lon)):
        step = np.diff(axis)
        if np.any(step <= 0) or not np.allclose(step, step[0], rtol=1e-6, atol=1e-9):
            raise WindError(f"wind {name}s must increase in even steps")
    if np.any(np.diff(w.times) <= 0):
        raise WindError("wind times must increase strictly")
    for name, arr in (("u", w.u), ("v", w.v)):
        if arr.shape != (nt, ny, nx):
            raise WindError(f"wind {name} has shape {arr.shape}, expected {(nt, ny, nx)}")
        if not np.all(np.isfinite(arr)):
            raise WindError(f"wind {name} has missing or infinite values")
    if max(np.abs(w.u).max(), np.abs(w.v).max()) > 200:
        raise WindError("wind above 200 kt: wrong units?")
