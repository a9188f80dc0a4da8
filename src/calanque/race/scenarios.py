"""Seeded synthetic wind scenarios over the western Mediterranean.

Real forecasts are not always at hand (tests, demos, offline machines), so
three typical situations are generated from a seed: a Mistral gale funnelled
down the Rhône valley into the Gulf of Lion, a thermal sea breeze along the
Provence coast, and a calm. Each is a large-scale pattern plus smooth random
modes, so two seeds give two different but plausible days.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from calanque.race.land import MED_BBOX
from calanque.race.wind import WindError, WindField

__all__ = ["SCENARIOS", "make_scenario"]

SCENARIOS = ("mistral", "seabreeze", "calm")
GRID_DEG = 0.25


def _check_scenario(name: str, hours: float) -> None:
    if name not in SCENARIOS:
        raise WindError(f"unknown scenario {name!r}; choose one of {', '.join(SCENARIOS)}")
    if not 1 <= hours <= 24 * 30:
        raise WindError(f"scenario duration {hours} h outside 1..720 h")


def _modes(
    rng: np.random.Generator, lat: NDArray, lon: NDArray, t_h: NDArray, amp: float, n: int = 6
) -> NDArray[np.float64]:
    """Sum of `n` random travelling waves, shape (nt, ny, nx), knots RMS about `amp`."""
    out = np.zeros((len(t_h), len(lat), len(lon)))
    la, lo = np.meshgrid(lat, lon, indexing="ij")
    for _ in range(n):
        wavelength = rng.uniform(3.0, 12.0)  # degrees
        theta = rng.uniform(0, 2 * np.pi)
        period = rng.uniform(12.0, 60.0)  # hours
        phase = rng.uniform(0, 2 * np.pi)
        k = 2 * np.pi / wavelength
        space = k * (np.cos(theta) * la + np.sin(theta) * lo) + phase
        out += np.cos(space[None] + (2 * np.pi / period) * t_h[:, None, None])
    return out * amp * np.sqrt(2.0 / n)


def _from_dir(speed: NDArray, from_deg: NDArray) -> tuple[NDArray, NDArray]:
    rad = np.deg2rad(from_deg)
    return -speed * np.sin(rad), -speed * np.cos(rad)


def make_scenario(
    name: str, *, seed: int | np.random.Generator | None = None, hours: float = 72.0
) -> WindField:
    """Wind field for scenario `name` over the race area, hourly for `hours` hours.

    Returns a WindField on a 0.25° grid covering MED_BBOX, times 0..hours*3600 s.
    """
    _check_scenario(name, hours)
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = MED_BBOX
    lat = np.arange(y0, y1 + 1e-9, GRID_DEG)
    lon = np.arange(x0, x1 + 1e-9, GRID_DEG)
    t_h = np.arange(0.0, float(np.ceil(hours)) + 1.0)
    la, lo = np.meshgrid(lat, lon, indexing="ij")
    la, lo, th = la[None], lo[None], t_h[:, None, None]
    if name == "mistral":
        peak = rng.uniform(30.0, 42.0)
        onset, hold = rng.uniform(3.0, 12.0), rng.uniform(24.0, 48.0)
        env = np.clip((th - onset) / 12.0, 0, 1) * np.clip(1 - (th - onset - hold) / 18.0, 0, 1)
        # The jet leaves the Rhône delta (43.4N 4.8E) heading SSE, fanning out and weakening.
        along = (43.4 - la) * 1.0 + (lo - 4.8) * 0.35
        across = (lo - 4.8) - 0.35 * (43.4 - la)
        core = np.exp(-((across / 2.2) ** 2)) * np.exp(-np.clip(along - 1.0, 0, None) / 5.0)
        core *= along > -0.8
        speed = 8.0 + (peak - 8.0) * env * core
        from_deg = 330.0 + 4.0 * (lo - 4.8) + rng.normal(0, 4)
        u, v = _from_dir(speed, from_deg)
        u, v = u + _modes(rng, lat, lon, t_h, 2.5), v + _modes(rng, lat, lon, t_h, 2.5)
    elif name == "seabreeze":
        base_from, base = rng.uniform(0, 360), rng.uniform(3.0, 7.0)
        peak = rng.uniform(12.0, 18.0)
        hour_utc = (th + rng.integers(6, 10)) % 24
        diurnal = np.clip(np.cos((hour_utc - 13.0) / 24.0 * 2 * np.pi) * 1.4 - 0.4, -0.15, 1.0)
        coastal = np.exp(-np.clip(43.4 - la, 0, None) / 0.8) * (lo > 2.5) * (lo < 8.0)
        sb_speed = peak * diurnal * coastal
        u_sb, v_sb = _from_dir(sb_speed, np.full_like(sb_speed, 215.0))
        u0, v0 = _from_dir(np.full_like(sb_speed, base), np.full_like(sb_speed, base_from))
        u = u0 + u_sb + _modes(rng, lat, lon, t_h, 1.5)
        v = v0 + v_sb + _modes(rng, lat, lon, t_h, 1.5)
    else:  # calm: light, shifty airs that never quite die
        u0, v0 = _from_dir(np.full(1, rng.uniform(1.0, 3.0)), np.full(1, rng.uniform(0, 360)))
        u = u0 + _modes(rng, lat, lon, t_h, 2.0, n=10) + 0 * la
        v = v0 + _modes(rng, lat, lon, t_h, 2.0, n=10) + 0 * la
    label = f"scenario {name} seed={seed if isinstance(seed, int) else 'rng'}"
    return WindField(lat, lon, t_h * 3600.0, u.astype(np.float32), v.astype(np.float32), label)
