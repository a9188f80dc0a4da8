"""Who is asking: the staff session behind the cookie, its CSRF token, and the role a route needs.

Every console route depends on `staff` (router-level, so no route can be added without it):
no valid session, no answer (a page redirects to the log-in form, an API call gets 401). Every
request that changes something must carry the session's CSRF token, in the `X-CSRF-Token`
header or a `csrf` form field (403 otherwise). The log-in form itself is protected by a
double-submit token (a cookie and a form field that must match).
"""

from __future__ import annotations

import secrets

from fastapi import HTTPException, Request
from starlette.types import Scope

from calanque.console.accounts import Session, allowed
from calanque.console.service import ConsoleService

COOKIE = "calanque_staff"
LOGIN_COOKIE = "calanque_login"
CSRF_HEADER = "x-csrf-token"
SAFE = ("GET", "HEAD", "OPTIONS")


class NotLoggedIn(Exception):
    """No live session: pages redirect to the log-in form, the API answers 401."""


def service(request: Request) -> ConsoleService:
    console: ConsoleService = request.app.state.console
    return console


def session_of(console: ConsoleService, cookie: str | None) -> Session | None:
    return console.accounts.session(cookie or "")


async def staff(request: Request) -> Session:
    """The session of the request, its CSRF token checked on anything but a read."""
    session = session_of(service(request), request.cookies.get(COOKIE))
    if session is None:
        raise NotLoggedIn()
    if request.method not in SAFE:
        sent = request.headers.get(CSRF_HEADER)
        if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            sent = str((await request.form()).get("csrf") or "")
        if not sent or not secrets.compare_digest(sent, session.csrf):
            raise HTTPException(403, detail="missing or wrong CSRF token: reload the page")
    request.state.session = session
    return session


def need(action: str):  # noqa: ANN201 - a FastAPI dependency factory
    """A dependency refusing (403) a staff member whose role may not do `action`."""

    async def check(request: Request) -> Session:
        session = await staff(request)
        if not allowed(session.actor.role, action):
            raise HTTPException(403, detail=f"your role may not do this ({action})")
        return session

    check.__name__ = f"need_{action}"
    return check


def upload_limit(console: ConsoleService, limit: int):  # noqa: ANN201
    """For `BodyLimit`: the larger limit for a console upload by a logged-in member of staff."""

    def wider(scope: Scope) -> int | None:
        if not scope.get("path", "").startswith("/console/"):
            return None
        cookies = {}
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                for part in value.decode("latin-1").split(";"):
                    key, _, val = part.strip().partition("=")
                    cookies[key] = val
        return limit if session_of(console, cookies.get(COOKIE)) else None

    return wider
