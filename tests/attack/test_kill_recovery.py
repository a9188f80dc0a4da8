"""kill -9 during ingestion and during a crawl, again and again: after every kill the SQLite
file passes `PRAGMA integrity_check` and `SQLiteStore.check()`, holds no orphan or duplicate
chunk, its tantivy sidecar finds what FTS5 finds, the crawl state names no page the index lacks;
and a last run, not killed, completes the work."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from crawlsite import Site, crawl, site_source
from hostile import Figures, Profile

from calanque.index.analysis import query_terms
from calanque.index.sqlite_store import SQLiteStore
from calanque.index.store import Filters

INGEST = textwrap.dedent(
    """
    import sys
    from calanque.documents import Block, Document
    from calanque.index.sqlite_store import SQLiteStore
    from calanque.ingest.pipeline import Ingestor

    # The tantivy sidecar is written beside the file every 50 documents: kills land in it too.
    store = SQLiteStore(sys.argv[1], lexical_index="tantivy")
    docs = (
        Document(
            f"doc-{i}",
            f"Doc {i}",
            [Block(f"Paragraphe {i} sur la calanque numéro {i}, ses criques et son port.")] * 3,
        )
        for i in range(int(sys.argv[2]))
    )
    def progress(done, total, uri):
        if done % 50 == 0:
            store.warm(None)
        print(done, flush=True)
    Ingestor(store, None, batch_chunks=3).ingest_documents(docs, progress=progress)
    store.warm(None)
    print("finished", flush=True)
    """
)

CRAWL = textwrap.dedent(
    """
    import asyncio, sys
    from calanque.crawl import Crawler, Source
    from calanque.index.sqlite_store import SQLiteStore
    from calanque.ingest.pipeline import Ingestor

    store = SQLiteStore(sys.argv[1])
    source = Source(
        id="lagune", start=[sys.argv[2]], private_hosts=["127.0.0.1"], delay=0.0, concurrency=2,
        max_depth=8, max_query_variants=5, weight=1.5,
    )
    asyncio.run(Crawler(store, Ingestor(store, None), delay=0.0, batch_pages=4).crawl(source))
    """
)

pytestmark = pytest.mark.sqlite_only(
    "integrity_check and the tantivy sidecar of a killed SQLite file"
)


def sound(path: Path) -> list[str]:
    """What is wrong with the index file (nothing, after any kill)."""
    store = SQLiteStore(path, lexical_index="fts5")
    problems = store.check()  # integrity_check, FTS rows per chunk, documents without chunks
    db = store.db
    orphans = db.execute(
        "SELECT count(*) FROM chunks WHERE doc_id NOT IN (SELECT id FROM documents)"
    ).fetchone()[0]
    links = db.execute(
        "SELECT count(*) FROM chunk_communes WHERE chunk_id NOT IN (SELECT id FROM chunks)"
    ).fetchone()[0]
    duplicates = db.execute(
        "SELECT count(*) FROM (SELECT doc_id, ordinal FROM chunks "
        "GROUP BY doc_id, ordinal HAVING count(*) > 1)"
    ).fetchone()[0]
    problems += [f"{orphans} orphan chunks"] * bool(orphans)
    problems += [f"{links} commune links to no chunk"] * bool(links)
    problems += [f"{duplicates} duplicated chunk positions"] * bool(duplicates)
    store.close()
    return problems


def sidecar_agrees(path: Path, query: str) -> bool:
    """The tantivy sidecar, opened (and patched) after the kill, finds what FTS5 finds."""
    plain = SQLiteStore(path, lexical_index="fts5")
    fast = SQLiteStore(path, lexical_index="tantivy")
    terms = query_terms(query, ("fr",))
    found = [{cid for cid, _ in s.lexical(*terms, 10_000, Filters())} for s in (plain, fast)]
    plain.close()
    fast.close()
    return found[0] == found[1]


def test_ingestion_killed_again_and_again(
    tmp_path: Path, profile: Profile, figures: Figures
) -> None:
    db, script = tmp_path / "k.sqlite3", tmp_path / "ingest.py"
    script.write_text(INGEST, encoding="utf-8")
    total = 400 + 150 * profile.kills
    rng = random.Random(13)
    kills, kept = 0, []
    for _ in range(profile.kills):
        more = rng.randint(20, 150)  # documents written (or skipped as unchanged) before the kill
        with subprocess.Popen(
            [sys.executable, str(script), str(db), str(total)], stdout=subprocess.PIPE, text=True
        ) as proc:
            assert proc.stdout is not None
            seen = 0
            for line in proc.stdout:
                if line.strip() == "finished":
                    break
                seen += 1
                if seen >= more + (kept[-1] if kept else 0):
                    break
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.returncode == -signal.SIGKILL:
            kills += 1
        assert sound(db) == [], f"after kill {kills}"
        assert sidecar_agrees(db, "calanque criques"), f"after kill {kills}"
        store = SQLiteStore(db, lexical_index="fts5")
        kept.append(store.stats()["documents"])
        assert store.stats()["chunks"] == kept[-1]  # one chunk per document, never two
        store.close()
    assert kills == profile.kills and 0 < kept[0] and kept[-1] < total
    done = subprocess.run(
        [sys.executable, str(script), str(db), str(total)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    assert done.stdout.strip().endswith("finished")
    assert sound(db) == [] and sidecar_agrees(db, "calanque criques")
    store = SQLiteStore(db, lexical_index="fts5")
    assert store.stats()["documents"] == store.stats()["chunks"] == total
    store.close()
    figures(
        part="kill -9 during ingestion",
        tried=kills,
        failed=0,
        detail=f"{total} documents, tantivy sidecar; documents kept after each kill: "
        + ", ".join(map(str, kept[:8]))
        + (" …" if len(kept) > 8 else ""),
    )


def test_crawl_killed_again_and_again(tmp_path: Path, profile: Profile, figures: Figures) -> None:
    db = tmp_path / "index.sqlite3"
    rng = random.Random(7)
    kills = 0
    with Site(pages=max(60, 12 * profile.kills), delay=0.02) as site:
        for _ in range(profile.kills):
            before = site.total_requests
            more = rng.randint(8, 20)
            proc = subprocess.Popen([sys.executable, "-c", CRAWL, str(db), site.url("/")])
            try:
                deadline = time.monotonic() + 120
                while site.total_requests < before + more and time.monotonic() < deadline:
                    if proc.poll() is not None:
                        break
                    time.sleep(0.005)
                os.kill(proc.pid, signal.SIGKILL)
            finally:
                proc.wait()
            kills += proc.returncode == -signal.SIGKILL
            assert sound(db) == [], f"after kill {kills}"
            store = SQLiteStore(db)
            done = store.db.execute(
                "SELECT uri FROM crawl_pages WHERE status = 'ok' AND done_run IS NOT NULL"
            ).fetchall()
            # Every page the state calls indexed is in the index (the reverse may lag a batch).
            assert {r["uri"] for r in done} <= set(store.uris()), f"after kill {kills}"
            store.close()
        assert kills == profile.kills
        site.delay = 0.0
        store = SQLiteStore(db)
        report = crawl(store, site_source(site))
        assert report.resumed
        assert set(store.uris()) == site.expected_uris()
        assert sound(db) == []
        runs = store.db.execute("SELECT count(*) FROM crawl_runs").fetchone()[0]
        store.close()
    figures(
        part="kill -9 during crawling",
        tried=kills,
        failed=0,
        detail=f"{len(site.expected_uris())} pages; {runs} run(s) recorded; the resumed crawl "
        "indexed every page",
    )
