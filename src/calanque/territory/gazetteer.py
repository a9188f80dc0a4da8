"""Finding the pack's places in free text: communes, aliases, localities, demonyms, sub-areas.

Matching is on accent-folded tokens, so case, accents, hyphens and elisions (`d'Aix`) do not matter;
the longest name wins (`Saint-Mitre-les-Remparts` over `Saint-Mitre`). Sub-area names are often
ordinary words (`La Plage`, `Opéra`), so they only match where written with their capitals.

Precision matters as much as recall: the links made here decide which conseil de territoire a
passage gives exposure to (`calanque.equity`). So a few names are checked against their context,
using the pack's optional `ambiguous.csv` (`name,kind,not_after`):

- `common`: the name is also a word (`cassis` the blackcurrant, `venelles` alleys, `Salon` the
  trade fair, `Carry` in English). It needs its capitals, no determiner before it (`le Salon`,
  `un Salon`), none of the `not_after` words after it (`Salon du livre`), and, when its capital
  may only be the sentence's, a sign that a place is meant (a verb such as `est`, another place in
  the sentence, or the same name elsewhere in the text).
- `foreign`: another place that contains one of ours (`Aix-les-Bains`, `Le Puy-en-Velay`): never
  a mention; being longer, it wins over the short name inside it.
- `territory`: a name of the whole territory (`Aix-Marseille-Provence`); not a commune, but
  `territory_named()` reports it, for the question's scope, and its words locate a question
  rather than say what it asks;
- `region`: a wider area holding the territory (`Bouches-du-Rhône`): a question naming it is
  about the whole territory, but what is said of the region is not said of the territory ("Combien
  de communes compte le département des Bouches-du-Rhône ?" is not the metropolis' 92): its words
  stay what the question asks.

The pack's group names (`Pays d'Aix`) name a group, not the commune inside them: `groups()` reports
them and they never link to a commune. A commune named on a street sign (`rue de Gardanne`,
`avenue d'Aix`) is a street, not the commune, and one after a landform's capitalised word (`Cap
Rousset`) is the landform. Names that start with `Le`/`Les` also match after
the contracted article (`au Rove`, `des Pennes-Mirabeau`).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache

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
# Language cues (French and English), not territory facts.
_DETERMINERS = frozenset(
    "le la les un une des du au aux ce cet cette ces mon ma mes ton ta tes son sa ses notre nos "
    "votre vos leur leurs quel quelle the an this that these our your my his her their".split()
)
_STREETS = frozenset(
    "rue avenue av bd boulevard chemin impasse allee allees traverse montee quai cours place "
    "square passage street".split()
)
# … and a landform's: `Cap Rousset` is a cape at Carry-le-Rouet, not the commune of Rousset
_LANDFORMS = frozenset("cap pointe anse ile iles pic col mont bec".split())
_CONNECTORS = frozenset("de d du des la l le les".split())
_PLACE_VERBS = frozenset(
    "est etait sera reste devient compte accueille offre possede abrite se s is was has offers "
    "hosts lies sits".split()
)
# `au Rove` is `à le Rove`: the article the contraction stands for.
_CONTRACTED = {"le": ("au", "du"), "les": ("aux", "des")}
_JOINERS = re.compile(r"[\s\-‐‑'’]*")
# Texts up to this long are sentences, titles and questions: their scans are remembered.
_REMEMBERED_CHARS = 2_000
_SENTENCE_END = re.compile(r"[.!?:;\n•*#|]|(^|\s)[-–—]\s")


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


@dataclass(frozen=True)
class Reading:
    """What one scan of a text found: place mentions, groups named, the territory named."""

    mentions: list[Mention]
    groups: tuple[str, ...] = ()
    territory: bool = False
    # the territory's names as the text writes them ("Provence", "provençales"): words that
    # locate a question, not what it asks about
    territory_said: tuple[str, ...] = ()

    @property
    def communes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.place.insee for m in self.mentions))


@dataclass(frozen=True)
class _Entry:
    """What a folded token sequence stands for, and what its context must satisfy."""

    place: Place | None  # None: not one of our communes (a foreign place, a group, the territory)
    form: str = ""  # the name as the pack writes it, for the capitals check
    common: bool = False  # also an ordinary word: checked against its context
    not_after: frozenset[str] = frozenset()
    after_article: tuple[str, ...] = ()  # only after one of these tokens (`au` Rove)
    marker: str = ""  # `group:<name>` or `territory` for entries that are not communes


@dataclass
class _Candidate:
    mention: Mention
    entry: _Entry
    index: int  # token index of its first token
    needs_context: bool = False


@dataclass
class _Ambiguity:
    kind: str
    not_after: frozenset[str] = field(default_factory=frozenset)


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


def _read_ambiguous(pack: TerritoryPack) -> dict[tuple[str, ...], tuple[str, _Ambiguity]]:
    path = pack.root / "ambiguous.csv"
    if not path.is_file():
        return {}
    out: dict[tuple[str, ...], tuple[str, _Ambiguity]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            name = (row.get("name") or "").strip()
            kind = (row.get("kind") or "common").strip()
            if not name:
                continue
            after = frozenset(fold(w) for w in (row.get("not_after") or "").split())
            out[_key(name)] = (name, _Ambiguity(kind, after))
    return out


class Gazetteer:
    """Longest-match dictionary over folded token sequences, with context checks."""

    def __init__(self, pack: TerritoryPack) -> None:
        self.pack = pack
        self._entries: dict[tuple[str, ...], _Entry] = {}
        ambiguous = _read_ambiguous(pack)
        common = {k: a for k, (_, a) in ambiguous.items() if a.kind == "common"}
        for c in pack.communes.values():
            self._add(c.name, Place(c.insee, c.name, "commune"), common)
        for a in pack.aliases:
            if a.insee in pack.communes:
                place = Place(a.insee, pack.communes[a.insee].name, a.kind)
                self._add(a.alias, place, common)
        for s in pack.subareas:
            if s.commune not in pack.communes:
                continue
            sensitive = s.kind != "arrondissement"
            place = Place(s.commune, s.name, s.kind, s.code, case_sensitive=sensitive)
            self._add(s.name, place, common)
            for variant in _ordinal_variants(s.name):
                self._add(variant, Place(s.commune, s.name, s.kind, s.code), common)
        # Names that are not one of our communes override whatever they contain.
        for group in pack.groups:
            self._entries[_key(group)] = _Entry(None, group, marker=f"group:{group}")
        for key, (name, amb) in ambiguous.items():
            if amb.kind in ("foreign", "feature", "territory", "region"):
                marker = amb.kind if amb.kind in ("territory", "region") else "foreign"
                self._entries[key] = _Entry(None, name, marker=marker)
        self._max_len = max((len(k) for k in self._entries), default=1)
        # An answer reads the same sentences several times (the reader's places and types,
        # grounding), and a popular passage's sentences come back question after question.
        self._resolved = lru_cache(maxsize=8192)(self._scan_resolved)

    def _add(
        self, name: str, place: Place, common: dict[tuple[str, ...], _Ambiguity] | None = None
    ) -> None:
        key = _key(name)
        if not key:
            return
        amb = (common or {}).get(key)
        after = amb.not_after if amb else frozenset()
        self._put(key, _Entry(place, name, amb is not None, after))
        # `Le Rove` is also `au Rove`, `du Rove`; `Les Pennes` is `aux Pennes`, `des Pennes`.
        words = _TOKEN.findall(name)
        if len(key) > 1 and key[0] in _CONTRACTED:
            bare = " ".join(words[1:])
            self._put(key[1:], _Entry(place, bare, amb is not None, after, _CONTRACTED[key[0]]))

    def _put(self, key: tuple[str, ...], entry: _Entry) -> None:
        rank = _PRIORITY[entry.place.kind] if entry.place else -1
        current = self._entries.get(key)
        if current is None or (current.place is not None and rank < _PRIORITY[current.place.kind]):
            self._entries[key] = entry

    def _scan(self, text: str) -> tuple[list[_Candidate], list[_Candidate], list[tuple]]:
        """Longest matches left to right: (place candidates, non-commune names, tokens)."""
        toks = [(fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        places: list[_Candidate] = []
        others: list[_Candidate] = []
        i = 0
        while i < len(toks):
            for n in range(min(self._max_len, len(toks) - i), 0, -1):
                entry = self._entries.get(tuple(t[0] for t in toks[i : i + n]))
                if entry is None or not _joined(text, toks[i : i + n]):
                    continue
                if entry.after_article and (i == 0 or toks[i - 1][0] not in entry.after_article):
                    continue
                start, end = toks[i][1], toks[i + n - 1][2]
                surface = text[start:end]
                if entry.place is None:
                    dummy = Place("", surface, entry.marker)
                    others.append(_Candidate(Mention(dummy, start, end, surface), entry, i))
                    i += n - 1
                    break
                if entry.place.case_sensitive and not _same_capitals(surface, entry.form):
                    continue
                verdict = self._context(text, toks, i, n, entry)
                if verdict is None:
                    continue  # rejected: the tokens may still start a shorter name
                mention = Mention(entry.place, start, end, surface)
                places.append(_Candidate(mention, entry, i, needs_context=verdict))
                i += n - 1
                break
            i += 1
        return places, others, toks

    def _context(self, text: str, toks: list[tuple], i: int, n: int, entry: _Entry) -> bool | None:
        """None to reject; else whether the mention still needs a place elsewhere to stand."""
        if _on_street_sign(toks, i) or _named_landform(text, toks, i):
            return None
        if not entry.common:
            return False
        surface = text[toks[i][1] : toks[i + n - 1][2]]
        whole_text = n == len(toks)
        if whole_text:
            return False  # a bare name (a filter box, a one-word question) is the place
        if not _same_capitals(surface, entry.form):
            return None
        starts_with_article = toks[i][0] in _CONNECTORS  # `the Les Milles business park`
        if (
            i > 0
            and toks[i - 1][0] in _DETERMINERS
            and not (entry.after_article or starts_with_article)
        ):
            return None
        if i + n < len(toks) and toks[i + n][0] in entry.not_after:
            return None
        if not _sentence_start(text, toks, i):
            return False
        after = toks[i + n][0] if i + n < len(toks) else ""
        apposition = text[toks[i + n - 1][2] :].lstrip().startswith(",")  # `Grans, village…`
        return after not in _PLACE_VERBS and not apposition

    def _resolve(self, text: str) -> tuple[tuple[Mention, ...], tuple[_Candidate, ...]]:
        """The scan of a text, remembered for sentences and titles (not whole documents)."""
        if len(text) > _REMEMBERED_CHARS:
            return self._scan_resolved(text)
        return self._resolved(text)

    def _scan_resolved(self, text: str) -> tuple[tuple[Mention, ...], tuple[_Candidate, ...]]:
        places, others, toks = self._scan(text)
        sure = [c for c in places if not c.needs_context]
        sure_insee = {c.mention.place.insee for c in sure}
        out = []
        for c in places:
            if c.needs_context and not (
                c.mention.place.insee in sure_insee
                or any(_same_sentence(text, c.mention, s.mention) for s in sure)
            ):
                continue
            out.append(c.mention)
        return tuple(out), tuple(others)

    def find(self, text: str) -> list[Mention]:
        """All mentions of our communes, left to right, never overlapping."""
        return list(self._resolve(text)[0])

    def read(self, text: str) -> Reading:
        """Everything a scan finds, in one pass: mentions, groups, the territory's own name."""
        mentions, others = self._resolve(text)
        markers = [c.entry.marker for c in others]
        groups = [m.removeprefix("group:") for m in markers if m.startswith("group:")]
        said = tuple(c.mention.surface for c in others if c.entry.marker == "territory")
        territory = bool(said) or "region" in markers
        return Reading(list(mentions), tuple(dict.fromkeys(groups)), territory, said)

    def communes(self, text: str) -> list[str]:
        """INSEE codes of the communes a text speaks of, in order of first mention."""
        return list(dict.fromkeys(m.place.insee for m in self.find(text)))

    def groups(self, text: str) -> list[str]:
        """The pack's groups named as such (`le Pays d'Aix`), in order of first mention."""
        return list(self.read(text).groups)

    def territory_named(self, text: str) -> bool:
        """Does the text name the whole territory (`la métropole Aix-Marseille-Provence`)?"""
        return self.read(text).territory


