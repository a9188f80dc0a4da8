"""What a hostile visitor tried (issue 13): bounded work, bounded bodies, no 500, no echo,
feedback bound to its conversation, a rate limit that proxies and IPv6 cannot dodge."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from calanque.web.ratelimit import RateLimiter

QUESTION = "Combien de marches pour monter au phare ?"


def _error_messages(response: httpx.Response) -> list[str]:
    """A 422's `detail` is a list of {loc, msg, type}, as the OpenAPI description says."""
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail
    for error in detail:
        assert set(error) == {"loc", "msg", "type"}, error  # no `input`: nothing is echoed
    return [str(e["msg"]) for e in detail]


# ---- 1. bounded work --------------------------------------------------------------------------


def test_search_is_rate_limited(web_app: FastAPI) -> None:
    with TestClient(web_app) as c:
        web_app.state.limiter.per_minute = 2
        web_app.state.limiter.reset()
        codes = [c.get("/api/search", params={"q": "phare"}).status_code for _ in range(3)]
        web_app.state.limiter.per_minute = 1000
    assert codes == [200, 200, 429]


def _chat(messages: list[dict[str, str]]) -> dict[str, Any]:
    return {"model": "calanque", "messages": messages}


def test_chat_request_is_bounded_as_a_whole(client: TestClient) -> None:
    # Earlier user turns join the search query: each one as long as the site allows, the whole
    # request far more than one question. Few distinct words, so that it is quick even unbounded.
    long_turn = "Et " + "phare " * 330
    messages: list[dict[str, str]] = []
    for _ in range(17):  # 17 x 1,983 characters: over 16 questions' worth
        messages += [
            {"role": "user", "content": long_turn},
            {"role": "assistant", "content": "Oui."},
        ]
    messages.append({"role": "user", "content": QUESTION})
    r = client.post("/v1/chat/completions", json=_chat(messages))
    assert r.status_code == 422
    assert any("characters" in m or "caractères" in m for m in _error_messages(r))
    # Too many turns, however short.
    many = [{"role": "user", "content": "Et le phare ?"}] * 60 + [
        {"role": "user", "content": QUESTION}
    ]
    r = client.post("/v1/chat/completions", json=_chat(many))
    assert r.status_code == 422
    # An earlier user turn longer than a question is refused like the question itself.
    r = client.post(
        "/v1/chat/completions",
        json=_chat(
            [{"role": "user", "content": "a" * 2500}, {"role": "user", "content": QUESTION}]
        ),
    )
    assert r.status_code == 422
    # A normal conversation still works.
    r = client.post(
        "/v1/chat/completions",
        json=_chat(
            [
                {"role": "user", "content": "Combien d'habitants à Saint-Vent ?"},
                {"role": "assistant", "content": "Saint-Vent compte 8 100 habitants [1]."},
                {"role": "user", "content": "Et à Bourg-Neuf ?"},
            ]
        ),
    )
    assert (
        r.status_code == 200 and "12 400 habitants" in r.json()["choices"][0]["message"]["content"]
    )


def test_history_given_to_the_answerer_is_bounded() -> None:
    from calanque.answer.types import Turn
    from calanque.conversations import bounded_history

    turns = [Turn(f"question {i} " + "x" * 300) for i in range(40)]
    kept = bounded_history(turns, max_chars=2000)
    assert kept == turns[-len(kept) :]  # the most recent ones, in order
    assert sum(len(t.question) for t in kept) <= 2000 and len(kept) >= 5
    assert len(bounded_history([Turn("q")] * 100, max_chars=2000)) == 8


# ---- 2. bounded bodies, nothing echoed ---------------------------------------------------------


