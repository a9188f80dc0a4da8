"""Autopilot: the heading each boat steers this tick, from its mode.

Wind angles follow the sailors' convention: a positive TWA has the wind over
the starboard side (starboard tack), so heading = TWD - TWA.

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
    prev_twa : ndarray of shape (n,), degrees — last tick's TWA (its sign is the tack:
        positive = starboard).
    grounded : ndarray of shape (n,), bool — hit land last tick: VMG boats change tack.
    lat, lon, target_lat, target_lon : ndarray of shape (n,), degrees.
    tws : ndarray of shape (n,), knots; twd : wind-from direction, degrees.
    """
    # Modes are mixed freely, so each rule is evaluated for the whole fleet and
    # selected with `where`: cheaper than gathering and scattering subsets.
    heading = twd - value  # MODE_TWA: a positive TWA puts the wind on the starboard side
    if np.any(mode == MODE_VMG):
        vmg = _vmg_heading(
            value, prev_twa, grounded, lat, lon, target_lat, target_lon, tws, twd, polar
        )
        heading = np.where(mode == MODE_VMG, vmg, heading)
    heading = np.where(mode == MODE_HEADING, value, heading)
    return wrap180(heading.astype(np.float32, copy=False))


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
    one = np.float32(1.0)
    # `side` is geometric: +1 when the bow is clockwise of the wind (heading = twd + angle),
    # which is the port tack, so it is minus the sign of the TWA.
    side = -np.sign(prev_twa)  # NaN or 0 before the first tick
    side = np.where(np.abs(side) > 0, side, np.where(delta >= 0, one, -one))
    side = np.where(grounded, -side, side)
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
