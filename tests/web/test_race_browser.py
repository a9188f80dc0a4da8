"""The race page in a real browser (Debian's Chromium via Playwright), against a live server
whose races run on an accelerated wall clock: one under way, one already finished.

Screenshots go to `artifacts/screenshots/race-*.png`; look at them.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect
from test_browser import SHOTS, browser  # noqa: F401  (the module's browser fixture)

from calanque.config import Settings
from calanque.engine import Engine
from calanque.index.embedders import E5Embedder
from calanque.web.app import create_app, server_options

pytestmark = pytest.mark.browser
LIVE, DONE = "sprint-now", "sprint-done"
FMT = "%Y-%m-%dT%H:%M:%SZ"


def _race(slug: str, name: str, start: dt.datetime, minutes: float, factor: float) -> str:
    return f"""
[[race]]
slug = "{slug}"
name = "{name}"
course = "sprint"
players = 20
bots = 30
registration_opens = {(start - dt.timedelta(hours=1)).strftime(FMT)}
start = {start.strftime(FMT)}
end = {(start + dt.timedelta(minutes=minutes)).strftime(FMT)}
tick_s = 600
time_factor = {factor}
wind = {{ kind = "scenario", name = "mistral", seed = 5, hours = 200 }}
track_every = 1
checkpoint_every = 10
"""


@pytest.fixture(scope="module")
def race_site(
    tmp_path_factory: pytest.TempPathFactory,
    built_engine: Engine,
    pack_dir: Path,
    embedder: E5Embedder,
) -> Iterator[str]:
    """A sprint under way (a 10-minute tick every second) and one that ended a minute ago."""
    tmp = tmp_path_factory.mktemp("race-browser")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    (tmp / "races.toml").write_text(
        _race(LIVE, "Planier sprint", now - dt.timedelta(seconds=2), 30, 600.0)
        + _race(DONE, "Sprint de la veille", now - dt.timedelta(minutes=11), 10, 90.0),
        "utf-8",
    )
    settings = Settings.load(
        {
            "home": built_engine.settings.home,
            "pack": str(pack_dir),
            "race_file": str(tmp / "races.toml"),
            "race_db": str(tmp / "races.sqlite3"),
        }
    )
    app = create_app(Engine(settings, embedder=embedder))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", **server_options(settings)
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(1200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=20)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.set_default_timeout(30_000)
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    context.close()
    assert errors == [], "the page's script failed"


def shot(page: Page, name: str, full: bool = False) -> None:
    page.screenshot(path=str(SHOTS / f"race-{name}.png"), full_page=full)


def test_sign_up_join_steer_program_and_rank(page: Page, race_site: str) -> None:
    page.goto(race_site + "/race")
    expect(page).to_have_url(f"{race_site}/race/{LIVE}")
    expect(page.locator("h1")).to_have_text("Planier sprint")
    expect(page.locator("#race-status")).to_have_text("en course")
    expect(page.locator("#race-map .leaflet-overlay-pane path").first).to_be_attached()
    expect(page.locator("#board tbody tr").first).to_be_visible()
    expect(page.locator("#board .badge-bot").first).to_have_text("bot")
    shot(page, "01-newcomer")

    form = page.locator("#signup-form")
    form.locator("[name=boat_name]").fill("Pointu d'Endoume")
    form.locator("[name=club]").fill("CN Endoume")
    form.locator("[name=password]").fill("un secret assez long")
    form.locator("[value=tourism]").check()
    page.locator("#signup-button").click()
    expect(page.locator("#account-name")).to_have_text("Connecté : Pointu d'Endoume")
    expect(page.locator("#panel-boat")).to_be_visible()
    expect(page.locator("#b-rank")).not_to_have_text("—")  # sailing from the next tick
    shot(page, "02-joined")

    # A heading: the polar speed and VMG are shown before sending, then the boat takes it.
    page.locator("#order-value").fill("200")
    expect(page.locator("#order-preview")).to_contain_text("nd au polaire")
    page.locator("#order-button").click()
    expect(page.locator("#order-msg")).to_contain_text("Ordre enregistré")
    expect(page.locator("#b-heading")).to_have_text("200°")
    dtf = page.locator("#b-dtf").inner_text()
    expect(page.locator("#b-dtf")).not_to_have_text(dtf, timeout=15_000)  # it moves

    # A programmed order: a wind angle in half an hour of race time (three ticks).
    page.locator("input[name=mode][value=twa]").check()
    page.locator("#order-value").fill("-120")
    page.locator("#order-at").fill("0.5")
    page.locator("#order-button").click()
    expect(page.locator("#orders li")).to_contain_text("Angle au vent fixe -120°")
    shot(page, "03-programmed")
    expect(page.locator("#orders li")).to_have_text("Aucun ordre en attente.", timeout=15_000)
    expect(page.locator("#b-twa")).to_have_text("-120°", timeout=15_000)

    # A waypoint laid by clicking on the sea south-east of the start, away from the boat.
    page.locator("#add-waypoint").click()
    page.locator("#race-map").scroll_into_view_if_needed()
    box = page.locator("#race-map").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * 0.9, box["y"] + box["height"] * 0.9)
    expect(page.locator("#order-msg")).to_contain_text("appliqué au tick")
    expect(page.locator("#waypoints li")).to_contain_text("1.", timeout=10_000)
    shot(page, "04-waypoint")

    page.locator("[data-board=me]").click()
    expect(page.locator("#board tr.mine")).to_contain_text("Pointu d'Endoume", timeout=15_000)
    page.locator("[data-board=club]").click()
    expect(page.locator("#board tbody")).to_contain_text("CN Endoume")
    page.locator("[data-board=overall]").click()
    expect(page.locator("#board .badge-bot").first).to_be_visible()
    shot(page, "05-leaderboard", full=True)

    page.locator("#my-boat-link").click()
    expect(page.locator("h1")).to_contain_text("Pointu d'Endoume")
    expect(page.locator("#boat-map .leaflet-overlay-pane path").first).to_be_attached()
    shot(page, "06-boat-page")


def test_a_marks_card_asks_the_answer_engine(page: Page, race_site: str) -> None:
    page.goto(f"{race_site}/race/{LIVE}?lang=en")
    expect(page.locator("#panel-board h2")).to_have_text("Leaderboard")
    page.locator("path.mark-card").nth(1).click()  # Porquerolles, on the map
    expect(page.locator("#card-place")).to_have_text("The Calanques, bound for Porquerolles")
    expect(page.locator("#card-question")).to_have_text(
        "How can I visit the Calanques national park?"
    )
    page.locator("#card-ask").click()
    answer = page.locator("#card-answer .answer")
    expect(answer).to_be_visible()
    assert len(answer.inner_text().strip()) > 20
    shot(page, "07-card-en")


def test_phone_layout_and_replay_of_a_finished_race(browser: Browser, race_site: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{race_site}/race/{DONE}")
    expect(page.locator("#race-status")).to_have_text("terminée")
    expect(page.locator("#panel-steer")).to_be_hidden()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "nothing sticks out sideways on a phone"
    page.locator("#replay-button").click()
    expect(page.locator("#replay")).to_be_visible()
    expect(page.locator("#replay-out")).to_have_text(re.compile(r"^J\+0 00:00$"))
    page.locator("#replay-play").click()
    expect(page.locator("#replay-out")).to_have_text(re.compile(r"^J\+0 (0[1-9]|1\d)"))
    time.sleep(1.5)
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "08-replay-phone")
    context.close()
