"""Calanque as an OpenAI-compatible model, so existing chat clients and SDKs work unchanged.

The last user message is the question, earlier turns are the conversation. Sources travel twice:
as a numbered list at the end of the message text (any client shows them) and in an extra
`sources` field (clients that know look there).

The answer's Markdown carries no link to an address other than its cited sources' own (an
injected page may ask for one): such links lose their syntax and keep their text (`links`).

A request is bounded as a whole, not only its question: earlier user turns join the search
query, so each is held to the question limit, all messages together to 16 questions' worth of
characters, and the answer reads only the most recent turns (`bounded_history`).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from calanque.answer.answerer import QuestionError
from calanque.answer.types import Answer, DeltaEvent, DoneEvent, SourcesEvent, Turn
from calanque.conversations import bounded_history
from calanque.web.deps import EngineDep, RateLimited
from calanque.web.links import LinkFilter, strip_links
from calanque.web.safety import (
    TOO_LARGE,
    TOO_MANY,
    UNREADABLE,
    error_responses,
    invalid,
    streamed,
)
from calanque.web.schemas import ChatMessage, ChatRequest

router = APIRouter(prefix="/v1", tags=["openai-compatible"])
MODEL_ID = "calanque"
CHAT_CHARS_PER_QUESTION = 16  # all messages of a request: 16 questions' worth of characters


def _text(message: ChatMessage) -> str:
    if isinstance(message.content, str):
        return message.content
    parts = message.content or []
    return " ".join(p.text or "" for p in parts if p.type == "text")


def _conversation(messages: list[ChatMessage], answerer: Any) -> tuple[str, list[Turn]]:
    """The question and the turns before it, once the whole request is within bounds."""
    max_chars = answerer.max_question_chars
    texts = [_text(m) for m in messages]
    total, cap = sum(len(t) for t in texts), CHAT_CHARS_PER_QUESTION * max_chars
    if total > cap:
        raise invalid(
            f"the conversation is too long: its messages hold {total:,} characters, at most "
            f"{cap:,} are read; start a new conversation",
            "body",
            "messages",
        )
    history: list[Turn] = []
    question = ""
    for i, (m, text) in enumerate(zip(messages, texts, strict=True)):
        if m.role == "user":
            if len(text) > max_chars:  # each user turn was a question: held to the same limit
                try:
                    answerer.validate(text)
                except QuestionError as exc:
                    raise invalid(str(exc), "body", "messages", i, "content") from None
            if question:
                history.append(Turn(question))
            question = text
        elif m.role == "assistant" and question:
            history.append(Turn(question, text))
            question = ""
    if not question:
        raise invalid("the last message must come from the user", "body", "messages")
    return question, bounded_history(history, max_chars)


def _sources(answer: Answer, names: dict[str, str]) -> list[dict[str, Any]]:
    return [s.to_dict(names) for s in answer.cited]


def _content(answer: Answer) -> str:
    """The whole message: the answer and its footer, linking only to the cited sources."""
    return strip_links(answer.text + _footer(answer), [s.chunk.uri for s in answer.cited])


def _footer(answer: Answer) -> str:
    if not answer.cited:
        return f"\n\n_{answer.disclaimer}_" if answer.disclaimer else ""
    lines = [f"[{s.number}] {s.chunk.title} — {s.chunk.uri}" for s in answer.cited]
    return "\n\nSources:\n" + "\n".join(lines) + f"\n\n_{answer.disclaimer}_"


@router.get("/models")
def models(engine: EngineDep) -> dict[str, Any]:
    pack = engine.pack
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": pack.agency}],
    }


@router.post(
    "/chat/completions",
    dependencies=[RateLimited],
    responses={
        **error_responses(e400=UNREADABLE, e413=TOO_LARGE, e429=TOO_MANY),
        **streamed("A chat completion, or its chunks as events when `stream` is true."),
    },
)
def chat_completions(body: ChatRequest, engine: EngineDep) -> Any:
    question, history = _conversation(body.messages, engine.answerer)
    try:
        engine.answerer.validate(question)
    except QuestionError as exc:
        raise invalid(str(exc), "body", "messages", len(body.messages) - 1, "content") from None
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    created = int(time.time())
    names = engine.answerer.commune_names
    if not body.stream:
        answer = engine.answerer.ask(question, history)
        return {
            "id": completion_id,
            "object": "chat.completion",
            "created": created,
            "model": MODEL_ID,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": _content(answer)},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            "sources": _sources(answer, names),
        }

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        payload = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

    def events() -> Iterator[str]:
        yield chunk({"role": "assistant", "content": ""})
        # Which sources the text cites is known at its end: while it streams, links may point
        # to the passages it is written from (announced first), and to nothing else.
        links = LinkFilter([])
        for event in engine.answerer.stream(question, history):
            if isinstance(event, SourcesEvent) and not links.raw:  # a refusal's come later
                links = LinkFilter(s.get("uri", "") for s in event.sources)
            elif isinstance(event, DeltaEvent):
                if text := links.feed(event.text):
                    yield chunk({"content": text})
            elif isinstance(event, DoneEvent):
                answer = event.answer
                yield chunk({"content": links.feed(_footer(answer)) + links.close()})
                yield chunk({}, "stop", sources=_sources(answer, names))
        if rest := links.close():  # held back by a stream that ended without its answer
            yield chunk({"content": rest})
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream")
