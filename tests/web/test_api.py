"""The API through the ASGI app: answers, streams, conversations, feedback, bad input."""

from __future__ import annotations

import json

from fastapi import FastAPI
from fastapi.testclient import TestClient

from calanque.web.ratelimit import RateLimiter

QUESTION = "Combien de marches pour monter au phare ?"


def parse_sse(text: str) -> list[tuple[str, object]]:
    events = []
    for block in text.strip().split("\n\n"):
        name, data = "message", ""
        for line in block.splitlines():
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data += line[6:]
        events.append((name, json.loads(data) if data else None))
    return events


def test_ask_json_records_a_conversation(client: TestClient) -> None:
    r = client.post("/api/ask", json={"question": QUESTION})
    assert r.status_code == 200
    body = r.json()
    assert "248 marches" in body["answer"] and body["answered"]
    assert body["sources"][0]["title"] == "Le phare de Port-Lumière"
    assert body["sources"][0]["demo"] is True  # front matter `demo: true`
    assert 'class="cite" href="#src-' in body["html"]
    assert "erreurs" in body["disclaimer"]
    conversation = client.get(f"/api/conversations/{body['conversation_id']}").json()
    assert conversation["turns"][0]["question"] == QUESTION
    page = client.get(body["permalink"])
    assert page.status_code == 200 and "248 marches" in page.text
    assert '<span class="badge" title="Contenu de démonstration' in page.text


def test_ask_stream_then_follow_up(client: TestClient) -> None:
    r = client.post(
        "/api/ask", json={"question": "Combien d'habitants à Saint-Vent ?", "stream": True}
    )
    assert r.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(r.text)
    names = [n for n, _ in events]
    assert names[:2] == ["meta", "sources"] and names[-1] == "done" and "delta" in names
    done = events[-1][1]
    assert isinstance(done, dict)
    streamed = "".join(str(d) for n, d in events if n == "delta")
    assert streamed == done["answer"]
    follow = client.post(
        "/api/ask",
        json={"question": "Et à Bourg-Neuf ?", "conversation_id": done["conversation_id"]},
    ).json()
    assert "12 400 habitants" in follow["answer"]
    assert follow["conversation_id"] == done["conversation_id"]
    turns = client.get(f"/api/conversations/{done['conversation_id']}").json()["turns"]
    assert [t["question"] for t in turns] == [
        "Combien d'habitants à Saint-Vent ?",
        "Et à Bourg-Neuf ?",
    ]


def test_feedback(client: TestClient) -> None:
    body = client.post("/api/ask", json={"question": QUESTION}).json()
    cid = body["conversation_id"]
    r = client.post(
        "/api/feedback",
        json={
            "turn_id": body["turn_id"],
            "conversation_id": cid,
            "rating": -1,
            "comment": "trop court",
        },
    )
    assert r.status_code == 200
    turn = client.get(f"/api/conversations/{cid}").json()["turns"][0]
    assert turn["feedback"][0]["rating"] == -1 and turn["feedback"][0]["comment"] == "trop court"
    missing = {"turn_id": 999999, "conversation_id": cid, "rating": 1}
    assert client.post("/api/feedback", json=missing).status_code == 404
    wrong = {"turn_id": body["turn_id"], "conversation_id": cid, "rating": 5}
    assert client.post("/api/feedback", json=wrong).status_code == 422


def test_search(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "fromage de chèvre", "k": 3})
    assert r.json()["hits"][0]["title"] == "La fromagerie des Oliviers-Hauts"
    r = client.get("/api/search", params={"q": "commune", "commune": "La Roche-d'Azur"})
    assert all(any(c["insee"] == "99004" for c in h["communes"]) for h in r.json()["hits"])
    assert client.get("/api/search", params={"q": "x", "commune": "Atlantis"}).status_code == 422


