"""The race API: races, per-tick snapshots, wind and land for the map, joining, orders,
leaderboards, tracks and "new tick" events. A thin shell over `calanque.race.server`.

Reads come from the last frame the tick built (never the live state), so a request never
sees a tick half done and never waits for one. Who a request's player is, is decided in
one place, `current_boat` (today: the guest's boat token cookie).
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import asdict
from functools import lru_cache
from typing import Annotated, Any, Literal

import numpy as np
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Path, Query, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from calanque.players import Players
from calanque.race.geo import haversine_nm, initial_bearing
from calanque.race.landmap import land_geojson
from calanque.race.orders import OrderError
from calanque.race.schedule import load_definitions
from calanque.race.server import DELETED, JoinError, RaceRunner, RacesElsewhere, RaceServer
from calanque.web.accounts import check_csrf, signed_in
from calanque.web.ratelimit import Limiter, make_limiter
from calanque.web.safety import TOO_MANY, UNREADABLE, Text, error_responses, invalid, streamed

__all__ = ["router"]

log = logging.getLogger("calanque.race")

Slug = Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9-]+$")]
COOKIE_PREFIX = "race_boat_"
TRACK_POINTS = 500


class JoinRequest(BaseModel):
    boat_name: Text = Field(..., min_length=1, max_length=40, description="Shown on leaderboards.")
    country: str = Field(..., pattern=r"^[A-Z]{2}$", description="ISO 3166 alpha-2 code.")
    club: Text = Field("", max_length=60)


class OrderRequest(BaseModel):
    mode: Literal["heading", "twa", "vmg", "waypoint", "clear"]
    value: float | None = Field(
        None,
        description="Heading (0..360, true), TWA (-180..180, positive = wind on starboard), or "
        "layline fraction (0..1] for vmg and waypoint (default 1).",
    )
    at_time: float | None = Field(None, description="Race time (s) at which it applies.")
    at_mark: int | None = Field(None, description="Applies once this mark index is rounded.")
    lat: float | None = Field(None, description="A waypoint's latitude, degrees.")
    lon: float | None = Field(None, description="A waypoint's longitude, degrees.")


NO_CSRF = "No CSRF token (POST and DELETE need the X-CSRF-Token header of /api/players/csrf)."


def _server(request: Request) -> RaceServer:
    server = getattr(request.app.state, "races", None)
    if server is None:
        raise HTTPException(404, detail="no races on this server")
    return server


def _runner_of(slug: str, request: Request) -> RaceRunner:
    runner = _server(request).get(slug)
    if runner is None:
        raise HTTPException(404, detail="unknown race")
    return runner


async def _runner(slug: Slug, request: Request) -> RaceRunner:
    """The race a path names (async: FastAPI runs a plain dependency in its thread pool)."""
    return _runner_of(slug, request)


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _limit(limiter: Limiter, key: str) -> None:
    wait = limiter.check(key)
    if wait:
        raise HTTPException(
            429, detail="too many requests", headers={"Retry-After": str(int(wait) + 1)}
        )


def limit_reads(request: Request) -> None:
    _limit(request.app.state.race_read_limiter, _address(request))


def current_boat(slug: Slug, request: Request) -> tuple[RaceRunner, int]:
    """The race and the boat this request's player sails (401 without one).

    The one place that knows what a player is: a signed-in account's boat, else the boat
    a guest's token cookie names.
    """
    runner = _runner_of(slug, request)
    player = signed_in(request)
    boat = runner.boat_of_player(player.ref) if player is not None else None
    if boat is None:
        token = request.cookies.get(COOKIE_PREFIX + slug, "")
        boat = runner.boat_of(token) if token else None
    if boat is None:
        raise HTTPException(401, detail="join this race first (no boat token)")
    return runner, boat


Player = Annotated[tuple[RaceRunner, int], Depends(current_boat)]
Runner = Annotated[RaceRunner, Depends(_runner)]


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the race server (the races of `race_file`, and the demo's) with the app.

    Its limits count in the database every worker shares when it is PostgreSQL's."""
    settings, database = app.state.engine.settings, app.state.engine.database
    app.state.race_read_limiter = make_limiter(database, 600, "race-read")
    app.state.race_join_limiter = make_limiter(database, 10, "race-join")
    app.state.race_order_limiter = make_limiter(
        database, settings.race_orders_per_minute, "race-order"
    )
    app.state.races = None
    app.state.players = None
    demo = getattr(app.state, "race_demo", False)
    if not settings.races or not (demo or settings.race_file):
        yield
        return
    definitions = load_definitions(settings.race_file) if settings.race_file else []
    try:
        server = await asyncio.to_thread(RaceServer, settings.race_database, definitions, demo=demo)
    except RacesElsewhere as exc:  # a web worker beside the race process: no races here
        log.warning("%s: this process serves no race", exc)
        yield
        return
    app.state.races = server
    # Accounts live in the races' database: a claim or an erasure touches both.
    app.state.players = await asyncio.to_thread(Players, server.store.database)
    app.state.race_changed = asyncio.Condition()
    stop = app.state.race_stop = asyncio.Event()
    task = asyncio.create_task(server.run(stop, app.state.race_changed))
    try:
        yield
    finally:
        stop.set()
        with suppress(asyncio.CancelledError):
            await task
        await asyncio.to_thread(server.close)


