"""Helpers for console tests: staff accounts, a logged-in client, the console's routes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from calanque.console.accounts import Accounts

PASSWORD = "correct horse battery staple"


def add_staff(app: FastAPI) -> None:
    accounts: Accounts = app.state.console.accounts
    accounts.add_user("ada", PASSWORD, "admin")
    accounts.add_user("eve", PASSWORD, "editor")


def client(app: FastAPI) -> TestClient:
    """Over HTTPS: the session cookie is `Secure`, and a client sends it only over HTTPS."""
    return TestClient(app, base_url="https://testserver", follow_redirects=False)


def log_in(c: TestClient, username: str, password: str = PASSWORD) -> Any:
    page = c.get("/console/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text)
    assert token is not None
    return c.post(
        "/console/login",
        data={"username": username, "password": password, "login_token": token.group(1)},
    )


def csrf(c: TestClient) -> str:
    page = c.get("/console/documents")
    found = re.search(r'data-csrf="([^"]+)"', page.text)
    assert found is not None, page.text[:500]
    return found.group(1)


def console_routes(app: FastAPI) -> Iterator[tuple[str, str, list[str]]]:
    """(method, path, tags) of every route under /console, wherever it was included."""

    def walk(routes: list[Any], prefix: str) -> Iterator[tuple[str, str, list[str]]]:
        for route in routes:
            if hasattr(route, "original_router"):  # an included router (FastAPI ≥ 0.160)
                yield from walk(route.original_router.routes, prefix + route.include_context.prefix)
            elif hasattr(route, "methods") and route.methods:
                path = prefix + route.path
                if path.startswith("/console"):
                    for method in sorted(route.methods):
                        yield method, path, list(getattr(route, "tags", []))

    yield from walk(app.router.routes, "")
