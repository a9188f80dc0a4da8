"""Boat polars: certificate tables extended to a dense 1° × 1 kt grid.

A certificate covers TWA 52–150° and TWS 4–24 kt. A race needs every angle
and every wind, so the table is extended the way real boats behave: a
no-go zone upwind that fades smoothly to zero, speed proportional to wind in
light air, a slowly decaying plateau in a gale, and a dead run that never
beats the certificate's best downwind VMG. Values at certificate points are
kept exactly (to float32 precision), so the game never contradicts the
published numbers.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from calanque.errors import CalanqueError

__all__ = ["BUILTIN_POLARS", "Polar", "PolarError", "load_polar", "parse_orc", "parse_table"]

#: Boat classes shipped with the package (ORC certificate VPP data).
BUILTIN_POLARS = ("class40", "figaro3", "first407", "j70", "j80")
TWS_MAX = 60  #: last TWS column of the grid, knots
LIGHT_AIR_EXPONENT = 1.0  #: speed ∝ (TWS / lowest certificate TWS) ** exponent below the table
GALE_DECAY_PER_KT = 0.006  #: relative speed lost per knot above the table (sail reduction)
GALE_FLOOR = 0.75  #: the decay never takes more than a quarter of the speed
DEAD_RUN_VMG_FACTOR = 0.96  #: dead run (180°) speed as a share of the best downwind VMG


class PolarError(CalanqueError, ValueError):
    """A polar file that cannot be read as a boat-speed table."""


@dataclass(frozen=True)
class Polar:
    """Boat speed over a 1° × 1 kt grid, with bilinear lookup.

    Attributes
    ----------
    name : boat class name.
    grid : ndarray of shape (181, TWS_MAX + 1), knots, float32 — speed at TWA
        0..180° (rows) and TWS 0..TWS_MAX kt (columns).
    cert_twa, cert_tws : ndarray, degrees and knots — the source table axes.
    cert_speed : ndarray of shape (len(cert_twa), len(cert_tws)), knots.
    source : attribution of the figures.
    """

    name: str
    grid: NDArray[np.float32]
    cert_twa: NDArray[np.float64]
    cert_tws: NDArray[np.float64]
    cert_speed: NDArray[np.float64]
    source: str = ""
    _padded: NDArray[np.float32] = field(init=False, repr=False, compare=False)
    up_twa: NDArray[np.float32] = field(init=False, repr=False, compare=False)
    down_twa: NDArray[np.float32] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # One padding row and column so the four bilinear neighbours of any
        # in-range point are valid flat indices, with no per-boat clipping.
        padded = np.zeros((self.grid.shape[0] + 1, self.grid.shape[1] + 1), np.float32)
        padded[:-1, :-1] = self.grid
        padded[-1, :-1] = self.grid[-1]
        padded[:, -1] = padded[:, -2]
        object.__setattr__(self, "_padded", padded)
        up, down = _best_vmg_angles(self.grid)
        object.__setattr__(self, "up_twa", up)
        object.__setattr__(self, "down_twa", down)

    @property
    def tws_max(self) -> int:
        return self.grid.shape[1] - 1

    def speed(self, twa: NDArray, tws: NDArray) -> NDArray[np.float32]:
        """Boat speed by bilinear lookup, vectorised over all boats.

        Parameters
        ----------
        twa : ndarray of shape (n,), degrees; the sign (tack) is ignored.
        tws : ndarray of shape (n,), knots; clipped to [0, TWS_MAX].

        Returns
        -------
        ndarray of shape (n,), knots, float32.
        """
        a = np.minimum(np.abs(np.asarray(twa, np.float32)), np.float32(180.0))
        w = np.clip(np.asarray(tws, np.float32), 0.0, np.float32(self.tws_max))
        ia = a.astype(np.int32)
        iw = w.astype(np.int32)
        a -= ia
        w -= iw
        ncol = self._padded.shape[1]
        idx = ia * ncol
        idx += iw
        flat = self._padded.ravel()
        s0 = flat.take(idx)
        s1 = flat.take(idx + 1)
        low = s0 + w * (s1 - s0)
        idx += ncol
        s0 = flat.take(idx)
        s1 = flat.take(idx + 1)
        high = s0 + w * (s1 - s0)
        return low + a * (high - low)

    def vmg_angles(self, tws: NDArray) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """Best upwind and downwind TWA (degrees) at each wind speed (knots), nearest knot."""
        iw = np.clip(np.rint(tws), 0, self.tws_max).astype(np.intp)
        return self.up_twa[iw], self.down_twa[iw]

    def table(self, twa: NDArray, tws: NDArray) -> NDArray[np.float32]:
        """Speeds on an outer grid, shape (len(twa), len(tws)), for display."""
        a, w = np.meshgrid(np.asarray(twa, float), np.asarray(tws, float), indexing="ij")
        return self.speed(a.ravel(), w.ravel()).reshape(a.shape)


def _best_vmg_angles(grid: NDArray) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Upwind/downwind VMG-optimal TWA per TWS column, shape (n_tws,), degrees."""
    twa = np.arange(grid.shape[0], dtype=np.float64)
    vmg = grid * np.cos(np.deg2rad(twa))[:, None]
    up = np.argmax(vmg[:91], axis=0).astype(np.float32)
    down = (90 + np.argmin(vmg[90:], axis=0)).astype(np.float32)
    calm = grid.max(axis=0) <= 0
    up[calm], down[calm] = 45.0, 150.0
    return up, down