# Every route names a race: an unknown one (or a server without races) is a documented 404.
router = APIRouter(
    prefix="/api/races",
    tags=["races"],
    lifespan=lifespan,
    dependencies=[Depends(check_csrf)],
    responses=error_responses(e404="Unknown race (or no races on this server)."),
)


def _summary(r: RaceRunner) -> dict[str, Any]:
    d, st = r.definition, r.frame
    return {
        "slug": r.slug,
        "name": d.name,
        "status": r.status(),
        "registration_opens": d.registration_opens.isoformat(),
        "start": d.start.isoformat(),
        "end": d.end.isoformat(),
        "tick": st.tick,
        "race_time_s": st.t,
        "boats": int(st.active.sum()),
        "bots": st.n_bots,
        "player_slots": d.players,
        "players": len(r.entries) - d.bots,
    }


@router.get("", summary="Every race on this server")
def list_races(request: Request) -> list[dict[str, Any]]:
    return [_summary(r) for r in _server(request).runners.values()]


@router.get("/{slug}", summary="A race: course, marks, schedule, clock, wind source")
def race_detail(runner: Runner) -> dict[str, Any]:
    d, race = runner.definition, runner.race
    course = race.course
    wind = race.wind
    return {
        **_summary(runner),
        "boat_class": d.boat,
        "tick_s": d.tick_s,
        "time_factor": d.time_factor,
        "duration_s": d.duration_s,
        "next_tick_at": runner.next_due().isoformat(),
        "course": {
            "name": course.name,
            "length_nm": round(course.length_nm, 1),
            "marks": [{"index": i, **asdict(m)} for i, m in enumerate(course.marks)],
        },
        "wind": {"source": runner.wind_source, "from_s": float(wind.times[0]), "to_s": wind.ends},
    }


@router.get(
    "/{slug}/snapshot",
    summary="Every boat at the last tick (compact binary, the same bytes for every client)",
    response_class=Response,
    responses={
        200: {"content": {"application/octet-stream": {}}},
        304: {"description": "Same tick"},
    },
)
async def snapshot(runner: Runner, request: Request) -> Response:
    frame = runner.frame
    cache = (
        f"public, max-age={max(1, int(runner.definition.tick_s / runner.definition.time_factor))}"
    )
    headers = {"ETag": frame.etag, "Cache-Control": cache, "X-Race-Tick": str(frame.tick)}
    if request.headers.get("if-none-match") == frame.etag:
        return Response(status_code=304, headers=headers)
    return Response(frame.snapshot, media_type="application/octet-stream", headers=headers)


@router.get("/{slug}/tick", summary="The last tick (a cheap poll for 'new tick')")
async def last_tick(runner: Runner) -> dict[str, Any]:
    f = runner.frame
    return {"tick": f.tick, "race_time_s": f.t, "etag": f.etag, "status": runner.status()}


@router.get(
    "/{slug}/events",
    summary="Server-sent events: one `tick` event per new tick",
    responses=streamed("One `tick` event per new tick."),
)
async def events(runner: Runner, request: Request) -> StreamingResponse:
    changed: asyncio.Condition = request.app.state.race_changed
    stop: asyncio.Event = request.app.state.race_stop

    async def stream() -> AsyncIterator[str]:
        sent = -1
        while not stop.is_set() and not await request.is_disconnected():
            f = runner.frame
            if f.tick != sent:
                sent = f.tick
                data = {"tick": f.tick, "race_time_s": f.t, "etag": f.etag}
                yield f"event: tick\ndata: {json.dumps(data)}\n\n"
            else:
                yield ": keep-alive\n\n"
            with suppress(TimeoutError):
                async with changed:
                    await asyncio.wait_for(changed.wait(), timeout=15)

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)


