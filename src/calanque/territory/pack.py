"""Territory packs: a folder with a manifest, the places of a territory and its demo corpus.

Nothing about a particular territory lives in code; another agency brings its own folder with the
same files (see `docs/territory-packs.md`).
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from calanque.errors import CalanqueError


class PackError(CalanqueError, ValueError):
    """A territory pack is missing or malformed."""


@dataclass(frozen=True)
class Commune:
    insee: str
    name: str
    population: int
    lat: float
    lon: float
    area_km2: float
    postal_codes: tuple[str, ...]
    group: str

    @property
    def density(self) -> float:
        return self.population / self.area_km2 if self.area_km2 else 0.0


@dataclass(frozen=True)
class SubArea:
    """A part of a commune (an arrondissement, a quartier) that questions may name."""

    code: str
    name: str
    kind: str
    commune: str
    lat: float
    lon: float
    postal_code: str = ""
    population: int = 0


@dataclass(frozen=True)
class Term:
    """What people call a thing of the territory, and how the sources write it: "OM" is
    "Olympique de Marseille", "la Bonne Mère" is "Notre-Dame-de-la-Garde"."""

    term: str
    said: str


@dataclass(frozen=True)
class Alias:
    alias: str
    insee: str
    kind: str  # alias | locality | demonym


# how a pack marks its agency as a demo: "One Provence (démo)"
_DEMO_MARK = re.compile(r"\s*\((?:démo|demo)\)\s*$", re.IGNORECASE)


def split_demo_mark(label: str) -> tuple[str, bool]:
    """The agency's name as people say it, and whether the pack marks it as a demo."""
    name = _DEMO_MARK.sub("", label)
    return name, name != label


@dataclass
class TerritoryPack:
    id: str
    name: str
    root: Path
    agency: str
    languages: tuple[str, ...]
    default_language: str
    group_label: dict[str, str]
    groups: tuple[str, ...]
    communes: dict[str, Commune]
    subareas: list[SubArea] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    terms_file: Path | None = None  # no place table: the fingerprint leaves it out
    reference_communes: tuple[str, ...] = ()
    examples: dict[str, list[str]] = field(default_factory=dict)
    corpus_dir: Path | None = None
    sources_file: Path | None = None
    of_phrase: dict[str, str] = field(default_factory=dict)
    outlines_file: Path | None = None  # GeoJSON of commune outlines, for maps
    # how the pack's documents call the agency when they do not name it, per language ("l'agence
    # d'attractivité"): a question naming the agency is searched with these words
    agency_called: dict[str, str] = field(default_factory=dict)

    def of(self, lang: str) -> str:
        """`de la métropole d'Aix-Marseille-Provence`: the pack named after "a commune …"."""
        return self.of_phrase.get(lang) or ("de " if lang == "fr" else "of ") + self.name

    @cached_property
    def fingerprint(self) -> str:
        """Hash of the place tables: an index built with other tables links places anew (the
        terms link no place)."""
        digest = hashlib.sha256()
        for path in sorted(p for p in self.root.glob("*.csv") if p != self.terms_file):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()[:16]

    def commune(self, insee: str) -> Commune:
        return self.communes[insee]

    def nearest(self, insee: str, n: int = 5) -> list[tuple[Commune, float]]:
        """The `n` closest other communes, by centroid distance in km."""
        here = self.communes[insee]
        others = [
            (c, distance_km(here.lat, here.lon, c.lat, c.lon))
            for c in self.communes.values()
            if c.insee != insee
        ]
        return sorted(others, key=lambda pair: pair[1])[:n]

    def demonym(self, insee: str) -> str:
        """What a commune's inhabitants are called, in the plural ("Gardannais", "Martégaux"),
        from the aliases of kind `demonym` ("" when the pack gives none): the masculine plural,
        the shortest form ending in s or x but not in the feminine plural's "es"."""
        forms = [
            a.alias
            for a in self.aliases
            if a.insee == insee
            and a.kind == "demonym"
            and a.alias.endswith(("s", "x"))
            and not a.alias.endswith("es")
        ]
        return min(forms, key=len, default="")

    def group_of(self, insee: str) -> str:
        return self.communes[insee].group


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a 6371 km sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def bundled_packs() -> list[str]:
    """Ids of the packs shipped inside the package."""
    root = resources.files("calanque") / "packs"
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "pack.toml").is_file())


