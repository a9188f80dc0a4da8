"""What part of the territory a question is about: one place, the whole territory, or none.

- `place`: the question names a commune, a part of one, a demonym or a group (`autour de
  Marseille`, `dans le Pays d'Aix` name places too): the answer stays there and is not rebalanced.
- `territory`: no place is named, and the question asks about the territory as a whole — it names
  it (`la métropole`, `Aix-Marseille-Provence`, `la région`), asks which places (`quelles
  communes`, `which beaches`), or where to do something (`où randonner`, `where to swim`). The
  equity policy applies.
- `none`: anything else (`Qui a écrit les Prophéties ?`): retrieval is left untouched.

The cues are French and English words, not facts of a territory; the territory's own names come
from the pack through the gazetteer (`ambiguous.csv`: kind `territory`, "Provence"; `region`, a
wider area holding it, "Bouches-du-Rhône"; a neighbour containing one is `foreign`,
"Alpes-de-Haute-Provence").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from calanque.index.analysis import fold, tokens
from calanque.territory.gazetteer import Reading

SCOPES = ("place", "territory", "none")

# Words that name the territory as a whole, or a wide area of it.
_WHOLE = frozenset(
    "metropole metropolis metropolitan territoire territory region regional departement county "
    "partout everywhere area".split()
)
_WHOLE_PHRASES = (
    ("dans", "le", "coin"),
    ("around", "here"),
    ("autour", "d", "ici"),
    ("the", "whole"),
    ("tout", "le"),
    ("toute", "la"),
)
# Kinds of places: `quelles plages`, `which towns`, `les meilleurs villages`.
_PLACE_NOUNS = frozenset(
    "commune communes ville villes village villages endroit endroits lieu lieux site sites coin "
    "coins plage plages crique criques calanque calanques sentier sentiers randonnee randonnees "
    "marche marches musee musees parc parcs zone zones quartier quartiers port ports massif "
    "massifs campus destination destinations spot spots balade balades festival festivals "
    "town towns city cities places place beach beaches cove coves trail trails hike hikes market "
    "markets museum museums park parks areas neighbourhood neighbourhoods neighborhoods harbour "
    "harbours ports campuses destinations villages sites spots walks".split()
)
_WHICH = frozenset(
    "quel quelle quels quelles which what best meilleur meilleurs meilleure "
    "meilleures plus most top".split()
)
_WHERE = frozenset("ou where".split())
# `où` alone is not enough (`où est né Napoléon ?`): it must ask where to do something.
_ACTIVITIES = frozenset(
    "aller faire visiter voir randonner marcher nager baigner plonger manger dormir loger sortir "
    "vivre habiter installer implanter trouver acheter louer travailler etudier pratiquer "
    "observer decouvrir camper grimper pecher go do visit see hike walk swim dive eat sleep stay "
    "live settle move find buy rent work study practise practice watch discover camp climb fish "
    "get can should could".split()
)


@dataclass(frozen=True)
class Scope:
    """The scope of a question, with the places it names (INSEE codes) and groups it names."""

    kind: str
    communes: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    cues: tuple[str, ...] = field(default=(), compare=False)
    # Words that only say the question covers the whole territory (`métropole`, `région`): they
    # locate the question, they are not what it asks about.
    area_words: tuple[str, ...] = field(default=(), compare=False)


def classify(question: str, reading: Reading | None = None, territory_name: str = "") -> Scope:
    """Scope of a question (see the module docstring), from the gazetteer's `reading` of it
    (None without a territory pack) and the territory's name."""
    if reading is not None and (reading.communes or reading.groups):
        return Scope("place", reading.communes, reading.groups)
    raw = tokens(question)
    words = [fold(w) for w in raw]
    cues = _cues(words)
    area = [r for i, (r, w) in enumerate(zip(raw, words, strict=True)) if _whole(words, i)]
    if reading is not None and reading.territory:
        cues = ("territory name", *cues)
        area += tokens(territory_name)
        area += [w for name in reading.territory_said for w in tokens(name)]
    if not cues:
        return Scope("none")
    return Scope("territory", cues=cues, area_words=tuple(dict.fromkeys(area)))


def _whole(words: list[str], i: int) -> bool:
    """The word names the whole territory, not a kind of its parts: "Which territory
    council?" and "Quel conseil de territoire ?" ask about one of its councils."""
    if words[i] not in _WHOLE:
        return False
    council = words[i + 1 : i + 2] in (["council"], ["councils"])
    return not council and words[max(0, i - 2) : i] not in (["conseil", "de"], ["conseils", "de"])


def _cues(words: list[str]) -> tuple[str, ...]:
    found: list[str] = [w for i, w in enumerate(words) if _whole(words, i)]
    for phrase in _WHOLE_PHRASES:
        n = len(phrase)
        if any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1)):
            found.append(" ".join(phrase))
    for i, w in enumerate(words):
        if w in _WHICH and any(x in _PLACE_NOUNS for x in words[i + 1 : i + 4]):
            found.append(f"{w} …")
        if w in _WHERE and any(x in _ACTIVITIES for x in words[i + 1 : i + 5]):
            found.append(f"{w} …")
    return tuple(dict.fromkeys(found))
