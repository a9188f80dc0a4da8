"""The site in a real browser: Debian's Chromium driven by Playwright.

Screenshots go to `artifacts/screenshots/` (look at them: they are the review of the UI).
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Frame, FrameLocator, Page, expect, sync_playwright
from web_server import serve_later

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(os.environ.get("CALANQUE_ARTIFACTS", Path(__file__).parents[2] / "artifacts"))
SHOTS = SHOTS / "screenshots"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(
            "chromium is missing: `make test` installs it (apt-get install chromium)"
        )
    pytest.skip("chromium is not installed (make test installs it)", allow_module_level=True)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.set_default_timeout(30_000)
    yield p
    context.close()


def ask(page: Page, question: str) -> None:
    page.locator("#q").fill(question)
    page.locator("#q").press("Enter")


def test_ask_cite_follow_up_feedback_and_english(page: Page, live_server: str) -> None:
    page.goto(live_server)
    expect(page.locator("h1")).to_have_text("Posez votre question sur le territoire")
    expect(page.locator("#notice")).to_contain_text("peuvent contenir des erreurs")
    page.screenshot(path=str(SHOTS / "01-home-fr.png"))

    ask(page, "Combien d'habitants à Saint-Vent ?")
    first = page.locator(".turn").nth(0)
    expect(first.locator(".answer a.cite").first).to_be_visible()
    expect(first.locator(".answer")).to_contain_text("8 100 habitants")
    expect(page).to_have_url(
        f"{live_server}/c/" + page.evaluate("document.body.dataset.conversation")
    )
    page.screenshot(path=str(SHOTS / "02-answer.png"), full_page=True)

    expect(first.locator(".map .leaflet-interactive").first).to_be_attached()
    first.locator(".answer a.cite").first.click()
    card = first.locator(".source.flash")
    expect(card).to_be_visible()
    expect(card.locator(".source-title")).to_contain_text("Saint-Vent")
    page.screenshot(path=str(SHOTS / "03-source-card.png"))
    # A fact sheet has no web page: its card opens the site's page of its indexed text.
    href = card.locator("a.source-title").get_attribute("href")
    assert href is not None and href.startswith("/source?uri=pack%3A%2F%2F")
    source = page.context.new_page()
    source.goto(live_server + href)
    expect(source.locator("h1")).to_contain_text("Saint-Vent")
    expect(source.locator("main")).to_contain_text("8 100")
    source.screenshot(path=str(SHOTS / "03b-source-page.png"), full_page=True)
    source.close()

    ask(page, "Et à Bourg-Neuf ?")
    second = page.locator(".turn").nth(1)
    expect(second.locator(".answer")).to_contain_text("12 400 habitants")
    expect(second.locator(".answer a.cite").first).to_be_visible()
    expect(page.locator(".turn")).to_have_count(2)

    thumb = first.locator('.thumb[data-rating="1"]')
    box = thumb.locator("svg.icon").bounding_box()  # drawn, not an emoji the font may lack
    assert box is not None and box["width"] > 10 and box["height"] > 10
    thumb.click()
    expect(first.locator(".thanks")).to_have_text("Merci pour votre retour.")
    conversation = page.evaluate("document.body.dataset.conversation")
    turns = httpx.get(f"{live_server}/api/conversations/{conversation}").json()["turns"]
    assert turns[0]["feedback"][0]["rating"] == 1
    page.screenshot(path=str(SHOTS / "04-follow-up-feedback.png"), full_page=True)

    page.reload()  # the permalink renders the whole conversation on the server
    expect(page.locator(".turn")).to_have_count(2)

    page.locator("a.lang").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(live_server)
    expect(page.locator("h1")).to_have_text("Ask anything about the territory")
    ask(page, "How long is the hike on the ridge trail?")
    expect(page.locator(".turn .answer")).to_contain_text("six-hour loop")
    page.screenshot(path=str(SHOTS / "05-english.png"), full_page=True)


def test_keyboard_only_and_example_questions(page: Page, live_server: str) -> None:
    page.goto(live_server)
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.locator(".skip")).to_be_focused()
    page.locator(".example").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".turn .answer")).not_to_be_empty()
    expect(page.locator(".turn .answer")).not_to_have_attribute("aria-busy", "true")
    expect(page.locator("#q")).to_be_focused()


def test_phone_layout(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server)
    ask(page, "Quand le phare a-t-il été allumé ?")
    expect(page.locator(".turn .answer")).to_contain_text("1862")
    expect(page.locator(".source .badge").first).to_have_text("démo")  # a demo document
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing overflows sideways
    page.screenshot(path=str(SHOTS / "06-phone.png"), full_page=True)
    context.close()


def test_widget_on_a_partner_page(page: Page, live_server: str) -> None:
    page.set_content(
        f"<html><body><h1>Mairie de Saint-Vent</h1>"
        f'<script src="{live_server}/widget.js" data-lang="fr"></script></body></html>'
    )
    button = page.locator('[data-calanque-widget="button"]')
    expect(button).to_have_text("Une question sur le territoire ?")
    button.click()
    frame = page.locator('[data-calanque-widget="panel"]')
    expect(frame).to_have_attribute("src", f"{live_server}/embed?lang=fr")
    expect(button).to_have_attribute("aria-expanded", "true")


def test_equity_page_with_its_map(page: Page, live_server: str) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server)
    ask(page, "Où visiter un phare ou une fromagerie ?")
    expect(page.locator(".turn .answer a.cite").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "07-territory-wide-answer.png"), full_page=True)
    page.locator('a.navlink[href="/equity"]').click()
    expect(page.locator("h1")).to_have_text("Équité territoriale des réponses")
    expect(page.locator("table.groups tbody tr")).to_have_count(2)
    expect(page.locator(".map .leaflet-interactive").first).to_be_attached()
    page.screenshot(path=str(SHOTS / "08-equity-page.png"), full_page=True)
    assert errors == []  # no CSP violation, no script error


def _one_line(page: Page, selector: str) -> list[str]:
    """Texts under `selector` that a line break splits (e.g. a `%` alone under its number)."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].flatMap((cell) => {
             const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
             const split = [];
             for (let node = walker.nextNode(); node; node = walker.nextNode()) {
               if (!node.textContent.includes("%")) continue;
               const range = document.createRange();
               range.selectNodeContents(node);
               const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
               if (tops.size > 1) split.push(node.textContent);
             }
             return split;
           })""",
        selector,
    )


def test_equity_figures_stay_on_one_line_on_a_phone(browser: Browser, live_server: str) -> None:
    httpx.post(
        f"{live_server}/api/ask", json={"question": "Où visiter un phare ou une fromagerie ?"}
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server}/equity")
    expect(page.locator("table.groups tbody tr").first).to_be_visible()
    assert page.locator("table.groups td:has-text('%')").count() >= 4
    assert _one_line(page, "table.groups td, .figures dd") == []
    # The meter, its number and the `%` on one line: the text beside the meter, not under it.
    beside = page.evaluate(
        """() => [...document.querySelectorAll("table.groups td")]
             .filter((td) => td.querySelector("meter"))
             .map((td) => {
               const m = td.querySelector("meter").getBoundingClientRect();
               const r = document.createRange();
               r.selectNodeContents(td.lastChild);
               return [...r.getClientRects()].every((t) => t.top < m.bottom && t.bottom > m.top);
             })"""
    )
    assert beside and all(beside), beside
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows
    page.screenshot(path=str(SHOTS / "09-equity-phone.png"), full_page=True)
    context.close()


def test_api_docs_under_the_site_csp(page: Page, live_server: str) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    outside: list[str] = []
    page.on(
        "request", lambda r: outside.append(r.url) if not r.url.startswith(live_server) else None
    )
    response = page.goto(f"{live_server}/docs")
    assert (
        response is not None and "script-src 'self';" in response.headers["content-security-policy"]
    )
    expect(page.locator(".opblock-summary-path", has_text="/api/ask")).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/v1/chat/completions")).to_be_visible()
    page.screenshot(path=str(SHOTS / "10-api-docs.png"))
    page.locator(".opblock-summary", has_text="/api/search").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    assert errors == [] and outside == []  # no CSP violation, nothing from a CDN


@contextmanager
def partner_site(live_server: str) -> Iterator[str]:
    """A partner's page on another origin, served on loopback (Chromium lets no public origin
    load from a loopback address, so the page cannot be faked by routing)."""
    html = (
        "<html><body><h1>Mairie de Saint-Vent</h1>"
        f'<script src="{live_server}/widget.js" data-lang="fr"></script></body></html>'
    ).encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_widget_says_what_to_set_when_the_origin_is_not_allowed(
    page: Page, live_server: str
) -> None:
    with partner_site(live_server) as partner:
        page.goto(partner)
        page.locator('[data-calanque-widget="button"]').click()
        frame = page.frame_locator('[data-calanque-widget="panel"]')
        expect(frame.locator("body")).to_contain_text("CALANQUE_CORS_ORIGINS")
        expect(frame.locator("body")).to_contain_text(partner)
        page.screenshot(path=str(SHOTS / "11-widget-origin-not-allowed.png"))


@contextmanager
def partner_with_widget(browser: Browser, built_engine: object, block: str = "") -> Iterator[Page]:
    """A partner page on an allowed origin, its widget opened. `block`: a glob of the site's
    files that never arrive (a slow network, or a visitor quicker than the script)."""
    import dataclasses

    from calanque.engine import Engine
    from calanque.web.app import create_app

    assert isinstance(built_engine, Engine)
    with serve_later() as (start, url), partner_site(url) as partner:
        settings = dataclasses.replace(built_engine.settings, cors_origins=partner)
        start(create_app(Engine(settings, embedder=built_engine.embedder)))
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        if block:
            context.route(f"{url}{block}", lambda route: route.abort())
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(partner)
        page.locator('[data-calanque-widget="button"]').click()
        yield page
        context.close()


def _panel(page: Page) -> tuple[FrameLocator, Frame]:
    handle = page.locator('[data-calanque-widget="panel"]').element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    return page.frame_locator('[data-calanque-widget="panel"]'), frame


def test_widget_on_an_allowed_origin(browser: Browser, built_engine: object) -> None:
    with partner_with_widget(browser, built_engine) as page:
        frame, loaded = _panel(page)
        # Deferred scripts have run by DOMContentLoaded: the question goes through app.js.
        loaded.wait_for_load_state("domcontentloaded")
        frame.locator("#q").fill("Combien de marches pour monter au phare ?")
        frame.locator("#q").press("Enter")
        # a fresh engine's first answer opens its index and models: on a loaded machine (the
        # PostgreSQL run of CI) that took more than expect's 5 s default
        expect(frame.locator(".turn .answer")).to_contain_text("248 marches", timeout=30_000)
        expect(frame.locator(".turn .feedback")).to_be_attached()  # the answer is complete
        # The frame's address is its own conversation page: a reload keeps the answer.
        assert re.search(r"/embed/c/[\w-]+$", loaded.url), loaded.url
        # The small frame shows the question and the start of its answer, not the form below.
        question = frame.locator(".turn .question").bounding_box()
        panel = page.locator('[data-calanque-widget="panel"]').bounding_box()
        assert question is not None and panel is not None
        assert panel["y"] <= question["y"] < panel["y"] + panel["height"] / 2
        page.screenshot(path=str(SHOTS / "12-widget-allowed.png"))
        loaded.goto(loaded.url)
        expect(frame.locator(".turn .answer")).to_contain_text("248 marches")


def test_widget_before_its_script_has_loaded(browser: Browser, built_engine: object) -> None:
    """Enter pressed before app.js runs sends the frame's form itself: the answer and the
    thanks for a thumb must land in the frame, not on /c/, which may not be framed."""
    with partner_with_widget(browser, built_engine, block="/static/app.js") as page:
        frame, loaded = _panel(page)
        frame.locator("#q").fill("Combien de marches pour monter au phare ?")
        frame.locator("#q").press("Enter")
        expect(frame.locator(".turn .answer")).to_contain_text("248 marches")
        assert "/embed/c/" in loaded.url, loaded.url
        expect(frame.locator("#new-conversation")).to_have_attribute(
            "href", re.compile(r"^/embed\?")
        )
        expect(frame.locator("#permalink")).to_have_attribute("target", "_blank")
        frame.locator('.turn .thumb[data-rating="1"]').click()
        expect(frame.locator(".turn .thanks")).not_to_be_empty()
        assert "/embed/c/" in loaded.url and "thanks=" in loaded.url, loaded.url
        page.screenshot(path=str(SHOTS / "12b-widget-without-script.png"))


def test_without_javascript(browser: Browser, live_server: str) -> None:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server)
    page.locator("#q").fill("Que visiter à Saint-Vent ?")
    page.locator("#ask-button").click()
    expect(page).to_have_url(re.compile(r"/c/"))
    turn = page.locator(".turn").first
    expect(turn.locator(".answer")).not_to_be_empty()
    assert turn.locator(".map").count() == 1
    expect(turn.locator(".map")).to_be_hidden()  # no empty grey box: maps need JavaScript
    turn.locator(".comment").fill("clair")
    turn.locator('.thumb[data-rating="1"]').click()
    expect(page.locator(".turn .thanks").first).to_have_text("Merci pour votre retour.")
    page.screenshot(path=str(SHOTS / "13-without-javascript.png"), full_page=True)
    cid = page.url.split("/c/")[1].split("?")[0].split("#")[0]
    turns = httpx.get(f"{live_server}/api/conversations/{cid}").json()["turns"]
    assert turns[0]["feedback"][0]["comment"] == "clair"
    context.close()


def test_english_brand_and_head(page: Page, live_server: str) -> None:
    assert httpx.head(f"{live_server}/").status_code == 200
    page.goto(f"{live_server}/?lang=en")
    expect(page.locator(".brand")).not_to_contain_text("démo")
