"""Sea routes round land: which way to go when the mark is hidden behind it.

The autopilot's look-ahead (`steering`) keeps a boat off the coast, but a boat
that sails into a bay opening away from its mark (the Bay of Palma on the way
to Barcelona) would leave it and re-enter it for ever: every heading towards
the mark is blocked, and once out of the bay the straight course leads back
in. A global view fixes this. For each mark, the distance to it by sea is
computed once on a coarse raster (Bellman sweeps with a 16-neighbour chamfer
stencil, about 3 % longer than straight lines); where that distance exceeds
the straight-line distance by more than DETOUR_SHARE, the mark counts as
hidden, and the cell stores an aim point a few cells down the shortest sea
route. The autopilot steers for the aim point with its usual tack and gybe
logic, so a boat leaves the bay by the way round, and aims at the mark again
as soon as it is in sight.

Fields are computed per mark over a window round its leg (the two marks plus
about half the leg's length on every side, for boats out on a layline), and
shared between races on the same course and land (a few tenths of a second for
the long legs of the demo race). Per tick, a boat costs two gathers.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from calanque.race.course import Course
from calanque.race.land import LandMask

__all__ = ["ROUTE_RES_DEG", "Routes", "routes_for"]

ROUTE_RES_DEG = 0.05  #: coarse raster cell, degrees (3 nm of latitude)
PURSUIT_CELLS = 6  #: the aim point is at most this many cells down the route, in sight
MAX_SWEEPS = 24  #: Bellman sweep pairs at most (a route needs one per change of north/south)
_BIG = 1.0e6  #: separates sea segments in the in-row minimum scan

#: Row moves of the 16-neighbour stencil, (dy, dx) with dy > 0; each also mirrored.
_ROW_MOVES = ((1, 0), (1, 1), (1, -1), (1, 2), (1, -2), (2, 1), (2, -1))


@dataclass(eq=False)
class _Field:
    """One mark's window: rows iy0.., columns ix0.. of the coarse grid; aim points or NaN."""

    iy0: int
    ix0: int
    ny: int
    nx: int
    aim_lat: NDArray[np.float32] = field(repr=False)
    aim_lon: NDArray[np.float32] = field(repr=False)


class Routes:
    """Aim points round land for every mark of `course` (index 0, the start, has none)."""

    def __init__(self, course: Course, land: LandMask, res: float = ROUTE_RES_DEG) -> None:
        res = max(res, land.res)  # never finer than the land raster it is made from
        self.res = res
        x0, y0, x1, y1 = land.bbox
        self.x0, self.y0 = x0, y0
        self.nx = math.ceil((x1 - x0) / res - 1e-9)
        self.ny = math.ceil((y1 - y0) / res - 1e-9)
        self._sea = _coarse_sea(land, res, self.ny, self.nx)
        fields = [None] + [_mark_field(self, course, i) for i in range(1, len(course.marks))]
        # One table over the whole coarse grid per mark: the index of the cell's aim point
        # in `aim_lat` / `aim_lon`, or -1 where the mark is in sight (or off its window).
        # A tick then costs every boat one gather; only boats with an aim read it.
        cells = self.ny * self.nx
        self.table = np.full(len(fields) * cells, -1, np.int32)
        lats, lons, count = [], [], 0
        for i, f in enumerate(fields):
            if f is None:
                continue
            hidden = np.flatnonzero(~np.isnan(f.aim_lat))
            wy, wx = np.divmod(hidden, f.nx)
            g = i * cells + (f.iy0 + wy) * self.nx + (f.ix0 + wx)
            self.table[g] = count + np.arange(hidden.size, dtype=np.int32)
            lats.append(f.aim_lat[hidden])
            lons.append(f.aim_lon[hidden])
            count += hidden.size
        empty = np.zeros(0, np.float32)
        self.aim_lat = np.concatenate([empty, *lats])
        self.aim_lon = np.concatenate([empty, *lons])

    @property
    def nbytes(self) -> int:
        return self.table.nbytes + self.aim_lat.nbytes + self.aim_lon.nbytes

    def aim(
        self, lat: NDArray, lon: NDArray, next_mark: NDArray, tlat: NDArray, tlon: NDArray
    ) -> tuple[NDArray, NDArray]:
        """Where each boat should steer for: its mark, or an aim point when land hides it.

        lat, lon : boat positions, degrees, shape (n,); next_mark : their mark index.
        tlat, tlon : the marks' targets, degrees, shape (n,). Returns new arrays.
        """
        if self.aim_lat.size == 0:
            return tlat, tlon
        iy = np.subtract(lat, self.y0, dtype=np.float32)
        iy *= np.float32(1.0 / self.res)
        ix = np.subtract(lon, self.x0, dtype=np.float32)
        ix *= np.float32(1.0 / self.res)
        g = np.clip(iy.astype(np.intp), 0, self.ny - 1)
        g += next_mark.astype(np.intp) * self.ny
        g *= self.nx
        g += np.clip(ix.astype(np.intp), 0, self.nx - 1)
        k = self.table.take(g)
        use = np.flatnonzero(k >= 0)
        if use.size == 0:
            return tlat, tlon
        alat, alon = tlat.copy(), tlon.copy()
        alat[use] = self.aim_lat.take(k[use])
        alon[use] = self.aim_lon.take(k[use])
        return alat, alon


