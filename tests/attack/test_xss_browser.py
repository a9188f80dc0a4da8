"""XSS payloads in every place a visitor or an indexed page can put text — a question, a
feedback comment, a document's title, body and URL — shown in a real browser (Debian's Chromium
through Playwright) on every page that shows them: the answer as it streams, the permalink, the
equity page, the source cards, the conversation's JSON. No dialog fires, no payload's element
appears in the page, and the strict CSP reports nothing."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hostile import Figures
from playwright.sync_api import Browser, Page, expect, sync_playwright

from calanque.documents import Block, Document
from calanque.engine import Engine

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(os.environ.get("CALANQUE_ARTIFACTS", Path(__file__).parents[2] / "artifacts"))
SHOTS = SHOTS / "screenshots"
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("chromium is missing: `make test` installs it")
    pytest.skip("chromium is not installed (make test installs it)", allow_module_level=True)

pytestmark = pytest.mark.browser

# Each payload calls alert(), or marks the page (`xss` attribute, `xss-` element id) if it runs.
PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)" id="xss-img">',
    '"><svg onload=alert(3) id="xss-svg">',
    "javascript:alert(4)",
    '[clic](javascript:alert(5)) <a href="javascript:alert(6)" id="xss-a">a</a>',
    "' onmouseover='alert(7)' x='",
    '</textarea></title></style><iframe srcdoc="<script>alert(8)</script>" id="xss-frame">',
    '{{7*7}} ${alert(9)} <details open ontoggle=alert(10) id="xss-details">',
]
MARK = " ".join(PAYLOADS)


@pytest.fixture(scope="module")
def poisoned(attack_engine: Engine) -> Engine:
    """Documents whose title, body and URL carry the payloads, about the lighthouse."""
    docs = [
        Document(
            f'https://lagune.example/phare?{i}="><script>alert({20 + i})</script>',
            f"Phare {payload}",
            [Block(f"Le phare de Port-Lumière compte 248 marches. {payload} Il se visite.")],
        )
        for i, payload in enumerate(PAYLOADS)
    ]
    docs.append(
        Document(
            f"javascript:alert(30)//{PAYLOADS[1]}",
            "Phare <b>gras</b>",
            [Block("La lanterne du phare de Port-Lumière est visible à quarante kilomètres.")],
        )
    )
    attack_engine.ingestor.ingest_documents(docs, source="web")
    return attack_engine


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


class Watch:
    """Dialogs, script errors and CSP reports of a page."""

    def __init__(self, page: Page) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on(
            "console",
            lambda m: self.errors.append(m.text) if m.type == "error" else None,
        )

    def clean(self, page: Page, where: str) -> None:
        page.wait_for_timeout(300)  # let an onerror/onload/ontoggle run if it were there
        injected = page.evaluate(
            "document.querySelectorAll('[id^=xss-], iframe, script:not([src])').length"
        )
        assert self.dialogs == [], (where, self.dialogs)
        assert injected == 0, where
        csp = [e for e in self.errors if "Content Security Policy" in e]
        assert csp == [], (where, csp)  # nothing even tried to run


def test_no_payload_runs_anywhere(
    poisoned: Engine, attack_server: str, browser: Browser, figures: Figures
) -> None:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(30_000)
    watch = Watch(page)
    shown = 0
    # 1. Questions carrying the payloads, asked in the page (the streamed answer, then the
    # server's HTML and the source cards the script builds).
    page.goto(attack_server)
    for i, payload in enumerate(
        [
            f"Combien de marches au phare ? {PAYLOADS[0]}",
            f"Phare {PAYLOADS[1]} {PAYLOADS[2]}",
            f"{PAYLOADS[6]} phare lanterne",
        ]
    ):
        page.locator("#q").fill(payload)
        page.locator("#q").press("Enter")
        expect(page.locator(".turn").nth(i).locator(".answer")).not_to_have_attribute(
            "aria-busy", "true"
        )
        expect(page.locator(".turn h2.question").nth(i)).to_have_text(payload)
        shown += 1
    expect(page.locator(".source .source-title").first).to_be_visible()
    watch.clean(page, "answers as they streamed")
    conversation = page.evaluate("document.body.dataset.conversation")
    # 2. Feedback comments carrying the payloads, on each turn.
    turns = httpx.get(f"{attack_server}/api/conversations/{conversation}").json()["turns"]
    for turn, payload in zip(turns, PAYLOADS, strict=False):
        r = httpx.post(
            f"{attack_server}/api/feedback",
            json={
                "turn_id": turn["id"],
                "conversation_id": conversation,
                "rating": -1,
                "comment": payload,
            },
        )
        assert r.status_code == 200
        shown += 1
    # 3. The permalink, rendered by the server (titles, bodies, URLs of the cited sources).
    page.goto(f"{attack_server}/c/{conversation}")
    expect(page.locator(".turn")).to_have_count(3)
    titles = page.locator(".source-title").all_inner_texts()
    assert any("<script>" in t or "<img" in t or "<svg" in t for t in titles), titles
    for link in page.locator("a[href]").all():
        href = link.get_attribute("href") or ""
        assert not href.lower().lstrip().startswith("javascript:"), href
    watch.clean(page, "permalink")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "attack-xss-permalink.png"), full_page=True)
    page.locator(".answer a.cite").first.click()  # a source card, flashed
    watch.clean(page, "source card")
    # 4. In English, the equity page, the embeddable frame, the JSON of the conversation.
    for path in (
        f"/c/{conversation}?lang=en",
        "/equity",
        "/embed",
        f"/api/conversations/{conversation}",
        f"/api/search?q={PAYLOADS[0]}",
    ):
        page.goto(attack_server + path)
        watch.clean(page, path)
        shown += 1
    page.context.close()
    figures(
        part="XSS in the browser",
        tried=len(PAYLOADS),
        failed=len(watch.dialogs),
        detail=f"{len(PAYLOADS)} payloads in questions, comments, titles, bodies, URLs; "
        f"{shown} places shown; dialogs {len(watch.dialogs)}",
    )
