"""The FastAPI application: pages, the JSON/SSE API, the OpenAI-compatible endpoint, the widget.

Routes call the engine and the conversation store; everything the site says about the territory
comes from the engine, everything it says about itself from `i18n`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, suppress
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from calanque import __version__
from calanque.answer.answerer import QuestionError
from calanque.answer.types import Answer, DoneEvent
from calanque.config import Settings
from calanque.conversations import ConversationError, new_id
from calanque.engine import Engine
from calanque.equity.geo import commune_points, feature_collection
from calanque.equity.report import AnswerRecord, EquityReport, aggregate_records
from calanque.index.store import Filters
from calanque.web.i18n import UI, ui
from calanque.web.openai_compat import router as openai_router
from calanque.web.ratelimit import RateLimiter
from calanque.web.render import answer_html
from calanque.web.safety import (
    MAX_BODY_BYTES,
    TOO_LARGE,
    TOO_MANY,
    UNREADABLE,
    BodyLimit,
    bounded_history,
    error_responses,
    invalid,
    validation_error,
)
from calanque.web.schemas import SQLITE_MAX_INT, AskRequest, FeedbackRequest

HERE = Path(str(resources.files("calanque.web")))
engine_log = logging.getLogger("calanque.web")
__all__ = ["MAX_BODY_BYTES", "create_app", "server_options"]
_DEMO_MARK = re.compile(r"\s*\((?:démo|demo)\)\s*$", re.IGNORECASE)
PAGE = ["GET", "HEAD"]


def server_options(settings: Settings) -> dict[str, Any]:
    """uvicorn options for `calanque serve`. uvicorn believes `X-Forwarded-For` from 127.0.0.1 by
    default, so any local client (or a proxy that passes the header through) could pick the
    address the rate limit keys on; it is believed only from the proxies `trusted_proxies` names."""
    proxies = [p.strip() for p in settings.trusted_proxies.split(",") if p.strip()]
    if not proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(proxies)}


def brand(pack_label: str) -> tuple[str, bool]:
    """The agency's name, and whether the pack marks it as a demo (`One Provence (démo)`): the
    mark is shown in the page's language."""
    name = _DEMO_MARK.sub("", pack_label)
    return name, name != pack_label


