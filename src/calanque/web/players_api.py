"""The players' API: sign up, log in (password, or a one-time link in the demo), log out, my
account, contact consent, erase my account; and the public page of a boat.

A guest who signs up or logs in claims the boat their guest cookie sails (`POST
/api/races/{slug}/claim`: the cookie is only sent under its race's path). An erased
account's boats stay in their races, anonymous (see `erase`): the other players' ranks and a
finished race's replay do not change, and nothing personal is left.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from calanque.players import CONTACT_TOPICS, Player, PlayerError
from calanque.race.server import DELETED, JoinError, RaceServer
from calanque.web.accounts import (
    SESSION_COOKIE,
    check_csrf,
    csrf_token,
    players_of,
    secure_cookies,
    signed_in,
)
from calanque.web.ratelimit import Limiter, make_limiter
from calanque.web.safety import TOO_MANY, UNREADABLE, Text, error_responses, invalid

__all__ = ["router", "pages"]

log = logging.getLogger("calanque.players")
COOKIE_PREFIX = "race_boat_"  # the guests' boat cookies (race_api)
T = TypeVar("T")
SIGNUPS_PER_MINUTE = 5
LOGINS_PER_MINUTE = 10


class SignUp(BaseModel):
    boat_name: Text = Field(..., min_length=1, max_length=40)
    country: str = Field(..., pattern=r"^[A-Z]{2}$", description="ISO 3166 alpha-2 code.")
    club: Text = Field("", max_length=60)
    email: Text | None = Field(None, max_length=254, description="Optional.")
    password: Text | None = Field(
        None,
        max_length=1024,
        description="At least 10 characters; in the demo it may be left out: a one-time "
        "sign-in link is then returned (`link`) and printed to the server's log.",
    )
    contact_topics: list[str] = Field(
        default_factory=list,
        max_length=3,
        description=f"Opt-in: the agency may contact me about {', '.join(CONTACT_TOPICS)}.",
    )


class LogIn(BaseModel):
    login: Text = Field(..., min_length=1, max_length=254, description="Boat name or e-mail.")
    password: Text = Field(..., min_length=1, max_length=1024)


class LinkRequest(BaseModel):
    login: Text = Field(..., min_length=1, max_length=254, description="Boat name or e-mail.")


class Contact(BaseModel):
    topics: list[str] = Field(default_factory=list, max_length=3, description="[] withdraws.")


# Password hashing has threads of its own, one per core: more would only share the CPU (and
# 19 MiB each), and the default executor, which joins and other short calls use, stays free.
_HASHER = ThreadPoolExecutor(os.cpu_count() or 2, thread_name_prefix="argon2")


async def _hashing(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return await asyncio.get_running_loop().run_in_executor(_HASHER, partial(fn, *args, **kwargs))


def _limiters(request: Request) -> dict[str, Limiter]:
    """Counted in the database every worker shares when it is PostgreSQL's."""
    state = request.app.state
    if not hasattr(state, "player_limiters"):
        database = state.engine.database
        state.player_limiters = {
            "signup": make_limiter(database, SIGNUPS_PER_MINUTE, "signup"),
            "login": make_limiter(database, LOGINS_PER_MINUTE, "login"),
            "account": make_limiter(database, LOGINS_PER_MINUTE, "account"),
        }
    return state.player_limiters


def _limit(request: Request, kind: str, key: str | None = None) -> None:
    address = request.client.host if request.client else "unknown"
    wait = _limiters(request)[kind].check(key or address)
    if wait:
        raise HTTPException(
            429, detail="too many attempts", headers={"Retry-After": str(int(wait) + 1)}
        )


def _races(request: Request) -> RaceServer | None:
    return getattr(request.app.state, "races", None)


def _me(request: Request) -> Player:
    player = signed_in(request)
    if player is None:
        raise HTTPException(401, detail="sign in first")
    return player


def _open_session(request: Request, response: Response, player: Player) -> None:
    token = players_of(request).new_session(player.id)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=30 * 86400,
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
    )


