"""The console's race figures and its one list of people who agreed to be contacted, over a real
race server: the races' page, CSV and charts; visitors and players in one list, nothing without
the opt-in, gone once withdrawn; the log-in limit shared by two apps on one database."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from console_client import add_staff, client, csrf, log_in
from fastapi import FastAPI
from fastapi.testclient import TestClient

from calanque.console.races import TABLES
from calanque.engine import Engine
from calanque.web.app import create_app
from race_fleet import SLUGS, Fleet, sail


@pytest.fixture
def fleet(tmp_path: Path) -> Iterator[Fleet]:
    f = sail(tmp_path)
    yield f
    f.server.close()


@pytest.fixture
def app(engine: Engine) -> FastAPI:
    app = create_app(engine)
    app.state.limiter.per_minute = 1000
    add_staff(app)
    return app


@contextmanager
def _staff(app: FastAPI, who: str, fleet: Fleet | None = None) -> Iterator[TestClient]:
    """A logged-in member of staff; with `fleet`, the app serves its race server and players
    where `calanque serve` keeps them (set after the lifespan, which found no race to run)."""
    with client(app) as c:
        if fleet is not None:
            app.state.races, app.state.players = fleet.server, fleet.players
        log_in(c, who)
        c.headers["X-CSRF-Token"] = csrf(c)
        yield c


def test_a_server_without_races_says_so(app: FastAPI) -> None:
    with _staff(app, "eve") as c:
        page = c.get("/console/races")
        assert page.status_code == 200 and "ne fait courir aucune course" in page.text
        assert c.get("/console/api/races").status_code == 404
        assert c.get("/console/races.csv", params={"table": "summary"}).status_code == 404


def test_races_page_tables_csv_and_charts(app: FastAPI, fleet: Fleet) -> None:
    with _staff(app, "eve", fleet) as c:  # an editor: figures, no personal data
        page = c.get("/console/races")
        assert page.status_code == 200
        figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", page.text))
        assert figures["Joueurs"] == "5" and figures["Courses"] == "3"
        assert figures["Revenus pour une course suivante"] == "40 %"
        assert all(s in page.text for s in SLUGS)
        data = c.get("/console/api/races").json()
        summary = {r["measure"]: r["value"] for r in data["tables"]["summary"]}
        assert summary["players"] == 5 and summary["accounts"] == 4
        for table in TABLES:
            r = c.get("/console/races.csv", params={"table": table})
            assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
            rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
            expected = data["tables"][table]
            assert rows == [
                {k: "" if v is None else str(v) for k, v in x.items()} for x in expected
            ]
        per_race = list(
            csv.DictReader(io.StringIO(c.get("/console/races.csv?table=per_race").text))
        )
        assert [r["retention"] for r in per_race] == ["0.3333", "0.5", ""]
        for chart in ("per_day", "per_race", "retention", "countries", "clubs", "orders"):
            r = c.get(f"/console/races/chart/{chart}.svg")
            assert r.status_code == 200 and r.text.lstrip().startswith("<?xml"), chart
        assert c.get("/console/races/chart/nope.svg").status_code == 404
        assert c.get("/console/races.csv", params={"table": "nope"}).status_code == 404
        period = {"since": "2020-01-01", "until": "2020-01-31"}
        earlier = c.get("/console/api/races", params=period).json()["tables"]
        assert earlier["summary"][1] == {"measure": "players", "value": 0}
        assert len(earlier["per_day"]) == 31
        english = c.get("/console/races?lang=en").text
        assert "Impact of the races" in english and "Came back for a later race" in english


def test_one_list_of_everyone_who_opted_in_and_no_one_else(app: FastAPI, fleet: Fleet) -> None:
    with _staff(app, "ada", fleet) as admin, TestClient(app) as site:
        app.state.races, app.state.players = fleet.server, fleet.players  # the second lifespan
        asked = site.post(
            "/api/ask", json={"question": "Comment implanter mon usine à Bourg-Neuf ?"}
        )
        cid = asked.json()["conversation_id"]
        refused = site.post("/contact", data={"email": "noe@example.org", "conversation_id": cid})
        assert refused.status_code == 422  # no tick, nothing kept
        done = site.post(
            "/contact",
            data={"email": "lea@example.org", "audience": "business", "consent": "yes"}
            | {"conversation_id": cid},
        )
        link = re.search(r'id="withdraw-link" href="[^"]*(/contact/withdraw/[^"]+)"', done.text)
        assert link is not None
        people = {p["name"] or p["email"]: p for p in admin.get("/console/api/prospects").json()}
        # dan signed up without opting in, Gwen sailed as a guest, noe never ticked the box
        assert set(people) == {"lea@example.org", "Belle Poule", "Bora", "Cigale"}
        lea, alice, chloe = people["lea@example.org"], people["Belle Poule"], people["Cigale"]
        assert (lea["origin"], lea["kinds"], lea["asked"]) == (
            "site",
            ["business"],
            ["Comment implanter mon usine à Bourg-Neuf ?"],
        )
        assert (alice["origin"], alice["kinds"], alice["email"]) == (
            "race",
            ["tourism"],
            "alice@example.org",
        )
        assert alice["sailed"] == ["Trophée du printemps", "Tour de l'été"]
        assert alice["country"] == "FR"
        assert chloe["kinds"] == ["talent", "tourism"] and chloe["email"] == ""
        assert all(p["consent_at"] for p in people.values())
        page = admin.get("/console/prospects").text
        assert "Belle Poule" in page and "Course : Trophée du printemps" in page
        assert "Bourg-Neuf" in page
        assert "Discret" not in page and "Gwen" not in page and "noe@" not in page
        exported = admin.get("/console/prospects.csv").text.lstrip("\ufeff")
        rows = {r["name"] or r["email"]: r for r in csv.DictReader(io.StringIO(exported))}
        assert set(rows) == set(people)
        assert rows["Cigale"]["kinds"] == "talent | tourism"
        assert rows["Belle Poule"]["sailed"] == "Trophée du printemps | Tour de l'été"
        assert "dan@example.org" not in exported

        # Each withdraws in their own way: a topic list emptied, an account erased, the link.
        fleet.players.set_contact(fleet.bob.id, ())
        fleet.players.delete(fleet.alice.id)
        assert site.post(link.group(1)).status_code == 200
        left = [p["name"] for p in admin.get("/console/api/prospects").json()]
        assert left == ["Cigale"]
        exported = admin.get("/console/prospects.csv").text
        assert "Bora" not in exported and "alice@" not in exported and "lea@" not in exported


def test_editors_do_not_see_the_people(app: FastAPI, fleet: Fleet) -> None:
    with _staff(app, "eve", fleet) as c:
        assert c.get("/console/prospects").status_code == 403
        assert c.get("/console/api/prospects").status_code == 403
        assert c.get("/console/races").status_code == 200


def test_the_log_in_limit_is_shared_by_every_worker(engine: Engine) -> None:
    """Two apps on one database, as two workers: attempts from one address add up."""
    first = create_app(engine)
    add_staff(first)
    second = create_app(Engine(engine.settings, embedder=engine._embedder))
    for app in (first, second):
        app.state.login_limiter.per_minute = 4
    with client(first) as a, client(second) as b:
        assert log_in(a, "ada", "wrong password!!").headers["location"].endswith("failed=failed")
        assert log_in(b, "ada", "wrong password!!").headers["location"].endswith("failed=failed")
        assert log_in(a, "nobody", "wrong password!!").headers["location"].endswith("=failed")
        assert log_in(b, "nobody", "wrong password!!").headers["location"].endswith("=failed")
        # a fifth attempt, right password, on either worker: held back for this address
        assert log_in(a, "ada").headers["location"].endswith("failed=throttled")
        assert log_in(b, "ada").headers["location"].endswith("failed=throttled")
    # the questions' limit is another count
    assert second.state.limiter.check("testclient") == 0.0