def test_bad_input_gets_clear_4xx(client: TestClient) -> None:
    assert client.post("/api/ask", json={"question": ""}).status_code == 422
    long = client.post("/api/ask", json={"question": "x" * 100_000})
    assert long.status_code == 422
    bad = client.post(
        "/api/ask", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert bad.status_code == 422
    huge = client.post(
        "/api/ask", content=b"x" * 300_000, headers={"Content-Type": "application/json"}
    )
    assert huge.status_code == 413
    assert client.get("/api/conversations/nope").status_code == 404
    assert client.get("/c/nope").status_code == 404
    r = client.post("/api/ask", json={"question": "a" * 2500})
    message = r.json()["detail"][0]["msg"]  # 422: a list of {loc, msg, type}
    assert "trop longue" in message or "too long" in message


def test_rate_limit(web_app: FastAPI) -> None:
    with TestClient(web_app) as c:
        web_app.state.limiter.per_minute = 2
        web_app.state.limiter.reset()
        codes = [c.post("/api/ask", json={"question": QUESTION}).status_code for _ in range(3)]
        web_app.state.limiter.per_minute = 1000
    assert codes == [200, 200, 429]


def test_rate_limit_keys_are_salted_hashes(web_app: FastAPI) -> None:
    limiter = web_app.state.limiter
    assert limiter.check("203.0.113.9") == 0
    key = limiter.key("203.0.113.9")
    assert "203.0.113.9" not in key and len(key.rpartition(":")[2]) == 16
    if isinstance(limiter, RateLimiter):  # SQLite: counted in memory
        stored = list(limiter._hits)
    else:  # PostgreSQL: in a table the workers share
        rows = limiter.database.connection().execute("SELECT key FROM rate_limits")
        stored = [r[0] for r in rows]
    assert key in stored and all("203.0.113" not in k for k in stored)


def test_form_without_javascript(client: TestClient) -> None:
    r = client.post("/ask", data={"question": QUESTION}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/c/")
    page = client.get(r.headers["location"])
    assert "248 marches" in page.text


def test_pages_and_headers(client: TestClient) -> None:
    home = client.get("/")
    assert home.status_code == 200 and 'lang="fr"' in home.text
    assert "Quand visiter le phare ?" in home.text  # an example from the pack
    assert "frame-ancestors 'none'" in home.headers["content-security-policy"]
    english = client.get("/?lang=en")
    assert 'lang="en"' in english.text and "Ask anything" in english.text
    assert client.get("/widget.js").headers["content-type"].startswith("application/javascript")
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["documents"] > 0
    assert "/api/ask" in client.get("/openapi.json").json()["paths"]


def test_model_output_cannot_inject_html(client: TestClient, web_app: FastAPI) -> None:
    from calanque.web.render import answer_html

    html = answer_html('<script>alert(1)</script> [1] <img src=x onerror="alert(1)">', 1, 1)
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html


def test_dead_language_model_gives_the_extractive_fallback(built_engine: object) -> None:
    import dataclasses
    import socket

    from calanque.engine import Engine
    from calanque.web.app import create_app

    assert isinstance(built_engine, Engine)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = dataclasses.replace(
        built_engine.settings, llm="openai", llm_url=f"http://127.0.0.1:{port}/v1", llm_timeout=1.0
    )
    app = create_app(Engine(settings, embedder=built_engine.embedder))
    with TestClient(app) as c:
        events = parse_sse(c.post("/api/ask", json={"question": QUESTION, "stream": True}).text)
    names = [n for n, _ in events]
    assert "notice" in names and names[-1] == "done"
    done = events[-1][1]
    assert isinstance(done, dict)
    assert done["backend"] == "extractive" and "248 marches" in done["answer"]


def test_background_crawler_starts_and_stops_with_the_app(built_engine: object) -> None:
    import asyncio

    from calanque.engine import Engine
    from calanque.web.app import create_app

    assert isinstance(built_engine, Engine)
    app = create_app(built_engine, crawl_every=0.05)
    with TestClient(app) as c:
        assert c.get("/healthz").status_code == 200
        task = app.state.crawler_task
        assert isinstance(task, asyncio.Task) and not task.done()
    assert task.done()


def test_equity_api_and_page_from_stored_answers(client: TestClient) -> None:
    question = "Où visiter un phare ou une fromagerie dans la région ? signé jeanne martin"
    body = client.post("/api/ask", json={"question": question}).json()
    assert body["scope"] == "territory"
    assert set(body["awrf"]) == {"retrieved", "cited"}
    published = client.get("/api/equity")
    assert "jeanne martin" not in published.text  # figures, not what visitors typed
    report = published.json()
    assert all(isinstance(g["answers_leaving_it_out"], int) for g in report["groups"])
    assert report["questions"] >= 1 and report["policy"] == "uniform"
    assert [g["group"] for g in report["groups"]] == ["Côte", "Collines"]
    assert abs(sum(g["exposure"] for g in report["groups"]) - 1) < 1e-3
    assert all(g["target"] == 0.5 for g in report["groups"])
    page = client.get("/equity")
    assert page.status_code == 200 and "Équité territoriale" in page.text
    assert "<meter" in page.text and "Collines" in page.text


def test_territory_geojson_for_maps(client: TestClient) -> None:
    data = client.get("/api/territory.geojson").json()
    names = {f["properties"]["name"] for f in data["features"]}
    assert "Port-Lumière" in names and len(data["features"]) == 5
    assert all(f["geometry"]["type"] == "Point" for f in data["features"])  # no outlines shipped
    body = client.post("/api/ask", json={"question": "Que visiter à Saint-Vent ?"}).json()
    assert "99002" in body["communes"]


def test_bundled_pack_ships_outlines() -> None:
    from calanque.territory.pack import load_pack

    pack = load_pack("aix-marseille-provence")
    assert pack.outlines_file is not None
    data = json.loads(pack.outlines_file.read_text("utf-8"))
    assert {f["properties"]["insee"] for f in data["features"]} == set(pack.communes)


def test_retention_purge_runs_when_the_app_starts(built_engine: object) -> None:
    from calanque.answer.types import Answer
    from calanque.engine import Engine
    from calanque.web.app import create_app

    assert isinstance(built_engine, Engine)
    conversations = built_engine.conversations
    old, _ = conversations.record(None, Answer("q", "q", "fr", "a", [], [], "extractive", "!"), [])
    built_engine.store.db.execute(
        "UPDATE conversations SET updated_at = '2001-01-01T00:00:00+00:00' WHERE id = ?", (old,)
    )
    with TestClient(create_app(built_engine)) as c:
        assert c.get(f"/api/conversations/{old}").status_code == 404
