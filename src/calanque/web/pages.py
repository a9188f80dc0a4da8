"""The site's pages: ask, a conversation's permalink, the forms that work without JavaScript,
the equity page, the embeddable frame and the API reference."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.responses import Response

from calanque.answer.answerer import QuestionError
from calanque.conversations import ConversationError
from calanque.engine import Engine
from calanque.web.deps import HERE, TEMPLATES, EngineDep, PageLang, RateLimited, render
from calanque.web.safety import invalid
from calanque.web.schemas import SQLITE_MAX_INT, FeedbackRequest
from calanque.web.views import turn_view

router = APIRouter(include_in_schema=False)
PAGE = ["GET", "HEAD"]


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


@router.api_route("/", methods=PAGE, response_class=HTMLResponse)
def home(request: Request, lang: PageLang) -> HTMLResponse:
    return render(request, "index.html", lang, turns=[], conversation_id="")


@router.api_route("/embed", methods=PAGE, response_class=HTMLResponse)
def embed(request: Request, lang: PageLang, engine: EngineDep) -> HTMLResponse:
    refused = embed_refused(request, lang, engine.settings.allowed_origins)
    if refused is not None:
        return refused
    return render(request, "index.html", lang, turns=[], conversation_id="", embed=True)


def embed_refused(request: Request, lang: str, origins: list[str]) -> HTMLResponse | None:
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
    response = render(request, "embed_refused.html", lang, status_code=403, origin=origin)
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors *; "
        "base-uri 'none'; form-action 'none'"
    )
    return response


@router.api_route("/c/{conversation_id}", methods=PAGE, response_class=HTMLResponse)
@router.api_route("/embed/c/{conversation_id}", methods=PAGE, response_class=HTMLResponse)
def conversation_page(
    request: Request,
    conversation_id: str,
    lang: PageLang,
    engine: EngineDep,
    thanks: int = Query(0, ge=0, le=SQLITE_MAX_INT),
) -> HTMLResponse:
    """A conversation's permalink, or (under /embed/) the same inside the partner's frame:
    where the frame's forms land without JavaScript (a visitor who presses Enter before the
    script has loaded), and what a reload of the frame shows. /c/ may not be framed."""
    embed = request.url.path.startswith("/embed/")
    if embed:
        refused = embed_refused(request, lang, engine.settings.allowed_origins)
        if refused is not None:
            return refused
    try:
        conversation = engine.conversations.get(conversation_id)
    except ConversationError:
        raise HTTPException(404, detail="unknown conversation") from None
    return render(
        request,
        "index.html",
        lang,
        turns=[turn_view(t) for t in conversation.turns],
        conversation_id=conversation.id,
        thanked=thanks,
        embed=embed,
    )


def conversation_url(form: dict[str, str], conversation_id: str) -> str:
    """Where a form sent without JavaScript lands: the frame's own page when it came from the
    partner's frame (the field the embedded page adds), else the permalink."""
    return ("/embed/c/" if form.get("embed") == "1" else "/c/") + conversation_id


async def form_fields(request: Request) -> dict[str, str]:
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    return {k: v[0] for k, v in form.items() if v}


@router.post("/ask", dependencies=[RateLimited])
async def ask_form(request: Request, engine: EngineDep) -> Response:
    """The form without JavaScript: answer, store, and redirect to the permalink."""
    form = await form_fields(request)
    question = form.get("question", "")
    try:
        recorded = await asyncio.to_thread(
            engine.ask_and_record, question, form.get("conversation_id") or None
        )
    except QuestionError as exc:
        raise invalid(str(exc), "body", "question") from None
    except ConversationError:
        raise HTTPException(404, detail="unknown conversation") from None
    return RedirectResponse(conversation_url(form, recorded.conversation_id), status_code=303)


@router.post("/feedback", dependencies=[RateLimited])
async def feedback_form(request: Request, engine: EngineDep) -> Response:
    """Feedback without JavaScript: a thumb is the form's submit button."""
    form = await form_fields(request)
    rating = {"1": 1, "-1": -1}.get(form.get("rating", ""))  # a form sends text
    try:
        body = FeedbackRequest.model_validate({**form, "rating": rating})
    except ValueError:
        # No rating chosen (Enter in the comment box): back to the turn, nothing recorded.
        cid, turn = form.get("conversation_id", ""), form.get("turn_id", "")
        if engine.conversations.exists(cid) and turn.isdigit():
            return RedirectResponse(f"{conversation_url(form, cid)}#turn-{turn}", status_code=303)
        raise HTTPException(404, detail="unknown turn") from None
    record_feedback(engine, body)
    return RedirectResponse(
        f"{conversation_url(form, body.conversation_id)}?thanks={body.turn_id}#turn-{body.turn_id}",
        status_code=303,
    )


def record_feedback(engine: Engine, body: FeedbackRequest) -> None:
    try:
        engine.conversations.feedback(
            body.turn_id, body.rating, body.comment, conversation_id=body.conversation_id
        )
    except ConversationError:
        raise HTTPException(404, detail="unknown turn") from None


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """The API reference: Swagger UI from vendored files, started by /static/docs.js."""
    return TEMPLATES.TemplateResponse(request, "docs.html", {"title": request.app.title})


@router.api_route("/equity", methods=PAGE, response_class=HTMLResponse)
def equity_page(request: Request, lang: PageLang, engine: EngineDep) -> HTMLResponse:
    report = engine.site_equity(5_000)
    return render(
        request,
        "equity.html",
        lang,
        report=report,
        communes=report.communes_cited,
        policy=engine.settings.equity_policy,
    )


@router.api_route("/source", methods=PAGE, response_class=HTMLResponse)
def source_page(
    request: Request, lang: PageLang, engine: EngineDep, uri: str = Query(..., max_length=2048)
) -> HTMLResponse:
    """An indexed document's text, for source cards whose address is not a web page (the
    pack's demo documents and fact sheets, uploaded files)."""
    document = engine.store.document(uri)
    if document is None:
        raise HTTPException(404, detail="unknown source")
    return render(request, "source.html", lang, document=document)


@router.get("/widget.js")
def widget() -> Response:
    script = (HERE / "static" / "widget.js").read_text("utf-8")
    return Response(script, media_type="application/javascript")
