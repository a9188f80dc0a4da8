"""The console used through its API as a script would: uploads, web sources and crawls, and the
feedback loop closed from a visitor's thumbs-down to a corrected, cited answer."""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from console_client import add_staff, client, csrf, log_in
from fastapi import FastAPI
from fastapi.testclient import TestClient

from calanque.engine import Engine
from calanque.web.app import create_app
from files import make_docx, make_pdf

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "crawl"))
from crawlsite import Site, site_source  # noqa: E402

MARKDOWN = b"""---
title: Le marche nocturne de Saint-Vent
---
# Le marche nocturne de Saint-Vent

Chaque vendredi de juillet, le marche nocturne de Saint-Vent reunit quarante producteurs
sur le quai, de 19 heures a minuit.
"""


@pytest.fixture
def app(engine: Engine) -> FastAPI:
    app = create_app(engine)
    app.state.limiter.per_minute = 1000
    add_staff(app)
    return app


@pytest.fixture
def staff(app: FastAPI) -> Iterator[TestClient]:
    with client(app) as c:
        log_in(c, "eve")
        c.headers["X-CSRF-Token"] = csrf(c)
        yield c


def _upload(c: TestClient, *files: tuple[str, bytes], **data: str) -> list[dict]:
    r = c.post("/console/api/documents", files=[("files", f) for f in files], data=data)
    assert r.status_code == 200, r.text
    return r.json()


def test_upload_several_formats_see_what_each_became_and_ask(
    staff: TestClient, tmp_path: Path
) -> None:
    docx = make_docx(
        tmp_path / "etude.docx",
        "Étude sur les emplois de Bourg-Neuf",
        {"Emplois": ["À Bourg-Neuf, la zone des Tanneries compte 640 emplois industriels."]},
    ).read_bytes()
    pdf = make_pdf([["La Roche-d'Azur accueille un festival de guitare chaque août."]], "Festival")
    html = b"<html><head><title>Port</title></head><body><main><h1>Port</h1><p>" + (
        b"Le port de Port-Lumiere abrite 300 anneaux pour les voiliers de passage.</p></main>"
        b"</body></html>"
    )
    results = _upload(
        staff,
        ("marche.md", MARKDOWN),
        ("etude.docx", docx),
        ("festival.pdf", pdf),
        ("port.html", html),
        ("casse.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage"),
        ("virus.exe", b"MZ\x90\x00"),
        ("vide.md", b"   \n"),
    )
    by_name = {r["filename"]: r for r in results}
    for name in ("marche.md", "etude.docx", "festival.pdf", "port.html"):
        assert by_name[name]["status"] == "added" and by_name[name]["chunks"] >= 1, name
    assert by_name["marche.md"]["communes"] == ["99002"]
    assert by_name["etude.docx"]["communes"] == ["99005"]
    assert by_name["marche.md"]["langs"] == {"fr": 1}
    assert by_name["casse.pdf"]["status"] == "refused"
    assert by_name["casse.pdf"]["reason"] == "damaged"
    assert by_name["virus.exe"]["reason"] == "unsupported"
    assert by_name["vide.md"]["reason"] == "empty"
    page = staff.get("/console/documents").text
    assert "le fichier est endommagé" in page and "ce type de fichier n&#39;est pas lu" in page
    detail = staff.get(
        "/console/api/documents/detail", params={"uri": by_name["marche.md"]["uri"]}
    ).json()
    assert detail["source"] == "agency" and detail["uploads"][0]["uploaded_by"] == "eve"
    answer = staff.post("/api/ask", json={"question": "Quand a lieu le marché nocturne ?"}).json()
    assert "vendredi" in answer["answer"]
    assert answer["sources"][0]["uri"] == "upload://agency/marche.md"


