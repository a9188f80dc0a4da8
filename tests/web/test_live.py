"""A real uvicorn server on loopback: HTTP clients, the official `openai` SDK, SSE, CORS."""

from __future__ import annotations

import dataclasses
import json

import httpx
import openai
from fastapi.testclient import TestClient

from calanque.engine import Engine
from calanque.web.app import create_app

QUESTION = "Combien de marches pour monter au phare ?"


def test_sse_over_a_real_socket(live_server: str) -> None:
    names = []
    done = None
    with httpx.stream(
        "POST",
        f"{live_server}/api/ask",
        json={"question": QUESTION},
        headers={"Accept": "text/event-stream"},
        timeout=30,
    ) as r:
        assert r.status_code == 200
        event = ""
        for line in r.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
                names.append(event)
            elif line.startswith("data: ") and event == "done":
                done = json.loads(line[6:])
    assert names[:2] == ["meta", "sources"] and names[-1] == "done"
    assert done is not None and "248 marches" in done["answer"]


def test_openai_sdk_non_streamed(live_server: str) -> None:
    client = openai.OpenAI(base_url=f"{live_server}/v1", api_key="unused", max_retries=0)
    assert [m.id for m in client.models.list().data] == ["calanque"]
    completion = client.chat.completions.create(
        model="calanque", messages=[{"role": "user", "content": QUESTION}]
    )
    content = completion.choices[0].message.content or ""
    assert "248 marches jusqu'à la galerie [1]" in content
    assert "Sources:\n[1] Le phare de Port-Lumière" in content
    extra = completion.model_extra or {}
    assert extra["sources"][0]["title"] == "Le phare de Port-Lumière"


def test_openai_sdk_streamed_with_history(live_server: str) -> None:
    client = openai.OpenAI(base_url=f"{live_server}/v1", api_key="unused", max_retries=0)
    stream = client.chat.completions.create(
        model="calanque",
        stream=True,
        messages=[
            {"role": "user", "content": "Combien d'habitants à Saint-Vent ?"},
            {"role": "assistant", "content": "Saint-Vent compte 8 100 habitants [1]."},
            {"role": "user", "content": "Et à Bourg-Neuf ?"},
        ],
    )
    pieces, sources = [], None
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            pieces.append(chunk.choices[0].delta.content)
        sources = (chunk.model_extra or {}).get("sources", sources)
    text = "".join(pieces)
    assert len(pieces) > 2 and "12 400 habitants" in text
    assert sources and any(c["insee"] == "99005" for c in sources[0]["communes"])


def test_openai_endpoint_rejects_a_conversation_ending_with_the_assistant(live_server: str) -> None:
    r = httpx.post(
        f"{live_server}/v1/chat/completions",
        json={"model": "calanque", "messages": [{"role": "assistant", "content": "hi"}]},
    )
    assert r.status_code == 422


def test_cors_allow_list(built_engine: Engine) -> None:
    settings = dataclasses.replace(built_engine.settings, cors_origins="https://partner.example")
    app = create_app(Engine(settings, embedder=built_engine.embedder))
    with TestClient(app) as c:
        allowed = c.options(
            "/api/ask",
            headers={"Origin": "https://partner.example", "Access-Control-Request-Method": "POST"},
        )
        refused = c.options(
            "/api/ask",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )
        embed = c.get("/embed")
    assert allowed.headers["access-control-allow-origin"] == "https://partner.example"
    assert "access-control-allow-origin" not in refused.headers
    assert (
        "frame-ancestors 'self' https://partner.example" in embed.headers["content-security-policy"]
    )
