from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from calanque.territory.factsheets import fact_sheets, territory_sheet
from calanque.territory.gazetteer import Gazetteer
from calanque.territory.pack import PackError, bundled_packs, load_pack


def test_synthetic_pack_loads(pack_dir: Path) -> None:
    pack = load_pack(pack_dir)
    assert pack.id == "lagune"
    assert pack.groups == ("Côte", "Collines")
    assert pack.commune("99001").name == "Port-Lumière"
    assert pack.commune("99001").postal_codes == ("99100", "99110")
    nearest = pack.nearest("99001", 1)
    assert nearest[0][0].name == "Saint-Vent"
    assert 5 < nearest[0][1] < 15  # 0.06° lat and 0.08° lon apart


def test_bundled_pack_has_the_92_communes() -> None:
    assert "aix-marseille-provence" in bundled_packs()
    pack = load_pack("aix-marseille-provence")
    assert len(pack.communes) == 92
    assert len(pack.groups) == 6
    assert {c.group for c in pack.communes.values()} == set(pack.groups)
    assert pack.commune("13055").name == "Marseille"
    assert sum(1 for s in pack.subareas if s.kind == "quartier") == 111


def test_unknown_pack_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="no territory pack"):
        load_pack(tmp_path / "nowhere")


def test_malformed_communes_row_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text('id = "x"\n', encoding="utf-8")
    (tmp_path / "communes.csv").write_text(
        "insee,name,population,lat,lon,area_km2,postal_codes,group\n1,A,many,0,0,1,,G\n",
        encoding="utf-8",
    )
    with pytest.raises(PackError, match=r"communes.csv:2"):
        load_pack(tmp_path)


def test_a_term_without_what_the_sources_say_names_the_line(tmp_path: Path, pack_dir: Path) -> None:
    shutil.copytree(pack_dir, tmp_path / "p")
    for short in ("AMU,", "AMU"):  # an empty field, a missing one
        (tmp_path / "p" / "terms.csv").write_text(f"term,said\nOM,Olympique\n{short}\n", "utf-8")
        with pytest.raises(PackError, match=r"terms.csv:3"):
            load_pack(tmp_path / "p")
    # … and the terms are no place table: the index need not link its places anew
    (tmp_path / "p" / "terms.csv").write_text("term,said\nOM,Olympique\n", "utf-8")
    assert load_pack(tmp_path / "p").fingerprint == load_pack(pack_dir).fingerprint


def test_undeclared_group_is_refused(tmp_path: Path, pack_dir: Path) -> None:
    text = (pack_dir / "pack.toml").read_text(encoding="utf-8").replace('"Collines"]', "]")
    for name in ("communes.csv", "aliases.csv"):
        (tmp_path / name).write_bytes((pack_dir / name).read_bytes())
    (tmp_path / "pack.toml").write_text(text, encoding="utf-8")
    with pytest.raises(PackError, match="undeclared groups"):
        load_pack(tmp_path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Randonnée au-dessus de la roche d'azur", ["99004"]),
        ("LES OLIVIERS HAUTS et Bourg Neuf", ["99003", "99005"]),
        ("les Lumiérois aiment Port-Lu", ["99001"]),
        ("rien à voir ici", []),
    ],
)
def test_gazetteer_ignores_case_accents_hyphens(
    pack_dir: Path, text: str, expected: list[str]
) -> None:
    assert Gazetteer(load_pack(pack_dir)).communes(text) == expected


def test_a_remembered_scan_is_not_changed_by_its_reader(pack_dir: Path) -> None:
    """A sentence's scan is remembered: what one caller does with its list is not what the
    next one reads."""
    g = Gazetteer(load_pack(pack_dir))
    text = "De Saint-Vent à Bourg-Neuf"
    g.find(text).clear()
    g.read(text).mentions.clear()
    assert g.communes(text) == ["99002", "99005"]
    long_text = text + " et retour." + " Rien." * 400  # a document: scanned, not remembered
    assert g.communes(long_text) == ["99002", "99005"]


def test_gazetteer_on_the_bundled_pack() -> None:
    g = Gazetteer(load_pack("aix-marseille-provence"))
    assert g.communes("Une balade de Saint-Mitre-les-Remparts à Berre l'Étang") == [
        "13098",
        "13014",
    ]
    assert g.communes("les Martégaux et les Aixois") == ["13056", "13001"]
    # Sub-area names that are common words only match with their capitals.
    assert g.communes("une journée à la plage") == []
    mention = g.find("le 8e arrondissement")[0]
    assert (mention.place.insee, mention.place.kind) == ("13055", "arrondissement")


