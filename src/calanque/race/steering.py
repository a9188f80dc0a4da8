"""Autopilot: the heading each boat steers this tick, from its mode.

Best VMG to the next mark is the mode most players use, so its tack choice
must be predictable: sail straight at the mark when the polar allows it;
otherwise hold the current tack (or gybe) at the VMG-optimal angle until the
mark lies a chosen fraction of the way to the layline on the other side,
then change. A fraction of 1 sails to the layline (fewest manoeuvres).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from calanque.race.geo import local_bearing, wrap180
from calanque.race.orders import MODE_HEADING, MODE_VMG
from calanque.race.polar import Polar

__all__ = ["steer"]


def steer(
    mode: NDArray,
    value: NDArray,
    prev_twa: NDArray,
    grounded: NDArray,
    lat: NDArray,
    lon: NDArray,
    target_lat: NDArray,
    target_lon: NDArray,
    tws: NDArray,
    twd: NDArray,
    polar: Polar,
) -> NDArray[np.float32]:
    """Heading in degrees true, shape (n,), float32 in [-180, 180).

    Parameters
    ----------
    mode : ndarray of shape (n,), int8 — MODE_HEADING, MODE_TWA or MODE_VMG.
    value : ndarray of shape (n,), float32 — heading, TWA, or layline fraction.
    prev_twa : ndarray of shape (n,), degrees — last tick's TWA (its sign is the tack).
    grounded : ndarray of shape (n,), bool — hit land last tick: VMG boats change tack.
    lat, lon, target_lat, target_lon : ndarray of shape (n,), degrees.
    tws : ndarray of shape (n,), knots; twd : wind-from direction, degrees.
    """
    heading = np.where(mode == MODE_HEADING, value, twd + value).astype(np.float32)
    vmg = np.flatnonzero(mode == MODE_VMG)
    if vmg.size:
        heading[vmg] = _vmg_heading(
            value[vmg],
            prev_twa[vmg],
            grounded[vmg],
            lat[vmg],
            lon[vmg],
            target_lat[vmg],
            target_lon[vmg],
            tws[vmg],
            twd[vmg],
            polar,
        )
    return wrap180(heading).astype(np.float32, copy=False)


def _vmg_heading(
    frac: NDArray,
    prev_twa: NDArray,
    grounded: NDArray,
    lat: NDArray,
    lon: NDArray,
    tlat: NDArray,
    tlon: NDArray,
    tws: NDArray,
    twd: NDArray,
    polar: Polar,
) -> NDArray:
    brg = local_bearing(lat, lon, tlat, tlon).astype(np.float32)
    delta = wrap180(brg - twd)  # mark direction relative to the wind: 0 = dead upwind
    up, down = polar.vmg_angles(tws)
    side = np.where(prev_twa > 0, 1.0, np.where(prev_twa < 0, -1.0, np.sign(delta) + (delta == 0)))
    side = np.where(grounded, -side, side).astype(np.float32)
    # Upwind: on tack `side` the heading is twd + side*up; change when the mark has
    # moved past frac*up on the other side.
    beat = np.abs(delta) < up
    side_up = np.where(beat & (side * delta < -frac * up), -side, side)
    # Downwind, mirrored about the downwind direction.
    ddelta = wrap180(delta - 180.0)
    eps = 180.0 - down
    run = np.abs(delta) > down
    side_dn = np.where(run & (side * ddelta > frac * eps), -side, side)
    return np.where(beat, twd + side_up * up, np.where(run, twd + side_dn * down, brg))
