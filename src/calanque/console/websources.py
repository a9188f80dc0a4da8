"""Web sources as staff manage them: the pack's (read-only: they live in its `sources.toml`) and
those added from the console or the CLI; a crawl started now, its live progress, its history and
when each source is next due.

A crawl started here runs in a thread of the server that received the request. Its progress is a
row of `console_crawl_jobs` (pages done, the page being read) written as it goes, and the pages'
statuses are in the crawler's own tables, so any worker can show it. A job whose row has not moved
for `STALE_MINUTES` belonged to a process that died: the crawl state resumes it at the next start.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from calanque.console import audit, schema
from calanque.console.audit import Actor
from calanque.crawl import scheduler
from calanque.crawl.sources import Source, SourceError
from calanque.crawl.state import CrawlState
from calanque.db.database import now
from calanque.engine import Engine

log = logging.getLogger(__name__)
STALE_MINUTES = 10
EDITABLE = (
    "name",
    "start",
    "sitemaps",
    "prefixes",
    "max_depth",
    "max_pages",
    "lang",
    "weight",
    "refresh",
)


@dataclass
class SourceView:
    source: Source
    editable: bool
    last_crawl: str | None
    next_due: str | None
    indexed: int
    job: dict[str, Any] | None
    runs: list[dict[str, Any]] = field(default_factory=list)


class WebSources:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.database = engine.database
        schema.migrate(self.database)
        self.state = CrawlState(self.database)
        self._threads: dict[str, threading.Thread] = {}

    def list(self) -> list[SourceView]:
        return [self._view(s) for s in scheduler.all_sources(self.engine, self.state)]

    def get(self, source_id: str) -> SourceView:
        (source,) = scheduler.select(self.engine, [source_id], self.state)
        view = self._view(source)
        view.runs = list(reversed(self.state.runs(source_id)))[:50]
        return view

    def _view(self, s: Source) -> SourceView:
        last = self.state.last_finished(s.id)
        nxt = last + timedelta(seconds=s.refresh_seconds) if last else None
        return SourceView(
            source=s,
            editable=s.origin != "pack",
            last_crawl=last.isoformat(timespec="seconds") if last else None,
            next_due=nxt.isoformat(timespec="seconds") if nxt else None,
            indexed=self.state.counts(s.id).get("ok", 0),
            job=self.job(s.id),
        )

    # Changes (sources added from the console or the CLI only).

    def add(self, source: Source, actor: Actor) -> None:
        if source.id in {s.id for s in scheduler.all_sources(self.engine, self.state)}:
            raise SourceError(f"a source {source.id!r} already exists")
        source.origin = "console"
        self.state.add_source(source)
        self._audit(actor, "websource.add", source.id, spec=source.to_dict())

    def edit(self, source_id: str, changes: dict[str, Any], actor: Actor) -> Source:
        view = self.get(source_id)
        if not view.editable:
            raise SourceError(f"{source_id} comes from the territory pack: edit its sources.toml")
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise SourceError(f"fields that cannot be changed here: {', '.join(sorted(unknown))}")
        spec = {**view.source.to_dict(), **changes}
        spec["hosts"] = []  # recomputed from the start URLs
        updated = Source.from_dict(spec, "console")
        with self.database.transaction():
            self.state.remove_source(source_id)
            self.state.add_source(updated)
        self._audit(actor, "websource.edit", source_id, changes=changes)
        return updated

    def remove(self, source_id: str, actor: Actor) -> None:
        view = self.get(source_id)
        if not view.editable:
            raise SourceError(f"{source_id} comes from the territory pack: edit its sources.toml")
        self.state.remove_source(source_id)
        self._audit(actor, "websource.remove", source_id)

    def _audit(self, actor: Actor, action: str, target: str, **detail: Any) -> None:
        with self.database.transaction() as db:
            audit.record(db, actor, action, target, **detail)

    # Crawls.

    def job(self, source_id: str) -> dict[str, Any] | None:
        """The source's last console crawl: progress, and the run's pages by status."""
        row = (
            self.database.connection()
            .execute(
                "SELECT * FROM console_crawl_jobs WHERE source = ? ORDER BY id DESC LIMIT 1",
                (source_id,),
            )
            .fetchone()
        )
        if row is None:
            return None
        job = dict(row)
        stale = datetime.now(UTC) - datetime.fromisoformat(job["updated_at"])
        job["running"] = job["finished_at"] is None and stale < timedelta(minutes=STALE_MINUTES)
        runs = self.state.runs(source_id)
        # the job's run: the first started since, or the one it resumed
        started = [r for r in runs if r["started_at"] >= job["started_at"]] or runs[-1:]
        job["counts"] = self.state.run_counts(source_id, started[0]["id"]) if started else {}
        job["stats"] = started[0]["stats"] if started else {}
        return job

    def start(self, source_id: str, actor: Actor, *, wait: bool = False) -> int:
        """Start a crawl of the source in a thread; returns the job id. A source already being
        crawled is refused."""
        (source,) = scheduler.select(self.engine, [source_id], self.state)
        current = self.job(source_id)
        if current and current["running"]:
            raise SourceError(f"{source_id} is being crawled already")
        at = now()
        with self.database.transaction() as db:
            (job_id,) = db.execute(
                "INSERT INTO console_crawl_jobs (source, started_by, started_at, updated_at) "
                "VALUES (?, ?, ?, ?) RETURNING id",
                (source_id, actor.username, at, at),
            ).fetchone()
            audit.record(db, actor, "websource.crawl", source_id, job=job_id)
        thread = threading.Thread(
            target=self._crawl, args=(int(job_id), source), name=f"crawl-{source_id}", daemon=True
        )
        self._threads[source_id] = thread
        thread.start()
        if wait:
            thread.join()
        return int(job_id)

    def _crawl(self, job_id: int, source: Source) -> None:
        last = [0.0]

        def progress(done: int, total: int, url: str) -> None:
            if time.monotonic() - last[0] < 0.5:
                return
            last[0] = time.monotonic()
            self._update(job_id, done=done, total=total, current=url[:500])

        error = ""
        try:
            crawler = scheduler.make_crawler(self.engine, progress=progress)
            report = asyncio.run(crawler.crawl(source))
            self._update(job_id, done=report.pages, current="")
        except Exception as exc:  # noqa: BLE001 - shown on the source's page, never lost
            log.exception("console crawl of %s failed", source.id)
            error = f"{type(exc).__name__}: {exc}"[:500]
        self._update(job_id, finished_at=now(), error=error)

    def _update(self, job_id: int, **values: Any) -> None:
        values["updated_at"] = now()
        sets = ", ".join(f"{k} = ?" for k in values)
        with self.database.transaction() as db:
            db.execute(
                f"UPDATE console_crawl_jobs SET {sets} WHERE id = ?", (*values.values(), job_id)
            )