def claim_guest_boat(request: Request, response: Response, slug: str, player: Player) -> int:
    """Hand the boat this browser sails as a guest in race `slug` to `player`; its boat
    cookie (sent only under `/api/races/{slug}`) is dropped."""
    server = _races(request)
    runner = server.get(slug) if server is not None else None
    if runner is None:
        raise HTTPException(404, detail="unknown race")
    token = request.cookies.get(COOKIE_PREFIX + slug, "")
    boat = runner.boat_of(token) if token else None
    if boat is None:
        raise HTTPException(401, detail="no guest boat to claim in this race")
    if runner.boat_of_player(player.ref) is not None:
        raise HTTPException(409, detail="you already sail a boat in this race")
    try:
        runner.reassign(boat, player.ref, player.boat_name, player.country, player.club)
    except JoinError as exc:
        raise HTTPException(409, detail=str(exc)) from None
    response.delete_cookie(COOKIE_PREFIX + slug, path=f"/api/races/{slug}")
    return boat


def _boats(request: Request, player: Player) -> list[dict[str, Any]]:
    server = _races(request)
    out = []
    for slug, runner in (server.runners if server else {}).items():
        boat = runner.boat_of_player(player.ref)
        if boat is not None:
            out.append({"race": slug, "name": runner.definition.name, "boat": boat})
    return out


def _account(request: Request, player: Player) -> dict[str, Any]:
    return {**player.public(), "boats": _boats(request, player)}


router = APIRouter(prefix="/api/players", tags=["players"], dependencies=[Depends(check_csrf)])


@router.get("/csrf", summary="This visitor's CSRF token (also set in an HttpOnly cookie)")
def get_csrf(request: Request, response: Response) -> dict[str, str]:
    return {"csrf": csrf_token(request, response), "header": "X-CSRF-Token"}


@router.post(
    "/signup",
    status_code=201,
    summary="Create an account: signed in at once with a password, by a one-time link in the demo",
    responses=error_responses(
        e400=UNREADABLE,
        e403="No CSRF token.",
        e409="Boat name or e-mail taken.",
        e429=TOO_MANY,
    ),
)
async def sign_up(body: SignUp, request: Request, response: Response) -> dict[str, Any]:
    _limit(request, "signup")
    players = players_of(request)
    demo = bool(getattr(request.app.state, "race_demo", False))
    if body.password is None and not demo:
        raise invalid("choose a password (at least 10 characters)", "body", "password")
    try:
        player = await _hashing(
            players.sign_up,
            body.boat_name,
            body.country,
            body.club,
            email=body.email,
            password=body.password,
            contact_topics=tuple(body.contact_topics),
        )
    except PlayerError as exc:
        status = 409 if "taken" in str(exc) or "has an account" in str(exc) else 422
        raise HTTPException(status, detail=str(exc)) from None
    if body.password is None:  # only in the demo (checked above)
        # The demo has no mail to send the link by: the page that signed up shows it (the
        # log has it too). It signs in this account only, which this visitor just made.
        link = await asyncio.to_thread(_print_link, request, player)
        return {**_account(request, player), "signed_in": False, "link": link}
    await asyncio.to_thread(_open_session, request, response, player)
    return {**_account(request, player), "signed_in": True}


def _print_link(request: Request, player: Player) -> str:
    """A new one-time sign-in link for `player`, printed to the log; return its path."""
    path = f"/players/signin/{players_of(request).new_link(player.id)}"
    url = f"{str(request.base_url).rstrip('/')}{path}"
    # The demo's stand-in for an e-mail: the one who runs the server passes it on.
    log.warning("sign-in link for boat %r (valid 15 minutes, once): %s", player.boat_name, url)
    return path


@router.post(
    "/login",
    summary="Log in with a boat name or e-mail and a password (claims this browser's guest boats)",
    responses=error_responses(
        e400=UNREADABLE, e401="Wrong login.", e403="No CSRF token.", e429=TOO_MANY
    ),
)
async def log_in(body: LogIn, request: Request, response: Response) -> dict[str, Any]:
    _limit(request, "login")
    _limit(request, "account", body.login.strip().casefold())  # guessing one account's password
    try:
        player = await _hashing(players_of(request).log_in, body.login, body.password)
    except PlayerError as exc:
        raise HTTPException(401, detail=str(exc)) from None
    await asyncio.to_thread(_open_session, request, response, player)
    return {**_account(request, player), "signed_in": True}


