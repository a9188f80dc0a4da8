"""Autopilot: the heading each boat steers this tick, from its mode.

Wind angles follow the sailors' convention: a positive TWA has the wind over
the starboard side (starboard tack), so heading = TWD - TWA.

Best VMG to the next mark is the mode most players use, so its tack choice
must be predictable: sail straight at the mark when the polar allows it;
otherwise hold the current tack (or gybe) at the VMG-optimal angle until the
mark lies a chosen fraction of the way to the layline on the other side,
then change. A fraction of 1 sails to the layline (fewest manoeuvres).

The VMG autopilot also keeps off the rocks. It looks ahead along the heading
it would steer (a few miles, more than a tick's run, and never past the
mark); when land is in the way, or the boat ran aground last tick, it takes
the clear heading with the best VMG to the mark from a fan of wind angles on
both tacks (a tack or gybe counts as a small loss, so it does not change tack
for nothing). When no heading is clear it takes the one with the most sea
room. Fixed headings and wind angles are the player's own orders and are
followed as given.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from calanque.race.geo import local_bearing, wrap180
from calanque.race.land import RayProbe
from calanque.race.orders import MODE_HEADING, MODE_VMG
from calanque.race.polar import Polar

__all__ = ["FAN_TWA", "MANOEUVRE_COST", "steer"]

#: Wind angles (|TWA|, degrees) tried when land blocks the course, besides the boat's
#: best upwind and downwind VMG angles; each on both tacks.
FAN_TWA = np.array([50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 160, 180], np.float32)
#: Share of its speed a candidate heading loses in the ranking when it needs a tack or gybe.
MANOEUVRE_COST = 0.1
#: Candidate ranks tested together, best first (one batch of rays per round).
_ROUNDS = ((0, 3), (3, 9), (9, 64))


def steer(
    mode: NDArray,
    value: NDArray,
    prev_twa: NDArray,
    lat: NDArray,
    lon: NDArray,
    target_lat: NDArray,
    target_lon: NDArray,
    tws: NDArray,
    twd: NDArray,
    polar: Polar,
    probe: RayProbe | None = None,
    racing: NDArray | None = None,
    mark_lat: NDArray | None = None,
    mark_lon: NDArray | None = None,
    min_look_nm: float = 0.0,
    error: NDArray | None = None,
) -> NDArray[np.float32]:
    """Heading in degrees true, shape (n,), float32 in [-180, 180).

    Parameters
    ----------
    mode : ndarray of shape (n,), int8 — MODE_HEADING, MODE_TWA or MODE_VMG.
    value : ndarray of shape (n,), float32 — heading, TWA, or layline fraction.
    prev_twa : ndarray of shape (n,), degrees — last tick's TWA (its sign is the tack:
        positive = starboard).
    lat, lon : ndarray of shape (n,), degrees.
    target_lat, target_lon : ndarray of shape (n,), degrees — where the VMG autopilot
        steers for: the next mark, or a point on the way round land (`routing`).
    tws : ndarray of shape (n,), knots; twd : wind-from direction, degrees.
    probe : look-ahead for land; None steers blind (no land avoidance).
    racing : ndarray of shape (n,), bool — boats still racing (others are not probed).
    mark_lat, mark_lon : ndarray of shape (n,), degrees — the next mark itself (default:
        the target); the look-ahead stops there, but not short of `min_look_nm`.
    error : ndarray of shape (n,), degrees — a heading error added to every boat's
        course (a bot's imprecise helm), before the look-ahead, which sees it.
    """
    # Modes are mixed freely, so each rule is evaluated for the whole fleet and
    # selected with `where`: cheaper than gathering and scattering subsets.
    heading = twd - value  # MODE_TWA: a positive TWA puts the wind on the starboard side
    on_vmg = mode == MODE_VMG
    any_vmg = bool(np.any(on_vmg))
    if any_vmg:
        brg = local_bearing(lat, lon, target_lat, target_lon).astype(np.float32)
        vmg = _vmg_heading(value, prev_twa, brg, tws, twd, polar)
        heading = np.where(on_vmg, vmg, heading)
    heading = np.where(mode == MODE_HEADING, value, heading)
    if error is not None:
        heading = heading + error
    if any_vmg and probe is not None:
        if racing is not None:
            on_vmg &= racing
        mlat = target_lat if mark_lat is None else mark_lat
        mlon = target_lon if mark_lon is None else mark_lon
        _keep_off_land(
            heading,
            on_vmg,
            prev_twa,
            lat,
            lon,
            target_lat,
            target_lon,
            mlat,
            mlon,
            tws,
            twd,
            polar,
            probe,
            min_look_nm,
        )
    return wrap180(heading.astype(np.float32, copy=False))


def _vmg_heading(
    frac: NDArray, prev_twa: NDArray, brg: NDArray, tws: NDArray, twd: NDArray, polar: Polar
) -> NDArray:
    delta = wrap180(brg - twd)  # mark direction relative to the wind: 0 = dead upwind
    up, down = polar.vmg_angles(tws)
    one = np.float32(1.0)
    # `side` is geometric: +1 when the bow is clockwise of the wind (heading = twd + angle),
    # which is the port tack, so it is minus the sign of the TWA.
    side = -np.sign(prev_twa)  # NaN or 0 before the first tick
    side = np.where(np.abs(side) > 0, side, np.where(delta >= 0, one, -one))
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


def _distance_nm(lat: NDArray, lon: NDArray, tlat: NDArray, tlon: NDArray) -> NDArray:
    """Local equirectangular distance, nm, float32 (ample for a look-ahead of a few miles)."""
    dy = np.subtract(tlat, lat, dtype=np.float32)
    dx = np.subtract(tlon, lon, dtype=np.float32)
    dx *= np.cos(np.deg2rad(np.add(lat, tlat, dtype=np.float32) * np.float32(0.5)))
    return np.float32(60.0) * np.hypot(dy, dx)


def _keep_off_land(
    heading: NDArray,
    boats: NDArray,
    prev_twa: NDArray,
    lat: NDArray,
    lon: NDArray,
    aim_lat: NDArray,
    aim_lon: NDArray,
    mark_lat: NDArray,
    mark_lon: NDArray,
    tws: NDArray,
    twd: NDArray,
    polar: Polar,
    probe: RayProbe,
    min_nm: float,
) -> None:
    """Replace, in place, the heading of `boats` whose course meets land within the look-ahead.

    Rays reach `probe.max_nm`, or only to the mark when it is nearer (land just past a
    mark does not matter), but never less than `min_nm`, a tick's longest run.
    """
    idx = np.flatnonzero(boats)
    idx = idx[probe.near(lat[idx], lon[idx])]
    if idx.size == 0:
        return
    la, lo = lat[idx], lon[idx]
    length = np.clip(_distance_nm(la, lo, mark_lat[idx], mark_lon[idx]), min_nm, probe.max_nm)
    blocked = probe.free_nm(la, lo, heading[idx], length) < length
    if not blocked.any():
        return
    idx, length, la, lo = idx[blocked], length[blocked], la[blocked], lo[blocked]
    k = idx.size
    w = tws[idx]
    up, down = polar.vmg_angles(w)
    fan = np.broadcast_to(FAN_TWA, (k, FAN_TWA.size))
    angles = np.column_stack((up, fan, down))
    twa = np.concatenate((angles, -angles), axis=1)  # starboard tack, then port
    m = twa.shape[1]
    cand = twd[idx, None] - twa
    speed = polar.speed(twa.ravel(), np.repeat(w, m)).reshape(k, m)
    brg = local_bearing(la, lo, aim_lat[idx], aim_lon[idx]).astype(np.float32)
    score = speed * np.cos(np.deg2rad(cand - brg[:, None]))
    tack = np.nan_to_num(np.sign(prev_twa[idx]))[:, None]
    score -= MANOEUVRE_COST * speed * ((tack != 0) & (np.sign(twa) != tack))
    # Best first, in rounds: most boats find a clear heading among their first few
    # candidates, and a round is one batch of rays however many boats are in it.
    order = np.argsort(-score, axis=1, kind="stable")
    free = np.full((k, m), -1.0)  # by rank; -1 = not tested
    chosen = np.full(k, -1)
    live = np.arange(k)
    for a, b in _ROUNDS:
        b = min(b, m)
        if live.size == 0 or a >= b:
            break
        width = b - a
        cols = order[live, a:b]
        f = probe.free_nm(
            np.repeat(la[live], width),
            np.repeat(lo[live], width),
            cand[np.repeat(live, width), cols.ravel()],
            np.repeat(length[live], width),
        ).reshape(-1, width)
        free[live, a:b] = f
        ok = f >= length[live, None]
        found = ok.any(axis=1)
        chosen[live[found]] = cols[found, np.argmax(ok[found], axis=1)]
        live = live[~found]
    if live.size:
        # Nothing clear for the whole look-ahead (an archipelago, a narrow pass): the best
        # heading clear for this tick's run, else the one with the most sea room.
        f = free[live]
        short = f >= min_nm
        rank = np.where(short.any(axis=1), np.argmax(short, axis=1), np.argmax(f, axis=1))
        chosen[live] = order[live, rank]
    heading[idx] = cand[np.arange(k), chosen]