def routes_for(course: Course, land: LandMask) -> Routes:
    """The routes of `course` over `land`, computed once and kept with the land mask."""
    key = json.dumps(course.to_dict(), sort_keys=True)
    if key not in land._routes:
        land._routes[key] = Routes(course, land)
    return land._routes[key]


def _coarse_sea(land: LandMask, res: float, ny: int, nx: int) -> NDArray[np.bool_]:
    """Coarse cells at least half sea (cell centres of the fine raster off land)."""
    k = max(1, round(res / land.res))
    fine = ~land.land
    fy, fx = fine.shape
    pad = np.zeros((ny * k, nx * k), bool)
    pad[: min(fy, ny * k), : min(fx, nx * k)] = fine[: ny * k, : nx * k]
    share = pad.reshape(ny, k, nx, k).mean(axis=(1, 3))
    return share >= 0.5


def _mark_field(routes: Routes, course: Course, i: int) -> _Field:
    res = routes.res
    plat, plon = course.target_lat[i - 1], course.target_lon[i - 1]
    mlat, mlon = course.target_lat[i], course.target_lon[i]
    extent = max(abs(mlat - plat), abs(mlon - plon))
    margin = 0.5 * extent + 1.0
    iy0 = max(0, int((min(plat, mlat) - margin - routes.y0) / res))
    iy1 = min(routes.ny, int((max(plat, mlat) + margin - routes.y0) / res) + 1)
    ix0 = max(0, int((min(plon, mlon) - margin - routes.x0) / res))
    ix1 = min(routes.nx, int((max(plon, mlon) + margin - routes.x0) / res) + 1)
    sea = routes._sea[iy0:iy1, ix0:ix1].copy()
    ny, nx = sea.shape
    lat = routes.y0 + (iy0 + np.arange(ny) + 0.5) * res
    lon = routes.x0 + (ix0 + np.arange(nx) + 0.5) * res
    sy = min(ny - 1, max(0, int((mlat - routes.y0) / res) - iy0))
    sx = min(nx - 1, max(0, int((mlon - routes.x0) / res) - ix0))
    sea[sy, sx] = True  # the mark is in open water, whatever the coarse raster says
    dist = _sea_distance(sea, sy, sx, lat, res)
    hidden = np.isfinite(dist) & ~_in_sight(sea, sy, sx)
    nxt = _next_cells(dist, sea, lat, res)
    cells = np.flatnonzero(hidden)
    aim = _aim_cells(nxt, sea, cells)
    ay, ax = np.divmod(aim, nx)
    at_mark = aim == sy * nx + sx
    aim_lat = np.full(ny * nx, np.nan, np.float32)
    aim_lon = np.full(ny * nx, np.nan, np.float32)
    aim_lat[cells] = np.where(at_mark, mlat, lat[ay])
    aim_lon[cells] = np.where(at_mark, mlon, lon[ax])
    aim_lat, aim_lon = _spill_into_land(aim_lat, aim_lon, sea, ny, nx)
    return _Field(iy0, ix0, ny, nx, aim_lat, aim_lon)


