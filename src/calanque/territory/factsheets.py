"""Fact sheets generated from a pack's tables: one per commune and per group, in each language.

They give every commune a baseline presence in the index, however little has been written about it
elsewhere — the first brick of territorial equity.
"""

from __future__ import annotations

from collections.abc import Iterator

from calanque.documents import Block, Document
from calanque.index.analysis import fold
from calanque.territory.pack import Commune, TerritoryPack, distance_km


def _n(value: float, lang: str, digits: int = 0) -> str:
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",") if lang == "fr" else text


def _de(name: str) -> str:
    """French `de` with elision and contraction: `d'Aubagne`, `du Rove`, `des Pennes-Mirabeau`."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    return ("d'" if fold(name[:1]) in "aeiouyh" else "de ") + name


def _postcodes(c: Commune, lang: str) -> str:
    codes = ", ".join(c.postal_codes) or "—"
    if lang == "fr":
        return f"Code postal : {codes}." if len(c.postal_codes) < 2 else f"Codes postaux : {codes}."
    return f"Postal code: {codes}." if len(c.postal_codes) < 2 else f"Postal codes: {codes}."


def commune_sheet(pack: TerritoryPack, c: Commune, lang: str) -> Document:
    """A short, factual page about one commune, computed from the table."""
    group_label = pack.group_label.get(lang, "group")
    members = sorted(
        (m for m in pack.communes.values() if m.group == c.group), key=lambda m: -m.population
    )
    rank = [m.insee for m in members].index(c.insee) + 1
    near = pack.nearest(c.insee, 5)
    refs = [pack.communes[r] for r in pack.reference_communes if r != c.insee]
    demonym = pack.demonym(c.insee)
    if lang == "fr":
        title = f"{c.name} — fiche commune"
        intro = (
            f"{c.name} est une commune {pack.of('fr')}, membre du {group_label} {c.group}. "
            f"{c.name} compte {_n(c.population, lang)} habitants (population municipale) "
            f"sur {_n(c.area_km2, lang, 1)} km², soit {_n(c.density, lang)} habitants par km². "
            + (f"Les habitants {_de(c.name)} s'appellent les {demonym}. " if demonym else "")
            + f"{_postcodes(c, lang)} Code INSEE : {c.insee}."
        )
        rank_text = (
            f"Dans le {group_label} {c.group}, qui regroupe {len(members)} communes, {c.name} "
            f"est la commune n° {rank} par la population."
        )
        where = " ".join(
            f"{c.name} est à {_n(distance_km(c.lat, c.lon, r.lat, r.lon), lang)} km {_de(r.name)} "
            "à vol d'oiseau."
            for r in refs
        )
        neighbours = "Communes les plus proches {} : {}.".format(
            _de(c.name), ", ".join(f"{m.name} ({_n(d, lang, 1)} km)" for m, d in near)
        )
    else:
        title = f"{c.name} — municipality fact sheet"
        intro = (
            f"{c.name} is a municipality (commune) {pack.of('en')}, part of the {group_label} "
            f"{c.group}. {c.name} has {_n(c.population, lang)} inhabitants on "
            f"{_n(c.area_km2, lang, 1)} km², a density of {_n(c.density, lang)} inhabitants per "
            "km². "
            + (f"The inhabitants of {c.name} are called the {demonym}. " if demonym else "")
            + f"{_postcodes(c, lang)} INSEE code: {c.insee}."
        )
        rank_text = (
            f"Among the {len(members)} municipalities of the {group_label} {c.group}, {c.name} "
            f"ranks number {rank} by population."
        )
        where = " ".join(
            f"{c.name} is {_n(distance_km(c.lat, c.lon, r.lat, r.lon), lang)} km from {r.name} "
            "as the crow flies."
            for r in refs
        )
        neighbours = "Nearest municipalities to {}: {}.".format(
            c.name, ", ".join(f"{m.name} ({_n(d, lang, 1)} km)" for m, d in near)
        )
    # One heading for all blocks: a sheet is short enough to be one chunk, embedded once.
    blocks = [Block(intro, (title,)), Block(rank_text, (title,))]
    blocks.append(Block(f"{where} {neighbours}".strip(), (title,)))
    return Document(
        uri=f"pack://{pack.id}/communes/{c.insee}/{lang}",
        title=title,
        blocks=blocks,
        kind="factsheet",
        lang=lang,
        meta={"communes": [c.insee], "generated_from": "pack tables"},
    )


def _extremes(communes: list[Commune], lang: str, where: str) -> str:
    """The largest and the smallest commune, as people ask for them ("Quelle est la plus
    grande ville de la métropole ?", "Et la plus petite ?"): by population, and by area when
    another commune is the widest. (A group's sheet says it without figures: with them, it
    outranked the group's count of communes and inhabitants.)"""
    most = max(communes, key=lambda c: c.population)
    widest = max(communes, key=lambda c: c.area_km2)
    least = min(communes, key=lambda c: c.population)
    if lang == "fr":
        area = (
            f" et par la superficie ({_n(most.area_km2, lang, 1)} km²)"
            if widest is most
            else f", et par la superficie {widest.name} ({_n(widest.area_km2, lang, 1)} km²)"
        )
        return (
            f"La plus grande ville {where} est {most.name} par la population "
            f"({_n(most.population, lang)} habitants){area} ; la plus petite commune est "
            f"{least.name} ({_n(least.population, lang)} habitants)."
        )
    area = (
        f" and by area ({_n(most.area_km2, lang, 1)} km²)"
        if widest is most
        else f", and by area {widest.name} ({_n(widest.area_km2, lang, 1)} km²)"
    )
    return (
        f"The largest town {where} is {most.name} by population "
        f"({_n(most.population, lang)} inhabitants){area}; the smallest municipality is "
        f"{least.name} ({_n(least.population, lang)} inhabitants)."
    )


def group_sheet(pack: TerritoryPack, group: str, lang: str) -> Document:
    """One page per group listing its communes, so group-level questions have a source."""
    members = sorted(
        (c for c in pack.communes.values() if c.group == group), key=lambda c: -c.population
    )
    population = sum(c.population for c in members)
    share = population / max(1, sum(c.population for c in pack.communes.values()))
    label = pack.group_label.get(lang, "group")
    names = ", ".join(c.name for c in members)
    most, least = members[0], members[-1]
    if lang == "fr":
        title = f"{group} — {label}"
        text = (
            f"Le {label} {group} fait partie {pack.of('fr')}. Il regroupe {len(members)} communes "
            f"et {_n(population, lang)} habitants, soit {_n(100 * share, lang, 1)} % de la "
            f"population {pack.of('fr')}. Ses communes, de la plus peuplée à la moins peuplée : "
            f"{names}. {most.name} est la plus grande commune du {label} {group} par la "
            f"population, {least.name} la plus petite."
        )
    else:
        title = f"{group} — {label}"
        text = (
            f"The {label} {group} is part {pack.of('en')}. It groups {len(members)} municipalities "
            f"and {_n(population, lang)} inhabitants, {_n(100 * share, lang, 1)}% of the "
            f"population {pack.of('en')}. Its municipalities, largest first: {names}. "
            f"{most.name} is the largest town of the {label} {group} by population, and "
            f"{least.name} the smallest."
        )
    return Document(
        uri=f"pack://{pack.id}/groups/{_slug(group)}/{lang}",
        title=title,
        blocks=[Block(text, (title,))],
        kind="factsheet",
        lang=lang,
        meta={"communes": [c.insee for c in members], "group": group},
    )


# how many communes the territory sheet ranks by population, and by area
_TOP = 10
_TOP_AREA = 5


def territory_sheet(pack: TerritoryPack, lang: str) -> Document:
    """One page for the whole territory, its communes ranked: "Quelle est la ville la plus
    peuplée après Marseille ?" is asked of the territory, which no commune's or group's sheet
    ranks. Its area is theirs summed; its population is not given (the agency's documents give
    it in their own words, and a second figure would read as a dispute)."""
    communes = sorted(pack.communes.values(), key=lambda c: -c.population)
    largest = sorted(communes, key=lambda c: -c.area_km2)[:_TOP_AREA]
    first, *after = communes[:4]
    area = sum(c.area_km2 for c in communes)
    if lang == "fr":
        title = f"{pack.name} — ses communes par population et par superficie"
        blocks = [
            _extremes(communes, lang, pack.of("fr")),
            f"La superficie {pack.of('fr')} est de {_n(area, lang)} km².",
            f"Les communes les plus peuplées {pack.of('fr')} : "
            + ", ".join(f"{c.name} ({_n(c.population, lang)} habitants)" for c in communes[:_TOP])
            + ".",
            f"Après {first.name}, les communes les plus peuplées sont {after[0].name} "
            f"({_n(after[0].population, lang)} habitants), deuxième ville {pack.of('fr')}, "
            + ", ".join(f"{c.name} ({_n(c.population, lang)} habitants)" for c in after[1:-1])
            + f" et {after[-1].name} ({_n(after[-1].population, lang)} habitants).",
            "Les communes les plus étendues : "
            + ", ".join(f"{c.name} ({_n(c.area_km2, lang, 1)} km²)" for c in largest)
            + ".",
        ]
    else:
        title = f"{pack.name} — its municipalities by population and area"
        blocks = [
            _extremes(communes, lang, pack.of("en")),
            f"The area {pack.of('en')} is {_n(area, lang)} km².",
            f"The most populous towns {pack.of('en')}: "
            + ", ".join(f"{c.name} ({_n(c.population, lang)} inhabitants)" for c in communes[:_TOP])
            + ".",
            f"After {first.name}, the largest towns by population are {after[0].name} "
            f"({_n(after[0].population, lang)} inhabitants), the second town {pack.of('en')}, "
            + ", ".join(f"{c.name} ({_n(c.population, lang)} inhabitants)" for c in after[1:-1])
            + f" and {after[-1].name} ({_n(after[-1].population, lang)} inhabitants).",
            "The largest towns by area: "
            + ", ".join(f"{c.name} ({_n(c.area_km2, lang, 1)} km²)" for c in largest)
            + ".",
        ]
    return Document(
        uri=f"pack://{pack.id}/territory/{lang}",
        title=title,
        # one chunk, like the other sheets
        blocks=[Block(" ".join(blocks), (title,))],
        kind="factsheet",
        lang=lang,
        # about the whole territory, not the communes it ranks: a commune's filter leaves it out
        meta={"communes": [], "generated_from": "pack tables"},
    )


def fact_sheets(pack: TerritoryPack) -> Iterator[Document]:
    """Every commune and group sheet, and the territory's, in every language the pack declares
    that we can write."""
    for lang in (lang for lang in pack.languages if lang in ("fr", "en")):
        if len(pack.communes) >= 4:
            yield territory_sheet(pack, lang)
        for c in sorted(pack.communes.values(), key=lambda c: c.insee):
            yield commune_sheet(pack, c, lang)
        for group in pack.groups:
            yield group_sheet(pack, group, lang)


def _slug(text: str) -> str:
    return "-".join(fold(text).replace("'", " ").split())