def _extend(
    twa: NDArray,
    tws: NDArray,
    speed: NDArray,
    beat: tuple[NDArray, NDArray] | None = None,
    run: tuple[NDArray, NDArray] | None = None,
) -> NDArray[np.float32]:
    """Extend a certificate table to the full (181, TWS_MAX + 1) grid, knots."""
    grid_twa = np.arange(181, dtype=np.float64)
    cols = np.empty((181, len(tws)))
    for j in range(len(tws)):
        ka, ks = list(twa), list(speed[:, j])
        if beat is not None and beat[0][j] < ka[0] and 0 < beat[0][j] < 90:
            ka.insert(0, beat[0][j])
            ks.insert(0, beat[1][j] / math.cos(math.radians(beat[0][j])))
        run_vmg = None
        if run is not None and 90 < run[0][j] <= 180:
            ra, run_vmg = run[0][j], run[1][j]
            if all(abs(ra - a) >= 1.0 for a in ka):
                pos = int(np.searchsorted(ka, ra))
                ka.insert(pos, ra)
                ks.insert(pos, run_vmg / -math.cos(math.radians(ra)))
        col = np.interp(grid_twa, ka, ks)
        # Past the last known angle the VMG (not the speed) is interpolated down to
        # a dead run slower than the certificate's best downwind VMG, so the
        # optimum stays where the VPP put it.
        last = ka[-1]
        if last <= 100:
            col[grid_twa > last] = ks[-1]
        elif last < 180:
            vmg_last = ks[-1] * -math.cos(math.radians(last))
            vmg_dead = (run_vmg if run_vmg is not None else vmg_last) * DEAD_RUN_VMG_FACTOR
            tail = grid_twa > last
            u = (grid_twa[tail] - last) / (180.0 - last)
            vmg = vmg_last + (vmg_dead - vmg_last) * u
            col[tail] = vmg / -np.cos(np.deg2rad(grid_twa[tail]))
        # No-go zone: speed fades as u**2 from the first sailable angle down to zero,
        # steep enough that the VMG optimum stays at the certificate beat angle.
        first = ka[0]
        if first > 0:
            nogo = min(max(first - 12.0, 25.0), first - 1.0)
            u = np.clip((grid_twa - nogo) / (first - nogo), 0.0, 1.0)
            below = grid_twa < first
            col[below] = ks[0] * u[below] ** 2
        cols[:, j] = col
    grid_tws = np.arange(TWS_MAX + 1, dtype=np.float64)
    out = np.empty((181, TWS_MAX + 1))
    for i in range(181):
        out[i] = np.interp(grid_tws, tws, cols[i])
    lo, hi = tws[0], tws[-1]
    light = grid_tws < lo
    out[:, light] = cols[:, :1] * (grid_tws[light] / lo) ** LIGHT_AIR_EXPONENT
    strong = grid_tws > hi
    decay = np.maximum(GALE_FLOOR, 1.0 - GALE_DECAY_PER_KT * (grid_tws[strong] - hi))
    out[:, strong] = cols[:, -1:] * decay
    return out.astype(np.float32)


def _check_axes(twa: NDArray, tws: NDArray, speed: NDArray, where: str) -> None:
    if len(twa) < 2 or len(tws) < 2:
        raise PolarError(f"{where}: need at least 2 wind angles and 2 wind speeds")
    if speed.shape != (len(twa), len(tws)):
        raise PolarError(f"{where}: speed table shape {speed.shape} != ({len(twa)}, {len(tws)})")
    if not (np.all(np.isfinite(twa)) and np.all(np.isfinite(tws)) and np.all(np.isfinite(speed))):
        raise PolarError(f"{where}: non-numeric or infinite value in the table")
    if np.any(np.diff(twa) <= 0) or twa[0] < 0 or twa[-1] > 180:
        raise PolarError(f"{where}: wind angles must increase strictly within 0..180°")
    if np.any(np.diff(tws) <= 0) or tws[0] < 0 or tws[-1] > TWS_MAX:
        raise PolarError(f"{where}: wind speeds must increase strictly within 0..{TWS_MAX} kt")
    if np.any(speed < 0) or np.any(speed > 60):
        raise PolarError(f"{where}: boat speeds must lie within 0..60 kt")
    if speed.max() <= 0:
        raise PolarError(f"{where}: all boat speeds are zero")


