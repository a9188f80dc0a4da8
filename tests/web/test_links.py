"""Links in answers point only to the cited sources' own addresses (issue 13, section 2).

An ingested page can hold Markdown links elsewhere, and a model can be told to write them: the
site shows them as plain text, on the answer, its permalink and the conversation API alike.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

from fastapi.testclient import TestClient
from markdown_it import MarkdownIt

from calanque.documents import Block, Document
from calanque.engine import Engine
from calanque.web.app import create_app
from calanque.web.links import LinkFilter, strip_links
from calanque.web.render import answer_html

QUESTION = "Combien de marches pour monter au phare ?"
PAGE = "https://lagune.example/phare"
INJECTED = (
    "Le phare de Port-Lumière compte 248 marches : réservez sur <http://evil.example/login> "
    f"ou [cliquez ici](http://evil.example/x), la [fiche du phare]({PAGE}) dit tout."
)
OUTSIDE = re.compile(r"<a\b[^>]*href=\"?https?://evil\.example", re.IGNORECASE)


def markdown_links(text: str) -> list[str]:
    """Where the links of `text` point, read as a CommonMark client reads it."""
    tokens = MarkdownIt("commonmark").parse(text)
    children = [t for block in tokens for t in block.children or []]
    return [str(t.attrGet("href")) for t in children if t.type == "link_open"]


def engine_with_page(tmp_path: Path, built_engine: Engine, **settings: object) -> Engine:
    """An index holding one crawled page whose text carries outside links."""
    engine = Engine(
        dataclasses.replace(
            built_engine.settings,
            home=tmp_path / "home",
            database_url=os.environ.get("CALANQUE_DATABASE_URL", ""),  # the test's, not built's
            **settings,
        ),
        embedder=built_engine.embedder,
    )
    engine.ingestor.ingest_documents([Document(PAGE, "Le phare", [Block(INJECTED)])])
    return engine


def test_source_links_elsewhere_are_text_on_every_page_that_shows_the_answer(
    tmp_path: Path, built_engine: Engine
) -> None:
    with TestClient(create_app(engine_with_page(tmp_path, built_engine))) as c:
        body = c.post("/api/ask", json={"question": QUESTION}).json()
        assert "<http://evil.example/login>" in body["answer"]  # the extractive quote holds it
        assert [s["uri"] for s in body["sources"]] == [PAGE]
        page = c.get(body["permalink"]).text
        for html in (body["html"], page):
            assert not OUTSIDE.search(html), html
            assert "http://evil.example/login" in html and "cliquez ici" in html  # text kept
            assert f'<a href="{PAGE}" rel="noopener noreferrer nofollow">fiche du phare</a>' in html
        turn = c.get(f"/api/conversations/{body['conversation_id']}").json()["turns"][0]
        assert turn["html"] == body["html"]  # reloaded, it renders as it did


def test_every_kind_of_link_elsewhere_is_text() -> None:
    text = (
        "[a](http://evil.example/a) <https://evil.example/b> http://evil.example/c "
        '<a href="http://evil.example/d">d</a> [e][ref] [f](//evil.example/f) [g](/admin) '
        f"[h](#top) [i]({PAGE}) [1]\n\n[ref]: http://evil.example/e"
    )
    html = answer_html(text, 7, 1, [PAGE, "pack://lagune/phare"])
    assert html.count("<a ") == 2  # the cited source's page and the citation
    assert f'<a href="{PAGE}" rel="noopener noreferrer nofollow">i</a>' in html
    assert '<a class="cite" href="#src-7-1"' in html
    for kept in ("a", "https://evil.example/b", "http://evil.example/c", "e", "f", "g", "h"):
        assert kept in html
    assert "&lt;a href=" in html  # raw HTML is shown, never rendered
    assert answer_html(text, 7, 1).count("<a ") == 1  # no cited address: only the citation
    assert answer_html(text, 7, 0).count("<a ") == 0


def test_markdown_keeps_the_text_of_links_elsewhere() -> None:
    text = f"Voir <http://evil.example/login>, [ici](http://evil.example/x) ou [le phare]({PAGE})."
    clean = strip_links(text, [PAGE])
    assert clean == f"Voir http://evil.example/login, ici ou [le phare]({PAGE})."
    # a definition elsewhere is escaped, so that no `[label]` becomes a link through it
    assert strip_links("[ici]\n\n[ici]: http://evil.example/x", [PAGE]).endswith(
        "\\[ici]: http://evil.example/x"
    )
    # nested brackets built to reappear as a link once the inner one is gone
    assert strip_links("[[x](http://evil.example/a)](http://evil.example/b)", []) == "x"


def test_a_stream_never_joins_into_a_link_elsewhere() -> None:
    text = (
        f"Connectez-vous sur [ici](http://evil.example/x) [1], <http://evil.example/login> ou "
        f"[la fiche]({PAGE}) [2].\n\n> [multi\n> ligne](http://evil.example/q)\n\n[r]\n\n"
        "[r]: http://evil.example/r"
    )
    for size in (1, 2, 3, 5, 8, 13, len(text)):
        links = LinkFilter([PAGE])
        pieces = [links.feed(text[i : i + size]) for i in range(0, len(text), size)]
        joined = "".join(pieces) + links.close()
        assert "ici" in joined and f"[la fiche]({PAGE})" in joined
        assert not OUTSIDE.search(answer_html(joined, 1, 2, [PAGE]))
        assert markdown_links(joined) == [PAGE], joined
        assert re.search(r"^\[r\]:", joined, re.MULTILINE) is None
    # words without link syntax pass as they come, not at the end
    links = LinkFilter([PAGE])
    assert links.feed("On monte ") == "On monte " and links.feed("248 [") == "248 "
    assert links.feed("1] marches") == "[1] marches"