def _in_sight(sea: NDArray, sy: int, sx: int) -> NDArray[np.bool_]:
    """Cells from which the straight line to cell (sy, sx) stays on coarse sea.

    Each cell looks through its parent, the cell of the next ring (Chebyshev
    distance to the mark one less) nearest the straight line, so the rings are
    settled from the mark outwards in one pass each.
    """
    ny, nx = sea.shape
    dy = np.arange(ny)[:, None] - sy + np.zeros((1, nx), np.int64)
    dx = np.arange(nx)[None, :] - sx + np.zeros((ny, 1), np.int64)
    ring = np.maximum(np.abs(dy), np.abs(dx)).ravel()
    k = np.maximum(ring, 1).astype(np.float64)
    py = sy + np.rint(dy.ravel() * (k - 1) / k).astype(np.int64)
    px = sx + np.rint(dx.ravel() * (k - 1) / k).astype(np.int64)
    parent = py * nx + px
    flat_sea = sea.ravel()
    seen = np.zeros(ny * nx, bool)
    seen[sy * nx + sx] = True
    order = np.argsort(ring, kind="stable")
    bounds = np.searchsorted(ring[order], np.arange(1, ring.max() + 2))
    for r in range(1, ring.max() + 1):
        idx = order[bounds[r - 1] : bounds[r]]
        seen[idx] = flat_sea[idx] & seen[parent[idx]]
    return seen.reshape(ny, nx)


def _move_weights(lat: NDArray, res: float, dy: int, dx: int) -> NDArray:
    """Length in nm of a move of (dy, dx) cells from each row, shape (ny,)."""
    cy = 60.0 * res
    cx = cy * np.cos(np.deg2rad(lat))
    return np.hypot(dy * cy, dx * cx)


def _shift(a: NDArray, dx: int, fill: float | bool) -> NDArray:
    """a[j - dx] at j (a row moved right by dx), `fill` where it falls off."""
    if dx == 0:
        return a
    out = np.full_like(a, fill)
    if dx > 0:
        out[dx:] = a[:-dx]
    else:
        out[:dx] = a[-dx:]
    return out