def test_chunked_body_over_the_limit_is_refused(client: TestClient) -> None:
    def body() -> Any:  # no Content-Length: sent chunked
        yield b'{"question": "'
        for _ in range(20):
            yield b"x" * 65536
        yield b'"}'

    r = client.post("/api/ask", content=body(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert len(r.content) < 500
    r = client.post(
        "/ask", content=body(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert r.status_code == 413


def test_body_limit_stops_reading_a_stream(web_app: FastAPI) -> None:
    """The ASGI app itself reads no further than the limit: a 50 MB stream is not consumed."""
    chunk = b"x" * 65536
    reads = 0

    async def receive() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        if reads > 800:  # 50 MB
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.request", "body": chunk, "more_body": True}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/ask",
        "raw_path": b"/api/ask",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"transfer-encoding", b"chunked")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(web_app(scope, receive, send))  # type: ignore[arg-type]
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 413
    assert reads <= 256_000 // 65536 + 1


def test_validation_errors_never_echo_the_input(client: TestClient) -> None:
    question = "é" * 120_000  # 240 kB: under the body limit, over the field's
    r = client.post("/api/ask", json={"question": question})
    assert r.status_code == 422
    assert len(r.content) < 1000 and "éééé" not in r.text
    _error_messages(r)
    for content in (b"{not json", b'{"question": 5, "conversation_id": ["secret-token"]}'):
        r = client.post("/api/ask", content=content, headers={"Content-Type": "application/json"})
        assert r.status_code == 422 and "secret-token" not in r.text
        _error_messages(r)
    r = client.get("/api/search", params={"q": "z" * 5000})
    assert r.status_code == 422 and "zzzz" not in r.text
    _error_messages(r)


def test_every_422_detail_is_a_list(client: TestClient) -> None:
    cases = [
        client.post("/api/ask", json={"question": ""}),
        client.post("/api/ask", json={"question": "a" * 2500}),
        client.get("/api/search", params={"q": "x", "commune": "Atlantis"}),
        client.post(
            "/v1/chat/completions",
            json={"model": "calanque", "messages": [{"role": "assistant", "content": "hi"}]},
        ),
    ]
    for r in cases:
        assert r.status_code == 422
        _error_messages(r)
    assert any("trop longue" in m or "too long" in m for m in _error_messages(cases[1]))


# ---- 3. no 500 --------------------------------------------------------------------------------


def test_lone_surrogates_get_a_clear_422(client: TestClient) -> None:
    bodies = [
        b'{"question": ["\\ud800"]}',  # echoed by the default handler, which then failed
        b'{"question": "Le phare \\udc00 ?"}',  # valid for the schema, not for the database
        b'{"model": "calanque", "messages": [{"role": "user", "content": "a\\ud800"}]}',
        b'{"turn_id": 1, "conversation_id": "\\ud800", "rating": 1}',
    ]
    paths = ["/api/ask", "/api/ask", "/v1/chat/completions", "/api/feedback"]
    for path, body in zip(paths, bodies, strict=True):
        r = client.post(path, content=body, headers={"Content-Type": "application/json"})
        assert r.status_code == 422, (path, r.status_code)
        r.content.decode("utf-8")  # the response itself is valid UTF-8
        _error_messages(r)


def test_huge_turn_id_is_a_4xx(client: TestClient) -> None:
    r = client.post(
        "/api/feedback", json={"turn_id": 2**63, "conversation_id": "x" * 22, "rating": 1}
    )
    assert r.status_code == 422
    _error_messages(r)


def test_undocumented_statuses_are_declared(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"404", "413", "429", "422"} <= set(paths["/api/feedback"]["post"]["responses"])
    assert {"400", "413", "429", "404"} <= set(paths["/api/ask"]["post"]["responses"])
    assert "404" in paths["/api/conversations/{conversation_id}"]["get"]["responses"]
    assert "429" in paths["/api/search"]["get"]["responses"]
    assert {"400", "413", "429"} <= set(paths["/v1/chat/completions"]["post"]["responses"])
    # Invalid UTF-8 is the documented 400.
    r = client.post(
        "/api/ask", content=b'{"question": "\xff"}', headers={"Content-Type": "application/json"}
    )
    assert r.status_code in (400, 422)


# ---- 4. feedback bound to the conversation ----------------------------------------------------


def test_feedback_needs_the_conversation_of_the_turn(client: TestClient) -> None:
    mine = client.post("/api/ask", json={"question": QUESTION}).json()
    theirs = client.post("/api/ask", json={"question": QUESTION}).json()
    # Someone else's turn with one's own conversation id: the same 404 as a turn that does
    # not exist, so that answers reveal nothing.
    foreign = client.post(
        "/api/feedback",
        json={
            "turn_id": theirs["turn_id"],
            "conversation_id": mine["conversation_id"],
            "rating": -1,
            "comment": "spam",
        },
    )
    missing = client.post(
        "/api/feedback",
        json={"turn_id": 10**9, "conversation_id": mine["conversation_id"], "rating": -1},
    )
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert (
        client.post("/api/feedback", json={"turn_id": theirs["turn_id"], "rating": 1}).status_code
        == 422
    )
    ok = client.post(
        "/api/feedback",
        json={
            "turn_id": theirs["turn_id"],
            "conversation_id": theirs["conversation_id"],
            "rating": 1,
            "comment": "utile",
        },
    )
    assert ok.status_code == 200
    turn = client.get(f"/api/conversations/{theirs['conversation_id']}").json()["turns"][0]
    assert [f["comment"] for f in turn["feedback"]] == ["utile"]


def test_feedback_form_without_javascript(client: TestClient) -> None:
    r = client.post("/ask", data={"question": QUESTION}, follow_redirects=False)
    permalink = r.headers["location"]
    cid = permalink.rsplit("/", 1)[1]
    page = client.get(permalink).text
    assert 'action="/feedback"' in page and f'name="conversation_id" value="{cid}"' in page
    turn_id = json.loads(client.get(f"/api/conversations/{cid}").text)["turns"][0]["id"]
    r = client.post(
        "/feedback",
        data={"turn_id": str(turn_id), "conversation_id": cid, "rating": "-1", "comment": "court"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].startswith(f"/c/{cid}")
    page = client.get(r.headers["location"]).text
    assert '<span class="thanks" role="status">Merci pour votre retour.</span>' in page
    turn = client.get(f"/api/conversations/{cid}").json()["turns"][0]
    assert turn["feedback"][0] == {**turn["feedback"][0], "rating": -1, "comment": "court"}
    r = client.post(
        "/feedback",
        data={"turn_id": str(turn_id), "conversation_id": "someone-else", "rating": "1"},
        follow_redirects=False,
    )
    assert r.status_code == 404


# ---- 5. the rate limit behind a proxy, and for IPv6 -------------------------------------------


def test_ipv6_visitors_are_keyed_per_64() -> None:
    limiter = RateLimiter(1)
    assert limiter.check("2001:db8:1:2::1") == 0
    assert limiter.check("2001:db8:1:2:ffff::9") > 0  # same /64: same visitor
    assert limiter.check("2001:db8:1:3::1") == 0  # another /64
    assert limiter.check("127.0.0.1") == 0 and limiter.check("::ffff:127.0.0.1") > 0


def test_server_trusts_no_forwarded_header_by_default() -> None:
    import dataclasses

    from calanque.config import Settings
    from calanque.web.app import server_options

    settings = Settings.load()
    assert settings.trusted_proxies == ""
    assert server_options(settings) == {"proxy_headers": False}
    behind = dataclasses.replace(settings, trusted_proxies="10.0.0.2, 10.0.1.0/24")
    assert server_options(behind) == {
        "proxy_headers": True,
        "forwarded_allow_ips": "10.0.0.2,10.0.1.0/24",
    }


def test_forwarded_for_does_not_dodge_the_limit(web_app: FastAPI, live_server: str) -> None:
    web_app.state.limiter.per_minute = 2
    web_app.state.limiter.reset()
    try:
        codes = [
            httpx.get(
                f"{live_server}/api/search",
                params={"q": "phare"},
                headers={"X-Forwarded-For": f"198.51.100.{i}"},
            ).status_code
            for i in range(3)
        ]
    finally:
        web_app.state.limiter.per_minute = 1000
    assert codes == [200, 200, 429]


# ---- 6. what the API fuzzer found (tests/attack/test_fuzz_api.py) ------------------------------


def test_streamed_answers_are_documented(client: TestClient) -> None:
    # Before: /api/ask and /v1/chat/completions documented only JSON, and answered
    # text/event-stream when asked to stream (schemathesis: "Undocumented Content-Type").
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/ask", "/v1/chat/completions"):
        content = paths[path]["post"]["responses"]["200"]["content"]
        assert {"application/json", "text/event-stream"} <= set(content), path
        assert content["text/event-stream"]["schema"]["required"] == ["data"]


def test_chat_roles_are_the_protocol_s(client: TestClient) -> None:
    # Before: any role was accepted and silently ignored ("usr" lost the question).
    r = client.post(
        "/v1/chat/completions",
        json={"model": "calanque", "messages": [{"role": "usr", "content": QUESTION}]},
    )
    assert r.status_code == 422
    assert _error_messages(r)[0].startswith("Input should be 'system'")
    for role in ("system", "developer", "tool", "function"):
        r = client.post(
            "/v1/chat/completions",
            json={
                "model": "calanque",
                "messages": [{"role": role, "content": "x"}, {"role": "user", "content": QUESTION}],
            },
        )
        assert r.status_code == 200, role


def test_race_routes_document_what_they_answer(client: TestClient) -> None:
    # Before: a random slug's 404 was on no race route, /events answered an undocumented
    # text/event-stream, /land.geojson application/geo+json, /me and ?around=me a 401, and a
    # body that is not UTF-8 a 400 (tests/attack/test_fuzz_api.py, on the demo race).
    paths = client.get("/openapi.json").json()["paths"]
    races = {p: ops for p, ops in paths.items() if p.startswith("/api/races/")}
    assert len(races) >= 10
    for path, ops in races.items():
        for method, op in ops.items():
            if op["tags"] == ["races"]:  # (a player's claim is refused before the race is read)
                assert "404" in op["responses"], (method, path)
    events = paths["/api/races/{slug}/events"]["get"]["responses"]["200"]["content"]
    assert "text/event-stream" in events
    land = paths["/api/races/{slug}/land.geojson"]["get"]["responses"]["200"]["content"]
    assert "application/geo+json" in land
    assert "401" in paths["/api/races/{slug}/me"]["get"]["responses"]
    assert "401" in paths["/api/races/{slug}/leaderboard"]["get"]["responses"]
    for path in ("/api/races/{slug}/join", "/api/races/{slug}/orders"):
        assert "400" in paths[path]["post"]["responses"], path
    # Writes need a CSRF token (403), and a player's forms read a body that may not be UTF-8.
    for path, method in (
        ("/api/races/{slug}/join", "post"),
        ("/api/races/{slug}/orders", "post"),
        ("/api/races/{slug}/orders/{seq}", "delete"),
        ("/api/players/logout", "post"),
    ):
        assert "403" in paths[path][method]["responses"], path
    for path, method in (
        ("/api/players/signup", "post"),
        ("/api/players/login", "post"),
        ("/api/players/link", "post"),
        ("/api/players/me/contact", "put"),
    ):
        assert "400" in paths[path][method]["responses"], path
    for tail in ("boats/{boat}", "polar", "cards"):
        assert {"404", "429"} <= set(paths[f"/api/races/{{slug}}/{tail}"]["get"]["responses"])
    # The reads under the race read limit (the long profile met its 429 on two of them).
    for tail in ("wind", "me", "leaderboard", "leaderboard/{by}", "boats/{boat}/track"):
        assert "429" in paths[f"/api/races/{{slug}}/{tail}"]["get"]["responses"], tail