@router.get(
    "/{slug}/wind",
    summary="Wind on a decimated grid at a race time",
    dependencies=[Depends(limit_reads)],
    responses=error_responses(e429=TOO_MANY),
)
def wind_grid(
    runner: Runner,
    t: float | None = Query(None, description="Race time, s (default: the last tick's)."),
    step: int = Query(2, ge=1, le=20, description="Keep one grid point in `step` each way."),
) -> dict[str, Any]:
    wind = runner.race.wind
    when = runner.frame.t if t is None else t
    if not math.isfinite(when):
        raise invalid("t must be a finite number", "query", "t")
    w = wind.blend(when)[::step, ::step]
    speed = np.abs(w)
    direction = np.mod(np.rad2deg(np.arctan2(-w.real, -w.imag)), 360.0)
    return {
        "t": when,
        "from_s": float(wind.times[0]),
        "to_s": wind.ends,
        "source": runner.wind_source,
        "lat": np.round(wind.lat[::step], 4).tolist(),
        "lon": np.round(wind.lon[::step], 4).tolist(),
        "speed_kt": np.round(speed, 1).tolist(),
        "from_deg": np.round(direction).astype(int).tolist(),
    }


@lru_cache(maxsize=16)
def _land(bbox: tuple[float, float, float, float]) -> bytes:
    return json.dumps(land_geojson(bbox), separators=(",", ":")).encode()


@router.get(
    "/{slug}/land.geojson",
    summary="Land polygons around the course, for the map",
    responses={200: {"content": {"application/geo+json": {}}}},
)
async def land(runner: Runner) -> Response:
    c = runner.race.course
    lat = np.concatenate((c.line[:, 0], c.line[:, 2]))
    lon = np.concatenate((c.line[:, 1], c.line[:, 3]))
    bbox = (
        float(np.floor(lon.min() - 1)),
        float(np.floor(lat.min() - 1)),
        float(np.ceil(lon.max() + 1)),
        float(np.ceil(lat.max() + 1)),
    )
    body = await asyncio.to_thread(_land, bbox)
    headers = {"Cache-Control": "public, max-age=86400"}
    return Response(body, media_type="application/geo+json", headers=headers)


def _loopback_http(request: Request) -> bool:
    if request.url.scheme == "https":
        return False
    try:
        return ipaddress.ip_address(request.url.hostname or "").is_loopback
    except ValueError:
        return request.url.hostname == "localhost"


@router.post(
    "/{slug}/join",
    status_code=201,
    summary="Join: a signed-in player's boat, or a guest's with its token in an HttpOnly cookie",
    responses=error_responses(
        e400=UNREADABLE,
        e403=NO_CSRF,
        e404="Unknown race.",
        e409="Closed or full.",
        e429=TOO_MANY,
    ),
)
async def join(
    runner: Runner, request: Request, response: Response, body: JoinRequest | None = None
) -> dict[str, Any]:
    """A signed-in player joins with their account's boat name, country and club (the body
    is not needed); a guest names their boat and gets its secret token in a cookie."""
    _limit(request.app.state.race_join_limiter, _address(request))
    player = await asyncio.to_thread(signed_in, request)
    if player is None and body is None:
        raise invalid("a guest names their boat: boat_name and country", "body")
    if player is not None:
        mine = runner.boat_of_player(player.ref)
        if mine is not None:
            raise HTTPException(409, detail=f"you already sail boat {mine} in this race")
        name, country, club, ref = player.boat_name, player.country, player.club, player.ref
    else:
        assert body is not None
        name, country, club, ref = body.boat_name.strip(), body.country, body.club.strip(), "guest"
    try:
        boat, token, seq = await asyncio.to_thread(runner.join, name, country, club, ref)
    except JoinError as exc:
        raise HTTPException(409, detail=str(exc)) from None
    await asyncio.wrap_future(runner.durable(seq))
    if player is None:
        response.set_cookie(
            COOKIE_PREFIX + runner.slug,
            token,
            max_age=int((runner.definition.end - runner.clock()).total_seconds()) + 30 * 86400,
            path=f"/api/races/{runner.slug}",
            httponly=True,
            samesite="strict",
            secure=not _loopback_http(request),  # plain http only on a developer's loopback
        )
    return {"boat": boat, "boat_name": name, "status": runner.status()}


