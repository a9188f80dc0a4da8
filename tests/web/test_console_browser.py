"""The console in a real browser (Debian's Chromium through Playwright): log in, upload a
document and see it answer on the site, act on a thumbs-down, read the impact page, switch to
English. Screenshots go to `artifacts/screenshots/console-*.png` (look at them)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from console_client import PASSWORD, add_staff
from playwright.sync_api import Browser, Page, expect
from test_browser import CHROMIUM, SHOTS, browser  # noqa: F401 - the module's browser fixture
from web_server import serve

from calanque.engine import Engine
from calanque.web.app import create_app
from race_fleet import sail

pytestmark = pytest.mark.browser
assert Path(CHROMIUM).exists()

NOTE = """---
title: Les navettes maritimes de Port-Lumière
---
# Les navettes maritimes de Port-Lumière

La navette maritime relie Port-Lumière à Saint-Vent en vingt-cinq minutes, toutes les heures
de 7 heures à 20 heures, d'avril à octobre.
"""


@pytest.fixture
def site(engine: Engine) -> Iterator[str]:
    app = create_app(engine)
    app.state.limiter.per_minute = 1000
    add_staff(app)
    with serve(app) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.set_default_timeout(30_000)
    errors: list[str] = []
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    context.close()
    assert errors == [], errors  # no CSP violation, no script error


def log_in(page: Page, site: str, username: str = "eve") -> None:
    page.goto(f"{site}/console")
    expect(page.locator("h1")).to_have_text("Connexion du personnel")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Documents et études")


def ask(page: Page, site: str, question: str) -> None:
    page.goto(site)
    page.locator("#q").fill(question)
    page.locator("#q").press("Enter")
    expect(page.locator(".turn .answer a.cite").first).to_be_visible()


def test_log_in_upload_and_see_it_answer(page: Page, site: str, tmp_path: Path) -> None:
    page.goto(f"{site}/console/login")
    page.screenshot(path=str(SHOTS / "console-01-login.png"))
    log_in(page, site)
    note = tmp_path / "navettes.md"
    note.write_text(NOTE, encoding="utf-8")
    broken = tmp_path / "rapport.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not a PDF at all")
    page.locator("#files").set_input_files([str(note), str(broken)])
    page.locator("#upload-form button[type=submit]").click()
    expect(page.locator(".flash.ok")).to_have_text("Envoi terminé.")
    uploads = page.locator("#uploads tbody tr")
    expect(uploads.filter(has_text="navettes.md")).to_contain_text("ajouté")
    expect(uploads.filter(has_text="rapport.pdf")).to_contain_text("le fichier est endommagé")
    page.screenshot(path=str(SHOTS / "console-02-documents.png"), full_page=True)
    uploads.filter(has_text="navettes.md").locator("a").click()
    expect(page.locator("dl.facts")).to_contain_text("Port-Lumière")
    page.screenshot(path=str(SHOTS / "console-03-document.png"), full_page=True)
    ask(page, site, "Combien de temps dure la navette maritime vers Saint-Vent ?")
    expect(page.locator(".turn .answer")).to_contain_text("vingt-cinq minutes")
    expect(page.locator(".turn .source-site").first).to_contain_text("upload://agency/navettes.md")


def test_act_on_a_thumbs_down(page: Page, site: str) -> None:
    ask(page, site, "Combien d'habitants à Saint-Vent ?")
    turn = page.locator(".turn").first
    turn.locator(".comment").fill("Le recensement de 2024 donne 9 300 habitants.")
    turn.locator('.thumb[data-rating="-1"]').click()
    expect(turn.locator(".thanks")).to_have_text("Merci pour votre retour.")
    log_in(page, site)
    page.locator("nav a", has_text="Retours").click()
    card = page.locator("article.fb").first
    expect(card.locator("h2")).to_have_text("Combien d'habitants à Saint-Vent ?")
    expect(card.locator("blockquote")).to_contain_text("9 300")
    page.screenshot(path=str(SHOTS / "console-04-feedback.png"), full_page=True)
    card.locator("textarea[name=text]").fill(
        "Saint-Vent compte 9 300 habitants au recensement de 2024."
    )
    card.locator(".correction button").click()
    expect(page.locator(".flash.ok")).to_have_text("Correction publiée.")
    ask(page, site, "Combien d'habitants à Saint-Vent ?")
    expect(page.locator(".turn .answer")).to_contain_text("9 300 habitants")
    expect(page.locator(".turn .source-title").first).to_contain_text("Correction de l'agence")
    page.screenshot(path=str(SHOTS / "console-05-corrected-answer.png"), full_page=True)


def test_impact_page_and_english(page: Page, site: str) -> None:
    for q in (
        "Où visiter un phare ou une fromagerie ?",
        "How long is the hike on the ridge trail?",
        "Comment implanter mon usine de batteries à Bourg-Neuf ?",
    ):
        ask(page, site, q)
    page.goto(f"{site}/contact")
    page.locator("input[name=email]").fill("lea@example.org")
    page.locator("select[name=audience]").select_option("business")
    page.locator("input[name=consent]").check()
    page.locator(".contact-form button").click()
    expect(page.locator("#withdraw-link")).to_be_visible()
    page.screenshot(path=str(SHOTS / "console-06-contact-done.png"))
    log_in(page, site, "ada")
    page.locator("nav a", has_text="Impact").click()
    expect(page.locator("h1")).to_have_text("Impact du site de réponses")
    expect(page.locator("#figures")).to_contain_text("Questions")
    charts = page.locator(".charts img")
    expect(charts).to_have_count(6)
    for i in range(6):
        charts.nth(i).scroll_into_view_if_needed()
        expect(charts.nth(i)).to_have_js_property("complete", True)
        assert charts.nth(i).evaluate("img => img.naturalWidth") > 100
    page.screenshot(path=str(SHOTS / "console-07-impact.png"), full_page=True)
    page.locator("nav a", has_text="Lacunes").click()
    expect(page.locator("h1")).to_have_text("Lacunes du contenu")
    page.screenshot(path=str(SHOTS / "console-08-gaps.png"), full_page=True)
    page.locator("nav a", has_text="Contacts").click()
    expect(page.locator("table.grid")).to_contain_text("lea@example.org")
    page.locator("a.lang").click()
    expect(page.locator("h1")).to_have_text("People who agreed to be contacted")
    page.locator("nav a", has_text="Impact").click()
    expect(page.locator("h1")).to_have_text("Impact of the answer site")
    page.screenshot(path=str(SHOTS / "console-09-impact-en.png"), full_page=True)


def test_races_page_and_the_people_list(page: Page, engine: Engine, tmp_path: Path) -> None:
    fleet = sail(tmp_path)
    app = create_app(engine)
    add_staff(app)
    app.state.races, app.state.players = fleet.server, fleet.players  # as `calanque serve` does
    try:
        with serve(app) as url:
            log_in(page, url, "ada")
            page.locator("nav a", has_text="Courses").click()
            expect(page.locator("h1")).to_have_text("Impact des courses")
            expect(page.locator("#figures")).to_contain_text("Joueurs")
            expect(page.locator("#per-race tbody tr")).to_have_count(3)
            charts = page.locator(".charts img")
            expect(charts).to_have_count(6)
            for i in range(6):
                charts.nth(i).scroll_into_view_if_needed()
                expect(charts.nth(i)).to_have_js_property("complete", True)
                assert charts.nth(i).evaluate("img => img.naturalWidth") > 100
            page.screenshot(path=str(SHOTS / "console-10-races.png"), full_page=True)
            page.locator("nav a", has_text="Contacts").click()
            people = page.locator("#prospects tbody tr")
            expect(people).to_have_count(3)  # alice, bob, chloe; dan never opted in
            expect(page.locator("#prospects")).to_contain_text("Course : Trophée du printemps")
            expect(page.locator("#prospects")).not_to_contain_text("Discret")
            page.screenshot(path=str(SHOTS / "console-11-prospects.png"), full_page=True)
    finally:
        fleet.server.close()