def _same_capitals(surface: str, label: str) -> bool:
    """Each word of the label that starts with a capital does so in the text too."""
    got = _TOKEN.findall(surface)
    want = _TOKEN.findall(label)
    return len(got) == len(want) and all(
        not w[0].isupper() or g[0].isupper() for g, w in zip(got, want, strict=True)
    )


def _joined(text: str, toks: list[tuple]) -> bool:
    """A name's words are joined by spaces, hyphens or apostrophes, never by a comma."""
    return all(_JOINERS.fullmatch(text[a[2] : b[1]]) for a, b in zip(toks, toks[1:], strict=False))


def _on_street_sign(toks: list[tuple], i: int) -> bool:
    """`rue de Gardanne`, `avenue d'Aix`, `boulevard de la Blancarde`: a street's name.

    The connector is required: `traverse Meyrargues` is a train crossing a village."""
    j = i - 1
    while j >= 0 and i - j <= 2 and toks[j][0] in _CONNECTORS:
        j -= 1
    return 0 <= j < i - 1 and toks[j][0] in _STREETS


def _named_landform(text: str, toks: list[tuple], i: int) -> bool:
    """`Cap Rousset`, `Pointe Rouge`: a capitalised landform word just before the name makes
    one name of both (`le cap de Rousset` would not, nor a lower-case `cap`)."""
    return i > 0 and toks[i - 1][0] in _LANDFORMS and text[toks[i - 1][1]].isupper()


def _sentence_start(text: str, toks: list[tuple], i: int) -> bool:
    """Is token `i` the first of its sentence, line or list item (where capitals prove nothing)?"""
    if i == 0:
        return True
    gap = text[toks[i - 1][2] : toks[i][1]]
    return bool(_SENTENCE_END.search(gap)) or gap.strip() in ("«", '"', "(", "“")


def _same_sentence(text: str, a: Mention, b: Mention) -> bool:
    lo, hi = sorted((a, b), key=lambda m: m.start)
    return not re.search(r"[.!?\n]", text[lo.end : hi.start])
