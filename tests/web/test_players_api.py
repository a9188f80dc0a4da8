"""Players over real HTTP on loopback: sign-up, log-in, one-time links, claiming a guest's boat,
contact consent, erasure, rate limits; each simulated visitor has its own loopback address."""

from __future__ import annotations

import itertools
import logging
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from test_race_api import SLUG, _wait_tick, race_file

from calanque.config import Settings
from calanque.db import open_database
from calanque.engine import Engine
from calanque.index.embedders import E5Embedder
from calanque.web.app import create_app, server_options
from databases import Postgres, dump

PASSWORD = "a long enough secret"
_addresses = itertools.count(10)


class Links(logging.Handler):
    """The server's log lines with a sign-in link (the demo's stand-in for an e-mail)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.urls += re.findall(r"http://\S+/players/signin/\S+", record.getMessage())


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory,
    built_engine: Engine,
    pack_dir: Path,
    embedder: E5Embedder,
    postgres: Postgres | None,
) -> Iterator[tuple[str, Links, str]]:
    tmp = tmp_path_factory.mktemp("players")
    db = postgres.schema("players_api") if postgres else str(tmp / "races.sqlite3")
    settings = Settings.load(
        {
            "home": built_engine.settings.home,
            "pack": str(pack_dir),
            "race_file": str(race_file(tmp / "races.toml", factor=300.0, bots=4)),
            "race_db": db,
        }
    )
    app = create_app(Engine(settings, embedder=embedder), race_demo=True)
    links = Links()
    logging.getLogger("calanque.players").addHandler(links)
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
    yield f"http://127.0.0.1:{port}", links, db
    server.should_exit = True
    thread.join(timeout=20)
    logging.getLogger("calanque.players").removeHandler(links)


@contextmanager
def visitor(url: str) -> Iterator[httpx.Client]:
    """A browser of its own on its own loopback address (127.0.x.y), CSRF token in hand."""
    n = next(_addresses)
    transport = httpx.HTTPTransport(local_address=f"127.0.{n // 250}.{n % 250 + 2}")
    with httpx.Client(base_url=url, transport=transport) as client:
        client.headers["X-CSRF-Token"] = client.get("/api/players/csrf").json()["csrf"]
        yield client


def sign_up(client: httpx.Client, name: str, **extra: object) -> httpx.Response:
    body = {"boat_name": name, "country": "FR", "club": "CNTL", "password": PASSWORD, **extra}
    return client.post("/api/players/signup", json=body)


def test_sign_up_log_in_and_steer_only_my_boat(site: tuple[str, Links, str]) -> None:
    url, _, db = site
    with visitor(url) as alice, visitor(url) as phone, visitor(url) as bob:
        r = sign_up(alice, "Belle Poule", email="Alice@Example.org", contact_topics=["tourism"])
        assert r.status_code == 201, r.text
        cookie = r.headers["set-cookie"]
        assert "player_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
        me = r.json()
        assert me["signed_in"] and me["email"] == "alice@example.org"
        assert me["contact"]["topics"] == ["tourism"] and me["contact"]["since"]
        assert "password" not in str(me).replace("has_password", "")
        assert sign_up(bob, "belle  POULE").status_code == 409, "same name, other spelling"

        joined = alice.post(f"/api/races/{SLUG}/join")
        assert joined.status_code == 201, joined.text
        assert joined.json()["boat_name"] == "Belle Poule"
        assert "race_boat_" not in joined.headers.get("set-cookie", ""), "the session steers"
        boat = joined.json()["boat"]
        again = alice.post(f"/api/races/{SLUG}/join")
        assert again.status_code == 409 and f"boat {boat}" in again.json()["detail"]

        # The same account on another device steers the same boat.
        wrong = phone.post("/api/players/login", json={"login": "Belle Poule", "password": "x"})
        assert wrong.status_code == 401
        ok = phone.post(
            "/api/players/login", json={"login": "alice@example.org", "password": PASSWORD}
        )
        assert ok.status_code == 200 and ok.json()["boats"] == [
            {"race": SLUG, "name": "Planier sprint", "boat": boat}
        ]
        assert phone.get(f"/api/races/{SLUG}/me").json()["boat"] == boat
        order = phone.post(f"/api/races/{SLUG}/orders", json={"mode": "heading", "value": 190})
        assert order.status_code == 201
        seq = order.json()["order"]["seq"]

        # Another player neither sees nor cancels it.
        assert sign_up(bob, "Pen Duick").status_code == 201
        assert bob.get(f"/api/races/{SLUG}/me").status_code == 401
        assert bob.post(f"/api/races/{SLUG}/join").status_code == 201
        assert bob.get(f"/api/races/{SLUG}/me").json()["boat"] != boat
        refused = bob.delete(f"/api/races/{SLUG}/orders/{seq}")
        assert (
            refused.status_code == 422 and "not one of boat" in refused.json()["detail"][0]["msg"]
        )

        phone.post("/api/players/logout")
        assert phone.get("/api/players/me").status_code == 401
        assert alice.get("/api/players/me").status_code == 200, "only that session ended"
    if db.startswith("postgresql://"):
        database = open_database(db)
        stored = dump(database).encode()
        database.close()
    else:
        stored = Path(db).read_bytes()
    assert b"127.0." not in stored, "no address is stored"


def test_a_guest_claims_their_boat_by_signing_up(site: tuple[str, Links, str]) -> None:
    url, _, _ = site
    with visitor(url) as guest:
        r = guest.post(f"/api/races/{SLUG}/join", json={"boat_name": "Tartane", "country": "IT"})
        boat = r.json()["boat"]
        assert guest.post(f"/api/races/{SLUG}/claim").status_code == 401, "sign in first"
        sign_up(guest, "Tartane 2", country="IT")
        claimed = guest.post(f"/api/races/{SLUG}/claim")
        assert claimed.json() == {"race": SLUG, "boat": boat, "boat_name": "Tartane 2"}
        assert 'race_boat_sprint-live=""' in claimed.headers.get("set-cookie", "")
        assert guest.post(f"/api/races/{SLUG}/claim").status_code == 401, "claimed once"
        mine = guest.get(f"/api/races/{SLUG}/me").json()
        assert mine["boat"] == boat and mine["name"] == "Tartane 2"
        card = guest.get(f"/api/races/{SLUG}/boats/{boat}").json()
        assert card["name"] == "Tartane 2" and not card["bot"]
        assert guest.get(f"/api/races/{SLUG}/boats/0").json()["bot"], "bots labelled as such"


def test_contact_consent_is_dated_and_withdrawn(site: tuple[str, Links, str]) -> None:
    url, _, _ = site
    with visitor(url) as p:
        assert sign_up(p, "Mouette").json()["contact"] == {"topics": [], "since": None}
        given = p.put("/api/players/me/contact", json={"topics": ["talent", "business"]}).json()
        assert given["contact"]["topics"] == ["talent", "business"]
        assert given["contact"]["since"].startswith(time.strftime("%Y-%m-%d", time.gmtime()))
        bad = p.put("/api/players/me/contact", json={"topics": ["spam"]})
        assert (
            bad.status_code == 422
            and "unknown contact topic spam" in bad.json()["detail"][0]["msg"]
        )
        withdrawn = p.put("/api/players/me/contact", json={"topics": []}).json()
        assert withdrawn["contact"] == {"topics": [], "since": None}


def test_an_erased_account_leaves_an_anonymous_boat(site: tuple[str, Links, str]) -> None:
    url, _, db = site
    with visitor(url) as p, visitor(url) as other:
        sign_up(p, "Goéland", email="goeland@example.org")
        boat = p.post(f"/api/races/{SLUG}/join").json()["boat"]
        tick = p.get(f"/api/races/{SLUG}/tick").json()["tick"]
        _wait_tick(p, f"{url}/api/races", tick)  # sailing, hence ranked
        gone = p.delete("/api/players/me")
        assert gone.status_code == 200 and gone.json()["anonymised_in"] == [SLUG]
        assert p.get("/api/players/me").status_code == 401
        assert p.get(f"/api/races/{SLUG}/me").status_code == 401
        card = other.get(f"/api/races/{SLUG}/boats/{boat}").json()
        assert card["deleted"] and card["name"] == "" and card["country"] == ""
        rows = other.get(f"/api/races/{SLUG}/leaderboard", params={"limit": 200}).json()["rows"]
        assert [r["deleted"] for r in rows if r["boat"] == boat] == [True]
        login = {"login": "goeland@example.org", "password": PASSWORD}
        assert other.post("/api/players/login", json=login).status_code == 401
        # Free again: the name and e-mail can be used by someone else.
        assert sign_up(other, "Goéland", email="goeland@example.org").status_code == 201
    with visitor(url) as p:
        assert p.get("/api/players/me").status_code == 401


def test_demo_sign_in_links_are_one_time(site: tuple[str, Links, str]) -> None:
    url, links, _ = site
    with visitor(url) as p, visitor(url) as other:
        body = {"boat_name": "Sans Mot", "country": "MC"}
        r = p.post("/api/players/signup", json=body)
        assert r.status_code == 201 and r.json()["signed_in"] is False
        link = links.urls[-1]
        assert r.json()["link"] == link.removeprefix(url), "the page shows what the log has"
        assert p.get("/api/players/me").status_code == 401
        opened = p.get(link.removeprefix(url))
        assert opened.status_code == 303 and opened.headers["location"] == "/race"
        assert p.get("/api/players/me").json()["boat_name"] == "Sans Mot"
        assert other.get(link.removeprefix(url)).status_code == 404, "spent"
        asked = other.post("/api/players/link", json={"login": "sans mot"})
        unknown = other.post("/api/players/link", json={"login": "nobody here"})
        assert asked.json() == unknown.json(), "no way to tell which accounts exist"
        assert "signin" not in asked.text, "an account's link only ever goes to the log"
        assert len(links.urls) == 2


def test_sign_up_and_log_in_are_rate_limited(site: tuple[str, Links, str]) -> None:
    url, _, _ = site
    with visitor(url) as p:
        codes = [sign_up(p, f"Spam {i}").status_code for i in range(6)]
        assert codes == [201] * 5 + [429]
    with visitor(url) as p:
        body = {"login": "Spam 0", "password": "not it at all"}
        codes = [p.post("/api/players/login", json=body).status_code for _ in range(11)]
        assert codes == [401] * 10 + [429]
    with visitor(url) as p:  # another address, the same account: limited by the account too
        assert p.post("/api/players/login", json=body).status_code == 429
    with visitor(url) as p:
        r = p.post("/api/players/signup", json={"boat_name": "X", "country": "FR"})
        assert r.status_code == 201, "the demo takes a sign-up without a password"
        forged = httpx.post(f"{url}/api/players/signup", json={"boat_name": "Y", "country": "FR"})
        assert forged.status_code == 403


def test_race_pages_carry_the_security_headers(site: tuple[str, Links, str]) -> None:
    url, _, _ = site
    with visitor(url) as p:
        home = p.get("/race")
        assert home.status_code == 303 and home.headers["location"].startswith("/race/")
        page = p.get(f"/race/{SLUG}")
        assert page.status_code == 200 and 'data-slug="sprint-live"' in page.text
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "<script>" not in page.text
        assert page.headers["x-content-type-options"] == "nosniff"
        with p.stream("GET", f"/api/races/{SLUG}/events") as events:
            assert "script-src 'self'" in events.headers["content-security-policy"]
        assert p.get(f"/race/{SLUG}/boat/99999").status_code == 404
