"""Due sources, the server-side scheduler task, and the `calanque crawl` command."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from crawlsite import Site, site_source
from typer.testing import CliRunner

from calanque.cli import app
from calanque.config import Settings
from calanque.crawl import CrawlState, scheduler
from calanque.engine import Engine
from calanque.index.embedders import E5Embedder

runner = CliRunner()


def _engine(tmp_path: Path, pack_dir: Path, embedder: E5Embedder) -> Engine:
    settings = Settings.load({"home": tmp_path / "home", "pack": str(pack_dir)})
    return Engine(settings, embedder=embedder)


def test_run_due_crawls_what_is_due(
    site: Site, tmp_path: Path, pack_dir: Path, embedder: E5Embedder
) -> None:
    engine = _engine(tmp_path, pack_dir, embedder)
    source = site_source(
        site, id="port", start=[site.url("/guides/port.html")], max_depth=0, refresh="1h"
    )
    source.robots_sitemaps = False
    CrawlState(engine.database).add_source(source)
    assert [s.id for s in scheduler.due(engine)] == ["port"]

    (report,) = scheduler.run_due(engine, delay=0.0)
    assert report.indexed == 1 and report.ingest.embedded > 0
    assert engine.store.uris() == [site.url("/guides/port.html")]
    assert scheduler.due(engine) == []
    later = datetime.now(UTC) + timedelta(hours=2)
    assert [s.id for s in scheduler.due(engine, now=later)] == ["port"]
    engine.close()


def test_schedule_task_recrawls_until_stopped(
    site: Site, tmp_path: Path, pack_dir: Path, embedder: E5Embedder
) -> None:
    engine = _engine(tmp_path, pack_dir, embedder)
    source = site_source(site, id="port", start=[site.url("/guides/port.html")], max_depth=0)
    source.robots_sitemaps, source.refresh = False, "0s"  # always due
    state = CrawlState(engine.database)
    state.add_source(source)

    async def run() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(scheduler.schedule(engine, stop, interval=0.01, delay=0.0))
        for _ in range(2000):
            if len(state.runs("port")) >= 3:
                break
            await asyncio.sleep(0.01)
        stop.set()
        await asyncio.wait_for(task, timeout=30)

    asyncio.run(run())
    runs = state.runs("port")
    assert len(runs) >= 3 and all(r["finished_at"] for r in runs)
    assert runs[0]["stats"]["indexed"] == 1
    assert all(r["stats"]["not_modified"] == 1 for r in runs[1:])
    assert site.not_modified["/guides/port.html"] == len(runs) - 1
    engine.close()


def test_a_bad_page_does_not_keep_the_scheduler_from_later_sources(
    site: Site, tmp_path: Path, pack_dir: Path, embedder: E5Embedder
) -> None:
    # Before: the first source's crawl raised httpx.InvalidURL at every tick, and the second
    # source was never crawled.
    engine = _engine(tmp_path, pack_dir, embedder)
    state = CrawlState(engine.database)
    for sid, path in (("mauvais", "/bad-redirect"), ("port", "/guides/port.html")):
        source = site_source(site, id=sid, start=[site.url(path)], max_depth=0)
        source.robots_sitemaps = False
        state.add_source(source)

    async def run() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(scheduler.schedule(engine, stop, interval=0.05, delay=0.0))
        for _ in range(1000):
            if state.last_finished("port") is not None:
                break
            await asyncio.sleep(0.01)
        stop.set()
        await asyncio.wait_for(task, timeout=30)

    asyncio.run(run())
    assert state.last_finished("mauvais") is not None
    assert state.last_finished("port") is not None
    assert engine.store.uris() == [site.url("/guides/port.html")]
    engine.close()


def test_crawl_command(site: Site, tmp_path: Path, pack_dir: Path) -> None:
    common = ["--home", str(tmp_path / "home"), "--pack", str(pack_dir)]
    url = site.url("/guides/port.html")
    added = runner.invoke(
        app,
        ["crawl", "--add", url, "--name", "port", "--max-pages", "1", "--allow-private"]
        + ["--delay", "0", *common],
    )
    assert added.exit_code == 0, added.output
    assert "added source port" in added.output
    assert "1 pages — 1 indexed" in added.output

    listed = runner.invoke(app, ["crawl", "--list", *common])
    assert listed.exit_code == 0 and "port (cli)" in listed.output

    again = runner.invoke(app, ["crawl", "port", "--max-pages", "1", "--delay", "0", *common])
    assert again.exit_code == 0, again.output
    assert "0 indexed, 1 not modified" in again.output
    assert "0 passages embedded" in again.output

    due = runner.invoke(app, ["crawl", "--due", *common])
    assert "nothing to crawl (no source is due)" in due.output

    unknown = runner.invoke(app, ["crawl", "nowhere", *common])
    assert unknown.exit_code == 1 and "unknown source nowhere" in unknown.output


def test_crawl_summary_lists_pages_indexed_in_part(capsys: pytest.CaptureFixture[str]) -> None:
    """A page cut by the ingestion budgets is indexed, but not whole: the crawl says so, as
    `calanque ingest` does, instead of counting it as indexed and nothing more."""
    from calanque.cli.crawl import _print
    from calanque.crawl.crawler import CrawlReport

    report = CrawlReport(source="port")
    report.ingest.truncated.append(("https://example.org/big.pdf", "text cut after page 500"))
    report.skipped.append(("https://example.org/x.bin", "unsupported content type"))
    _print(report)
    out = " ".join(capsys.readouterr().out.split())
    assert "indexed in part https://example.org/big.pdf: text cut after page 500" in out
    assert "skipped https://example.org/x.bin: unsupported content type" in out