def parse_orc(data: dict, name: str = "boat", where: str = "ORC JSON") -> Polar:
    """Polar from an ORC certificate JSON object (jieter/orc-data layout)."""
    try:
        vpp = data["vpp"]
        twa = np.array(vpp["angles"], dtype=np.float64)
        tws = np.array(vpp["speeds"], dtype=np.float64)
        speed = np.array([vpp[str(int(a))] for a in twa], dtype=np.float64)
        beat = (np.array(vpp["beat_angle"], float), np.array(vpp["beat_vmg"], float))
        run = (np.array(vpp["run_angle"], float), np.array(vpp["run_vmg"], float))
    except (KeyError, TypeError, ValueError) as exc:
        raise PolarError(f"{where}: not an ORC VPP table ({type(exc).__name__}: {exc})") from None
    _check_axes(twa, tws, speed, where)
    for arr in (*beat, *run):
        if arr.shape != tws.shape or not np.all(np.isfinite(arr)):
            raise PolarError(f"{where}: beat/run angles and VMGs must have one value per TWS")
    boat = data.get("boat", {}) if isinstance(data.get("boat"), dict) else {}
    label = boat.get("type") or name
    source = "VPP data: Offshore Racing Congress certificates, via jieter/orc-data"
    grid = _extend(twa, tws, speed, beat, run)
    return Polar(str(label), grid, twa, tws, speed, source=source)


def parse_table(text: str, name: str = "boat", where: str = "polar table") -> Polar:
    """Polar from a `.pol` / CSV grid: header `TWA\\TWS <tws...>`, then `<twa> <speeds...>`.

    Tabs, semicolons, commas or spaces separate cells; `#` starts a comment line.
    """
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    if len(lines) < 3:
        raise PolarError(f"{where}: expected a header row and at least 2 angle rows")
    sep = ";" if ";" in lines[0] else "," if "," in lines[0] else None

    def cells(line: str, lineno: int) -> list[float]:
        parts = [p.strip() for p in (line.split(sep) if sep else line.split())]
        try:
            return [float(p) for p in parts]
        except ValueError:
            raise PolarError(f"{where}: row {lineno}: non-numeric cell in {line[:60]!r}") from None

    header = [p.strip() for p in (lines[0].split(sep) if sep else lines[0].split())]
    if not header or header[0].replace(" ", "").lower() not in ("twa\\tws", "twa/tws", "twa"):
        raise PolarError(f"{where}: header must start with 'TWA\\TWS', got {header[0][:20]!r}")
    tws = np.array(cells(sep.join(header[1:]) if sep else " ".join(header[1:]), 1))
    rows = [cells(ln, i + 2) for i, ln in enumerate(lines[1:])]
    for i, row in enumerate(rows):
        if len(row) != len(tws) + 1:
            raise PolarError(f"{where}: row {i + 2} has {len(row) - 1} speeds, expected {len(tws)}")
    arr = np.array(rows, dtype=np.float64)
    twa, speed = arr[:, 0], arr[:, 1:]
    _check_axes(twa, tws, speed, where)
    # A table that starts at TWS 0 carries its own light-air behaviour.
    if tws[0] == 0:
        tws, speed = tws[1:], speed[:, 1:]
        if len(tws) < 1:
            raise PolarError(f"{where}: need wind speeds above 0 kt")
    if twa[0] == 0:
        twa, speed = twa[1:], speed[1:]
        # Drop the dead zone rows a .pol file writes as zeros; the ramp rebuilds it.
        keep = np.argmax(speed.max(axis=1) > 0)
        twa, speed = twa[keep:], speed[keep:]
    grid = _extend(twa, tws, speed)
    return Polar(name, grid, twa, tws, speed, source=where)


def load_polar(name_or_path: str | Path) -> Polar:
    """A built-in class (`class40`, `figaro3`, …) or a `.json`, `.pol`, `.csv` or `.txt` file."""
    key = str(name_or_path).lower()
    if key in BUILTIN_POLARS:
        ref = resources.files("calanque.race") / "data" / "polars" / f"{key}.json"
        return parse_orc(json.loads(ref.read_text("utf-8")), key, f"{key}.json")
    path = Path(name_or_path)
    if not path.is_file():
        raise PolarError(f"no polar named {key!r} (built-in: {', '.join(BUILTIN_POLARS)})")
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        raise PolarError(f"{path.name}: not a UTF-8 text file") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PolarError(f"{path.name}: invalid JSON ({exc.msg}, line {exc.lineno})") from None
        if not isinstance(data, dict):
            raise PolarError(f"{path.name}: expected a JSON object")
        return parse_orc(data, path.stem, path.name)
    return parse_table(text, path.stem, path.name)
