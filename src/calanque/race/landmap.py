"""Land for maps: the race's coastline as GeoJSON polygons, clipped and simplified.

The web map draws land from the same data the engine sails on (no tile server),
so a boat is never drawn at sea where the engine sees rock. Polygons are built
from the TopoJSON rings, clipped to the course's box and simplified with
shapely; a few hundred kilobytes for the whole western Mediterranean.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from shapely import clip_by_rect, simplify
from shapely.geometry import MultiPolygon, Polygon, mapping

from calanque.race.land import LandError

__all__ = ["land_geojson"]


def _rings(data: dict) -> list[list[np.ndarray]]:
    """Each land polygon of a world-atlas TopoJSON as rings of (lon, lat), shell first."""
    try:
        sx, sy = data["transform"]["scale"]
        tx, ty = data["transform"]["translate"]
        arcs = []
        for arc in data["arcs"]:
            q = np.cumsum(np.asarray(arc, dtype=np.int64), axis=0)
            arcs.append(np.column_stack((q[:, 0] * sx + tx, q[:, 1] * sy + ty)))
        polygons = []
        for geom in data["objects"]["land"]["geometries"]:
            polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
            for poly in polys:
                rings = []
                for ring in poly:
                    parts = [arcs[r] if r >= 0 else arcs[~r][::-1] for r in ring]
                    rings.append(np.vstack([parts[0], *(p[1:] for p in parts[1:])]))
                polygons.append(rings)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise LandError(f"not a world-atlas land TopoJSON ({type(exc).__name__}: {exc})") from None
    return polygons


@cache
def _polygons(path: str | None) -> list[list[np.ndarray]]:
    if path is None:
        ref = resources.files("calanque.race") / "data" / "land-10m.json"
        return _rings(json.loads(ref.read_bytes()))
    return _rings(json.loads(Path(path).read_bytes()))


def land_geojson(
    bbox: tuple[float, float, float, float],
    tolerance_deg: float = 0.005,
    path: str | Path | None = None,
) -> dict[str, Any]:
    """Land inside `bbox` = (lon_min, lat_min, lon_max, lat_max) as a GeoJSON
    FeatureCollection of one MultiPolygon, simplified to `tolerance_deg` degrees."""
    x0, y0, x1, y1 = bbox
    parts: list[Any] = []
    for rings in _polygons(None if path is None else str(path)):
        shell = rings[0]
        if (
            shell[:, 0].max() < x0
            or shell[:, 0].min() > x1
            or shell[:, 1].max() < y0
            or shell[:, 1].min() > y1
        ):
            continue
        poly = Polygon(shell, rings[1:]).buffer(0)  # mends self-touching rings
        clipped = simplify(clip_by_rect(poly, x0, y0, x1, y1), tolerance_deg)
        if clipped.is_empty:
            continue
        geoms = getattr(clipped, "geoms", [clipped])
        parts.extend(g for g in geoms if isinstance(g, Polygon) and not g.is_empty)
    geometry = mapping(MultiPolygon(parts)) if parts else None
    feature = {"type": "Feature", "properties": {"source": "Natural Earth 10 m land"}}
    return {"type": "FeatureCollection", "features": [{**feature, "geometry": geometry}]}
