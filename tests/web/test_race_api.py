"""The race API over real HTTP on loopback, with the race server ticking on the wall clock."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import shapely
import shapely.geometry
import uvicorn

from calanque.config import Settings
from calanque.engine import Engine
from calanque.index.embedders import E5Embedder
from calanque.race.snapshot import STATUS_BOT, read_snapshot
from calanque.web.app import create_app, server_options
from databases import Postgres
from race_files import SLUG, race_file


@pytest.fixture(scope="module")
def race_url(
    tmp_path_factory: pytest.TempPathFactory,
    built_engine: Engine,
    pack_dir: Path,
    embedder: E5Embedder,
    postgres: Postgres | None,
) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("races")
    settings = Settings.load(
        {
            "home": built_engine.settings.home,
            "pack": str(pack_dir),
            "race_file": str(race_file(tmp / "races.toml")),
            "race_db": str(tmp / "races.sqlite3")
            if postgres is None
            else postgres.schema("race_api"),
            "race_orders_per_minute": 8,
        }
    )
    app = create_app(Engine(settings, embedder=embedder))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", **server_options(settings)
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(600):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/api/races"
    server.should_exit = True
    thread.join(timeout=20)


@contextmanager
def player(race_url: str) -> Iterator[httpx.Client]:
    """A client that sends the CSRF token its cookie holds, as the race page does."""
    with httpx.Client() as client:
        token = client.get(race_url.replace("/api/races", "/api/players/csrf")).json()["csrf"]
        client.headers["X-CSRF-Token"] = token
        yield client


def _wait_tick(client: httpx.Client, url: str, after: int) -> int:
    for _ in range(200):
        tick = client.get(f"{url}/{SLUG}/tick").json()["tick"]
        if tick > after:
            return tick
        time.sleep(0.05)
    raise AssertionError("no new tick")


def test_races_listed_with_course_and_schedule(race_url: str) -> None:
    races = httpx.get(race_url).json()
    assert [r["slug"] for r in races] == [SLUG]
    detail = httpx.get(f"{race_url}/{SLUG}").json()
    marks = detail["course"]["marks"]
    assert [m["name"] for m in marks] == [
        "Start off Planier",
        "Porquerolles (S)",
        "Finish off Planier",
    ]
    assert marks[1]["lat"] == pytest.approx(42.93, abs=0.1) and marks[1]["kind"] == "waypoint"
    assert detail["tick_s"] == 600 and detail["time_factor"] == 3000
    assert detail["status"] in ("open", "racing") and detail["bots"] == 20
    assert httpx.get(f"{race_url}/nope").status_code == 404


def test_join_steer_and_watch_the_boat_move(race_url: str) -> None:
    with player(race_url) as me, player(race_url) as stranger:
        assert me.get(f"{race_url}/{SLUG}/me").status_code == 401
        r = me.post(f"{race_url}/{SLUG}/join", json={"boat_name": "Pointu", "country": "FR"})
        assert r.status_code == 201, r.text
        boat = r.json()["boat"]
        cookie = r.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie
        assert f"Path=/api/races/{SLUG}" in cookie
        assert stranger.get(f"{race_url}/{SLUG}/me").status_code == 401
        bad = me.post(f"{race_url}/{SLUG}/orders", json={"mode": "heading", "value": 400})
        assert bad.status_code == 422 and "outside 0..360" in bad.json()["detail"][0]["msg"]
        tick = _wait_tick(me, race_url, 0)
        before = me.get(f"{race_url}/{SLUG}/me").json()
        r = me.post(f"{race_url}/{SLUG}/orders", json={"mode": "twa", "value": -110})
        assert r.status_code == 201, r.text
        later = me.post(
            f"{race_url}/{SLUG}/orders",
            json={"mode": "heading", "value": 10, "at_time": before["race_time_s"] + 86400},
        ).json()["order"]
        tick = _wait_tick(me, race_url, _wait_tick(me, race_url, tick))
        now = me.get(f"{race_url}/{SLUG}/me", params={"twa": -110}).json()
        assert now["boat"] == boat and now["racing"] and now["autopilot"]["mode"] == "twa"
        assert (now["lat"], now["lon"]) != (before["lat"], before["lon"])
        assert now["polar"]["speed_kt"] > 0 and now["next_mark"]["name"] == "Porquerolles (S)"
        assert [o["seq"] for o in now["pending_orders"]] == [later["seq"]]
        gone = me.delete(f"{race_url}/{SLUG}/orders/{later['seq']}")
        assert gone.status_code == 200
        assert me.get(f"{race_url}/{SLUG}/me").json()["pending_orders"] == []
        again = me.delete(f"{race_url}/{SLUG}/orders/{later['seq']}")
        assert again.status_code == 422 and "no longer pending" in again.json()["detail"][0]["msg"]
        assert stranger.delete(f"{race_url}/{SLUG}/orders/{later['seq']}").status_code == 401

        snap = me.get(f"{race_url}/{SLUG}/snapshot")
        assert snap.headers["content-type"] == "application/octet-stream"
        data = read_snapshot(snap.content)
        assert data["n"] == 26 and data["status"][0] & STATUS_BOT and data["rank"][boat] >= 1
        etag = snap.headers["etag"]
        same = me.get(f"{race_url}/{SLUG}/snapshot", headers={"If-None-Match": etag})
        assert same.status_code in (200, 304) and (same.status_code == 304 or same.content)

        board = me.get(f"{race_url}/{SLUG}/leaderboard", params={"around": "me", "limit": 5})
        rows = board.json()["rows"]
        assert boat in [row["boat"] for row in rows] and board.json()["total"] == 21
        assert all(row["bot"] == (row["boat"] < 20) for row in rows)
        fr = me.get(f"{race_url}/{SLUG}/leaderboard", params={"country": "FR"}).json()
        assert all(row["country"] == "FR" for row in fr["rows"]) and fr["total"] >= 1
        groups = me.get(f"{race_url}/{SLUG}/leaderboard/country").json()["rows"]
        assert "FR" in [g["country"] for g in groups]


def test_state_changing_calls_need_the_csrf_token(race_url: str) -> None:
    with httpx.Client() as forger, player(race_url) as me:
        join = {"boat_name": "Forged", "country": "FR"}
        refused = forger.post(f"{race_url}/{SLUG}/join", json=join)
        assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
        wrong = forger.post(
            f"{race_url}/{SLUG}/join", json=join, headers={"X-CSRF-Token": "x" * 43}
        )
        assert wrong.status_code == 403
        assert me.post(f"{race_url}/{SLUG}/join", json=join).status_code == 201
        forger.cookies.update(me.cookies)  # the boat cookie alone does not steer
        order = forger.post(f"{race_url}/{SLUG}/orders", json={"mode": "vmg"})
        assert order.status_code == 403
        assert me.post(f"{race_url}/{SLUG}/orders", json={"mode": "vmg"}).status_code == 201


def test_orders_are_rate_limited_per_boat(race_url: str) -> None:
    with player(race_url) as me:
        me.post(f"{race_url}/{SLUG}/join", json={"boat_name": "Eager", "country": "IT"})
        codes = [
            me.post(f"{race_url}/{SLUG}/orders", json={"mode": "vmg"}).status_code for _ in range(9)
        ]
        assert codes == [201] * 8 + [429]


def test_wind_land_track_and_events(race_url: str) -> None:
    wind = httpx.get(f"{race_url}/{SLUG}/wind", params={"t": 3600, "step": 4}).json()
    assert len(wind["speed_kt"]) == len(wind["lat"]) and len(wind["speed_kt"][0]) == len(
        wind["lon"]
    )
    assert wind["to_s"] > wind["from_s"] and 0 <= min(min(r) for r in wind["from_deg"])
    land = httpx.get(f"{race_url}/{SLUG}/land.geojson")
    assert land.headers["content-type"] == "application/geo+json"
    geometry = land.json()["features"][0]["geometry"]
    shape = shapely.geometry.shape(geometry)  # Marseille on land, off Planier at sea
    assert shape.contains(shapely.Point(5.37, 43.30)) and not shape.contains(
        shapely.Point(5.2, 43.18)
    )
    with httpx.Client() as c:
        tick = _wait_tick(c, race_url, 4)
        track = c.get(f"{race_url}/{SLUG}/boats/3/track").json()
        assert len(track["t"]) >= tick // 2 - 1 and len(track["lat"]) == len(track["t"])
        with c.stream("GET", f"{race_url}/{SLUG}/events", timeout=10) as events:
            lines = []
            for line in events.iter_lines():
                lines.append(line)
                if sum(x.startswith("data:") for x in lines) == 2:
                    break
        ticks = [x for x in lines if x.startswith("data:")]
        assert len(ticks) == 2 and ticks[0] != ticks[1]


def test_outside_the_demo_a_sign_up_needs_a_password(race_url: str) -> None:
    """The one-time link instead of a password is a demo feature: no link is ever handed out."""
    with player(race_url) as p:
        signup = race_url.replace("/api/races", "/api/players/signup")
        r = p.post(signup, json={"boat_name": "Sans Mot", "country": "FR"})
        assert r.status_code == 422 and "password" in r.text and "signin" not in r.text
