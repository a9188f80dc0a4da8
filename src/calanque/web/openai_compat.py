"""Calanque as an OpenAI-compatible model, so existing chat clients and SDKs work unchanged.

The last user message is the question, earlier turns are the conversation. Sources travel twice:
as a numbered list at the end of the message text (any client shows them) and in an extra
`sources` field (clients that know look there).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse

from calanque.answer.answerer import QuestionError
from calanque.answer.types import Answer, DeltaEvent, DoneEvent, Turn
from calanque.web.schemas import ChatMessage, ChatRequest

router = APIRouter(prefix="/v1", tags=["openai-compatible"])
MODEL_ID = "calanque"


def _text(message: ChatMessage) -> str:
    if isinstance(message.content, str):
        return message.content
    parts = message.content or []
    return " ".join(str(p.get("text", "")) for p in parts if p.get("type") == "text")


def _conversation(messages: list[ChatMessage]) -> tuple[str, list[Turn]]:
    history: list[Turn] = []
    question = ""
    for m in messages:
        if m.role == "user":
            if question:
                history.append(Turn(question))
            question = _text(m)
        elif m.role == "assistant" and question:
            history.append(Turn(question, _text(m)))
            question = ""
    if not question:
        raise HTTPException(422, detail="the last message must come from the user")
    return question, history


def _sources(answer: Answer, names: dict[str, str]) -> list[dict[str, Any]]:
    return [s.to_dict(names) for s in answer.cited]


def _footer(answer: Answer) -> str:
    if not answer.cited:
        return f"\n\n_{answer.disclaimer}_"
    lines = [f"[{s.number}] {s.chunk.title} — {s.chunk.uri}" for s in answer.cited]
    return "\n\nSources:\n" + "\n".join(lines) + f"\n\n_{answer.disclaimer}_"


@router.get("/models")
def models(request: Request) -> dict[str, Any]:
    pack = request.app.state.engine.pack
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": pack.agency}],
    }


@router.post("/chat/completions")
def chat_completions(body: ChatRequest, request: Request) -> Any:
    request.app.state.limit(request)
    engine = request.app.state.engine
    question, history = _conversation(body.messages)
    try:
        engine.answerer.validate(question)
    except QuestionError as exc:
        raise HTTPException(422, detail=str(exc)) from None
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
                    "message": {"role": "assistant", "content": answer.text + _footer(answer)},
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
        for event in engine.answerer.stream(question, history):
            if isinstance(event, DeltaEvent):
                yield chunk({"content": event.text})
            elif isinstance(event, DoneEvent):
                answer = event.answer
                yield chunk({"content": _footer(answer)})
                yield chunk({}, "stop", sources=_sources(answer, names))
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream")