def test_fact_sheets_state_the_table_figures(pack_dir: Path) -> None:
    pack = load_pack(pack_dir)
    sheets = {d.uri: d for d in fact_sheets(pack)}
    assert len(sheets) == 2 * (5 + 2 + 1)  # communes, groups, the territory
    fr = sheets["pack://lagune/communes/99002/fr"].text
    assert "Saint-Vent compte 8 100 habitants" in fr
    assert "membre du bassin Côte" in fr
    assert "de Port-Lumière" in fr  # distance to the reference commune
    en = sheets["pack://lagune/communes/99002/en"].text
    assert "8,100 inhabitants" in en
    group = sheets["pack://lagune/groups/collines/fr"]
    assert group.meta["communes"] == ["99005", "99003", "99004"]


def test_the_territory_sheet_ranks_its_communes(pack_dir: Path) -> None:
    """ "Quelle est la ville la plus peuplée après Port-Lumière ?" is asked of the whole
    territory: its sheet ranks the communes, and says the smallest."""
    sheets = {d.uri: d.text for d in fact_sheets(load_pack(pack_dir))}
    fr, en = (sheets[f"pack://lagune/territory/{lang}"] for lang in ("fr", "en"))
    assert (
        "Après Port-Lumière, les communes les plus peuplées sont Bourg-Neuf (12 400 habitants), "
        "deuxième ville de la Lagune, Saint-Vent (8 100 habitants) et Les Oliviers-Hauts (3 100 "
        "habitants)."
    ) in fr
    assert (
        "La plus grande ville de la Lagune est Port-Lumière par la population (52 000 habitants)"
    ) in fr
    assert "; la plus petite commune est La Roche-d'Azur (2 050 habitants)." in fr
    # about the whole territory: no commune's filter finds it
    sheet = next(d for d in fact_sheets(load_pack(pack_dir)) if d.uri.endswith("territory/fr"))
    assert sheet.meta["communes"] == []
    assert "After Port-Lumière, the largest towns by population are Bourg-Neuf" in en
    assert "The largest towns by area: Port-Lumière (40.0 km²), Les Oliviers-Hauts" in en
    # … and its area, theirs summed ("Quelle est la superficie de la métropole ?")
    assert "La superficie de la Lagune est de 140 km²." in fr
    assert "The area of the Lagune territory is 140 km²." in en


def test_sheets_say_the_largest_and_the_smallest_commune(pack_dir: Path) -> None:
    """As people ask for them ("la plus grande ville du bassin Collines ?", "la plus
    peuplée ?"); the territory's sheet says its largest by area too when another is the
    widest."""
    sheets = {d.uri: d.text for d in fact_sheets(load_pack(pack_dir))}
    assert (
        "Bourg-Neuf est la plus grande commune du bassin Collines par la population, La "
        "Roche-d'Azur la plus petite."
    ) in sheets["pack://lagune/groups/collines/fr"]
    assert (
        "Bourg-Neuf is the largest town of the basin Collines by population, and La Roche-d'Azur "
        "the smallest."
    ) in sheets["pack://lagune/groups/collines/en"]
    territory = sheets["pack://lagune/territory/en"]
    assert "is Port-Lumière by population (52,000 inhabitants) and by area (40.0 km²)" in territory
    pack = load_pack(pack_dir)
    wide = pack.communes["99004"]
    pack.communes["99004"] = dataclasses.replace(wide, area_km2=90.0)
    assert (
        "par la population (52 000 habitants), et par la superficie La Roche-d'Azur (90,0 km²) ; "
        "la plus petite commune est La Roche-d'Azur (2 050 habitants)."
    ) in territory_sheet(pack, "fr").text


def test_fact_sheets_say_what_the_inhabitants_are_called(pack_dir: Path) -> None:
    """From the pack's demonyms, the masculine plural ("Martégaux", not "Martégales")."""
    pack = load_pack(pack_dir)
    sheets = {d.uri: d.text for d in fact_sheets(pack)}
    fr, en = (sheets[f"pack://lagune/communes/99001/{lang}"] for lang in ("fr", "en"))
    assert "Les habitants de Port-Lumière s'appellent les Lumiérois." in fr
    assert "The inhabitants of Port-Lumière are called the Lumiérois." in en
    assert "habitants s'appellent" not in sheets["pack://lagune/communes/99002/fr"]  # none known
    bundled = load_pack("aix-marseille-provence")
    assert [bundled.demonym(i) for i in ("13056", "13047", "13041")] == [
        "Martégaux",
        "Istréens",
        "Gardannais",
    ]
