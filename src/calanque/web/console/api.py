"""The console's JSON API (`/console/api/…`): what the pages do, for scripts and `console.js`.

Every call needs a staff session; every call that changes something, its CSRF token in the
`X-CSRF-Token` header.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from calanque.console.audit import entries
from calanque.console.documents import UPLOADS, UploadResult, reason_key
from calanque.console.feedback import FeedbackError, FeedbackItem
from calanque.crawl.sources import Source, SourceError
from calanque.errors import CalanqueError
from calanque.web.console.auth import need, service, staff
from calanque.web.console.forms import feedback_filters
from calanque.web.console.pages import period
from calanque.web.console.race_pages import everyone, race_figures
from calanque.web.safety import Text

router = APIRouter(prefix="/console/api", dependencies=[Depends(staff)], tags=["console"])
admin = APIRouter(
    prefix="/console/api", dependencies=[Depends(need("admin"))], tags=["console-admin"]
)
editor = Depends(need("edit"))


def actor(request: Request) -> Any:
    return request.state.session.actor


def refused(exc: Exception, status: int = 422) -> HTTPException:
    return HTTPException(status, detail=str(exc)[:500])


# ---- documents ---------------------------------------------------------------------------------


@router.get("/documents", summary="Documents in the index, newest first")
def list_documents(
    request: Request,
    source: str = Query("", max_length=100),
    q: str = Query("", max_length=200),
    limit: int = Query(200, ge=1, le=2000),
) -> list[dict[str, Any]]:
    return [
        asdict(d) for d in service(request).library.documents(source=source, query=q, limit=limit)
    ]


@router.get("/documents/detail", summary="What one document became")
def document_detail(request: Request, uri: str = Query(..., max_length=2000)) -> dict[str, Any]:
    console = service(request)
    doc = console.library.document(uri)
    if doc is None:
        raise HTTPException(404, detail="no such document")
    return {
        **asdict(doc),
        "rules": [asdict(r) for r in console.engine.curation.rules(uri)],
        "uploads": console.library.uploads(10, uri=uri),
    }


@router.post("/documents", dependencies=[editor], summary="Upload documents (multipart `files`)")
async def upload_documents(request: Request) -> list[dict[str, Any]]:
    """Each file is indexed on its own: a refused file is reported with its reason and the
    others go on. `uri` replaces that document with the (single) file sent."""
    async with request.form() as form:  # closes the uploaded files' spools
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        if not files:
            raise HTTPException(422, detail="no file sent (multipart field `files`)")
        uri = str(form.get("uri") or "")
        if uri and len(files) > 1:
            raise HTTPException(422, detail="replace one document with one file")
        source = str(form.get("source") or UPLOADS)
        library = service(request).library
        out = []
        for f in files:
            try:
                result = library.upload(
                    f.filename or "", await f.read(), actor(request), source=source, uri=uri
                )
            except CalanqueError as exc:
                raise refused(exc) from None
            out.append(_uploaded(result))
    return out


def _uploaded(result: UploadResult) -> dict[str, Any]:
    doc = result.document
    return {
        "filename": result.filename,
        "uri": result.uri,
        "status": result.status,
        "reason": reason_key(result.message) if result.status == "refused" else "",
        "message": result.message,
        "chunks": result.chunks,
        "langs": doc.langs if doc else {},
        "communes": doc.communes if doc else [],
    }


@router.delete("/documents", dependencies=[editor], summary="Remove a document")
def remove_document(request: Request, uri: str = Query(..., max_length=2000)) -> dict[str, bool]:
    if not service(request).library.remove(uri, actor(request)):
        raise HTTPException(404, detail="no such document")
    return {"removed": True}


class WeightBody(BaseModel):
    weight: float = Field(ge=0, le=10)


@router.get("/sources", summary="Sources of the index with their weight")
def index_sources(request: Request) -> list[dict[str, Any]]:
    return service(request).library.sources()


@router.put("/sources/{source}/weight", dependencies=[editor], summary="Set a regional weight")
def set_weight(request: Request, source: str, body: WeightBody) -> dict[str, int]:
    try:
        changed = service(request).library.set_source_weight(source, body.weight, actor(request))
    except CalanqueError as exc:
        raise refused(exc) from None
    return {"documents": changed}


# ---- web sources -------------------------------------------------------------------------------


class SourceBody(BaseModel):
    id: str = Field(max_length=64)
    name: Text = Field("", max_length=200)
    start: list[str] = Field(default_factory=list, max_length=50)
    sitemaps: list[str] = Field(default_factory=list, max_length=50)
    prefixes: list[str] = Field(default_factory=list, max_length=50)
    max_depth: int = Field(3, ge=0, le=50)
    max_pages: int = Field(200, ge=1, le=100_000)
    lang: str | None = Field(None, max_length=5)
    weight: float = Field(1.0, ge=0, le=10)
    refresh: str = Field("1d", max_length=20)


class SourceChanges(BaseModel):
    name: Text | None = Field(None, max_length=200)
    start: list[str] | None = Field(None, max_length=50)
    sitemaps: list[str] | None = Field(None, max_length=50)
    prefixes: list[str] | None = Field(None, max_length=50)
    max_depth: int | None = Field(None, ge=0, le=50)
    max_pages: int | None = Field(None, ge=1, le=100_000)
    lang: str | None = Field(None, max_length=5)
    weight: float | None = Field(None, ge=0, le=10)
    refresh: str | None = Field(None, max_length=20)


def _source_view(view: Any) -> dict[str, Any]:
    return {
        **view.source.to_dict(),
        "origin": view.source.origin,
        "editable": view.editable,
        "last_crawl": view.last_crawl,
        "next_due": view.next_due,
        "indexed": view.indexed,
        "job": view.job,
        "runs": view.runs,
    }


@router.get("/web-sources", summary="Web sources, when each was crawled and is next due")
def list_web_sources(request: Request) -> list[dict[str, Any]]:
    return [_source_view(v) for v in service(request).websources.list()]


@router.get("/web-sources/{source_id}", summary="A web source: live crawl, history")
def web_source(request: Request, source_id: str) -> dict[str, Any]:
    try:
        return _source_view(service(request).websources.get(source_id))
    except SourceError:
        raise HTTPException(404, detail="no such source") from None


@router.post("/web-sources", dependencies=[editor], summary="Add a web source", status_code=201)
def add_web_source(request: Request, body: SourceBody) -> dict[str, Any]:
    try:
        source = Source.from_dict(body.model_dump(), "console")
        service(request).websources.add(source, actor(request))
    except SourceError as exc:
        raise refused(exc) from None
    return _source_view(service(request).websources.get(source.id))


@router.patch("/web-sources/{source_id}", dependencies=[editor], summary="Edit a web source")
def edit_web_source(request: Request, source_id: str, body: SourceChanges) -> dict[str, Any]:
    try:
        service(request).websources.edit(
            source_id, body.model_dump(exclude_none=True), actor(request)
        )
    except SourceError as exc:
        raise refused(exc) from None
    return _source_view(service(request).websources.get(source_id))


@router.delete("/web-sources/{source_id}", dependencies=[editor], summary="Remove a web source")
def remove_web_source(request: Request, source_id: str) -> dict[str, bool]:
    try:
        service(request).websources.remove(source_id, actor(request))
    except SourceError as exc:
        raise refused(exc) from None
    return {"removed": True}


@router.post(
    "/web-sources/{source_id}/crawl",
    dependencies=[editor],
    status_code=202,
    summary="Start a crawl now",
)
def start_crawl(request: Request, source_id: str) -> dict[str, int]:
    try:
        return {"job": service(request).websources.start(source_id, actor(request))}
    except SourceError as exc:
        raise refused(exc, 409 if "already" in str(exc) else 422) from None


# ---- feedback ----------------------------------------------------------------------------------


def _item(item: FeedbackItem) -> dict[str, Any]:
    t = item.turn
    return {
        "feedback": item.feedback,
        "turn_id": t.id,
        "question": t.question,
        "answer": t.answer,
        "lang": t.lang,
        "answered": bool(t.meta.get("answered")),
        "asked_at": t.created_at,
        "topics": item.topics,
        "communes": item.communes,
        "sources": item.cited,
    }


@router.get("/feedback", summary="Thumbs-down, newest first, filtered")
def list_feedback(
    request: Request,
    topic: str = Query("", max_length=40),
    lang: str = Query("", max_length=5),
    commune: str = Query("", max_length=10),
    since: str = Query("", max_length=10),
    until: str = Query("", max_length=10),
) -> list[dict[str, Any]]:
    filters = feedback_filters(topic, lang, commune, since, until)
    return [_item(i) for i in service(request).feedback.items(**filters)]


class ActionBody(BaseModel):
    action: Literal["demote", "exclude", "pin", "correct"]
    uri: str = Field("", max_length=2000)
    text: Text = Field("", max_length=4000)
    question: Text = Field("", max_length=2000)
    supersede: bool = True  # a correction: stop citing the answer's sources for questions like it


@router.post(
    "/feedback/{turn_id}/actions",
    dependencies=[editor],
    status_code=201,
    summary="Act on an answer: demote, exclude, pin a source, or correct it",
)
def act(request: Request, turn_id: int, body: ActionBody) -> dict[str, Any]:
    desk = service(request).feedback
    who = actor(request)
    try:
        if body.action == "correct":
            uri = desk.correct(
                turn_id, body.text, who, question=body.question, supersede=body.supersede
            )
            return {"uri": uri}
        if body.action == "pin":
            return {"rule": desk.pin(turn_id, body.uri, who, question=body.question)}
        return {"rule": desk.mark(turn_id, body.uri, body.action, who)}
    except FeedbackError as exc:
        raise refused(exc) from None


@router.get("/rules", summary="Exclusions, demotions and pins in force")
def list_rules(request: Request) -> list[dict[str, Any]]:
    return [asdict(r) for r in service(request).engine.curation.rules()]


@router.delete("/rules/{rule_id}", dependencies=[editor], summary="Undo a rule")
def delete_rule(request: Request, rule_id: int) -> dict[str, bool]:
    if not service(request).engine.curation.remove(rule_id, actor(request)):
        raise HTTPException(404, detail="no such rule")
    return {"removed": True}


# ---- admin -------------------------------------------------------------------------------------


class UserBody(BaseModel):
    username: str = Field(max_length=64)
    password: str = Field(max_length=1024)
    role: Literal["admin", "editor"] = "editor"


@admin.get("/users", summary="Staff accounts")
def list_users(request: Request) -> list[dict[str, Any]]:
    return service(request).accounts.users()


@admin.post("/users", status_code=201, summary="Add a staff account")
def add_user(request: Request, body: UserBody) -> dict[str, int]:
    try:
        return {
            "id": service(request).accounts.add_user(
                body.username, body.password, body.role, actor(request)
            )
        }
    except CalanqueError as exc:
        raise refused(exc) from None


@admin.get("/audit", summary="The audit log, newest first")
def audit_log(
    request: Request, limit: int = Query(200, ge=1, le=1000), offset: int = Query(0, ge=0)
) -> list[dict[str, Any]]:
    return entries(service(request).database, limit, offset)


# ---- gaps, impact, contacts --------------------------------------------------------------------


@router.get("/gaps", summary="Unsatisfied questions grouped by meaning, per group and commune")
def gaps(
    request: Request,
    since: str = Query("", max_length=10),
    until: str = Query("", max_length=10),
) -> dict[str, Any]:
    start, after, *_ = period(since, until, 90)
    return asdict(service(request).gaps.report(start, after))


@router.get("/impact", summary="Impact of the answer site over a period, table by table")
def impact(
    request: Request,
    since: str = Query("", max_length=10),
    until: str = Query("", max_length=10),
) -> dict[str, Any]:
    start, after, *_ = period(since, until)
    return asdict(service(request).impact.measure(start, after))


@router.get("/races", summary="Impact of the races over a period, table by table")
def races(
    request: Request,
    since: str = Query("", max_length=10),
    until: str = Query("", max_length=10),
) -> dict[str, Any]:
    impact = race_figures(request, since, until)
    if impact is None:
        raise HTTPException(404, detail="no races on this server")
    return asdict(impact)


@admin.get(
    "/prospects",
    summary="People who opted in to be contacted (site visitors and players), latest first",
)
def prospects(request: Request) -> list[dict[str, Any]]:
    return [asdict(p) for p in everyone(request)]
