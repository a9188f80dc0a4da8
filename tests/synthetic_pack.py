"""A complete synthetic territory pack, written in code: the whole pipeline runs on it."""

from __future__ import annotations

import textwrap
from pathlib import Path

COMMUNES = [
    # insee, name, population, lat, lon, area, postal codes, group
    ("99001", "Port-Lumière", 52000, 43.10, 5.00, 40.0, "99100 99110", "Côte"),
    ("99002", "Saint-Vent", 8100, 43.16, 5.08, 22.5, "99200", "Côte"),
    ("99003", "Les Oliviers-Hauts", 3100, 43.30, 5.20, 31.0, "99300", "Collines"),
    ("99004", "La Roche-d'Azur", 2050, 43.25, 5.35, 18.2, "99400", "Collines"),
    ("99005", "Bourg-Neuf", 12400, 43.35, 5.05, 27.9, "99500", "Collines"),
]

CORPUS = {
    "phare.md": """\
        ---
        title: Le phare de Port-Lumière
        lang: fr
        kind: place
        sources: ["Office de tourisme de Port-Lumière"]
        demo: true
        ---
        # Le phare de Port-Lumière

        ## Histoire
        Le phare de Port-Lumière a été allumé pour la première fois en 1862 sur la pointe rocheuse.
        Sa lanterne est visible à quarante kilomètres par temps clair.

        ## Visites
        Le phare se visite chaque samedi : on monte 248 marches jusqu'à la galerie.
        """,
    "fromage.md": """\
        ---
        title: La fromagerie des Oliviers-Hauts
        lang: fr
        kind: place
        ---
        # La fromagerie des Oliviers-Hauts

        Aux Oliviers-Hauts, la fromagerie coopérative affine des tommes de chèvre dans une cave
        voûtée. Les bergers du plateau y livrent le lait de leurs troupeaux chaque matin.
        """,
    "hiking.md": """\
        ---
        title: Hiking the Roche-d'Azur ridge
        lang: en
        kind: guide
        ---
        # Hiking the Roche-d'Azur ridge

        The ridge trail above La Roche-d'Azur is a six-hour loop with wide views over the lagoon.
        Hikers should carry water, because there is no spring on the ridge.
        """,
    "usine.md": """\
        ---
        title: L'usine de batteries de Bourg-Neuf
        lang: fr
        kind: sector
        ---
        # L'usine de batteries de Bourg-Neuf

        À Bourg-Neuf, une usine de batteries électriques emploie des techniciens et des ingénieurs.
        Elle recrute des électrotechniciens formés au lycée professionnel de Saint-Vent.
        """,
}


def build_pack(root: Path) -> Path:
    """A complete, tiny territory pack: manifest, communes, aliases, terms, corpus."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pack.toml").write_text(
        textwrap.dedent(
            """\
            id = "lagune"
            name = "Lagune"
            agency = "Agence de la Lagune"
            languages = ["fr", "en"]
            of = { fr = "de la Lagune", en = "of the Lagune territory" }
            reference_communes = ["99001"]
            [group]
            label = { fr = "bassin", en = "basin" }
            names = ["Côte", "Collines"]
            [examples]
            fr = ["Quand visiter le phare ?"]
            en = ["Where to hike?"]
            """
        ),
        encoding="utf-8",
    )
    rows = ["insee,name,population,lat,lon,area_km2,postal_codes,group"]
    rows += [",".join(f'"{v}"' if isinstance(v, str) else str(v) for v in c) for c in COMMUNES]
    (root / "communes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (root / "aliases.csv").write_text(
        "alias,insee,kind\nPort-Lu,99001,alias\nLumiérois,99001,demonym\n", encoding="utf-8"
    )
    # what people call a thing, as the sources write it
    (root / "terms.csv").write_text(
        "term,said\nla Vieille Lanterne,le phare de Port-Lumière\nle Vieux Môle,la jetée du port\n",
        encoding="utf-8",
    )
    corpus = root / "corpus"
    corpus.mkdir(exist_ok=True)
    for name, text in CORPUS.items():
        (corpus / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root