def _move_ok(sea: NDArray, r: int, rs: int, dy: int, dx: int, sgn: int) -> NDArray:
    """Cells of row r that a move from row rs (dy rows away, dx columns) may reach."""
    ok = sea[r] & _shift(sea[rs], dx, False)
    if abs(dx) == 2:  # knight move along the row: both cells it crosses must be sea
        ok &= _shift(sea[rs], dx // 2, False) & _shift(sea[r], dx // 2, False)
    elif dy == 2:  # knight move across rows: the middle row's two cells
        mid = r - sgn
        ok &= sea[mid] & _shift(sea[mid], dx, False)
    return ok


def _sea_distance(sea: NDArray, sy: int, sx: int, lat: NDArray, res: float) -> NDArray:
    """Shortest distance by sea to cell (sy, sx), nm; inf off the sea or out of reach."""
    ny, nx = sea.shape
    dist = np.full((ny, nx), np.inf)
    dist[sy, sx] = 0.0
    j = np.arange(nx, dtype=np.float64)
    wx = _move_weights(lat, res, 0, 1)
    weights = {m: _move_weights(lat, res, *m) for m in _ROW_MOVES}
    seg = np.cumsum(~sea, axis=1).astype(np.float64) * _BIG
    for _ in range(MAX_SWEEPS):
        before = dist.copy()
        for sgn, rows in ((1, range(ny)), (-1, range(ny - 1, -1, -1))):
            for r in rows:
                row = dist[r]
                for dy, dx in _ROW_MOVES:
                    rs = r - sgn * dy
                    if not 0 <= rs < ny:
                        continue
                    cand = _shift(dist[rs], dx, np.inf) + weights[(dy, dx)][r]
                    ok = _move_ok(sea, r, rs, dy, dx, sgn)
                    np.minimum(row, np.where(ok, cand, np.inf), out=row)
                # Along the row, both ways, without crossing land: a running minimum in
                # which each sea segment is offset by _BIG from the others (land between).
                ramp = j * wx[r]
                fwd = np.minimum.accumulate(row - ramp - seg[r]) + ramp + seg[r]
                back = np.minimum.accumulate((row + ramp + seg[r])[::-1])[::-1] - ramp - seg[r]
                row[:] = np.where(sea[r], np.minimum(row, np.minimum(fwd, back)), np.inf)
        # Converged when no distance shrank by more than rounding (the scans' offsets
        # cost a few 1e-8 nm).
        reached = np.isfinite(dist)
        if not np.any(before[reached] - dist[reached] > 1e-6):
            break
    return dist


def _at(a: NDArray, dy: int, dx: int, fill: float | bool) -> NDArray:
    """out[r, c] = a[r + dy, c + dx], `fill` off the window."""
    ny, nx = a.shape
    out = np.full_like(a, fill)
    out[max(0, -dy) : min(ny, ny - dy), max(0, -dx) : min(nx, nx - dx)] = a[
        max(0, dy) : min(ny, ny + dy), max(0, dx) : min(nx, nx + dx)
    ]
    return out


def _next_cells(dist: NDArray, sea: NDArray, lat: NDArray, res: float) -> NDArray[np.int64]:
    """Each cell's next cell towards the mark (itself at the mark or out of reach), flat.

    Same stencil and rules as the distance: a knight move needs both cells it crosses at sea.
    """
    ny, nx = dist.shape
    best = np.full((ny, nx), np.inf)
    nxt = np.arange(ny * nx).reshape(ny, nx)
    moves = [(dy, dx) for dy, dx in _ROW_MOVES] + [(-dy, dx) for dy, dx in _ROW_MOVES]
    moves += [(0, 1), (0, -1)]
    for dy, dx in moves:
        ok = sea & _at(sea, dy, dx, False)
        if abs(dx) == 2:
            ok &= _at(sea, 0, dx // 2, False) & _at(sea, dy, dx // 2, False)
        elif abs(dy) == 2:
            ok &= _at(sea, dy // 2, 0, False) & _at(sea, dy // 2, dx, False)
        cand = _at(dist, dy, dx, np.inf) + _move_weights(lat, res, abs(dy), dx)[:, None]
        better = ok & (cand < best)
        best = np.where(better, cand, best)
        idx = (np.arange(ny)[:, None] + dy) * nx + (np.arange(nx)[None, :] + dx)
        nxt = np.where(better, idx, nxt)
    # The mark's cell, and cells out of reach, point to themselves.
    stay = (dist == 0) | ~np.isfinite(best)
    return np.where(stay, np.arange(ny * nx).reshape(ny, nx), nxt).ravel()


def _aim_cells(nxt: NDArray, sea: NDArray, cells: NDArray) -> NDArray[np.int64]:
    """For each of `cells`, the farthest of its next PURSUIT_CELLS route cells in sight.

    In sight: the straight line between the two cell centres stays on coarse sea
    (sampled every half cell), so the boat does not aim across a cape.
    """
    ny, nx = sea.shape
    flat = sea.ravel()
    y0, x0 = np.divmod(cells, nx)
    aim = nxt.take(cells)
    cur = aim
    for k in range(2, PURSUIT_CELLS + 1):
        cur = nxt.take(cur)
        y1, x1 = np.divmod(cur, nx)
        steps = 2 * 2 * k + 1  # half-cell samples over at most k knight moves
        f = np.linspace(0.0, 1.0, steps)[None, :]
        ys = np.rint(y0[:, None] + f * (y1 - y0)[:, None]).astype(np.int64)
        xs = np.rint(x0[:, None] + f * (x1 - x0)[:, None]).astype(np.int64)
        clear = flat.take(ys * nx + xs).all(axis=1)
        aim = np.where(clear, cur, aim)
    return aim


def _spill_into_land(
    aim_lat: NDArray, aim_lon: NDArray, sea: NDArray, ny: int, nx: int
) -> tuple[NDArray, NDArray]:
    """Give coarse land cells (a boat can be in one, near the coast) a sea neighbour's aim."""
    la, lo = aim_lat.reshape(ny, nx), aim_lon.reshape(ny, nx)
    known = sea.copy()
    for _ in range(2):
        for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            src_y = slice(max(0, -dy), min(ny, ny - dy))
            dst_y = slice(max(0, dy), min(ny, ny + dy))
            src_x = slice(max(0, -dx), min(nx, nx - dx))
            dst_x = slice(max(0, dx), min(nx, nx + dx))
            take = ~known[dst_y, dst_x] & known[src_y, src_x]
            la[dst_y, dst_x] = np.where(take, la[src_y, src_x], la[dst_y, dst_x])
            lo[dst_y, dst_x] = np.where(take, lo[src_y, src_x], lo[dst_y, dst_x])
            known[dst_y, dst_x] |= take
    return la.ravel(), lo.ravel()
