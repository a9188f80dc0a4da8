"""The race pages (`/race`, a race, a boat's page) and what only they read: a boat's public
card, the boat class's polar for the diagram, and the cards about the places marks pass.

The pages are HTML shells; `static/race.js` draws the map and the panels from the race API,
so a page costs what any other client costs: the same cached snapshot per tick.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from calanque.race.places import cards_for
from calanque.race.server import DELETED, RaceRunner, RaceServer
from calanque.web.accounts import csrf_of, set_csrf_cookie, signed_in
from calanque.web.deps import page_lang, render
from calanque.web.race_api import limit_reads
from calanque.web.race_i18n import race_ui
from calanque.web.safety import TOO_MANY, error_responses

__all__ = ["api", "pages"]

PAGE = ["GET", "HEAD"]
STATUS_ORDER = {"racing": 0, "open": 1, "scheduled": 2, "finished": 3}

pages = APIRouter(include_in_schema=False)
# Every route names a race (404 when unknown) and reads under the race read limit (429).
api = APIRouter(
    prefix="/api/races",
    tags=["races"],
    responses=error_responses(e404="Unknown race (or no races on this server).", e429=TOO_MANY),
)


def _server(request: Request) -> RaceServer | None:
    return getattr(request.app.state, "races", None)


def _runner(request: Request, slug: str) -> RaceRunner:
    server = _server(request)
    runner = server.get(slug) if server is not None else None
    if runner is None:
        raise HTTPException(404, detail="unknown race")
    return runner


def _render(request: Request, name: str, **context: Any) -> HTMLResponse:
    lang = page_lang(request, request.app.state.engine)
    token, new = csrf_of(request)
    demo = bool(getattr(request.app.state, "race_demo", False))
    response: HTMLResponse = render(
        request, name, lang, rt=race_ui(lang), csrf=token, demo=demo, **context
    )
    if new:
        set_csrf_cookie(request, response, token)
    return response


@pages.api_route("/race", methods=PAGE, response_class=HTMLResponse)
def race_home(request: Request) -> Response:
    """The race to show a newcomer: one under way, else one open, else the latest."""
    server = _server(request)
    runners = list(server.runners.values()) if server is not None else []
    if not runners:
        return _render(request, "race.html", race=None, cards={}, player=None)
    best = min(runners, key=lambda r: (STATUS_ORDER[r.status()], -r.definition.start.timestamp()))
    query = f"?{request.url.query}" if request.url.query else ""  # keeps ?lang=
    return RedirectResponse(f"/race/{best.slug}{query}", status_code=303)


@pages.api_route("/race/{slug}", methods=PAGE, response_class=HTMLResponse)
def race_page(request: Request, slug: str = Path(max_length=64)) -> HTMLResponse:
    runner = _runner(request, slug)
    lang = page_lang(request, request.app.state.engine)
    player = signed_in(request)
    return _render(
        request,
        "race.html",
        race=runner.definition,
        cards={str(k): v for k, v in cards_for(runner.race.course, lang).items()},
        player=player.public() if player else None,
    )


@pages.api_route("/race/{slug}/boat/{boat}", methods=PAGE, response_class=HTMLResponse)
def boat_page(
    request: Request, slug: str = Path(max_length=64), boat: int = Path(ge=0)
) -> HTMLResponse:
    runner = _runner(request, slug)
    return _render(request, "race_boat.html", race=runner.definition, card=boat_card(runner, boat))


def boat_card(runner: RaceRunner, boat: int) -> dict[str, Any]:
    """What anyone may see of a boat: who sails it (a bot, a player, an erased account) and
    where it stands."""
    e = runner.entries.get(boat)
    if e is None or boat >= runner.race.config.n_boats:
        raise HTTPException(404, detail="no such boat in this race")
    f = runner.frame
    return {
        "boat": boat,
        "name": e.name,
        "country": e.country,
        "club": e.club,
        "bot": e.is_bot,
        "deleted": e.player == DELETED,
        "racing": bool(f.active[boat]),
        "rank": int(f.rank[boat]),
        "dtf_nm": round(float(f.dtf[boat]), 2),
        "speed_kt": round(float(f.speed[boat]), 2),
        "heading": round(float(f.heading[boat]) % 360, 1),
        "finished": bool(f.finished[boat]),
        "finish_time_s": float(f.finish_time[boat]) if f.finished[boat] else None,
        "next_mark": int(f.next_mark[boat]),
        "tick": f.tick,
    }


@api.get("/{slug}/boats/{boat}", summary="A boat's public card: who sails it, rank, distance")
def boat_info(request: Request, slug: str = Path(max_length=64), boat: int = Path(ge=0)) -> Any:
    limit_reads(request)
    return boat_card(_runner(request, slug), boat)


@api.get("/{slug}/polar", summary="The boat class's polar (speed by TWA and TWS), for diagrams")
def polar(request: Request, slug: str = Path(max_length=64)) -> JSONResponse:
    p = _runner(request, slug).race.polar
    twa = np.arange(0, 181, 2)
    tws = np.arange(0, p.tws_max + 1)
    body = {
        "boat_class": p.name,
        "twa": twa.tolist(),
        "tws": tws.tolist(),
        "speed_kt": np.round(p.table(twa, tws), 2).tolist(),
        "up_twa": np.round(p.up_twa, 1).tolist(),
        "down_twa": np.round(p.down_twa, 1).tolist(),
        "source": p.source,
    }
    return JSONResponse(body, headers={"Cache-Control": "public, max-age=86400"})


@api.get("/{slug}/cards", summary="Cards about the places the marks stand for (mark → question)")
def cards(
    request: Request,
    slug: str = Path(max_length=64),
    lang: str = Query("fr", pattern=r"^[a-z]{2}$"),
) -> dict[str, Any]:
    course = _runner(request, slug).race.course
    return {"cards": {str(k): v for k, v in cards_for(course, lang).items()}}
