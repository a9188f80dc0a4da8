from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from calanque.ingest.chunking import chunk_document, split_sentences
from calanque.ingest.loaders import LoadError, load_bytes
from files import HTML_PAGE, encrypt_pdf, make_docx, make_pdf


def test_markdown_front_matter_and_heading_path() -> None:
    text = "---\ntitle: Guide\nlang: fr\nkind: guide\nweight: 0.5\n---\n# Guide\n\n## Bus\n\n"
    text += "Le bus 12 relie le port à la gare.\n\n### Nuit\n\nUn bus de nuit circule le samedi.\n"
    doc = load_bytes(text.encode(), "guide.md")
    assert (doc.title, doc.lang, doc.kind) == ("Guide", "fr", "guide")
    assert doc.meta["weight"] == 0.5
    assert [b.heading for b in doc.blocks] == [("Guide", "Bus"), ("Guide", "Bus", "Nuit")]


def test_html_keeps_the_main_content_only() -> None:
    doc = load_bytes(HTML_PAGE.encode(), "marche.html")
    text = doc.text
    assert "chaque mardi matin" in text
    assert "navette depuis Port-Lumière" in text
    assert "Menu principal" not in text and "Mentions légales" not in text
    assert doc.title == "Le marché de Saint-Vent"
    assert doc.meta["canonical"] == "https://saint-vent.example/marche"
    assert any(b.heading[-1:] == ("Accès",) for b in doc.blocks)


def test_pdf_text_pages_and_title() -> None:
    data = make_pdf(
        [["Le phare se visite le samedi.", "Montée de 248 marches."], ["Page deux : accès."]],
        title="Phare",
    )
    doc = load_bytes(data, "phare.pdf")
    assert doc.title == "Phare"
    assert "248 marches" in doc.text
    assert {b.heading for b in doc.blocks} == {("p. 1",), ("p. 2",)}


