"""Who a request is and whether it may change anything: the session cookie, CSRF, cookies' flags.

- The session cookie holds a random token whose digest the `players` tables keep (shared by
  every worker); it is HttpOnly, SameSite=Lax (a sign-in link opened from a mail or a log
  must land signed in) and Secure everywhere but plain http on a developer's loopback.
- CSRF: every state-changing call (POST, PUT, PATCH, DELETE) under the players' and races'
  APIs carries an `X-CSRF-Token` header equal to the `csrf` cookie (double submit). Pages put
  the token in the HTML for their script; an API client gets one from `GET /api/players/csrf`.
  The cookie is HttpOnly and SameSite=Strict, so another site can neither read nor send it.
"""

from __future__ import annotations

import ipaddress
import secrets

from fastapi import HTTPException, Request, Response

from calanque.players import Player, Players

__all__ = [
    "CSRF_COOKIE",
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "check_csrf",
    "csrf_of",
    "csrf_token",
    "players_of",
    "secure_cookies",
    "set_csrf_cookie",
    "signed_in",
]

SESSION_COOKIE = "player_session"
CSRF_COOKIE = "csrf"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def secure_cookies(request: Request) -> bool:
    """Cookies are Secure except over plain http on loopback (a developer's machine)."""
    if request.url.scheme == "https":
        return True
    host = request.url.hostname or ""
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host != "localhost"


def players_of(request: Request) -> Players:
    players = getattr(request.app.state, "players", None)
    if players is None:
        raise HTTPException(404, detail="no races, hence no players, on this server")
    return players


def signed_in(request: Request) -> Player | None:
    """The account this request's session cookie signs in, or None."""
    players = getattr(request.app.state, "players", None)
    token = request.cookies.get(SESSION_COOKIE, "")
    if players is None or not token:
        return None
    return players.session_player(token)


def csrf_token(request: Request, response: Response) -> str:
    """The visitor's CSRF token (the cookie's, or a new one set on `response`)."""
    token, new = csrf_of(request)
    if new:
        set_csrf_cookie(request, response, token)
    return token


def csrf_of(request: Request) -> tuple[str, bool]:
    """The CSRF cookie's token, or a new one (and True: the caller sets the cookie)."""
    token = request.cookies.get(CSRF_COOKIE, "")
    if len(token) == 43:
        return token, False
    return secrets.token_urlsafe(32), True


def set_csrf_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        CSRF_COOKIE,
        token,
        max_age=30 * 86400,
        path="/",
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request),
    )


async def check_csrf(request: Request) -> None:
    """403 for a state-changing request whose header does not match its CSRF cookie (async:
    FastAPI runs a plain function dependency in its thread pool, a hop on every request)."""
    if request.method not in UNSAFE:
        return
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER, "")
    if not cookie or not secrets.compare_digest(cookie.encode(), sent.encode()):
        raise HTTPException(
            403,
            detail="missing or wrong CSRF token: send the X-CSRF-Token header with the value "
            "GET /api/players/csrf gives",
        )