@router.post(
    "/link",
    status_code=202,
    summary="Demo: print a one-time sign-in link for this account to the server's log",
    responses=error_responses(
        e400=UNREADABLE, e403="No CSRF token.", e404="Not a demo.", e429=TOO_MANY
    ),
)
def sign_in_link(body: LinkRequest, request: Request) -> dict[str, str]:
    if not getattr(request.app.state, "race_demo", False):
        raise HTTPException(404, detail="sign-in links are a demo feature")
    _limit(request, "login")
    player = players_of(request).find(body.login)
    if player is not None:
        _print_link(request, player)
    # The same answer whether or not the account exists.
    return {"status": "if this account exists, a link was printed to the server's log"}


@router.post(
    "/logout", summary="End this session", responses=error_responses(e403="No CSRF token.")
)
def log_out(request: Request, response: Response) -> dict[str, bool]:
    token = request.cookies.get(SESSION_COOKIE, "")
    if token:
        players_of(request).end_session(token)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return {"signed_in": False}


@router.get(
    "/me",
    summary="My account: what it stores of me, my boats, my contact consent",
    responses=error_responses(e401="Not signed in."),
)
def me(request: Request) -> dict[str, Any]:
    return _account(request, _me(request))


@router.put(
    "/me/contact",
    summary="Opt in to being contacted by the agency (talent, business, tourism), or withdraw",
    responses=error_responses(e400=UNREADABLE, e401="Not signed in.", e403="No CSRF token."),
)
def set_contact(body: Contact, request: Request) -> dict[str, Any]:
    player = _me(request)
    try:
        player = players_of(request).set_contact(player.id, tuple(body.topics))
    except PlayerError as exc:
        raise invalid(str(exc), "body", "topics") from None
    return _account(request, player)


@router.delete(
    "/me",
    summary="Erase my account; my boats stay in their races as anonymous 'deleted' entries",
    responses=error_responses(e401="Not signed in.", e403="No CSRF token."),
)
def erase(request: Request, response: Response) -> dict[str, Any]:
    """The boat is not taken out of its race: the engine has no way to remove a boat from a
    race under way, a finished race's ranks and replay would change for everyone else, and the
    order log (boat numbers, headings, times) holds nothing personal. Its entry loses the
    name, country, club and the link to the account."""
    player = _me(request)
    server = _races(request)
    anonymised = []
    for slug, runner in (server.runners if server else {}).items():
        boat = runner.boat_of_player(player.ref)
        if boat is not None:
            runner.reassign(boat, DELETED, "", "", "")
            anonymised.append(slug)
    players_of(request).delete(player.id)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return {"deleted": True, "anonymised_in": anonymised}


claims = APIRouter(prefix="/api/races", tags=["players"], dependencies=[Depends(check_csrf)])


@claims.post(
    "/{slug}/claim",
    summary="Signed in, take over the boat this browser sailed as a guest in this race",
    responses=error_responses(
        e401="Not signed in, or no guest boat here.", e403="No CSRF token.", e409="Has one."
    ),
)
def claim(slug: str, request: Request, response: Response) -> dict[str, Any]:
    player = _me(request)
    boat = claim_guest_boat(request, response, slug, player)
    return {"race": slug, "boat": boat, "boat_name": player.boat_name}


pages = APIRouter(include_in_schema=False)


@pages.get("/players/signin/{token}")
def use_link(token: str, request: Request) -> Response:
    """A one-time sign-in link: spent, a session opened, and off to the races."""
    player = players_of(request).use_link(token)
    if player is None:
        raise HTTPException(404, detail="this sign-in link is spent, expired or unknown")
    response = RedirectResponse("/race", status_code=303)
    _open_session(request, response, player)
    return response
