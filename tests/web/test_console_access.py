"""Who gets what from the console: every route refuses anonymous visitors (walked from the app's
route list, so a new route cannot be forgotten), editors are refused the admin routes, every
change needs its CSRF token, and log-ins are limited and locked out."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from console_client import PASSWORD, add_staff, client, console_routes, csrf, log_in
from fastapi import FastAPI
from fastapi.testclient import TestClient

from calanque.console import accounts as accounts_module
from calanque.console.audit import entries
from calanque.engine import Engine
from calanque.web.app import create_app

PUBLIC = {("GET", "/console/login"), ("HEAD", "/console/login"), ("POST", "/console/login")}


@pytest.fixture
def app(engine: Engine) -> FastAPI:
    app = create_app(engine)
    add_staff(app)
    return app


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    with client(app) as c:
        yield c


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def test_the_walk_finds_the_console(app: FastAPI) -> None:
    routes = list(console_routes(app))
    paths = {p for _, p, _ in routes}
    assert {"/console/documents", "/console/api/documents", "/console/users"} <= paths
    assert {
        "/console/races",
        "/console/races.csv",
        "/console/races/chart/{name}.svg",
        "/console/api/races",
        "/console/prospects",
        "/console/api/prospects",
    } <= paths
    assert len(routes) >= 40


def test_anonymous_gets_nothing_from_any_console_route(app: FastAPI, anonymous: TestClient) -> None:
    checked = 0
    for method, path, _ in console_routes(app):
        if (method, path) in PUBLIC:
            continue
        r = anonymous.request(method, _concrete(path))
        if path.startswith("/console/api/"):
            assert r.status_code == 401, (method, path, r.status_code)
        else:
            assert r.status_code == 303, (method, path, r.status_code)
            assert r.headers["location"] == "/console/login"
        assert "ada" not in r.text and "eve" not in r.text
        checked += 1
    assert checked >= 40


def test_editors_are_refused_every_admin_route(app: FastAPI) -> None:
    with client(app) as c:
        assert log_in(c, "eve").status_code == 303
        token = csrf(c)
        admin_routes = [(m, p) for m, p, tags in console_routes(app) if "console-admin" in tags]
        assert {p for _, p in admin_routes} >= {
            "/console/users",
            "/console/audit",
            "/console/api/users",
            "/console/api/audit",
        }
        for method, path in admin_routes:
            r = c.request(method, _concrete(path), headers={"X-CSRF-Token": token})
            assert r.status_code == 403, (method, path, r.status_code)
    with client(app) as c:
        log_in(c, "ada")
        assert c.get("/console/users").status_code == 200
        assert c.get("/console/api/audit").status_code == 200


def test_a_change_without_its_csrf_token_is_refused(app: FastAPI) -> None:
    with client(app) as c:
        log_in(c, "eve")
        token = csrf(c)
        body = {"weight": 2.0}
        assert c.put("/console/api/sources/pack:corpus/weight", json=body).status_code == 403
        r = c.put(
            "/console/api/sources/pack:corpus/weight", json=body, headers={"X-CSRF-Token": "forged"}
        )
        assert r.status_code == 403
        r = c.post("/console/sources/weight", data={"source": "pack:corpus", "weight": "2"})
        assert r.status_code == 403
        r = c.put(
            "/console/api/sources/pack:corpus/weight", json=body, headers={"X-CSRF-Token": token}
        )
        assert r.status_code == 200 and r.json()["documents"] == 4
        # a form carries it as a field
        r = c.post(
            "/console/sources/weight", data={"source": "pack:corpus", "weight": "1", "csrf": token}
        )
        assert r.status_code == 303 and "done=weight" in r.headers["location"]


def test_session_cookie_flags_and_log_out(app: FastAPI) -> None:
    with client(app) as c:
        r = log_in(c, "ada")
        cookie = r.headers["set-cookie"]
        assert "calanque_staff=" in cookie
        assert all(flag in cookie.lower() for flag in ("secure", "httponly", "samesite=strict"))
        assert c.get("/console/documents").status_code == 200
        token = csrf(c)
        assert c.post("/console/logout", data={"csrf": token}).status_code == 303
        assert c.get("/console/documents").status_code == 303


def test_a_stolen_database_opens_no_session(app: FastAPI) -> None:
    with client(app) as c:
        log_in(c, "ada")
        token = c.cookies.get("calanque_staff")
    stored = (
        app.state.engine.database.connection()
        .execute("SELECT token_hash FROM console_sessions")
        .fetchall()
    )
    assert stored and all(row[0] != token for row in stored)
    hashes = (
        app.state.engine.database.connection()
        .execute("SELECT password_hash FROM console_users")
        .fetchall()
    )
    assert all(h[0].startswith("$argon2id$") and PASSWORD not in h[0] for h in hashes)


def test_login_form_needs_its_own_token(app: FastAPI) -> None:
    with client(app) as c:
        r = c.post("/console/login", data={"username": "ada", "password": PASSWORD})
        assert r.headers["location"] == "/console/login?failed=expired"
        assert "calanque_staff" not in r.headers.get("set-cookie", "")


def test_lock_out_after_failed_log_ins(app: FastAPI) -> None:
    with client(app) as c:
        for _ in range(accounts_module.MAX_FAILURES):
            assert (
                log_in(c, "eve", "wrong password!!").headers["location"].endswith("failed=failed")
            )
        r = log_in(c, "eve")  # the right password, too late
        assert r.headers["location"].endswith("failed=locked")
        assert "verrouillé" in c.get(r.headers["location"]).text
        assert c.get("/console/documents").status_code == 303
    actions = [e["action"] for e in entries(app.state.engine.database)]
    assert "session.locked" in actions
    app.state.console.accounts.set_password("eve", PASSWORD)  # an admin unlocks
    with client(app) as c:
        assert log_in(c, "eve").headers["location"] == "/console"


def test_log_in_attempts_are_limited_per_address(app: FastAPI) -> None:
    app.state.login_limiter.per_minute = 3
    with client(app) as c:
        for _ in range(3):
            log_in(c, "nobody", "whatever password")
        assert log_in(c, "ada").headers["location"].endswith("failed=throttled")


def test_unknown_and_wrong_passwords_look_the_same(app: FastAPI) -> None:
    with client(app) as c:
        a = log_in(c, "nobody-here", "whatever password")
        b = log_in(c, "ada", "wrong password!!")
        assert a.headers["location"] == b.headers["location"] == "/console/login?failed=failed"


def test_every_change_is_in_the_audit_log(app: FastAPI) -> None:
    with client(app) as c:
        log_in(c, "ada")
        token = csrf(c)
        c.post(
            "/console/api/users",
            json={"username": "zoe", "password": PASSWORD},
            headers={"X-CSRF-Token": token},
        )
        c.put(
            "/console/api/sources/pack:corpus/weight",
            json={"weight": 1.5},
            headers={"X-CSRF-Token": token},
        )
        log = c.get("/console/api/audit").json()
    done = {(e["username"], e["action"], e["target"]) for e in log}
    assert ("ada", "user.add", "zoe") in done
    assert ("ada", "source.weight", "pack:corpus") in done
    assert all(e["at"] for e in log)
