"""The JSON/SSE API of the answer site: ask, search, feedback, conversations, equity, territory."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from calanque import __version__
from calanque.answer.answerer import QuestionError
from calanque.answer.types import DoneEvent
from calanque.conversations import ConversationError, new_id
from calanque.engine import UnknownCommune
from calanque.equity.geo import commune_points, feature_collection
from calanque.index.store import Filters
from calanque.web.deps import EngineDep, PageLang, RateLimited
from calanque.web.i18n import ui
from calanque.web.pages import record_feedback
from calanque.web.safety import (
    TOO_LARGE,
    TOO_MANY,
    UNREADABLE,
    error_responses,
    invalid,
    streamed,
)
from calanque.web.schemas import AskRequest, FeedbackRequest
from calanque.web.views import answer_payload, conversation_payload

router = APIRouter()
log = logging.getLogger("calanque.web")
UNKNOWN_CONVERSATION = "Unknown conversation."


def sse(event: str, data: Any) -> str:
    """One server-sent event; JSON data on one line."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.post(
    "/api/ask",
    tags=["answers"],
    summary="Answer a question (JSON or SSE stream)",
    dependencies=[RateLimited],
    responses={
        **error_responses(
            e400=UNREADABLE, e404=UNKNOWN_CONVERSATION, e413=TOO_LARGE, e429=TOO_MANY
        ),
        **streamed("The answer: one JSON object, or events (meta, sources, delta, notice, done)."),
    },
)
def api_ask(body: AskRequest, request: Request, engine: EngineDep, lang: PageLang) -> Any:
    try:
        engine.answerer.validate(body.question)
        history = engine.history(body.conversation_id)
    except QuestionError as exc:
        raise invalid(str(exc), "body", "question") from None
    except ConversationError:
        raise HTTPException(404, detail="unknown conversation") from None
    wants_stream = body.stream or "text/event-stream" in request.headers.get("accept", "")
    if not wants_stream:
        answer = engine.answerer.ask(body.question, history)
        return answer_payload(engine.record(body.conversation_id, answer))

    cid = body.conversation_id or new_id()

    def events() -> Iterator[str]:
        # Acknowledge at once: the client shows progress while retrieval runs.
        yield sse("meta", {"conversation_id": cid})
        try:
            for event in engine.answerer.stream(body.question, history):
                if isinstance(event, DoneEvent):
                    yield sse("done", answer_payload(engine.record(cid, event.answer)))
                else:
                    yield sse(event.kind, event.payload)
        except Exception:  # the stream has started: report, do not hang the page
            log.exception("answer stream failed")
            yield sse("error", {"message": ui(lang)["error"]})

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.get(
    "/api/search",
    tags=["search"],
    summary="Ranked passages for a query",
    dependencies=[RateLimited],  # a search costs what the retrieval of an answer costs
    responses=error_responses(e429=TOO_MANY),
)
def api_search(
    engine: EngineDep,
    q: str = Query(..., min_length=1),
    k: int = Query(10, ge=1, le=50),
    lang: str | None = Query(None, max_length=5),
    commune: str | None = Query(None, max_length=100),
) -> dict[str, Any]:
    most = engine.settings.max_question_chars
    if len(q) > most:
        raise invalid(f"the query is longer than {most} characters", "query", "q")
    try:
        codes = engine.commune_codes(commune) if commune else ()
    except UnknownCommune:
        raise invalid(
            "unknown commune: no commune of the territory has that name", "query", "commune"
        ) from None
    hits = engine.searcher.search(
        q, k=k, filters=Filters(langs=(lang,) if lang else (), communes=codes)
    )
    names = engine.answerer.commune_names
    return {
        "query": q,
        "hits": [
            {
                "score": round(h.score, 5),
                "title": h.chunk.title,
                "uri": h.chunk.uri,
                "heading": list(h.chunk.heading),
                "text": h.chunk.text,
                "lang": h.chunk.lang,
                "communes": [{"insee": c, "name": names.get(c, c)} for c in h.chunk.communes],
            }
            for h in hits
        ],
    }


@router.post(
    "/api/feedback",
    tags=["answers"],
    summary="Thumbs up or down on an answer",
    dependencies=[RateLimited],
    responses=error_responses(
        e400=UNREADABLE,
        e404="No such turn in that conversation (a missing turn and another "
        "conversation's turn get the same answer).",
        e413=TOO_LARGE,
        e429=TOO_MANY,
    ),
)
def api_feedback(body: FeedbackRequest, engine: EngineDep) -> dict[str, str]:
    """The turn is named by its id and the id of its conversation, which only the visitor
    who asked (or whoever they gave the permalink) knows."""
    record_feedback(engine, body)
    return {"status": "recorded"}


@router.get(
    "/api/conversations/{conversation_id}",
    tags=["answers"],
    responses=error_responses(e404=UNKNOWN_CONVERSATION),
)
def api_conversation(conversation_id: str, engine: EngineDep) -> dict[str, Any]:
    try:
        return conversation_payload(engine.conversations.get(conversation_id))
    except ConversationError:
        raise HTTPException(404, detail="unknown conversation") from None


@router.get("/api/equity", tags=["equity"], summary="Exposure of the territory's groups")
def api_equity(engine: EngineDep, limit: int = Query(5_000, ge=1, le=100_000)) -> dict[str, Any]:
    """Per group: share of the exposure the cited sources gave it, over stored answers to
    territory-wide questions, against the target of the equity policy. Visitors' questions
    are not published, only figures."""
    return {"policy": engine.settings.equity_policy, **engine.site_equity(limit).public()}


@router.get("/api/territory.geojson", tags=["equity"], summary="The communes, for maps")
def api_territory(engine: EngineDep) -> JSONResponse:
    pack = engine.pack
    info = {p["insee"]: p for p in commune_points(pack, pack.communes)}
    if pack.outlines_file is not None:
        data = json.loads(pack.outlines_file.read_text("utf-8"))
        for feature in data["features"]:
            feature["properties"] |= info.get(feature["properties"]["insee"], {})
    else:
        data = feature_collection(pack, pack.communes)
    return JSONResponse(data, headers={"Cache-Control": "public, max-age=86400"})


@router.get("/healthz", tags=["operations"])
def healthz(engine: EngineDep) -> dict[str, Any]:
    stats = engine.store.stats()
    return {
        "status": "ok",
        "version": __version__,
        "pack": engine.pack.id,
        "documents": stats["documents"],
        "chunks": stats["chunks"],
        "backend": engine.answerer.backend.backend_id,
    }
