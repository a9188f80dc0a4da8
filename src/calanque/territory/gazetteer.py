"""Finding the pack's places in free text: communes, aliases, localities, demonyms, sub-areas.

Matching is on accent-folded tokens, so case, accents, hyphens and elisions (`d'Aix`) do not matter;
the longest name wins (`Saint-Mitre-les-Remparts` over `Saint-Mitre`). Sub-area names are often
ordinary words (`La Plage`, `Opéra`), so they only match where written with their capitals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calanque.index.analysis import fold
from calanque.territory.pack import TerritoryPack

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_PRIORITY = {
    "commune": 0,
    "alias": 1,
    "locality": 2,
    "demonym": 3,
    "arrondissement": 4,
    "quartier": 5,
}


@dataclass(frozen=True)
class Place:
    """A name that points at a commune (and maybe a part of it)."""

    insee: str
    label: str
    kind: str
    code: str = ""
    case_sensitive: bool = False


@dataclass(frozen=True)
class Mention:
    place: Place
    start: int
    end: int
    surface: str


def _key(name: str) -> tuple[str, ...]:
    return tuple(fold(t) for t in _TOKEN.findall(name))


def _ordinal_variants(name: str) -> list[str]:
    """`Marseille 8e Arrondissement` is written `8e arrondissement`, `8ème`, `Marseille 8e`."""
    m = re.match(r"(.+?) (\d+)(er|e) Arrondissement$", name)
    if not m:
        return []
    city, n, suffix = m.groups()
    forms = [f"{n}{suffix}", f"{n}eme", f"{n}ème"]
    return [f"{f} arrondissement" for f in forms] + [f"{city} {f}" for f in forms]


class Gazetteer:
    """Longest-match dictionary over folded token sequences."""

    def __init__(self, pack: TerritoryPack) -> None:
        self.pack = pack
        self._entries: dict[tuple[str, ...], Place] = {}
        for c in pack.communes.values():
            self._add(c.name, Place(c.insee, c.name, "commune"))
        for a in pack.aliases:
            if a.insee in pack.communes:
                self._add(a.alias, Place(a.insee, pack.communes[a.insee].name, a.kind))
        for s in pack.subareas:
            if s.commune not in pack.communes:
                continue
            sensitive = s.kind != "arrondissement"
            place = Place(s.commune, s.name, s.kind, s.code, case_sensitive=sensitive)
            self._add(s.name, place)
            for variant in _ordinal_variants(s.name):
                self._add(variant, Place(s.commune, s.name, s.kind, s.code))
        self._max_len = max((len(k) for k in self._entries), default=1)

    def _add(self, name: str, place: Place) -> None:
        key = _key(name)
        if not key:
            return
        current = self._entries.get(key)
        if current is None or _PRIORITY[place.kind] < _PRIORITY[current.kind]:
            self._entries[key] = place

    def find(self, text: str) -> list[Mention]:
        """All mentions, left to right, never overlapping."""
        toks = [(fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        out: list[Mention] = []
        i = 0
        while i < len(toks):
            for n in range(min(self._max_len, len(toks) - i), 0, -1):
                place = self._entries.get(tuple(t[0] for t in toks[i : i + n]))
                if place is None:
                    continue
                start, end = toks[i][1], toks[i + n - 1][2]
                surface = text[start:end]
                if place.case_sensitive and not _same_capitals(surface, place.label):
                    continue
                out.append(Mention(place, start, end, surface))
                i += n - 1
                break
            i += 1
        return out

    def communes(self, text: str) -> list[str]:
        """INSEE codes of the communes a text speaks of, in order of first mention."""
        return list(dict.fromkeys(m.place.insee for m in self.find(text)))


def _same_capitals(surface: str, label: str) -> bool:
    """Each word of the label that starts with a capital does so in the text too."""
    got = _TOKEN.findall(surface)
    want = _TOKEN.findall(label)
    return len(got) == len(want) and all(
        not w[0].isupper() or g[0].isupper() for g, w in zip(got, want, strict=True)
    )