def test_replace_and_remove(staff: TestClient) -> None:
    (first,) = _upload(staff, ("marche.md", MARKDOWN))
    (again,) = _upload(staff, ("marche.md", MARKDOWN))
    assert again["status"] == "unchanged"
    changed = MARKDOWN.replace(b"quarante", b"cinquante")
    (replaced,) = _upload(staff, ("nouveau.md", changed), uri=first["uri"])
    assert replaced["status"] == "updated" and replaced["uri"] == first["uri"]
    answer = staff.post(
        "/api/ask", json={"question": "Combien de producteurs au marché nocturne ?"}
    )
    assert "cinquante" in answer.json()["answer"]
    assert staff.delete("/console/api/documents", params={"uri": first["uri"]}).json()["removed"]
    assert staff.delete("/console/api/documents", params={"uri": first["uri"]}).status_code == 404
    hits = staff.get("/api/search", params={"q": "marché nocturne producteurs"}).json()["hits"]
    assert first["uri"] not in {h["uri"] for h in hits}


def test_huge_and_oversized_uploads(app: FastAPI, staff: TestClient) -> None:
    # 350 kB, but a few words of text: the limits are on bytes, and the test embeds little
    big = (
        b"<html><head><style>" + b"p { margin: 0 }\n" * 20_000 + b"</style></head><body><main>"
        b"<p>Saint-Vent publie ce rapport annuel sur ses ports et ses quais.</p></main></body>"
        b"</html>"
    )
    with client(app) as anonymous:
        r = anonymous.post("/console/api/documents", files=[("files", ("big.html", big))])
        assert r.status_code == 413  # a visitor's body stops at 256 kB, before any log-in check
    (ok,) = _upload(staff, ("big.html", big))  # staff may send more
    assert ok["status"] == "added"
    engine: Engine = app.state.engine
    small = Engine(dataclasses.replace(engine.settings, max_file_mb=0.1), embedder=engine.embedder)
    small_app = create_app(small)
    with client(small_app) as c:
        log_in(c, "eve")
        c.headers["X-CSRF-Token"] = csrf(c)
        (refused,) = _upload(c, ("big2.html", big))
    assert refused["status"] == "refused" and refused["reason"] == "too_large"
    assert engine.store.document_hash("upload://agency/big2.html") is None  # nothing half-written


def test_source_weight(staff: TestClient) -> None:
    (doc,) = _upload(staff, ("marche.md", MARKDOWN), source="mairie")

    def score() -> float:
        hits = staff.get("/api/search", params={"q": "marché nocturne du quai"}).json()["hits"]
        return next(h["score"] for h in hits if h["uri"] == doc["uri"])

    before = score()
    assert staff.put("/console/api/sources/mairie/weight", json={"weight": 0.5}).json() == {
        "documents": 1
    }
    assert score() == pytest.approx(before / 2, rel=1e-3)  # from the next question on
    (later,) = _upload(
        staff, ("autre.md", MARKDOWN.replace(b"nocturne", b"du soir")), source="mairie"
    )
    detail = staff.get("/console/api/documents/detail", params={"uri": later["uri"]}).json()
    assert detail["weight"] == 0.5  # the source's weight applies to its new documents
    assert staff.put("/console/api/sources/mairie/weight", json={"weight": 11}).status_code == 422


def test_web_source_crawl_history_and_progress(app: FastAPI, staff: TestClient) -> None:
    with Site(pages=12) as site:
        source = site_source(site, id="mairie-web", max_pages=20)
        app.state.console.websources.add(
            source, app.state.console.accounts.login("ada", "correct horse battery staple").actor
        )
        listed = {s["id"]: s for s in staff.get("/console/api/web-sources").json()}
        assert listed["mairie-web"]["last_crawl"] is None and listed["mairie-web"]["editable"]
        r = staff.post("/console/api/web-sources/mairie-web/crawl")
        assert r.status_code == 202
        assert staff.post("/console/api/web-sources/mairie-web/crawl").status_code in (202, 409)
        for _ in range(300):
            view = staff.get("/console/api/web-sources/mairie-web").json()
            if not view["job"]["running"]:
                break
            time.sleep(0.1)
    assert view["job"]["error"] == ""
    assert view["job"]["counts"]["ok"] >= 5 and view["job"]["counts"].get("blocked", 0) >= 1
    (run,) = view["runs"][:1]
    assert run["finished_at"] and run["stats"]["indexed"] >= 5
    assert view["next_due"] > view["last_crawl"]
    page = staff.get("/console/sources/mairie-web").text
    assert "Historique" in page and "Refusées par robots.txt" in page
    edited = staff.patch("/console/api/web-sources/mairie-web", json={"weight": 2.5}).json()
    assert edited["weight"] == 2.5
    pack_sources = [s for s in staff.get("/console/api/web-sources").json() if not s["editable"]]
    if pack_sources:
        r = staff.patch(f"/console/api/web-sources/{pack_sources[0]['id']}", json={"weight": 2})
        assert r.status_code == 422
    assert staff.delete("/console/api/web-sources/mairie-web").json() == {"removed": True}


