"""Bounds on what one request may cost, and errors that never echo what was sent.

- `BodyLimit` counts the body as it streams in (chunked uploads carry no Content-Length) and
  answers 413 as soon as it passes the limit, without reading the rest.
- `validation_error` replaces FastAPI's 422 handler, which echoes the offending input (a 20 MB
  body came back whole, and a lone surrogate in it made the response fail to encode: a 500).
  Every 422 is `{"detail": [{"loc", "msg", "type"}]}`, the shape the OpenAPI description gives.
- `Text` is a string that can be stored and sent back: JSON may spell lone surrogates
  (`"\\ud800"`), which no UTF-8 encoder accepts.
- `bounded_history` caps the earlier turns an answer reads: they join the search query, and the
  analysis costs more than linearly in its length.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 256_000
_MAX_ERRORS = 20


def clean(text: str, limit: int = 300) -> str:
    """`text` as valid UTF-8, at most `limit` characters (for messages built from input)."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _valid_unicode(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(
            "the text holds a lone surrogate (\\ud800 to \\udfff): not valid Unicode"
        ) from None
    return value


Text = Annotated[str, AfterValidator(_valid_unicode)]


class ErrorMessage(BaseModel):
    detail: str


def error_responses(**described: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for statuses other than 200 and 422: `error_responses(e404="…")`."""
    return {
        int(code.removeprefix("e")): {"model": ErrorMessage, "description": text}
        for code, text in described.items()
    }


def streamed(description: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for a 200 that is JSON, or server-sent events when the request asks
    for a stream: both content types are documented (the schema of an event stream describes
    one event, its `data` a line of JSON)."""
    event = {
        "type": "object",
        "properties": {"event": {"type": "string"}, "data": {"type": "string"}},
        "required": ["data"],
    }
    return {200: {"description": description, "content": {"text/event-stream": {"schema": event}}}}


TOO_MANY = "Too many requests from this visitor: wait for the number of seconds in Retry-After."
TOO_LARGE = f"Request body over {MAX_BODY_BYTES:,} bytes (counted as it arrives)."
UNREADABLE = "The body could not be read (for example, it is not valid UTF-8)."


def invalid(message: str, *loc: str | int) -> HTTPException:
    """A 422 shaped like the validation errors: `detail` is a list of {loc, msg, type}."""
    return HTTPException(
        422, detail=[{"loc": list(loc), "msg": clean(message), "type": "value_error"}]
    )


def _public_loc(loc: Sequence[Any]) -> list[str | int]:
    """Where the error is: field names and indices, never more than a short, clean string."""
    return [part if isinstance(part, int) else clean(str(part), 64) for part in loc]


def _public_message(error: dict[str, Any]) -> str:
    if error.get("type") == "json_invalid":
        reason = (error.get("ctx") or {}).get("error")
        return "the body is not valid JSON" + (f": {clean(str(reason), 80)}" if reason else "")
    return clean(str(error.get("msg", "invalid value")))


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    """422 with where and why, and nothing of what was sent."""
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    detail = [
        {
            "loc": _public_loc(e.get("loc", ())),
            "msg": _public_message(e),
            "type": clean(str(e.get("type", "value_error")), 64),
        }
        for e in errors[:_MAX_ERRORS]
    ]
    return JSONResponse({"detail": detail}, status_code=422)


class BodyLimit:
    """Pure ASGI: read the request body up to `limit` bytes before the app runs, then replay it;
    past the limit (announced by Content-Length, or counted while it streams), 413 at once.
    `wider(scope)` may give a request a larger limit (staff uploads), or None."""

    def __init__(
        self,
        app: ASGIApp,
        limit: int = MAX_BODY_BYTES,
        wider: Callable[[Scope], int | None] | None = None,
    ) -> None:
        self.app = app
        self.limit = limit
        self.wider = wider

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit
        if self.wider is not None:
            limit = max(limit, self.wider(scope) or 0)
        length = Headers(scope=scope).get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await self._too_large(scope, receive, send, limit)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left: nobody to answer
            body = message.get("body", b"")
            size += len(body)
            if size > limit:
                await self._too_large(scope, receive, send, limit)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False
        whole = b"".join(chunks)

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": whole, "more_body": False}
            return await receive()  # then the disconnect, which streaming responses wait for

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = JSONResponse(
            {"detail": f"request body too large: at most {limit:,} bytes"},
            status_code=413,
            headers={"Connection": "close"},  # the rest of the body is not read
        )
        await response(scope, receive, send)
