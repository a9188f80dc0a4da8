"""Which sources to crawl and when: by name, all of them, or those whose refresh interval is up.

`run_due(engine)` is for cron (`calanque crawl --due`); `schedule(engine, stop)` is the same check
as an asyncio task, for a long-running server. Sources are crawled one after the other: each one
already fetches concurrently, and one at a time keeps the embedder's load predictable.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from calanque.crawl.crawler import Crawler, CrawlReport, Progress
from calanque.crawl.sources import Source, SourceError, load_sources_file
from calanque.crawl.state import CrawlState
from calanque.engine import Engine

log = logging.getLogger(__name__)


def all_sources(engine: Engine, state: CrawlState | None = None) -> list[Source]:
    """The pack's sources, then those added from the CLI (ids are unique across both)."""
    state = state or CrawlState(engine.database)
    pack = load_sources_file(engine.pack.sources_file) if engine.pack.sources_file else []
    added = state.added_sources()
    return pack + [s for s in added if s.id not in {p.id for p in pack}]


def select(engine: Engine, ids: Sequence[str], state: CrawlState | None = None) -> list[Source]:
    """Sources by id, in the order given (all of them when `ids` is empty)."""
    sources = {s.id: s for s in all_sources(engine, state)}
    unknown = [i for i in ids if i not in sources]
    if unknown:
        raise SourceError(
            f"unknown source {', '.join(unknown)} (known: {', '.join(sources) or 'none'})"
        )
    return [sources[i] for i in ids] if ids else list(sources.values())


def due(
    engine: Engine, state: CrawlState | None = None, now: datetime | None = None
) -> list[Source]:
    """Sources never crawled to the end, or whose last finished run is older than `refresh`."""
    state = state or CrawlState(engine.database)
    now = now or datetime.now(UTC)
    out = []
    for source in all_sources(engine, state):
        last = state.last_finished(source.id)
        if last is None or (now - last).total_seconds() >= source.refresh_seconds:
            out.append(source)
    return out


def make_crawler(engine: Engine, **options: Any) -> Crawler:
    """A crawler writing through the engine's store and ingestor (so with its embedder)."""
    return Crawler(engine.store, engine.ingestor, **options)


async def crawl(
    engine: Engine, sources: Sequence[Source], *, progress: Progress | None = None, **options: Any
) -> list[CrawlReport]:
    crawler = make_crawler(engine, progress=progress, **options)
    return [await crawler.crawl(source) for source in sources]


def run(
    engine: Engine,
    ids: Sequence[str] = (),
    *,
    progress: Progress | None = None,
    **options: Any,
) -> list[CrawlReport]:
    """Crawl sources by id (all when empty), blocking: for the CLI and scripts."""
    return asyncio.run(crawl(engine, select(engine, ids), progress=progress, **options))


def run_due(
    engine: Engine, *, progress: Progress | None = None, **options: Any
) -> list[CrawlReport]:
    """Crawl the sources that are due, blocking: what `calanque crawl --due` runs from cron."""
    return asyncio.run(crawl(engine, due(engine), progress=progress, **options))


async def schedule(
    engine: Engine, stop: asyncio.Event, interval: float = 600.0, **options: Any
) -> None:
    """Every `interval` seconds, crawl the due sources, until `stop` is set.

    A failing crawl is logged and retried at the next tick; it never ends the task, nor keeps the
    sources after it from being crawled. A crawl under way when `stop` is set finishes its current
    source first (cancel the task to stop at once: the crawl state resumes it on the next start).
    """
    while not stop.is_set():
        try:
            sources = await asyncio.to_thread(due, engine)
            for source in sources:
                if stop.is_set():
                    break
                try:
                    (report,) = await crawl(engine, [source], **options)
                except Exception:  # noqa: BLE001 - the next sources still get their turn
                    log.exception("scheduled crawl of %s failed", source.id)
                    continue
                log.info("crawled %s: %s", source.id, report.stats())
            if sources:
                await asyncio.to_thread(engine.searcher.warm)  # large indexes: write sidecars
        except Exception:  # noqa: BLE001 - a server must outlive a bad crawl
            log.exception("scheduled crawl failed")
        try:
            await asyncio.wait_for(stop.wait(), timeout=interval)
        except TimeoutError:
            pass
