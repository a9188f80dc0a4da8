"""Land: Natural Earth coastlines as a raster for speed and as edges for exactness.

A million boats cannot each be tested against 18 000 coastline edges. The
coastline is rasterised once; a boat whose start cell is farther from any
coastal cell than one step can travel is provably at sea for the whole step
(one gather). Only the few boats within reach of a coast get the exact
segment-versus-edge test, against the edges of the cells their step spans.

Geometry is plate carrée (lon, lat): coastline edges are straight in the
source data, and a one-tick rhumb line deviates from a straight lon/lat
segment by millimetres, so the test is exact for the game's geometry.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from calanque.errors import CalanqueError
from calanque.race.geo import rhumb_step

__all__ = ["MED_BBOX", "LandError", "LandMask", "RayProbe", "StepGuard", "load_land"]

#: (lon_min, lat_min, lon_max, lat_max) of the Mediterranean race area, degrees.
MED_BBOX = (-6.0, 30.0, 37.0, 46.5)
#: How far before the coastline a grounded boat stops, degrees (about 1 m).
STOP_MARGIN_DEG = 1e-5
#: Rays starting within this many raster cells of a coastline cell are tested exactly.
EXACT_RAY_CELLS = 0
#: Most raster steps a ray march takes; a ray still unresolved counts as blocked there.
MAX_MARCH = 64


class LandError(CalanqueError, ValueError):
    """Unreadable land data, or a course that crosses land."""


def _decode_topojson(data: dict) -> NDArray[np.float64]:
    """All ring edges of the `land` object, shape (m, 4): lon1, lat1, lon2, lat2 (degrees)."""
    try:
        tr = data["transform"]
        sx, sy = tr["scale"]
        tx, ty = tr["translate"]
        arcs = []
        for arc in data["arcs"]:
            q = np.cumsum(np.asarray(arc, dtype=np.int64), axis=0)
            arcs.append(np.column_stack((q[:, 0] * sx + tx, q[:, 1] * sy + ty)))
        refs: list[int] = []
        for geom in data["objects"]["land"]["geometries"]:
            polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
            for poly in polys:
                for ring in poly:
                    refs.extend(ring)
    except (KeyError, TypeError, ValueError) as exc:
        raise LandError(f"not a world-atlas land TopoJSON ({type(exc).__name__}: {exc})") from None
    # An arc used by two rings contributes its edges twice: under the even-odd
    # rule a shared border then cancels, which is the union we want.
    segs = [np.hstack((arcs[~r if r < 0 else r][:-1], arcs[~r if r < 0 else r][1:])) for r in refs]
    edges = np.concatenate(segs)
    keep = (np.abs(edges[:, 2] - edges[:, 0]) < 180) & np.any(edges[:, :2] != edges[:, 2:], axis=1)
    return edges[keep]


def _rasterise(edges: NDArray, x0: float, y0: float, res: float, nx: int, ny: int) -> NDArray:
    """Even-odd fill at cell centres, shape (ny, nx) bool; exact at each centre.

    `edges` must hold every edge of the latitude band (all longitudes), so the
    parity west of the area is counted.
    """
    ya, yb = edges[:, 1], edges[:, 3]
    ymin, ymax = np.minimum(ya, yb), np.maximum(ya, yb)
    # Rows whose centre y_r satisfies ymin <= y_r < ymax (half-open: vertices count once).
    r_lo = np.clip(np.ceil((ymin - y0) / res - 0.5), 0, ny).astype(np.int64)
    r_hi = np.clip(np.ceil((ymax - y0) / res - 0.5), 0, ny).astype(np.int64)
    n = np.maximum(r_hi - r_lo, 0)
    e = np.repeat(np.arange(len(edges)), n)
    start = np.cumsum(n) - n
    r = r_lo[e] + (np.arange(len(e)) - start[e])
    yc = y0 + (r + 0.5) * res
    x1, y1, x2, y2 = edges[e].T
    xc = x1 + (yc - y1) * (x2 - x1) / (y2 - y1)
    order = np.lexsort((xc, r))
    r, xc = r[order], xc[order]
    counts = np.bincount(r, minlength=ny)
    if np.any(counts % 2):
        raise LandError("land polygons are not closed (odd crossing count)")
    ra, xa, xb = r[0::2], xc[0::2], xc[1::2]
    ca = np.clip(np.ceil((xa - x0) / res - 0.5), 0, nx).astype(np.int64)
    cb = np.clip(np.ceil((xb - x0) / res - 0.5), 0, nx).astype(np.int64)
    diff = np.bincount(ra * (nx + 1) + ca, minlength=ny * (nx + 1))
    diff -= np.bincount(ra * (nx + 1) + cb, minlength=ny * (nx + 1))
    return np.cumsum(diff.reshape(ny, nx + 1), axis=1)[:, :nx] > 0


def _edge_cells(edges: NDArray, x0: float, y0: float, res: float, nx: int, ny: int) -> tuple:
    """(cell, edge) pairs: every cell the bounding box of each edge overlaps."""
    cx0 = np.clip(np.floor((np.minimum(edges[:, 0], edges[:, 2]) - x0) / res), 0, nx - 1)
    cx1 = np.clip(np.floor((np.maximum(edges[:, 0], edges[:, 2]) - x0) / res), 0, nx - 1)
    cy0 = np.clip(np.floor((np.minimum(edges[:, 1], edges[:, 3]) - y0) / res), 0, ny - 1)
    cy1 = np.clip(np.floor((np.maximum(edges[:, 1], edges[:, 3]) - y0) / res), 0, ny - 1)
    wx = (cx1 - cx0 + 1).astype(np.int64)
    wy = (cy1 - cy0 + 1).astype(np.int64)
    n = wx * wy
    e = np.repeat(np.arange(len(edges)), n)
    k = np.arange(len(e)) - (np.cumsum(n) - n)[e]
    cx = cx0[e].astype(np.int64) + k % wx[e]
    cy = cy0[e].astype(np.int64) + k // wx[e]
    return cy * nx + cx, e


def _distance_cells(mask: NDArray[np.bool_], cap: int) -> NDArray[np.uint8]:
    """Chebyshev distance (cells) to the nearest True cell, capped at `cap` (<= 255)."""
    dist = np.full(mask.shape, cap, np.uint8)
    cur = mask.copy()
    for k in range(cap):
        dist[cur & (dist == cap)] = k
        grown = cur.copy()
        grown[1:] |= cur[:-1]
        grown[:-1] |= cur[1:]
        row = grown.copy()
        row[:, 1:] |= grown[:, :-1]
        row[:, :-1] |= grown[:, 1:]
        cur = row
    return dist


def _segment_params(p: NDArray, q: NDArray, ab: NDArray) -> NDArray:
    """Parameter t in [0, 1] along p→q where it crosses edge ab, else inf; shape (k,).

    p, q : (k, 2) lon/lat; ab : (k, 4) lon1, lat1, lon2, lat2.
    """
    rx, ry = q[:, 0] - p[:, 0], q[:, 1] - p[:, 1]
    sx, sy = ab[:, 2] - ab[:, 0], ab[:, 3] - ab[:, 1]
    wx, wy = ab[:, 0] - p[:, 0], ab[:, 1] - p[:, 1]
    den = rx * sy - ry * sx
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (wx * sy - wy * sx) / den
        u = (wx * ry - wy * rx) / den
    ok = (den != 0) & (t >= 0) & (t <= 1) & (u >= 0) & (u <= 1)
    return np.where(ok, t, np.inf)


@dataclass(eq=False)
class _EdgeGrid:
    """Edges bucketed by square cells of side `res` degrees (CSR), plus land at cell centres."""

    res: float
    nx: int
    ny: int
    start: NDArray[np.int64]
    edge_ids: NDArray[np.int64]
    centre_land: NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class StepGuard:
    """Precomputed screen for steps no longer than `step_deg` degrees in lat and lon."""

    step_deg: float
    res: float
    #: flat fine raster: Chebyshev distance in cells to the nearest coastal cell, capped
    dist: NDArray[np.uint8]
    grid: _EdgeGrid

    @property
    def near(self) -> NDArray[np.bool_]:
        """Cells from which a step of `step_deg` may reach a coastal cell."""
        return self.dist <= math.floor(self.step_deg / self.res) + 1


@dataclass(frozen=True, eq=False)
class RayProbe:
    """Free distance along rays of up to `max_nm` (the autopilot's look-ahead).

    A ray that starts within EXACT_RAY_CELLS raster cells of the coast is tested
    exactly against the coastline edges (a boat at the shore must see exactly
    which way is clear). Any other ray marches over `dist`, the Chebyshev
    distance in cells to the nearest cell that holds land or a coastline edge,
    advancing by that distance less one cell (one cell next to such a cell): it
    stops at most a cell (about 0.6 nm) short of the coastline and never steps
    over a blocked cell. Cost per ray is a few gathers, whatever the
    coastline's detail.
    """

    land: LandMask
    max_nm: float
    cap: int  #: cells; a boat farther than this from any land or coast cell is clear
    dist: NDArray[np.uint8] = field(repr=False)
    grid: _EdgeGrid = field(repr=False)

    def near(self, lat: NDArray, lon: NDArray) -> NDArray[np.bool_]:
        """Boats from which a ray of `max_nm` may meet land, shape (n,)."""
        return self.dist.take(self.land._fine_cell(lat, lon)) < self.cap

    def free_nm(
        self, lat: NDArray, lon: NDArray, heading: NDArray, length_nm: NDArray
    ) -> NDArray[np.float64]:
        """Distance (nm) along each ray to the first land, or inf if clear for its length.

        Parameters
        ----------
        lat, lon : ndarray of shape (k,), degrees — ray starts.
        heading : ndarray of shape (k,), degrees true.
        length_nm : ndarray of shape (k,), nm, each at most `max_nm`.
        """
        land = self.land
        lat = np.asarray(lat, np.float64)
        lon = np.asarray(lon, np.float64)
        length = np.asarray(length_nm, np.float64)
        out = np.full(len(lat), np.inf)
        k0 = self.dist.take(land._fine_cell(lat, lon))
        exact = np.flatnonzero(k0 <= EXACT_RAY_CELLS)
        if exact.size:
            a, b, ln = lat[exact], lon[exact], length[exact]
            c, d = rhumb_step(a, b, heading[exact], ln.astype(np.float32))
            out[exact] = land.first_hit(a, b, c, d, self.grid) * ln
        m = np.flatnonzero(k0 > EXACT_RAY_CELLS)
        if m.size == 0:
            return out
        # March in raster cells (float32: a cell is 0.01°, the error is micro-degrees). The
        # step vector (sy, sx) moves one cell along the ray's major axis; c counts such
        # steps, up to the ray's length in steps, cmax.
        h = np.deg2rad(np.asarray(heading, np.float32)[m])
        inv = np.float32(1.0 / land.res)
        py = np.subtract(lat[m], land.bbox[1], dtype=np.float32) * inv
        px = np.subtract(lon[m], land.bbox[0], dtype=np.float32) * inv
        vy = np.cos(h)
        vx = np.sin(h) / np.cos(np.deg2rad(lat[m].astype(np.float32)))
        major = np.maximum(np.abs(vx), np.abs(vy))
        sy, sx = vy / major, vx / major
        nm_per_step = np.float32(60.0 * land.res) / major
        cmax = length[m].astype(np.float32) / nm_per_step
        nx = land.land.shape[1]
        # Most rays are settled by their two ends: a point t cells (major axis) along the
        # ray lies in a cell at least k0 - t - 1 cells from any blocked one, and at least
        # k_end - (cmax - t) - 1 by the other end; both reach zero only if
        # k0 + k_end <= cmax + 2. The others march.
        ey = (py + cmax * sy).astype(np.intp)
        ex = (px + cmax * sx).astype(np.intp)
        k_end = self.dist.take(ey * nx + ex, mode="clip").astype(np.float32)
        k_start = k0[m].astype(np.float32)
        march = np.flatnonzero(k_start + k_end <= cmax + 2)
        m, py, px, sy, sx, cmax, nm_per_step, k_start = (  # type: ignore[assignment]
            a[march] for a in (m, py, px, sy, sx, cmax, nm_per_step, k_start)
        )
        c = k_start - 1
        py += c * sy
        px += c * sx
        steps = np.full(len(lat), np.inf, np.float32)  # steps marched to the first hit
        ids = m
        one = np.float32(1.0)
        # A march never leaves the raster: its border cells hold the walls (distance 0).
        # Finished rays stop moving (step 0) and are dropped in batches, not one by one.
        live = c < cmax
        for _ in range(MAX_MARCH):
            if live.sum() < 0.5 * live.size:
                ids, py, px, sy, sx, c, cmax = (  # type: ignore[assignment]
                    a[live] for a in (ids, py, px, sy, sx, c, cmax)
                )
                live = np.ones(ids.size, bool)
            if ids.size == 0:
                break
            k = self.dist.take(py.astype(np.intp) * nx + px.astype(np.intp), mode="clip")
            hit = live & (k == 0)
            steps[ids[hit]] = c[hit]
            live &= ~hit
            # From a cell at Chebyshev distance k from the nearest blocked cell, k - 1 cells
            # along the major axis cannot reach it; next to one (k = 1), one cell at a time.
            step = np.maximum(k.astype(np.float32) - one, one)
            step *= live
            py += step * sy
            px += step * sx
            c += step
            live &= c < cmax
            if not live.any():
                break
        steps[ids[live]] = c[live]  # unresolved: treat as blocked where the march stopped
        out[m] = steps[m] * nm_per_step
        return out


@dataclass(eq=False)
class LandMask:
    """Land over a bounding box: fine raster, coastal cells, and exact edges.

    Attributes
    ----------
    bbox : (lon_min, lat_min, lon_max, lat_max), degrees; outside it counts as land
        and its border is a wall boats stop at.
    res : raster cell side, degrees.
    land : ndarray of shape (ny, nx), bool — cell centre on land.
    coast : ndarray of shape (ny, nx), bool — cell touched by a coastline edge.
    edges : ndarray of shape (m, 4), degrees — coastline edges near the box, plus the walls.
    """

    bbox: tuple[float, float, float, float]
    res: float
    land: NDArray[np.bool_]
    coast: NDArray[np.bool_]
    edges: NDArray[np.float64]
    band_edges: NDArray[np.float64] = field(repr=False)
    _grids: dict = field(default_factory=dict, repr=False)
    _guards: dict = field(default_factory=dict, repr=False)
    _routes: dict = field(default_factory=dict, repr=False)  #: per course, see `routing`

    @classmethod
    def from_edges(
        cls, band_edges: NDArray, bbox: tuple[float, float, float, float], res: float = 0.01
    ) -> LandMask:
        """Build from ring edges covering the bbox's latitude band (all longitudes)."""
        x0, y0, x1, y1 = bbox
        if not (x1 > x0 and y1 > y0 and res > 0):
            raise LandError(f"invalid bounding box {bbox} or resolution {res}")
        m = 0.5
        band = band_edges[
            (np.maximum(band_edges[:, 1], band_edges[:, 3]) >= y0 - m)
            & (np.minimum(band_edges[:, 1], band_edges[:, 3]) <= y1 + m)
        ]
        inbox = band[
            (np.maximum(band[:, 0], band[:, 2]) >= x0 - m)
            & (np.minimum(band[:, 0], band[:, 2]) <= x1 + m)
        ]
        e = 1e-7
        walls = np.array(
            [
                [x0 + e, y0 + e, x1 - e, y0 + e],
                [x1 - e, y0 + e, x1 - e, y1 - e],
                [x1 - e, y1 - e, x0 + e, y1 - e],
                [x0 + e, y1 - e, x0 + e, y0 + e],
            ]
        )
        edges = np.vstack((inbox, walls))
        nx, ny = math.ceil((x1 - x0) / res - 1e-9), math.ceil((y1 - y0) / res - 1e-9)
        land = _rasterise(band, x0, y0, res, nx, ny)
        cells, _ = _edge_cells(edges, x0, y0, res, nx, ny)
        coast = np.zeros(nx * ny, bool)
        coast[cells] = True
        return cls(bbox, res, land, coast.reshape(ny, nx), edges, band)

    def _grid(self, res: float) -> _EdgeGrid:
        """Edge buckets at cell side `res` (cached), for the exact tests."""
        if res not in self._grids:
            x0, y0, x1, y1 = self.bbox
            nx, ny = math.ceil((x1 - x0) / res - 1e-9), math.ceil((y1 - y0) / res - 1e-9)
            cells, e = _edge_cells(self.edges, x0, y0, res, nx, ny)
            order = np.argsort(cells, kind="stable")
            start = np.zeros(nx * ny + 1, np.int64)
            np.cumsum(np.bincount(cells, minlength=nx * ny), out=start[1:])
            centre = _rasterise(self.band_edges, x0, y0, res, nx, ny)
            self._grids[res] = _EdgeGrid(res, nx, ny, start, e[order], centre)
        return self._grids[res]

    def guard(self, step_deg: float) -> StepGuard:
        """Screen for a tick whose steps span at most `step_deg` degrees of lat and of lon."""
        k = max(1, math.ceil(step_deg / self.res)) + 1
        if k not in self._guards:
            dist = _distance_cells(self.coast, k + 1).ravel()
            cell = self.res * max(1, math.ceil(step_deg / self.res))
            self._guards[k] = StepGuard(step_deg, self.res, dist, self._grid(max(cell, 0.05)))
        return self._guards[k]

    def ray_probe(self, max_nm: float) -> RayProbe:
        """Look-ahead for rays of at most `max_nm` (cached per length)."""
        key = ("ray", round(float(max_nm), 6))
        if key not in self._guards:
            lat_edge = max(abs(self.bbox[1]), abs(self.bbox[3]))
            span_deg = max_nm / 60.0 / math.cos(math.radians(lat_edge))
            cap = math.ceil(span_deg / self.res) + 2
            if cap > 255:
                raise LandError(f"look-ahead {max_nm} nm too long for a {self.res}° raster")
            dist = _distance_cells(self.land | self.coast, cap).ravel()
            grid = self._grid(max(1.02 * span_deg, 0.05))
            self._guards[key] = RayProbe(self, float(max_nm), cap, dist, grid)
        return self._guards[key]

    def _fine_cell(self, lat: NDArray, lon: NDArray) -> NDArray[np.intp]:
        ny, nx = self.land.shape
        fy = np.subtract(lat, self.bbox[1], dtype=np.float32)
        fy *= np.float32(1.0 / self.res)
        fx = np.subtract(lon, self.bbox[0], dtype=np.float32)
        fx *= np.float32(1.0 / self.res)
        iy = np.clip(fy.astype(np.int32), 0, ny - 1)
        ix = np.clip(fx.astype(np.int32), 0, nx - 1)
        iy *= nx
        iy += ix
        return iy

    def _candidates(self, g: _EdgeGrid, cells: NDArray) -> tuple[NDArray, NDArray]:
        """(query, edge) pairs for cells of shape (k, c) (-1 = none), flattened."""
        q = np.repeat(np.arange(cells.shape[0]), cells.shape[1])
        c = cells.ravel()
        valid = c >= 0
        q, c = q[valid], c[valid]
        n = g.start[c + 1] - g.start[c]
        qq = np.repeat(q, n)
        off = np.arange(len(qq)) - np.repeat(np.cumsum(n) - n, n)
        return qq, g.edge_ids[np.repeat(g.start[c], n) + off]

    def first_hit(
        self, lat0: NDArray, lon0: NDArray, lat1: NDArray, lon1: NDArray, g: _EdgeGrid
    ) -> NDArray[np.float64]:
        """Fraction of each step p0→p1 at which it first meets land (inf if never), shape (k,).

        Steps must span at most one cell of `g` in each axis.
        """
        x0, y0 = self.bbox[0], self.bbox[1]
        ax = np.floor((np.minimum(lon0, lon1) - x0) / g.res).astype(np.int64)
        bx = np.floor((np.maximum(lon0, lon1) - x0) / g.res).astype(np.int64)
        ay = np.floor((np.minimum(lat0, lat1) - y0) / g.res).astype(np.int64)
        by = np.floor((np.maximum(lat0, lat1) - y0) / g.res).astype(np.int64)
        ax, bx = np.clip(ax, 0, g.nx - 1), np.clip(bx, 0, g.nx - 1)
        ay, by = np.clip(ay, 0, g.ny - 1), np.clip(by, 0, g.ny - 1)
        cells = np.stack(
            [
                ay * g.nx + ax,
                np.where(bx > ax, ay * g.nx + bx, -1),
                np.where(by > ay, by * g.nx + ax, -1),
                np.where((bx > ax) & (by > ay), by * g.nx + bx, -1),
            ],
            axis=1,
        )
        q, e = self._candidates(g, cells)
        t = _segment_params(
            np.column_stack((lon0[q], lat0[q])), np.column_stack((lon1[q], lat1[q])), self.edges[e]
        )
        # Pairs come grouped by query (q is non-decreasing): reduce per group.
        out = np.full(len(lat0), np.inf)
        if q.size:
            starts = np.flatnonzero(np.r_[True, q[1:] != q[:-1]])
            out[q[starts]] = np.minimum.reduceat(t, starts)
        return out

    def clip_steps(
        self, lat0: NDArray, lon0: NDArray, lat1: NDArray, lon1: NDArray, guard: StepGuard
    ) -> NDArray[np.intp]:
        """Stop steps at the coast, in place; return the indices of boats that hit land.

        Parameters
        ----------
        lat0, lon0 : ndarray of shape (n,), degrees — step starts, at sea.
        lat1, lon1 : ndarray of shape (n,), degrees — step ends; modified in place.
        guard : from `guard(step_deg)` with every |lat1 - lat0|, |lon1 - lon0| <= step_deg.
        """
        # Screen with each boat's own step: a step of s degrees from a cell at
        # Chebyshev distance > s/res + 1 from every coastal cell cannot meet an edge.
        reach = np.abs(np.subtract(lat1, lat0, dtype=np.float32))
        np.maximum(reach, np.abs(np.subtract(lon1, lon0, dtype=np.float32)), out=reach)
        reach *= np.float32(1.0 / self.res)
        reach += np.float32(1.0)
        near = np.flatnonzero(guard.dist.take(self._fine_cell(lat0, lon0)) <= reach)
        if near.size == 0:
            return near
        a, b, c, d = lat0[near], lon0[near], lat1[near], lon1[near]
        t = self.first_hit(a, b, c, d, guard.grid)
        hit = np.isfinite(t)
        idx = near[hit]
        if idx.size:
            a, b, c, d, t = a[hit], b[hit], c[hit], d[hit], t[hit]
            length = np.hypot(c - a, d - b)
            ts = np.maximum(t - STOP_MARGIN_DEG / np.maximum(length, 1e-12), 0.0)
            lat1[idx] = a + ts * (c - a)
            lon1[idx] = b + ts * (d - b)
        return idx

    def is_land(self, lat: NDArray, lon: NDArray) -> NDArray[np.bool_]:
        """Exact point-in-land test, shape (n,); outside the bbox counts as land.

        Far from coasts the raster answers; in a coastal cell the answer is the
        cell centre's (exact from the scanline fill) flipped once per edge
        crossed on the way from the centre to the point.
        """
        lat = np.atleast_1d(np.asarray(lat, np.float64))
        lon = np.atleast_1d(np.asarray(lon, np.float64))
        x0, y0, x1, y1 = self.bbox
        g = self._grid(0.1)
        iy = np.clip(((lat - y0) / g.res).astype(np.int64), 0, g.ny - 1)
        ix = np.clip(((lon - x0) / g.res).astype(np.int64), 0, g.nx - 1)
        cy, cx = y0 + (iy + 0.5) * g.res, x0 + (ix + 0.5) * g.res
        q, e = self._candidates(g, (iy * g.nx + ix)[:, None])
        t = _segment_params(
            np.column_stack((cx[q], cy[q])), np.column_stack((lon[q], lat[q])), self.edges[e]
        )
        flips = np.bincount(q[np.isfinite(t)], minlength=len(lat)) % 2 == 1
        out = g.centre_land[iy, ix] ^ flips
        return out | (lat <= y0) | (lat >= y1) | (lon <= x0) | (lon >= x1)

    def segment_hits_land(
        self, lat0: NDArray, lon0: NDArray, lat1: NDArray, lon1: NDArray
    ) -> NDArray[np.float64]:
        """First land fraction along long segments (course legs), inf if clear; shape (k,)."""
        lat0, lon0, lat1, lon1 = (
            np.atleast_1d(np.asarray(a, float)) for a in (lat0, lon0, lat1, lon1)
        )
        out = np.full(len(lat0), np.inf)
        for i in range(len(lat0)):
            k = len(self.edges)
            t = _segment_params(
                np.tile([lon0[i], lat0[i]], (k, 1)), np.tile([lon1[i], lat1[i]], (k, 1)), self.edges
            )
            out[i] = t.min() if k else np.inf
        return out


@cache
def _load_builtin(bbox: tuple[float, float, float, float], res: float) -> LandMask:
    ref = resources.files("calanque.race") / "data" / "land-10m.json"
    return LandMask.from_edges(_decode_topojson(json.loads(ref.read_bytes())), bbox, res)


def load_land(
    path: str | Path | None = None,
    bbox: tuple[float, float, float, float] = MED_BBOX,
    res: float = 0.01,
) -> LandMask:
    """Land mask from a world-atlas TopoJSON (default: the shipped Natural Earth 10 m land)."""
    if path is None:
        return _load_builtin(tuple(float(v) for v in bbox), float(res))
    p = Path(path)
    try:
        data = json.loads(p.read_bytes())
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise LandError(f"{p.name}: cannot read land TopoJSON ({exc})") from None
    if not isinstance(data, dict):
        raise LandError(f"{p.name}: expected a TopoJSON object")
    south, west, north, east = bbox
    return LandMask.from_edges(_decode_topojson(data), (south, west, north, east), res)
