"""The races' figures from a real race server's store: players, countries, clubs, retention from
race to race, orders per player; bots never counted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from calanque.console.impact import table_csv
from calanque.console.races import TABLES, RaceImpact
from calanque.race.server import DELETED, RaceServer
from race_fleet import SLUGS, T0, Clock, Fleet, definition, race_database, sail


@pytest.fixture
def fleet(tmp_path: Path) -> Iterator[Fleet]:
    f = sail(tmp_path)
    yield f
    f.server.close()


def _summary(tables: dict) -> dict:
    return {r["measure"]: r["value"] for r in tables["summary"]}


def test_players_countries_clubs_retention_and_orders(fleet: Fleet) -> None:
    tables = RaceImpact(fleet.server.store).measure().tables
    assert set(tables) == set(TABLES)
    s = _summary(tables)
    # alice, bob, chloe, dan (accounts) and the guest Gwen; nine bots sailed too
    assert (s["races"], s["players"], s["accounts"], s["guests"]) == (3, 5, 4, 1)
    assert s["participations"] == 7 and s["sailed_several"] == 2
    assert (s["countries"], s["clubs"]) == (3, 2)
    countries = {r["country"]: r["players"] for r in tables["countries"]}
    assert countries == {"FR": 3, "IT": 1, "ES": 1}
    assert {r["club"]: r["players"] for r in tables["clubs"]} == {
        "CNTL": 3,
        "": 1,
        "Club Náutico": 1,
    }
    per_race = {r["race"]: r for r in tables["per_race"]}
    assert [r["race"] for r in tables["per_race"]] == list(SLUGS)  # by start
    first, second, third = (per_race[s] for s in SLUGS)
    assert (first["players"], first["accounts"], first["guests"]) == (4, 3, 1)
    assert (first["returning"], first["came_back"], first["retention"]) == (0, 1, 0.3333)
    assert (second["returning"], second["came_back"], second["retention"]) == (1, 1, 0.5)
    assert third["came_back"] is None and third["retention"] is None  # nothing after it yet
    assert s["retention"] == 0.4  # 2 of the 5 accounts of races that have a later one
    # alice: 4 orders in the first race (the cancel is not one) and 7 in the second; Gwen 1
    assert (first["orders"], second["orders"], third["orders"]) == (5, 7, 0)
    assert s["orders"] == 12 and s["orders_per_player"] == round(12 / 7, 2)
    assert s["orders_median"] == 0
    bands = {r["orders"]: r["players"] for r in tables["orders"]}
    assert bands == {"0": 4, "1-5": 2, "6-20": 1, "21-50": 0, "51+": 0}
    db = fleet.database.connection()
    assert db.execute("SELECT count(*) FROM entries WHERE is_bot = 1").fetchone()[0] == 9
    assert db.execute("SELECT count(*) FROM orders WHERE bot = 1").fetchone()[0] == 1
    # the bots sailed and ordered, and count nowhere above


def test_the_period_is_when_players_joined(fleet: Fleet) -> None:
    today = dt.date.today()
    report = RaceImpact(fleet.server.store)
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert _summary(report.measure(tomorrow, "").tables)["players"] == 0
    since = (today - dt.timedelta(days=6)).isoformat()
    tables = report.measure(since, tomorrow).tables
    assert _summary(tables)["players"] == 5
    days = tables["per_day"]
    assert len(days) == 7 and days[-1] == {
        "day": today.isoformat(),
        "joined": 7,
        "with_account": 6,
    }
    csv_text = table_csv(tables["per_race"])
    assert csv_text.splitlines()[0].startswith("race,name,start,players,accounts,guests")
    assert "printemps,Trophée du printemps," in csv_text


def test_an_erased_account_leaves_anonymous_players_no_one_can_follow(fleet: Fleet) -> None:
    for runner in fleet.server.runners.values():  # what erasing an account does
        boat = runner.boat_of_player(fleet.alice.ref)
        if boat is not None:
            runner.reassign(boat, DELETED, "", "", "")
    fleet.players.delete(fleet.alice.id)
    tables = RaceImpact(fleet.server.store).measure().tables
    s = _summary(tables)
    # her two boats are two anonymous one-offs now
    assert (s["players"], s["accounts"], s["participations"]) == (6, 3, 7)
    assert s["sailed_several"] == 1
    first, second, _ = tables["per_race"]
    assert (first["accounts"], first["came_back"]) == (2, 0)
    assert (second["accounts"], second["returning"], second["came_back"]) == (1, 0, 1)


def test_a_single_race_has_no_retention_figure_yet(tmp_path: Path) -> None:
    database = race_database(tmp_path)
    server = RaceServer(database, [definition("solo", 0)], clock=Clock(T0))  # type: ignore[arg-type]
    try:
        runner = server.get("solo")
        assert runner is not None
        runner.join("Solitaire", "FR", "")
        tables = RaceImpact(server.store).measure().tables
        s = _summary(tables)
        assert (s["players"], s["guests"], s["retention"]) == (1, 1, None)
        assert tables["per_race"][0]["came_back"] is None
    finally:
        server.close()


def test_a_period_is_computed_once_a_minute(fleet: Fleet) -> None:
    kept, fresh = RaceImpact(fleet.server.store), RaceImpact(fleet.server.store, ttl=0)
    first = kept.measure()
    runner = fleet.server.get(SLUGS[2])
    assert runner is not None
    runner.join("Retardataire", "MC", "")
    assert kept.measure() is first  # the page's charts and CSVs reuse it
    assert _summary(kept.measure().tables)["players"] == 5
    assert _summary(fresh.measure().tables)["players"] == 6