def test_docx_headings_paragraphs_and_tables(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "navettes.docx",
        "Navettes maritimes",
        {"Horaires": ["La navette part du quai à 8 h."], "Tarifs": ["Le ticket coûte 2 euros."]},
    )
    doc = load_bytes(path.read_bytes(), str(path))
    assert doc.title == "Navettes maritimes"
    headings = [b.heading for b in doc.blocks]
    assert ("Navettes maritimes", "Horaires") in headings
    assert "Navette 1 | 20 min" in doc.text


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.md", b"   \n", "empty file"),
        ("binary.txt", b"PK\x03\x04\x00\x00binary\x00data", "binary content"),
        ("fake.pdf", b"<html>not a pdf</html>", "not a PDF"),
        ("truncated.pdf", make_pdf([["Bonjour"]])[:60], "corrupt PDF"),
        ("fake.docx", b"just text, not a zip", "not a DOCX"),
        ("image.png", b"\x89PNG\r\n", "unsupported file type"),
        ("scanned.pdf", make_pdf([[]]), "no extractable text"),
        ("bad-front.md", b"---\ntitle: [unclosed\n---\nbody text", "malformed front matter"),
    ],
)
def test_bad_files_are_refused_with_a_reason(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(LoadError, match=reason):
        load_bytes(data, name)


def test_password_protected_pdf() -> None:
    data = encrypt_pdf(make_pdf([["Secret"]]), "s3cret")
    with pytest.raises(LoadError, match="password-protected"):
        load_bytes(data, "locked.pdf")


def test_zip_that_is_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(LoadError, match="corrupt DOCX"):
        load_bytes(path.read_bytes(), str(path))


def test_chunks_respect_sections_and_length() -> None:
    long = " ".join(f"Phrase numéro {i} sur le port." for i in range(120))
    text = f"# T\n\n## A\n\nCourt paragraphe.\n\n## B\n\n{long}\n"
    doc = load_bytes(text.encode(), "t.md")
    chunks = chunk_document(doc, target_words=140, max_words=220)
    assert chunks[0].heading == ("T", "A") and chunks[0].text == "Court paragraphe."
    assert all(c.heading == ("T", "B") for c in chunks[1:])
    assert all(len(c.text.split()) <= 220 for c in chunks)
    assert "Phrase numéro 119" in chunks[-1].text
    assert chunks[1].embedding_text("T").startswith("T — B\n")


def test_sentence_split() -> None:
    assert split_sentences("Le port est ouvert. Il ferme à 20 h ! Et après ?") == [
        "Le port est ouvert.",
        "Il ferme à 20 h !",
        "Et après ?",
    ]


def test_markdown_structure_links_and_emphasis() -> None:
    text = (
        "# Guide des calanques #\n\n"
        "Voir [la calanque](https://fr.wikipedia.org/wiki/Calanque_(géographie)) et "
        "[le parc](https://www.calanques-parc-national.fr/) ; **accès** *réglementé* en `été`.\n"
        "![Sormiou vue du col](sormiou.jpg) Suite du paragraphe.\n\n"
        "Accès\n-----\n\n"
        "- Sormiou par le col\n- Morgiou [en bus](https://rtm.fr/b19)\n  - ligne B19\n\n"
        "1. Arriver tôt\n2. Partir avant midi\n\n"
        "| Calanque | Accès |\n|---|---|\n| Sormiou | [à pied](https://x.fr/(a)) |\n\n"
        "> Une citation\n> sur deux lignes.\n\n"
        "## Horaires\n\nOuvert de 8 h à 19 h.\n"
    )
    doc = load_bytes(text.encode(), "guide.md")
    assert doc.title == "Guide des calanques"
    blocks = [(b.heading, b.text) for b in doc.blocks]
    assert blocks == [
        (
            ("Guide des calanques",),
            "Voir la calanque et le parc ; accès réglementé en été. Sormiou vue du col Suite du "
            "paragraphe.",
        ),
        (("Guide des calanques", "Accès"), "- Sormiou par le col\n- Morgiou en bus\n- ligne B19"),
        (("Guide des calanques", "Accès"), "1. Arriver tôt\n2. Partir avant midi"),
        (("Guide des calanques", "Accès"), "Calanque | Accès\nSormiou | à pied"),
        (("Guide des calanques", "Accès"), "Une citation sur deux lignes."),
        (("Guide des calanques", "Horaires"), "Ouvert de 8 h à 19 h."),
    ]
    assert ")" not in doc.text  # the URLs holding parentheses left nothing behind


def test_markdown_heading_rules() -> None:
    text = (
        "## C# et F#\n\nTexte un.\n\n#Pas un titre\n\n    # code, pas un titre\n\n"
        "### Fin ###\n\nDeux.\n"
    )
    doc = load_bytes(text.encode(), "h.md")
    assert [(b.heading, b.text) for b in doc.blocks] == [
        (("C# et F#",), "Texte un."),
        (("C# et F#",), "#Pas un titre"),
        (("C# et F#",), "# code, pas un titre"),
        (("C# et F#", "Fin"), "Deux."),
    ]
    assert doc.title == "h"  # no level-1 heading, no front matter: the file name


def test_front_matter_is_only_at_the_top_and_closed() -> None:
    doc = load_bytes(b"Intro.\n\n---\n\ntitle: pas du yaml\n\n---\n\nSuite.\n", "a.md")
    assert doc.title == "a" and "title: pas du yaml" in doc.text
    # A `---` never closed is a thematic break, not front matter.
    doc = load_bytes(b"---\n\n# Titre\n\nTexte.\n", "b.md")
    assert doc.title == "Titre" and doc.text == "Texte."


def test_front_matter_values_are_kept_checked() -> None:
    text = (
        "---\ntitle: Guide\nweight: 2\ncommunes: [13001, '2A004']\nupdated: 2026-11-22\n"
        "2026-01-01: une clé date\n---\n# Guide\n\nTexte.\n"
    )
    doc = load_bytes(text.encode(), "g.md")
    assert (doc.weight, doc.updated) == (2.0, "2026-11-22")
    assert doc.meta["communes"] == ["13001", "2A004"]
    assert doc.meta["2026-01-01"] == "une clé date"  # keys stored as JSON strings
