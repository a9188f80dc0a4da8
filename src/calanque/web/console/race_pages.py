"""The console's pages on the races and on the people who agreed to be contacted: the race
server, when `calanque serve` runs one, is `app.state.races` and its players `app.state.players`
(`web/race_api.py`); the work is done by `calanque.console.races` and `prospect_list`."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from calanque.console import charts
from calanque.console.impact import Impact, table_csv
from calanque.console.prospect_list import Prospect, prospect_list, prospects_csv
from calanque.console.races import TABLES, RaceImpact
from calanque.web.console.auth import service
from calanque.web.console.i18n import words
from calanque.web.console.pages import PAGE, admin, csv_response, lang_of, period, render, router

# ---- the races ---------------------------------------------------------------------------------


def race_figures(request: Request, since: str, until: str) -> Impact | None:
    """The races' figures over the period, or None on a server that runs no race. One
    `RaceImpact` per race store, kept on the app, so the page, its charts and its CSVs share
    one computation."""
    server = getattr(request.app.state, "races", None)
    if server is None:
        return None
    figures = getattr(request.app.state, "race_impact", None)
    if figures is None or figures.store is not server.store:
        figures = request.app.state.race_impact = RaceImpact(server.store)
    start, after, *_ = period(since, until, 90)
    return figures.measure(start, after)


@router.api_route("/races", methods=PAGE, response_class=HTMLResponse)
def races_page(request: Request, since: str = "", until: str = "") -> HTMLResponse:
    _, _, shown_since, shown_until = period(since, until, 90)
    return render(
        request,
        "races.html",
        impact=race_figures(request, since, until),
        since=shown_since,
        until=shown_until,
        query=urlencode({"since": shown_since, "until": shown_until}),
    )


@router.get("/races.csv")
def races_export(request: Request, table: str, since: str = "", until: str = "") -> Response:
    impact = race_figures(request, since, until)
    if table not in TABLES or impact is None:
        raise HTTPException(404, detail="no such table (or no races on this server)")
    return csv_response(table_csv(impact.tables[table]), f"races-{table}")


@router.get("/races/chart/{name}.svg")
def races_chart(request: Request, name: str, since: str = "", until: str = "") -> Response:
    impact = race_figures(request, since, until)
    if impact is None:
        raise HTTPException(404, detail="no races on this server")
    tables, t = impact.tables, words(lang_of(request))
    if name == "per_day":
        rows = tables["per_day"]
        svg = charts.days_chart(
            [r["day"] for r in rows],
            [r["joined"] for r in rows],
            [r["with_account"] for r in rows],
            t["joined_per_day"],
            (t["joined"], t["with_account"]),
        )
    elif name == "per_race":
        rows = tables["per_race"][-15:]
        svg = charts.bars_chart(
            [r["name"] for r in rows], [r["players"] for r in rows], t["per_race"]
        )
    elif name == "retention":
        rows = [r for r in tables["per_race"] if r["retention"] is not None][-15:]
        svg = charts.line_chart(
            [r["name"] for r in rows], [r["retention"] for r in rows], t["retention_chart"]
        )
    elif name in ("countries", "clubs"):
        key, empty = ("country", "unknown_country") if name == "countries" else ("club", "no_club")
        rows = tables[name][:15]
        svg = charts.bars_chart(
            [r[key] or t[empty] for r in rows], [r["players"] for r in rows], t[name]
        )
    elif name == "orders":
        rows = tables["orders"]
        svg = charts.bars_chart(
            [r["orders"] for r in rows], [r["players"] for r in rows], t["orders_chart"]
        )
    else:
        raise HTTPException(404, detail="no such chart")
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


# ---- the people who agreed to be contacted -----------------------------------------------------


def everyone(request: Request) -> list[Prospect]:
    """The site's contacts and, when the server runs races, the players who opted in."""
    console = service(request)
    server = getattr(request.app.state, "races", None)
    return prospect_list(
        console.prospects,
        console.engine.conversations,
        getattr(request.app.state, "players", None),
        server.store if server is not None else None,
    )


@admin.api_route("/prospects", methods=PAGE, response_class=HTMLResponse)
def prospects_page(request: Request) -> HTMLResponse:
    return render(request, "prospects.html", people=everyone(request))


@admin.get("/prospects.csv")
def prospects_export(request: Request) -> Response:
    return csv_response(prospects_csv(everyone(request)), "contacts")