def test_the_feedback_loop_closes_through_the_api(staff: TestClient) -> None:
    question = "Combien d'habitants à Saint-Vent ?"
    first = staff.post("/api/ask", json={"question": question}).json()
    assert "8 100" in first["answer"]
    r = staff.post(
        "/api/feedback",
        json={
            "conversation_id": first["conversation_id"],
            "turn_id": first["turn_id"],
            "rating": -1,
            "comment": "Le recensement 2024 dit 9 300.",
        },
    )
    assert r.status_code == 200
    (item,) = staff.get("/console/api/feedback", params={"commune": "99002"}).json()
    assert item["question"] == question and item["feedback"]["comment"].startswith("Le recens")
    assert "facts" in item["topics"] and item["sources"]
    assert staff.get("/console/api/feedback", params={"commune": "99005"}).json() == []
    r = staff.post(
        f"/console/api/feedback/{item['turn_id']}/actions",
        json={
            "action": "correct",
            "text": "Saint-Vent compte 9 300 habitants au recensement de 2024.",
        },
    )
    assert r.status_code == 201
    note = r.json()["uri"]
    again = staff.post("/api/ask", json={"question": question}).json()
    assert again["answer"].startswith("Saint-Vent compte 9 300 habitants")
    assert again["sources"][0]["uri"] == note
    assert "Correction" in again["sources"][0]["title"]
    assert "8 100" not in again["answer"]  # the superseded fact sheet no longer follows the note
    rules = staff.get("/console/api/rules").json()
    assert sorted((x["kind"], x["uri"]) for x in rules) == [
        ("pin", note),
        ("supersede", "pack://lagune/communes/99002/fr"),
    ]
    other = staff.post("/api/ask", json={"question": "Quelle est la superficie de Saint-Vent ?"})
    assert "22,5" in other.json()["answer"]  # the fact sheet still answers other questions
    log = staff.post("/console/logout")  # editors cannot read the audit log; the admin can
    assert log.status_code == 303


def test_pin_and_exclude_through_the_api(staff: TestClient) -> None:
    first = staff.post("/api/ask", json={"question": "Quand le phare a-t-il été allumé ?"}).json()
    cited = first["sources"][0]["uri"]
    staff.post(
        "/api/feedback",
        json={
            "conversation_id": first["conversation_id"],
            "turn_id": first["turn_id"],
            "rating": -1,
        },
    )
    r = staff.post(
        f"/console/api/feedback/{first['turn_id']}/actions",
        json={"action": "exclude", "uri": cited},
    )
    assert r.status_code == 201
    again = staff.post("/api/ask", json={"question": "Quand le phare a-t-il été allumé ?"}).json()
    assert cited not in {s["uri"] for s in again["sources"]}
    assert staff.delete(f"/console/api/rules/{r.json()['rule']}").json() == {"removed": True}
    back = staff.post("/api/ask", json={"question": "Quand le phare a-t-il été allumé ?"}).json()
    assert cited in {s["uri"] for s in back["sources"]}
    r = staff.post(
        f"/console/api/feedback/{first['turn_id']}/actions",
        json={"action": "exclude", "uri": "https://elsewhere.example/"},
    )
    assert r.status_code == 422  # only a source the answer was given