def origin_of(url: str) -> str:
    """`scheme://host[:port]` of a URL, or "" (a Referer that is not one)."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not host:
        return ""
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


def sse(event: str, data: Any) -> str:
    """One server-sent event; JSON data on one line."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def create_app(engine: Engine | None = None, *, crawl_every: float = 0.0) -> FastAPI:
    """The site over `engine`; `crawl_every` > 0 refreshes due web sources in the background."""
    engine = engine or Engine()
    settings = engine.settings

    def purge() -> None:
        """Retention: conversations untouched for `retention_days` are deleted."""
        app.state.conversations.purge(settings.retention_days)

    async def purge_daily(stop: asyncio.Event) -> None:
        while not stop.is_set():
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=86_400)
            await asyncio.to_thread(purge)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stop = asyncio.Event()
        await asyncio.to_thread(purge)  # before the first request is served
        # Models and search structures load once, before the first request: concurrent first
        # questions must not each load them.
        await asyncio.to_thread(engine.warm)
        tasks = [asyncio.create_task(purge_daily(stop))]
        app.state.crawler_task = None
        if crawl_every > 0:
            from calanque.crawl.scheduler import schedule

            app.state.crawler_task = asyncio.create_task(
                schedule(engine, stop, interval=crawl_every)
            )
            tasks.append(app.state.crawler_task)
        yield
        stop.set()
        for task in tasks:
            task.cancel()  # the crawl state resumes an interrupted crawl at the next start
            with suppress(asyncio.CancelledError):
                await task

    app = FastAPI(
        title="Calanque",
        version=__version__,
        description="Questions about a territory, answered from cited regional sources.",
        lifespan=lifespan,
        # The default pages load Swagger UI and ReDoc from a CDN with an inline script, which
        # the site's CSP blocks: /docs is served below from vendored files instead.
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.add_exception_handler(RequestValidationError, validation_error)
    app.state.engine = engine
    app.state.conversations = engine.conversations
    app.state.limiter = RateLimiter(settings.rate_limit_per_minute)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    origins = settings.allowed_origins
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Authorization"],
        )

    # Counted as it arrives: a chunked upload announces no length.
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        ancestors = " ".join(["'self'", *origins]) if request.url.path == "/embed" else "'none'"
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self'; frame-ancestors {ancestors}; base-uri 'none'; form-action 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        return response

    def page_lang(request: Request) -> str:
        lang = request.query_params.get("lang") or request.cookies.get("lang") or ""
        return lang if lang in UI else engine.pack.default_language

    def limit(request: Request) -> None:
        address = request.client.host if request.client else "unknown"
        wait = app.state.limiter.check(address)
        if wait:
            raise HTTPException(
                429,
                detail="too many questions: try again in a minute",
                headers={"Retry-After": str(int(wait) + 1)},
            )

    brand_name, brand_demo = brand(engine.pack.agency or engine.pack.name)

    def render(
        request: Request, name: str, lang: str, status_code: int = 200, **context: Any
    ) -> HTMLResponse:
        response = templates.TemplateResponse(
            request,
            name,
            {
                "t": ui(lang),
                "lang": lang,
                "pack": engine.pack,
                "brand": brand_name,
                "brand_demo": brand_demo,
                "examples": engine.pack.examples.get(lang, [])[:6],
                "max_chars": settings.max_question_chars,
                **context,
            },
            status_code=status_code,
        )
        if request.query_params.get("lang") in UI:
            response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax")
        return response

    def source_dicts(answer: Answer) -> list[dict[str, Any]]:
        cited = {s.number for s in answer.cited}
        names = engine.answerer.commune_names
        return [{**s.to_dict(names), "cited": s.number in cited} for s in answer.sources]

    def turn_html(turn: Any) -> str:
        """A stored turn's answer as the site showed it: links only to its cited sources."""
        cited = [s.get("uri", "") for s in turn.sources if s.get("cited")]
        return answer_html(turn.answer, turn.id, len(turn.sources), cited)

    def turn_view(turn: Any) -> dict[str, Any]:
        cited = [s for s in turn.sources if s.get("cited")]
        return {
            "id": turn.id,
            "question": turn.question,
            "html": turn_html(turn),
            "sources": cited,
            "notices": turn.meta.get("notices", []),
            "communes": cited_communes(cited),
        }

    def cited_communes(sources: list[dict[str, Any]]) -> list[str]:
        return list(dict.fromkeys(c["insee"] for s in sources for c in s.get("communes", [])))

    def equity_report(limit: int) -> EquityReport:
        """The equity of stored answers to territory-wide questions, against the policy target."""
        records = []
        for turn in app.state.conversations.recent_turns(limit):
            if turn.meta.get("scope") != "territory":
                continue
            by_number = {s["number"]: s for s in turn.sources}
            communes = {
                n: [c["insee"] for c in s.get("communes", [])] for n, s in by_number.items()
            }
            records.append(
                AnswerRecord(
                    turn.question,
                    "territory",
                    bool(turn.meta.get("answered")),
                    dict(turn.meta.get("awrf") or {}),
                    [communes[n] for n in turn.meta.get("cited", []) if n in communes],
                    [communes[n] for n in sorted(communes)],
                )
            )
        return aggregate_records(records, engine.pack, engine.equity_target())

    # ---- pages -------------------------------------------------------------------------------

    @app.api_route("/", methods=PAGE, response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        return render(request, "index.html", page_lang(request), turns=[], conversation_id="")

    @app.api_route("/embed", methods=PAGE, response_class=HTMLResponse, include_in_schema=False)
    def embed(request: Request) -> HTMLResponse:
        refused = embed_refused(request)
        if refused is not None:
            return refused
        return render(
            request, "index.html", page_lang(request), turns=[], conversation_id="", embed=True
        )

    def embed_refused(request: Request) -> HTMLResponse | None:
        """A frame of /embed on a page whose origin is not allowed: instead of the broken frame
        the CSP would leave, a page that says what to set. It holds no control, so it may be
        framed anywhere. Known from the browser's fetch metadata and the Referer (widget.js asks
        for the origin to be sent); without them, the CSP alone decides."""
        headers = request.headers
        if headers.get("sec-fetch-dest") not in ("iframe", "frame"):
            return None
        if headers.get("sec-fetch-site") in (None, "same-origin"):
            return None
        origin = origin_of(headers.get("referer", ""))
        if not origin or origin in origins or origin == origin_of(str(request.base_url)):
            return None
        response = render(
            request, "embed_refused.html", page_lang(request), status_code=403, origin=origin
        )
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors *; "
            "base-uri 'none'; form-action 'none'"
        )
        return response

    @app.api_route(
        "/c/{conversation_id}", methods=PAGE, response_class=HTMLResponse, include_in_schema=False
    )
    def conversation_page(
        request: Request, conversation_id: str, thanks: int = Query(0, ge=0, le=SQLITE_MAX_INT)
    ) -> HTMLResponse:
        try:
            conversation = app.state.conversations.get(conversation_id)
        except ConversationError:
            raise HTTPException(404, detail="unknown conversation") from None
        return render(
            request,
            "index.html",
            page_lang(request),
            turns=[turn_view(t) for t in conversation.turns],
            conversation_id=conversation.id,
            thanked=thanks,
        )

    async def form_fields(request: Request) -> dict[str, str]:
        form = parse_qs((await request.body()).decode("utf-8", "replace"))
        return {k: v[0] for k, v in form.items() if v}

    @app.post("/ask", include_in_schema=False)
    async def ask_form(request: Request) -> Response:
        """The form without JavaScript: answer, store, and redirect to the permalink."""
        limit(request)
        form = await form_fields(request)
        question = form.get("question", "")
        conversation_id = form.get("conversation_id") or None
        try:
            _, cid, _ = await asyncio.to_thread(answer_and_record, question, conversation_id)
        except QuestionError as exc:
            raise invalid(str(exc), "body", "question") from None
        return RedirectResponse(f"/c/{cid}", status_code=303)

    @app.post("/feedback", include_in_schema=False)
    async def feedback_form(request: Request) -> Response:
        """Feedback without JavaScript: a thumb is the form's submit button."""
        limit(request)
        form = await form_fields(request)
        rating = {"1": 1, "-1": -1}.get(form.get("rating", ""))  # a form sends text
        try:
            body = FeedbackRequest.model_validate({**form, "rating": rating})
        except ValueError:
            # No rating chosen (Enter in the comment box): back to the turn, nothing recorded.
            cid, turn = form.get("conversation_id", ""), form.get("turn_id", "")
            if app.state.conversations.exists(cid) and turn.isdigit():
                return RedirectResponse(f"/c/{cid}#turn-{turn}", status_code=303)
            raise HTTPException(404, detail="unknown turn") from None
        record_feedback(body)
        return RedirectResponse(
            f"/c/{body.conversation_id}?thanks={body.turn_id}#turn-{body.turn_id}",
            status_code=303,
        )

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        """The API reference: Swagger UI from vendored files, started by /static/docs.js."""
        return templates.TemplateResponse(request, "docs.html", {"title": app.title})

    @app.api_route("/equity", methods=PAGE, response_class=HTMLResponse, include_in_schema=False)
    def equity_page(request: Request) -> HTMLResponse:
        report = equity_report(5_000)
        return render(
            request,
            "equity.html",
            page_lang(request),
            report=report,
            communes=report.communes_cited,
            policy=settings.equity_policy,
        )

    @app.get("/widget.js", include_in_schema=False)
    def widget(request: Request) -> Response:
        script = (HERE / "static" / "widget.js").read_text("utf-8")
        return Response(script, media_type="application/javascript")

    # ---- API ---------------------------------------------------------------------------------

    def history_of(conversation_id: str | None) -> list[Any]:
        """The conversation's most recent turns: earlier questions join the search query."""
        if not conversation_id:
            return []
        try:
            turns = app.state.conversations.get(conversation_id).history()
        except ConversationError:
            raise HTTPException(404, detail="unknown conversation") from None
        return bounded_history(turns, settings.max_question_chars)

    def answer_and_record(question: str, conversation_id: str | None) -> tuple[Answer, str, int]:
        answer = engine.answerer.ask(question, history_of(conversation_id))
        cid, turn_id = app.state.conversations.record(conversation_id, answer, source_dicts(answer))
        return answer, cid, turn_id

    def answer_payload(answer: Answer, cid: str, turn_id: int) -> dict[str, Any]:
        cited = [s for s in source_dicts(answer) if s["cited"]]
        return {
            "conversation_id": cid,
            "turn_id": turn_id,
            "communes": cited_communes(cited),
            "scope": answer.scope,
            "awrf": answer.awrf,
            "question": answer.question,
            "lang": answer.lang,
            "answer": answer.text,
            "html": answer_html(
                answer.text, turn_id, len(answer.sources), [s.chunk.uri for s in answer.cited]
            ),
            "answered": answer.answered,
            "backend": answer.backend,
            "notices": answer.notices,
            "disclaimer": answer.disclaimer,
            "sources": cited,
            "permalink": f"/c/{cid}",
        }

    @app.post(
        "/api/ask",
        tags=["answers"],
        summary="Answer a question (JSON or SSE stream)",
        responses=error_responses(
            e400=UNREADABLE, e404="Unknown conversation.", e413=TOO_LARGE, e429=TOO_MANY
        ),
    )
    def api_ask(body: AskRequest, request: Request) -> Any:
        limit(request)
        try:
            engine.answerer.validate(body.question)
        except QuestionError as exc:
            raise invalid(str(exc), "body", "question") from None
        history = history_of(body.conversation_id)
        wants_stream = body.stream or "text/event-stream" in request.headers.get("accept", "")
        if not wants_stream:
            answer = engine.answerer.ask(body.question, history)
            cid, turn_id = app.state.conversations.record(
                body.conversation_id, answer, source_dicts(answer)
            )
            return answer_payload(answer, cid, turn_id)

        cid = body.conversation_id or new_id()

        def events() -> Iterator[str]:
            # Acknowledge at once: the client shows progress while retrieval runs.
            yield sse("meta", {"conversation_id": cid})
            try:
                for event in engine.answerer.stream(body.question, history):
                    if isinstance(event, DoneEvent):
                        answer = event.answer
                        _, turn_id = app.state.conversations.record(
                            cid, answer, source_dicts(answer)
                        )
                        yield sse("done", answer_payload(answer, cid, turn_id))
                    else:
                        yield sse(event.kind, event.payload)
            except Exception:  # the stream has started: report, do not hang the page
                engine_log.exception("answer stream failed")
                yield sse("error", {"message": ui(page_lang(request))["error"]})

        return StreamingResponse(
            events(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    @app.get(
        "/api/search",
        tags=["search"],
        summary="Ranked passages for a query",
        responses=error_responses(e429=TOO_MANY),
    )
    def api_search(
        request: Request,
        q: str = Query(..., min_length=1, max_length=settings.max_question_chars),
        k: int = Query(10, ge=1, le=50),
        lang: str | None = Query(None, max_length=5),
        commune: str | None = Query(None, max_length=100),
    ) -> dict[str, Any]:
        limit(request)  # a search costs what the retrieval of an answer costs
        codes: tuple[str, ...] = ()
        if commune:
            codes = tuple(engine.gazetteer.communes(commune)) or (
                (commune,) if commune in engine.pack.communes else ()
            )
            if not codes:
                raise invalid(
                    "unknown commune: no commune of the territory has that name", "query", "commune"
                )
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

    def record_feedback(body: FeedbackRequest) -> None:
        try:
            app.state.conversations.feedback(
                body.turn_id, body.rating, body.comment, conversation_id=body.conversation_id
            )
        except ConversationError:
            raise HTTPException(404, detail="unknown turn") from None

    @app.post(
        "/api/feedback",
        tags=["answers"],
        summary="Thumbs up or down on an answer",
        responses=error_responses(
            e400=UNREADABLE,
            e404="No such turn in that conversation (a missing turn and another "
            "conversation's turn get the same answer).",
            e413=TOO_LARGE,
            e429=TOO_MANY,
        ),
    )
    def api_feedback(body: FeedbackRequest, request: Request) -> dict[str, str]:
        """The turn is named by its id and the id of its conversation, which only the visitor
        who asked (or whoever they gave the permalink) knows."""
        limit(request)
        record_feedback(body)
        return {"status": "recorded"}

    @app.get(
        "/api/conversations/{conversation_id}",
        tags=["answers"],
        responses=error_responses(e404="Unknown conversation."),
    )
    def api_conversation(conversation_id: str) -> dict[str, Any]:
        try:
            c = app.state.conversations.get(conversation_id)
        except ConversationError:
            raise HTTPException(404, detail="unknown conversation") from None
        return {
            "id": c.id,
            "created_at": c.created_at,
            "turns": [
                {
                    "id": t.id,
                    "question": t.question,
                    "answer": t.answer,
                    "html": turn_html(t),
                    "lang": t.lang,
                    "sources": t.sources,
                    "meta": t.meta,
                    "feedback": t.feedback,
                    "created_at": t.created_at,
                }
                for t in c.turns
            ],
        }

    @app.get("/api/equity", tags=["equity"], summary="Exposure of the territory's groups")
    def api_equity(limit: int = Query(5_000, ge=1, le=100_000)) -> dict[str, Any]:
        """Per group: share of the exposure the cited sources gave it, over stored answers to
        territory-wide questions, against the target of the equity policy. Visitors' questions
        are not published, only figures."""
        return {"policy": settings.equity_policy, **equity_report(limit).public()}

    @app.get("/api/territory.geojson", tags=["equity"], summary="The communes, for maps")
    def api_territory() -> JSONResponse:
        pack = engine.pack
        info = {p["insee"]: p for p in commune_points(pack, pack.communes)}
        if pack.outlines_file is not None:
            data = json.loads(pack.outlines_file.read_text("utf-8"))
            for feature in data["features"]:
                feature["properties"] |= info.get(feature["properties"]["insee"], {})
        else:
            data = feature_collection(pack, pack.communes)
        return JSONResponse(data, headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/healthz", tags=["operations"])
    def healthz() -> dict[str, Any]:
        stats = engine.store.stats()
        return {
            "status": "ok",
            "version": __version__,
            "pack": engine.pack.id,
            "documents": stats["documents"],
            "chunks": stats["chunks"],
            "backend": engine.answerer.backend.backend_id,
        }

    @app.exception_handler(QuestionError)
    async def question_error(request: Request, exc: QuestionError) -> JSONResponse:
        error = invalid(str(exc), "body", "question")
        return JSONResponse({"detail": error.detail}, status_code=422)

    app.state.limit = limit
    app.state.history_of = history_of
    app.include_router(openai_router)
    return app
