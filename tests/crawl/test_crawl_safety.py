"""A killed crawl resumes without refetching; private redirects are refused; text is data."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from crawlsite import INJECTION, Site, crawl, site_source

from calanque.answer.answerer import Answerer
from calanque.answer.openai_chat import OpenAIChatBackend
from calanque.answer.prompt import system_prompt
from calanque.crawl import CrawlState
from calanque.index.search import Searcher
from calanque.index.store import Store
from calanque.testing.openai_server import ScriptedOpenAIServer
from databases import database_url, new_store

CRAWL_SCRIPT = """
import asyncio, sys
from calanque.crawl import Crawler, Source
from calanque.db import open_database
from calanque.index.store import open_store
from calanque.ingest.pipeline import Ingestor

store = open_store(open_database(sys.argv[1]))
source = Source(
    id="lagune", start=[sys.argv[2]], private_hosts=["127.0.0.1"], delay=0.0, concurrency=2,
    max_depth=8, max_query_variants=5, weight=1.5,
)
asyncio.run(Crawler(store, Ingestor(store, None), delay=0.0, batch_pages=4).crawl(source))
"""


def test_killed_crawl_resumes_where_it_stopped(tmp_path: Path) -> None:
    db = database_url(tmp_path)
    with Site(pages=60, delay=0.02) as site:
        proc = subprocess.Popen([sys.executable, "-c", CRAWL_SCRIPT, str(db), site.url("/")])
        try:
            deadline = time.monotonic() + 120
            while site.total_requests < 40 and time.monotonic() < deadline:
                assert proc.poll() is None, "the crawl ended before it could be killed"
                time.sleep(0.01)
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.wait()
        assert proc.returncode == -signal.SIGKILL

        store = new_store(tmp_path)
        state = CrawlState(store.database)
        assert store.check() == []
        assert state.runs("lagune")[0]["finished_at"] is None
        done = store.db.execute(
            "SELECT url, status, uri FROM crawl_pages WHERE done_run = 1"
        ).fetchall()
        assert 10 < len(done) < 80
        indexed = set(store.uris())
        # Every page the state calls indexed is in the index (the reverse may lag by one batch).
        assert {r["uri"] for r in done if r["status"] == "ok"} <= indexed

        site.reset_counts()
        site.delay = 0.0
        report = crawl(store, site_source(site))

        assert report.resumed and report.run == 1
        for row in done:
            path = row["url"].removeprefix(site.base)
            assert site.requests[path] == 0, f"{path} fetched again after the resume"
        assert set(store.uris()) == site.expected_uris()
        assert store.check() == []
        store.close()


def test_redirect_to_a_private_address_is_refused(site: Site, store: Store) -> None:
    source = site_source(site, start=[site.url("/to-localhost")], robots_sitemaps=False)
    report = crawl(store, source)
    assert report.errors == [
        (
            site.url("/to-localhost"),
            f"http://localhost:{site.port}/guides/nouvelle.html: refused, localhost resolves "
            "to a non-public address (127.0.0.1)",
        )
    ]
    assert site.requests["/guides/nouvelle.html"] == 0
    assert store.uris() == []


def test_redirect_to_a_private_address_followed_when_the_source_allows_it(
    site: Site, store: Store
) -> None:
    hosts = [f"127.0.0.1:{site.port}", f"localhost:{site.port}"]
    source = site_source(
        site, start=[site.url("/to-localhost")], robots_sitemaps=False, max_depth=0, hosts=hosts
    )
    source.private_hosts = ["127.0.0.1", "localhost"]
    report = crawl(store, source)
    assert report.errors == []
    assert store.uris() == [f"http://localhost:{site.port}/guides/nouvelle.html"]


def test_redirect_to_a_malformed_url_is_that_page_s_error(site: Site, store: Store) -> None:
    # Before: httpx.InvalidURL ended the crawl of the source, on this run and on every resume.
    start = [site.url("/bad-redirect"), site.url("/guides/port.html")]
    source = site_source(site, start=start, robots_sitemaps=False, max_depth=0)
    for _ in range(2):
        report = crawl(store, source)
        assert report.errors == [
            (
                site.url("/bad-redirect"),
                "redirect to an invalid URL (For absolute URLs, path must be empty or begin "
                "with '/')",
            )
        ]
        assert store.uris() == [site.url("/guides/port.html")]
    runs = CrawlState(store.database).runs("lagune")
    assert len(runs) == 2 and all(r["finished_at"] for r in runs)


def test_public_source_cannot_reach_loopback(site: Site, store: Store) -> None:
    source = site_source(site, private_hosts=[], robots_sitemaps=False)
    report = crawl(store, source)
    assert store.uris() == []
    assert report.requests == 0  # refused before any connection, robots.txt included
    assert report.blocked == 0 and len(report.errors) == 1
    assert "robots.txt unreadable" in report.errors[0][1]
    assert "non-public address (127.0.0.1)" in report.errors[0][1]


def test_injected_page_is_indexed_as_data_and_the_rules_stay(site: Site, store: Store) -> None:
    source = site_source(site, start=[site.url("/avis.html")], max_depth=0, robots_sitemaps=False)
    crawl(store, source)
    texts = [r[0] for r in store.db.execute("SELECT text FROM chunks")]
    assert any("IGNORE ALL PREVIOUS INSTRUCTIONS" in t for t in texts)

    with ScriptedOpenAIServer() as server:
        server.enqueue("Le sentier du phare ouvre à 8 heures [1].")
        answerer = Answerer(Searcher(store, None), OpenAIChatBackend(server.base_url, "scripted"))
        answer = answerer.ask("À quelle heure ouvre le sentier du phare ?")
        messages = server.requests[-1]["body"]["messages"]
    assert messages[0] == {"role": "system", "content": system_prompt("fr")}
    assert [m["role"] for m in messages] == ["system", "user"]
    user = messages[-1]["content"]
    assert user.count("<source") == 1 and user.count("</source>") == 1
    assert "IGNORE ALL PREVIOUS INSTRUCTIONS" in user  # inside the fence, as data
    assert INJECTION not in user  # its fake closing and opening tags were removed
    assert "8 heures" in answer.text
