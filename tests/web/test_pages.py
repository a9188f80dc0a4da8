"""Rough edges a newcomer hit (issue 13, §3): HEAD, the API docs under the CSP, the demo mark
in the page's language, the widget's frame when its origin is not allowed."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from calanque.config import Settings
from calanque.engine import Engine
from calanque.index.embedders import E5Embedder
from calanque.web.app import create_app
from calanque.web.deps import brand


def test_pages_answer_head(client: TestClient) -> None:
    for path in ("/", "/equity", "/embed"):
        r = client.head(path)
        assert r.status_code == 200 and r.content == b"", path
    cid = client.post("/api/ask", json={"question": "Quand visiter le phare ?"}).json()[
        "conversation_id"
    ]
    assert client.head(f"/c/{cid}").status_code == 200


def test_api_docs_are_served_from_this_site(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", r.text, re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert "cdn" not in r.text.lower()
    for asset in (
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/vendor/swagger-ui/swagger-ui.css",
        "/static/vendor/swagger-ui/LICENSE",
        "/static/docs.js",
    ):
        assert client.get(asset).status_code == 200, asset
    assert client.get("/redoc").status_code == 404  # its CDN page would be blank too


def test_demo_mark_follows_the_page_language(tmp_path: Path, embedder: E5Embedder) -> None:
    assert brand("One Provence (démo)") == ("One Provence", True)
    assert brand("Agence de la Lagune") == ("Agence de la Lagune", False)
    settings = Settings.load({"home": tmp_path, "pack": "aix-marseille-provence"})
    app = create_app(Engine(settings, embedder=embedder))
    c = TestClient(app)  # no lifespan: the pages need no index
    english = c.get("/?lang=en").text
    bar = english.split('<header class="bar">', 1)[1].split("</header>", 1)[0]
    assert "démo" not in bar and ">demo</span>" in bar and "One Provence" in bar
    french = c.get("/?lang=fr").text
    assert ">démo</span>" in french.split('<header class="bar">', 1)[1].split("</header>", 1)[0]


def _framed(c: TestClient, referer: str, site: str = "cross-site") -> httpx.Response:
    return c.get(
        "/embed?lang=fr",
        headers={"Sec-Fetch-Dest": "iframe", "Sec-Fetch-Site": site, "Referer": referer},
    )


def test_embed_frame_says_what_to_set(client: TestClient, built_engine: Engine) -> None:
    r = _framed(client, "https://mairie.example/accueil?x=<b>")
    assert r.status_code == 403
    text = r.text
    assert "CALANQUE_CORS_ORIGINS=https://mairie.example" in text and "<b>" not in text
    assert "<form" not in text and "<script" not in text  # nothing to click in a foreign frame
    assert "frame-ancestors *" in r.headers["content-security-policy"]
    # Not framed, or framed by the site itself: the widget page, under the usual CSP.
    assert client.get("/embed").status_code == 200
    own = _framed(client, "http://testserver/", site="same-origin")
    assert own.status_code == 200
    settings = dataclasses.replace(built_engine.settings, cors_origins="https://mairie.example")
    allowed = TestClient(create_app(Engine(settings, embedder=built_engine.embedder)))
    r = _framed(allowed, "https://mairie.example/")
    assert r.status_code == 200 and 'id="ask-form"' in r.text
    assert "frame-ancestors 'self' https://mairie.example" in r.headers["content-security-policy"]


def test_source_cards_link_documents_that_are_not_web_pages(client: TestClient) -> None:
    """A demo document or fact sheet (`pack://…`) has no web page: its card links to the site's
    page of its indexed text, which shows what the answer quoted."""
    answer = client.post("/api/ask", json={"question": "Quand visiter le phare ?"}).json()
    cards = answer["sources"]
    assert cards
    local = [s for s in cards if not s["uri"].startswith("http")]
    assert local, "the synthetic pack's sources are pack:// documents"
    card = local[0]
    assert card["href"].startswith("/source?uri=pack%3A%2F%2F")
    page = client.get(card["href"])
    assert page.status_code == 200
    assert card["title"] in page.text
    assert card["snippet"][:40].rstrip(" …") in page.text.replace("\n", " ")
    permalink = client.get(answer["permalink"]).text
    assert f'href="{card["href"].replace("&", "&amp;")}"' in permalink
    assert client.get("/source", params={"uri": "pack://nope"}).status_code == 404
    assert client.get("/source", params={"uri": "x" * 5000}).status_code == 422


def test_the_frames_forms_land_in_the_frame(built_engine: Engine) -> None:
    """Sent without JavaScript from the partner's frame, the question and the thumb lead to
    the frame's own conversation page, which the partner may frame; /c/ stays unframeable."""
    settings = dataclasses.replace(built_engine.settings, cors_origins="https://mairie.example")
    c = TestClient(create_app(Engine(settings, embedder=built_engine.embedder)))
    asked = c.post(
        "/ask", data={"question": "Quand visiter le phare ?", "embed": "1"}, follow_redirects=False
    )
    assert asked.status_code == 303 and asked.headers["location"].startswith("/embed/c/")
    cid = asked.headers["location"].rsplit("/", 1)[1]
    page = c.get(asked.headers["location"])
    csp = page.headers["content-security-policy"]
    assert "frame-ancestors 'self' https://mairie.example" in csp
    assert 'name="embed" value="1"' in page.text and 'class="turn"' in page.text
    assert "frame-ancestors 'none'" in c.get(f"/c/{cid}").headers["content-security-policy"]
    turn = re.search(r'data-turn-id="(\d+)"', page.text)
    assert turn is not None
    thumb = c.post(
        "/feedback",
        data={"turn_id": turn[1], "conversation_id": cid, "rating": "1", "embed": "1"},
        follow_redirects=False,
    )
    assert thumb.headers["location"].startswith(f"/embed/c/{cid}?thanks={turn[1]}")
    # The full site's own form still lands on the permalink.
    plain = c.post("/ask", data={"question": "Quand visiter le phare ?"}, follow_redirects=False)
    assert plain.headers["location"].startswith("/c/")
    # A foreign page framing the conversation is told what to set, as for /embed.
    foreign = c.get(
        f"/embed/c/{cid}",
        headers={
            "Sec-Fetch-Dest": "iframe",
            "Sec-Fetch-Site": "cross-site",
            "Referer": "https://autre.example/",
        },
    )
    assert foreign.status_code == 403 and "CALANQUE_CORS_ORIGINS" in foreign.text
