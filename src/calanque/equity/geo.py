"""Communes as map points, from the pack alone (no tile server, no network)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from calanque.territory.pack import TerritoryPack


def commune_points(pack: TerritoryPack, insee_codes: Iterable[str]) -> list[dict[str, Any]]:
    """One point per known commune, in the order given, duplicates and unknown codes dropped:
    `{"insee", "name", "group", "lat", "lon", "population"}`."""
    out = []
    for code in dict.fromkeys(insee_codes):
        c = pack.communes.get(code)
        if c is not None:
            out.append(
                {
                    "insee": c.insee,
                    "name": c.name,
                    "group": c.group,
                    "lat": c.lat,
                    "lon": c.lon,
                    "population": c.population,
                }
            )
    return out


def feature_collection(pack: TerritoryPack, insee_codes: Iterable[str]) -> dict[str, Any]:
    """The same points as a GeoJSON FeatureCollection (coordinates are `[lon, lat]`)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
                "properties": {k: v for k, v in p.items() if k not in ("lat", "lon")},
            }
            for p in commune_points(pack, insee_codes)
        ],
    }
