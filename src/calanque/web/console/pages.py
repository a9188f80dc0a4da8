"""The console's pages and their forms (no JavaScript needed; `console.js` adds upload progress
and live crawl progress). A form posts, the change is made by `calanque.console`, and the page
redirects back with what was done."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile
from starlette.responses import Response

from calanque.console import charts
from calanque.console.accounts import LoginRefused, Session
from calanque.console.audit import entries
from calanque.console.documents import ACCEPTED, UPLOADS, reason_key
from calanque.console.feedback import FeedbackError
from calanque.console.gaps import gaps_csv
from calanque.console.impact import TABLES, table_csv
from calanque.console.topics import TOPICS
from calanque.crawl.sources import Source, SourceError
from calanque.errors import CalanqueError
from calanque.index import catalog
from calanque.web.console import forms
from calanque.web.console.auth import COOKIE, LOGIN_COOKIE, need, service, session_of, staff
from calanque.web.console.i18n import CONSOLE_UI, words

HERE = Path(str(resources.files("calanque.web")))
templates = Jinja2Templates(directory=str(HERE / "templates"))
PAGE = ["GET", "HEAD"]

public = APIRouter(prefix="/console", include_in_schema=False)
router = APIRouter(
    prefix="/console", dependencies=[Depends(staff)], include_in_schema=False, tags=["console"]
)
admin = APIRouter(
    prefix="/console",
    dependencies=[Depends(need("admin"))],
    include_in_schema=False,
    tags=["console-admin"],
)
editor = Depends(need("edit"))


def lang_of(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("lang") or ""
    return lang if lang in CONSOLE_UI else request.app.state.engine.pack.default_language


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = lang_of(request)
    engine = request.app.state.engine
    session = getattr(request.state, "session", None)
    response = templates.TemplateResponse(
        request,
        f"console/{name}",
        {
            "t": words(lang),
            "lang": lang,
            "session": session,
            "brand": engine.pack.agency or engine.pack.name,
            "path": request.url.path,
            "done": request.query_params.get("done", ""),
            "error": request.query_params.get("error", ""),
            "communes": engine.answerer.commune_names,
            **context,
        },
        status_code=status_code,
    )
    if request.query_params.get("lang") in CONSOLE_UI:
        response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax")
    response.headers["Cache-Control"] = "no-store"
    return response


def back(path: str, **params: str) -> RedirectResponse:
    query = urlencode({k: v[:300] for k, v in params.items() if v})
    return RedirectResponse(path + (f"?{query}" if query else ""), status_code=303)


def actor(request: Request) -> Any:
    session: Session = request.state.session
    return session.actor


# ---- log-in ------------------------------------------------------------------------------------


def _secure(response: Response, name: str, value: str, max_age: int | None = None) -> None:
    response.set_cookie(
        name, value, max_age=max_age, path="/console", secure=True, httponly=True, samesite="strict"
    )


@public.api_route("/login", methods=PAGE, response_class=HTMLResponse)
def login_page(request: Request, failed: str = "") -> Response:
    if session_of(service(request), request.cookies.get(COOKIE)):
        return back("/console")
    token = secrets.token_urlsafe(32)
    response = render(request, "login.html", login_token=token, failed=failed)
    _secure(response, LOGIN_COOKIE, token, max_age=3600)
    return response


@public.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    address = request.client.host if request.client else "unknown"
    if request.app.state.login_limiter.check(address):
        return back("/console/login", failed="throttled")
    sent, cookie = str(form.get("login_token") or ""), request.cookies.get(LOGIN_COOKIE, "")
    if not sent or not cookie or not secrets.compare_digest(sent, cookie):
        return back("/console/login", failed="expired")
    try:
        session = service(request).accounts.login(
            str(form.get("username") or "")[:100], str(form.get("password") or "")[:1100]
        )
    except LoginRefused as exc:
        return back("/console/login", failed="locked" if exc.locked else "failed")
    response = back("/console")
    _secure(response, COOKIE, session.token)
    response.delete_cookie(LOGIN_COOKIE, path="/console")
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    service(request).accounts.logout(request.state.session)
    response = back("/console/login")
    response.delete_cookie(COOKIE, path="/console", secure=True, httponly=True, samesite="strict")
    return response


@router.api_route("", methods=PAGE)
def home(request: Request) -> Response:
    return back("/console/documents")


# ---- documents ---------------------------------------------------------------------------------


@router.api_route("/documents", methods=PAGE, response_class=HTMLResponse)
def documents_page(request: Request, source: str = "", q: str = "") -> HTMLResponse:
    library = service(request).library
    uploads = library.uploads(30)
    for u in uploads:
        u["reason"] = reason_key(u["message"]) if u["status"] == "refused" else ""
    return render(
        request,
        "documents.html",
        documents=library.documents(source=source[:100], query=q[:200], limit=300),
        sources=library.sources(),
        uploads=uploads,
        source=source,
        q=q,
        accepted=",".join(ACCEPTED),
        default_source=UPLOADS,
    )


@router.post("/documents", dependencies=[editor])
async def upload_form(request: Request) -> Response:
    async with request.form() as form:  # closes the uploaded files' spools
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        source = str(form.get("source") or UPLOADS)
        replace_uri = str(form.get("uri") or "")
        library = service(request).library
        try:
            for f in files:
                uri = replace_uri if len(files) == 1 else ""
                library.upload(
                    f.filename or "", await f.read(), actor(request), source=source, uri=uri
                )
        except CalanqueError as exc:
            return back("/console/documents", error=str(exc))
    if replace_uri:
        return back("/console/document", uri=replace_uri, done="upload")
    return back("/console/documents", done="upload")


@router.api_route("/document", methods=PAGE, response_class=HTMLResponse)
def document_page(request: Request, uri: str) -> HTMLResponse:
    console = service(request)
    doc = console.library.document(uri)
    if doc is None:
        raise HTTPException(404, detail="no such document")
    ids = console.engine.store.chunks(catalog.chunk_ids(console.database, [uri]).get(uri, [])[:5])
    uploads = console.library.uploads(10, uri=uri)
    for u in uploads:
        u["reason"] = reason_key(u["message"]) if u["status"] == "refused" else ""
    return render(
        request,
        "document.html",
        doc=doc,
        passages=list(ids.values()),
        rules=console.engine.curation.rules(uri),
        uploads=uploads,
        accepted=",".join(ACCEPTED),
    )


@router.post("/document/remove", dependencies=[editor])
async def remove_form(request: Request) -> Response:
    uri = str((await request.form()).get("uri") or "")
    if not service(request).library.remove(uri, actor(request)):
        return back("/console/documents", error="no such document")
    return back("/console/documents", done="remove")


@router.post("/sources/weight", dependencies=[editor])
async def weight_form(request: Request) -> Response:
    form = await request.form()
    try:
        weight = float(str(form.get("weight") or "").replace(",", "."))
        service(request).library.set_source_weight(
            str(form.get("source") or ""), weight, actor(request)
        )
    except (ValueError, CalanqueError) as exc:
        return back("/console/documents", error=str(exc) or "not a number")
    return back("/console/documents", done="weight")


@router.post("/rules/{rule_id}/delete", dependencies=[editor])
async def delete_rule(request: Request, rule_id: int) -> Response:
    service(request).engine.curation.remove(rule_id, actor(request))
    return back(str((await request.form()).get("next") or "/console/feedback"))


# ---- web sources -------------------------------------------------------------------------------


@router.api_route("/sources", methods=PAGE, response_class=HTMLResponse)
def sources_page(request: Request) -> HTMLResponse:
    return render(request, "sources.html", sources=service(request).websources.list())


@router.api_route("/sources/{source_id}", methods=PAGE, response_class=HTMLResponse)
def source_page(request: Request, source_id: str) -> HTMLResponse:
    try:
        view = service(request).websources.get(source_id)
    except SourceError:
        raise HTTPException(404, detail="no such source") from None
    return render(request, "source.html", view=view)


@router.post("/sources", dependencies=[editor])
async def add_source_form(request: Request) -> Response:
    form = await request.form()
    try:
        source = Source.from_dict(forms.source_spec(form), "console")
        service(request).websources.add(source, actor(request))
    except (CalanqueError, ValueError) as exc:
        return back("/console/sources", error=str(exc))
    return back(f"/console/sources/{quote(source.id)}", done="source")


@router.post("/sources/{source_id}/edit", dependencies=[editor])
async def edit_source_form(request: Request, source_id: str) -> Response:
    form = await request.form()
    try:
        spec = forms.source_spec(form)
        spec.pop("id", None)
        service(request).websources.edit(source_id, spec, actor(request))
    except (CalanqueError, ValueError) as exc:
        return back(f"/console/sources/{quote(source_id)}", error=str(exc))
    return back(f"/console/sources/{quote(source_id)}", done="source")


@router.post("/sources/{source_id}/remove", dependencies=[editor])
def remove_source_form(request: Request, source_id: str) -> Response:
    try:
        service(request).websources.remove(source_id, actor(request))
    except CalanqueError as exc:
        return back(f"/console/sources/{quote(source_id)}", error=str(exc))
    return back("/console/sources", done="remove")


@router.post("/sources/{source_id}/crawl", dependencies=[editor])
def crawl_form(request: Request, source_id: str) -> Response:
    try:
        service(request).websources.start(source_id, actor(request))
    except CalanqueError as exc:
        return back(f"/console/sources/{quote(source_id)}", error=str(exc))
    return back(f"/console/sources/{quote(source_id)}", done="crawl")


# ---- feedback ----------------------------------------------------------------------------------


@router.api_route("/feedback", methods=PAGE, response_class=HTMLResponse)
def feedback_page(
    request: Request,
    topic: str = "",
    lang: str = "",
    commune: str = "",
    since: str = "",
    until: str = "",
) -> HTMLResponse:
    f = forms.feedback_filters(topic, lang, commune, since, until)
    items = service(request).feedback.items(**f)
    return render(request, "feedback.html", items=items, filters=f, topics=list(TOPICS))


@router.post("/feedback/{turn_id}", dependencies=[editor])
async def feedback_action(request: Request, turn_id: int) -> Response:
    form = await request.form()
    desk = service(request).feedback
    action, uri = str(form.get("action") or ""), str(form.get("uri") or "")
    try:
        if action in ("demote", "exclude"):
            desk.mark(turn_id, uri, action, actor(request))
        elif action == "pin":
            desk.pin(turn_id, uri, actor(request))
        elif action == "correct":
            desk.correct(
                turn_id,
                str(form.get("text") or ""),
                actor(request),
                supersede=form.get("supersede") == "1",
            )
        else:
            raise FeedbackError("unknown action")
    except (FeedbackError, ValueError) as exc:
        return back("/console/feedback", error=str(exc))
    return RedirectResponse(f"/console/feedback?done={action}#turn-{turn_id}", status_code=303)


# ---- admin: accounts and the audit log ---------------------------------------------------------


@admin.api_route("/users", methods=PAGE, response_class=HTMLResponse)
def users_page(request: Request) -> HTMLResponse:
    return render(request, "users.html", users=service(request).accounts.users())


@admin.post("/users")
async def add_user_form(request: Request) -> Response:
    form = await request.form()
    try:
        service(request).accounts.add_user(
            str(form.get("username") or ""),
            str(form.get("password") or ""),
            str(form.get("role") or "editor"),
            actor(request),
        )
    except CalanqueError as exc:
        return back("/console/users", error=str(exc))
    return back("/console/users", done="user")


@admin.post("/users/{username}/disabled")
async def disable_user_form(request: Request, username: str) -> Response:
    disabled = str((await request.form()).get("disabled") or "") == "1"
    try:
        service(request).accounts.set_disabled(username, disabled, actor(request))
    except CalanqueError as exc:
        return back("/console/users", error=str(exc))
    return back("/console/users", done="user")


@admin.api_route("/audit", methods=PAGE, response_class=HTMLResponse)
def audit_page(request: Request, page: int = 0) -> HTMLResponse:
    page = max(0, min(page, 10_000))
    return render(
        request,
        "audit.html",
        entries=entries(service(request).database, 200, page * 200),
        page=page,
    )


# ---- gaps, impact, contacts --------------------------------------------------------------------


def period(since: str, until: str, days: int = 30) -> tuple[str, str, str, str]:
    """(since, until-exclusive, since shown, until shown): the last `days` days by default."""
    today = date.today()
    start = forms.date_or_empty(since) or (today - timedelta(days=days - 1)).isoformat()
    end = forms.date_or_empty(until) or today.isoformat()
    after = (date.fromisoformat(end) + timedelta(days=1)).isoformat()
    return start, after, start, end


def csv_response(text: str, name: str) -> Response:
    return Response(
        "\ufeff" + text,  # a BOM: spreadsheet programs then read the accents right
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


@router.api_route("/gaps", methods=PAGE, response_class=HTMLResponse)
def gaps_page(request: Request, since: str = "", until: str = "") -> HTMLResponse:
    start, after, shown_since, shown_until = period(since, until, 90)
    report = service(request).gaps.report(start, after)
    engine = service(request).engine
    return render(
        request,
        "gaps.html",
        report=report,
        since=shown_since,
        until=shown_until,
        group_label=engine.pack.group_label.get(lang_of(request), "groupe"),
    )


@router.get("/gaps.csv")
def gaps_export(request: Request, since: str = "", until: str = "") -> Response:
    start, after, *_ = period(since, until, 90)
    return csv_response(gaps_csv(service(request).gaps.report(start, after)), "gaps")


@router.api_route("/impact", methods=PAGE, response_class=HTMLResponse)
def impact_page(request: Request, since: str = "", until: str = "") -> HTMLResponse:
    start, after, shown_since, shown_until = period(since, until)
    impact = service(request).impact.measure(start, after)
    query = urlencode({"since": shown_since, "until": shown_until})
    return render(
        request,
        "impact.html",
        impact=impact,
        since=shown_since,
        until=shown_until,
        query=query,
        contacts=service(request).prospects.counts(),
    )


@router.get("/impact.csv")
def impact_export(request: Request, table: str, since: str = "", until: str = "") -> Response:
    if table not in TABLES:
        raise HTTPException(404, detail="no such table")
    start, after, *_ = period(since, until)
    rows = service(request).impact.measure(start, after).tables[table]
    return csv_response(table_csv(rows), f"impact-{table}")


@router.get("/impact/chart/{name}.svg")
def impact_chart(request: Request, name: str, since: str = "", until: str = "") -> Response:
    start, after, *_ = period(since, until)
    tables = service(request).impact.measure(start, after).tables
    t = words(lang_of(request))
    if name == "per_day":
        rows = tables["per_day"]
        svg = charts.days_chart(
            [r["day"] for r in rows],
            [r["questions"] for r in rows],
            [r["answered"] for r in rows],
            t["per_day"],
            (t["questions"], t["answered"]),
        )
    elif name in ("languages", "audiences", "topics", "communes"):
        key = {
            "languages": "lang",
            "audiences": "audience",
            "topics": "topic",
            "communes": "commune",
        }[name]
        rows = tables[name][:15]
        kind = {"audiences": "audience", "topics": "topic"}.get(name, "")
        label = (lambda v: t.get(f"{kind}_{v}", v)) if kind else str
        title = t["communes_asked" if name == "communes" else name]
        svg = charts.bars_chart(
            [label(r[key]) for r in rows], [r["questions"] for r in rows], title
        )
    elif name == "equity":
        rows = tables["equity"]
        svg = charts.line_chart(
            [r["week"][5:] for r in rows],
            [r["mean_awrf_cited"] for r in rows],
            t["equity_over_time"],
        )
    else:
        raise HTTPException(404, detail="no such chart")
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})