def _order_dict(o: Any) -> dict[str, Any]:
    return {k: v for k, v in o.to_dict().items() if k != "bot"}


@router.get(
    "/{slug}/me",
    summary="My boat: state, route, pending orders, polar, VMG, ETA",
    responses=error_responses(e401="No boat token.", e429=TOO_MANY),
)
def my_boat(
    player: Player,
    request: Request,
    twa: float | None = Query(None, ge=-180, le=180, description="Polar speed at this TWA."),
) -> dict[str, Any]:
    limit_reads(request)
    runner, boat = player
    race, f = runner.race, runner.frame
    c = race.course
    nm = int(f.next_mark[boat])
    lat, lon = float(f.lat[boat]), float(f.lon[boat])
    brg = float(initial_bearing(lat, lon, c.target_lat[nm], c.target_lon[nm]))
    to_mark = float(haversine_nm(lat, lon, c.target_lat[nm], c.target_lon[nm]))
    speed, heading = float(f.speed[boat]), float(f.heading[boat])
    vmg = speed * math.cos(math.radians(heading - brg))
    racing = bool(f.active[boat])
    if racing:
        tws, twd = float(f.tws[boat]), (heading + float(f.twa[boat])) % 360
    else:  # still on the start line: the wind there, so the helm's preview works already
        tws, twd = race.wind.at(lat, lon, f.t)
    polar = None
    if twa is not None:
        polar = float(race.polar.speed(np.array([twa], np.float32), np.array([tws], np.float32))[0])
    dtf = float(f.dtf[boat])
    eta = f.t + dtf / speed * 3600 if speed > 0.1 and not f.finished[boat] else None
    e = runner.entries[boat]
    t, la, lo = runner.store.track(runner.race_id, boat, last=TRACK_POINTS // 5)
    with race.lock:
        pending = race.orders.pending(boat)
    return {
        "boat": boat,
        "name": e.name,
        "country": e.country,
        "club": e.club,
        "racing": racing,
        "tick": f.tick,
        "race_time_s": f.t,
        "lat": lat,
        "lon": lon,
        "heading": heading % 360,
        "speed_kt": speed,
        "twa": None if not racing or math.isnan(float(f.twa[boat])) else float(f.twa[boat]),
        "tws_kt": tws,
        "twd": twd,
        "autopilot": {
            "mode": ["heading", "twa", "vmg"][int(f.mode[boat])],
            "value": float(f.value[boat]),
        },
        "rank": int(f.rank[boat]),
        "dtf_nm": dtf,
        "finished": bool(f.finished[boat]),
        "aground": bool(f.grounded[boat]),
        "next_mark": {
            "index": nm,
            "name": c.marks[nm].name,
            "bearing": brg,
            "distance_nm": to_mark,
        },
        "vmg_kt": vmg,
        "eta_race_time_s": eta,
        "polar": None if polar is None else {"twa": twa, "tws_kt": tws, "speed_kt": polar},
        "waypoints": [{"lat": a, "lon": b} for a, b in race.waypoints(boat)],
        # A player's own orders: not the join the server logged for the boat.
        "pending_orders": [_order_dict(o) for o in pending if o.mode != "join"],
        "track": {"t": t.tolist(), "lat": la.tolist(), "lon": lo.tolist()},
    }


@router.post(
    "/{slug}/orders",
    status_code=201,
    summary="Send an order (applied at the next tick); answered once it is on disk",
    responses=error_responses(e400=UNREADABLE, e401="No boat token.", e403=NO_CSRF, e429=TOO_MANY),
)
async def send_order(body: OrderRequest, player: Player, request: Request) -> dict[str, Any]:
    runner, boat = player
    _limit(request.app.state.race_order_limiter, f"{runner.slug}/{boat}")
    value = body.value if body.value is not None else (0.0 if body.mode == "clear" else 1.0)
    if body.mode in ("heading", "twa") and body.value is None:
        raise invalid(f"a {body.mode} order needs a value", "body", "value")
    try:
        o = runner.order(
            boat,
            body.mode,
            value,
            at_time=body.at_time,
            at_mark=body.at_mark,
            lat=body.lat,
            lon=body.lon,
        )
    except OrderError as exc:
        raise invalid(str(exc), "body") from None
    await asyncio.wrap_future(runner.durable(o.seq))
    return {"order": _order_dict(o), "applies_at_tick": o.tick}


@router.delete(
    "/{slug}/orders/{seq}",
    summary="Cancel one of my pending orders",
    responses=error_responses(e401="No boat token.", e403=NO_CSRF, e429=TOO_MANY),
)
async def cancel_order(seq: int, player: Player, request: Request) -> dict[str, Any]:
    runner, boat = player
    _limit(request.app.state.race_order_limiter, f"{runner.slug}/{boat}")
    try:
        o = runner.cancel(boat, seq)
    except OrderError as exc:
        raise invalid(str(exc), "path", "seq") from None
    await asyncio.wrap_future(runner.durable(o.seq))
    return {"cancelled": seq}


def _row(runner: RaceRunner, boat: int) -> dict[str, Any]:
    f, e = runner.frame, runner.entries.get(boat)
    return {
        "rank": int(f.rank[boat]),
        "boat": boat,
        "name": e.name if e else f"Boat {boat}",
        "country": e.country if e else "",
        "club": e.club if e else "",
        "bot": bool(e.is_bot) if e else boat < f.n_bots,
        "deleted": bool(e and e.player == DELETED),
        "dtf_nm": round(float(f.dtf[boat]), 2),
        "finished": bool(f.finished[boat]),
        "finish_time_s": float(f.finish_time[boat]) if f.finished[boat] else None,
    }


@router.get(
    "/{slug}/leaderboard",
    summary="Leaderboard: overall, of a country or club, around me",
    responses=error_responses(e401="`around=me` without a boat token.", e429=TOO_MANY),
)
def leaderboard(
    runner: Runner,
    request: Request,
    country: str | None = Query(None, pattern=r"^[A-Z]{2}$"),
    club: str | None = Query(None, max_length=60),
    around: Literal["me"] | None = Query(None, description="Rows around my boat."),
    offset: int = Query(0, ge=0),
    limit: int = Query(20, ge=1, le=200),
) -> dict[str, Any]:
    limit_reads(request)
    order = runner.frame.ranking()
    if country or club:
        keep = [
            b
            for b in order.tolist()
            if (e := runner.entries.get(b)) is not None
            and (not country or e.country == country)
            and (not club or e.club == club)
        ]
        order = np.array(keep, np.intp)
    if around == "me":
        _, boat = current_boat(runner.slug, request)
        where = np.flatnonzero(order == boat)
        offset = max(0, int(where[0]) - limit // 2) if where.size else 0
    rows = [_row(runner, int(b)) for b in order[offset : offset + limit]]
    return {"tick": runner.frame.tick, "total": int(order.size), "offset": offset, "rows": rows}


@router.get(
    "/{slug}/leaderboard/{by}",
    summary="Countries or clubs, by their best boat",
    responses=error_responses(e429=TOO_MANY),
)
def group_leaderboard(
    runner: Runner,
    request: Request,
    by: Literal["country", "club"],
    limit: int = Query(50, ge=1, le=500),
) -> dict[str, Any]:
    limit_reads(request)
    groups: dict[str, dict[str, Any]] = {}
    for b in runner.frame.ranking().tolist():
        e = runner.entries.get(b)
        if e is None:
            continue
        key = e.country if by == "country" else e.club
        if not key:
            continue
        g = groups.setdefault(
            key, {by: key, "boats": 0, "best_rank": int(runner.frame.rank[b]), "best_boat": e.name}
        )
        g["boats"] += 1
    rows = sorted(groups.values(), key=lambda g: g["best_rank"])[:limit]
    return {"tick": runner.frame.tick, "by": by, "rows": rows}


@router.get(
    "/{slug}/boats/{boat}/track",
    summary="A boat's decimated track (for replays)",
    responses=error_responses(e429=TOO_MANY),
)
def track(runner: Runner, request: Request, boat: int = Path(..., ge=0)) -> JSONResponse:
    limit_reads(request)
    if boat >= runner.race.config.n_boats:
        raise HTTPException(404, detail="no such boat")
    t, lat, lon = runner.store.track(runner.race_id, boat)
    if t.size > TRACK_POINTS:
        pick = np.linspace(0, t.size - 1, TRACK_POINTS).astype(int)
        t, lat, lon = t[pick], lat[pick], lon[pick]
    body = {
        "boat": boat,
        "t": t.tolist(),
        "lat": np.round(lat, 5).tolist(),
        "lon": np.round(lon, 5).tolist(),
    }
    finished = runner.status() == "finished"
    cache = "public, max-age=86400" if finished else "public, max-age=5"
    return JSONResponse(body, headers={"Cache-Control": cache})
