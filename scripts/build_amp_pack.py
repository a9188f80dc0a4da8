"""Rebuild the Aix-Marseille-Provence pack tables from `../shared/data` (a developer tool).

Usage: python scripts/build_amp_pack.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "src" / "calanque" / "packs" / "aix-marseille-provence"


def main(shared: Path) -> None:
    communes = list(csv.DictReader((shared / "amp_communes.csv").open(encoding="utf-8")))
    with (PACK / "communes.csv").open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(
            ["insee", "name", "population", "lat", "lon", "area_km2", "postal_codes", "group"]
        )
        for r in sorted(communes, key=lambda r: r["insee"]):
            w.writerow(
                [
                    r["insee"],
                    r["name"],
                    r["population"],
                    r["lat"],
                    r["lon"],
                    r["area_km2"],
                    r["postal_codes"],
                    r["conseil_territoire"],
                ]
            )
    arrs = list(csv.DictReader((shared / "marseille_arrondissements.csv").open(encoding="utf-8")))
    quarts = list(csv.DictReader((shared / "marseille_quartiers.csv").open(encoding="utf-8")))
    with (PACK / "subareas.csv").open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(
            ["code", "name", "kind", "commune", "parent", "population", "postal_code", "lat", "lon"]
        )
        for r in arrs:
            w.writerow(
                [
                    r["insee"],
                    r["name"],
                    "arrondissement",
                    "13055",
                    "",
                    r["population"],
                    r["postal_codes"],
                    r["lat"],
                    r["lon"],
                ]
            )
        for r in quarts:
            w.writerow(
                [
                    r["code_quartier"],
                    r["name"],
                    "quartier",
                    "13055",
                    r["arrondissement_insee"],
                    "",
                    r["postal_code"],
                    r["lat"],
                    r["lon"],
                ]
            )
    codes = {r["insee"] for r in communes}
    features = []
    for dep in ("13-bouches-du-rhone", "83-var", "84-vaucluse"):
        source = shared / "sources" / "france-geojson" / f"communes-{dep}.geojson"
        for feature in json.loads(source.read_text("utf-8"))["features"]:
            if feature["properties"]["code"] in codes:
                geometry = feature["geometry"]
                features.append(
                    {
                        "type": "Feature",
                        "properties": {"insee": feature["properties"]["code"]},
                        "geometry": {
                            "type": geometry["type"],
                            "coordinates": _round(geometry["coordinates"]),
                        },
                    }
                )
    outlines = {"type": "FeatureCollection", "features": features}
    (PACK / "outlines.geojson").write_text(json.dumps(outlines, separators=(",", ":")))
    print(
        f"{len(communes)} communes, {len(arrs)} arrondissements, {len(quarts)} quartiers, "
        f"{len(features)} outlines -> {PACK}"
    )


def _round(coords: list) -> list:
    """Four decimals (~10 m) is plenty for a map of communes."""
    if coords and isinstance(coords[0], list):
        return [_round(c) for c in coords]
    return [round(coords[0], 4), round(coords[1], 4)]


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")