def load_pack(ref: str | Path) -> TerritoryPack:
    """Load a bundled pack by id, or any pack folder by path."""
    root = Path(ref)
    if not (root / "pack.toml").is_file():
        bundled = Path(str(resources.files("calanque") / "packs" / str(ref)))
        if not (bundled / "pack.toml").is_file():
            raise PackError(f"no territory pack at {ref!r} (bundled: {', '.join(bundled_packs())})")
        root = bundled
    try:
        manifest = tomllib.loads((root / "pack.toml").read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{root / 'pack.toml'}: {exc}") from exc
    files = manifest.get("files", {})
    communes = {c.insee: c for c in _read_communes(root / files.get("communes", "communes.csv"))}
    if not communes:
        raise PackError(f"{root}: the communes table is empty")
    group = manifest.get("group", {})
    groups = tuple(group.get("names") or sorted({c.group for c in communes.values()}))
    unknown = {c.group for c in communes.values()} - set(groups)
    if unknown:
        raise PackError(f"{root}: communes in undeclared groups {sorted(unknown)}")
    languages = tuple(manifest.get("languages", ["fr"]))
    corpus = root / files.get("corpus", "corpus")
    sources = root / files.get("sources", "sources.toml")
    outlines = root / files.get("outlines", "outlines.geojson")
    terms_file = root / files.get("terms", "terms.csv")
    return TerritoryPack(
        id=manifest.get("id", root.name),
        name=manifest.get("name", root.name),
        root=root,
        agency=manifest.get("agency", ""),
        languages=languages,
        default_language=manifest.get("default_language", languages[0]),
        group_label=dict(group.get("label", {"fr": "groupe", "en": "group"})),
        groups=groups,
        communes=communes,
        subareas=_read_optional(root / files.get("subareas", "subareas.csv"), _subarea),
        aliases=_read_optional(root / files.get("aliases", "aliases.csv"), _alias),
        terms=_read_optional(terms_file, _term),
        terms_file=terms_file,
        reference_communes=tuple(
            r for r in manifest.get("reference_communes", []) if r in communes
        ),
        examples={k: list(v) for k, v in manifest.get("examples", {}).items()},
        corpus_dir=corpus if corpus.is_dir() else None,
        sources_file=sources if sources.is_file() else None,
        of_phrase=dict(manifest.get("of", {})),
        outlines_file=outlines if outlines.is_file() else None,
        agency_called=dict(manifest.get("agency_called", {})),
    )


def _read_communes(path: Path) -> list[Commune]:
    if not path.is_file():
        raise PackError(f"missing communes table {path}")
    out = []
    for i, row in enumerate(_rows(path), start=2):
        try:
            out.append(
                Commune(
                    insee=row["insee"].strip(),
                    name=row["name"].strip(),
                    population=int(row["population"]),
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    area_km2=float(row.get("area_km2") or 0),
                    postal_codes=tuple((row.get("postal_codes") or "").split()),
                    group=(row.get("group") or "").strip(),
                )
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise PackError(f"{path}:{i}: bad commune row ({exc})") from exc
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _subarea(row: dict[str, Any]) -> SubArea:
    return SubArea(
        code=row["code"],
        name=row["name"],
        kind=row["kind"],
        commune=row["commune"],
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        postal_code=row.get("postal_code") or "",
        population=int(row.get("population") or 0),
    )


def _alias(row: dict[str, Any]) -> Alias:
    return Alias(alias=row["alias"], insee=row["insee"], kind=row.get("kind") or "alias")


def _term(row: dict[str, Any]) -> Term:
    # (a short row reads None where its field is missing: "AMU" with no comma)
    term, said = (row.get("term") or "").strip(), (row.get("said") or "").strip()
    if not term or not said:
        raise ValueError("a term and what the sources say need text")
    return Term(term=term, said=said)


def _read_optional(path: Path, make: Any) -> list[Any]:
    if not path.is_file():
        return []
    out = []
    for i, row in enumerate(_rows(path), start=2):
        try:
            out.append(make(row))
        except (KeyError, ValueError, TypeError) as exc:
            raise PackError(f"{path}:{i}: bad row ({exc})") from exc
    return out
