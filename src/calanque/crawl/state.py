"""Crawl state in the shared database: sources added from the CLI, runs, and every page seen.

The frontier is a column, not a memory structure: a page is queued for a run (`queued_run`) and
done for it (`done_run`) in one committed write, so a crawl killed at any point resumes with the
pages still queued and never refetches what it finished. Validators (ETag, Last-Modified) and
content hashes kept per page make the next run's requests conditional.

These tables are the `crawl` component's, with their own migration list, so the index schema and
the crawler evolve independently. Writes do not bump the index `generation` (that would make every
search reload its vectors after each crawled page).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from calanque.crawl.sources import Source, SourceError
from calanque.crawl.urls import path_key
from calanque.db.database import Database, Legacy, Migration, marks, now, script

CRAWL_MIGRATIONS: list[Migration] = []
migration = CRAWL_MIGRATIONS.append

# Statuses a new run checks again (a `redirect` is reached through links, a `gone` page not at all).
RECHECK = ("new", "ok", "duplicate", "notfound", "error", "skipped", "blocked")


@migration
def m001_crawl(db: Any) -> None:
    script(
        db,
        """
        CREATE TABLE crawl_sources (
            id TEXT PRIMARY KEY, spec TEXT NOT NULL, added_at TEXT NOT NULL);
        CREATE TABLE crawl_runs (
            id {id}, source TEXT NOT NULL, started_at TEXT NOT NULL,
            finished_at TEXT, stats TEXT NOT NULL DEFAULT '{{}}');
        CREATE INDEX crawl_runs_source ON crawl_runs(source, id);
        CREATE TABLE crawl_pages (
            source TEXT NOT NULL,
            url TEXT NOT NULL,
            path_key TEXT NOT NULL,
            depth INTEGER NOT NULL,
            queued_run {bigint},
            done_run {bigint},
            status TEXT NOT NULL DEFAULT 'new',
            http_status INTEGER,
            etag TEXT,
            last_modified TEXT,
            body_hash TEXT,
            text_hash TEXT,
            simhash {bigint},
            uri TEXT,
            dup_of TEXT,
            links TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            reason TEXT,
            fetched_at TEXT,
            PRIMARY KEY (source, url));
        CREATE INDEX crawl_pages_queue ON crawl_pages(source, queued_run, depth);
        CREATE INDEX crawl_pages_path ON crawl_pages(source, path_key);
        CREATE INDEX crawl_pages_text ON crawl_pages(source, text_hash)
        """,
    )


@migration
def m002_page_sequence(db: Any) -> None:
    """Pages are fetched shallowest first, then in the order they were found: that order was
    SQLite's `rowid`, which PostgreSQL does not have; it is now a column of its own."""
    script(
        db,
        """
        ALTER TABLE crawl_pages ADD COLUMN seq {bigint};
        CREATE INDEX crawl_pages_seq ON crawl_pages(seq)
        """,
    )
    if db.dialect == "sqlite":
        db.execute("UPDATE crawl_pages SET seq = rowid")


# The next page's place in the order of discovery (`m002_page_sequence`).
_NEXT_SEQ = "(SELECT coalesce(max(seq), 0) + 1 FROM crawl_pages)"


@dataclass
class PageState:
    url: str
    depth: int
    status: str
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    text_hash: str | None
    uri: str | None
    links: list[str]
    failures: int
    done_run: int | None

    @classmethod
    def from_row(cls, row: Any) -> PageState:
        return cls(
            url=row["url"],
            depth=row["depth"],
            status=row["status"],
            etag=row["etag"],
            last_modified=row["last_modified"],
            body_hash=row["body_hash"],
            text_hash=row["text_hash"],
            uri=row["uri"],
            links=json.loads(row["links"]) if row["links"] else [],
            failures=row["failures"],
            done_run=row["done_run"],
        )


class CrawlState:
    """The crawler's tables and queries, on any `Database`."""

    def __init__(self, database: Database) -> None:
        self.database = database
        database.migrate("crawl", CRAWL_MIGRATIONS, Legacy("_crawl_migrations", "crawl_pages"))

    @property
    def db(self) -> Any:
        """This thread's connection, for reads."""
        return self.database.connection()

    def transaction(self) -> AbstractContextManager[Any]:
        return self.database.transaction()

    # Sources added from the CLI.

    def added_sources(self) -> list[Source]:
        rows = self.db.execute("SELECT spec FROM crawl_sources ORDER BY added_at, id")
        return [Source.from_dict(json.loads(r[0]), "cli") for r in rows]

    def add_source(self, source: Source) -> None:
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM crawl_sources WHERE id = ?", (source.id,)).fetchone():
                raise SourceError(f"a source {source.id!r} was already added")
            db.execute(
                "INSERT INTO crawl_sources VALUES (?, ?, ?)",
                (source.id, json.dumps(source.to_dict(), ensure_ascii=False), now()),
            )

    def remove_source(self, source_id: str) -> bool:
        with self.transaction() as db:
            return db.execute("DELETE FROM crawl_sources WHERE id = ?", (source_id,)).rowcount > 0

    # Runs.

    def open_run(self, source: str) -> tuple[int, bool]:
        """(run id, resumed): an unfinished run is resumed; a new one re-queues known pages."""
        with self.transaction() as db:
            row = db.execute(
                "SELECT id, finished_at FROM crawl_runs WHERE source = ? ORDER BY id DESC LIMIT 1",
                (source,),
            ).fetchone()
            if row is not None and row["finished_at"] is None:
                return int(row["id"]), True
            (run,) = db.execute(
                "INSERT INTO crawl_runs (source, started_at) VALUES (?, ?) RETURNING id",
                (source, now()),
            ).fetchone()
            db.execute(
                "UPDATE crawl_pages SET queued_run = ? WHERE source = ? "
                f"AND status IN ({marks(len(RECHECK))})",
                (run, source, *RECHECK),
            )
            return int(run), False

    def finish_run(self, run: int, stats: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE crawl_runs SET finished_at = ?, stats = ? WHERE id = ?",
                (now(), json.dumps(stats), run),
            )

    def last_finished(self, source: str) -> datetime | None:
        row = self.db.execute(
            "SELECT max(finished_at) FROM crawl_runs WHERE source = ? AND finished_at IS NOT NULL",
            (source,),
        ).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    def runs(self, source: str) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT id, started_at, finished_at, stats FROM crawl_runs WHERE source = ? "
            "ORDER BY id",
            (source,),
        )
        return [{**dict(r), "stats": json.loads(r["stats"])} for r in rows]

    # Pages.

    def enqueue(
        self, source: str, run: int, urls: Iterable[tuple[str, int]], max_query_variants: int
    ) -> int:
        """Queue (url, depth) pairs for a run; returns how many were refused as trap variants."""
        refused = 0
        with self.transaction() as db:
            for url, depth in urls:
                key = path_key(url)
                if key != url:
                    known = db.execute(
                        "SELECT 1 FROM crawl_pages WHERE source = ? AND url = ?", (source, url)
                    ).fetchone()
                    if not known:
                        variants = db.execute(
                            "SELECT count(*) FROM crawl_pages WHERE source = ? AND path_key = ? "
                            "AND url != path_key",
                            (source, key),
                        ).fetchone()[0]
                        if variants >= max_query_variants:
                            refused += 1
                            continue
                db.execute(
                    "INSERT INTO crawl_pages (source, url, path_key, depth, queued_run, seq) "
                    f"VALUES (?, ?, ?, ?, ?, {_NEXT_SEQ}) ON CONFLICT (source, url) DO UPDATE "
                    "SET queued_run = excluded.queued_run, depth = CASE WHEN excluded.depth "
                    "< crawl_pages.depth THEN excluded.depth ELSE crawl_pages.depth END",
                    (source, url, key, depth, run),
                )
        return refused

    def queued(self, source: str, run: int, limit: int, exclude: set[str]) -> list[tuple[str, int]]:
        """Pages still to fetch in this run, shallowest first."""
        rows = self.db.execute(
            "SELECT url, depth FROM crawl_pages WHERE source = ? AND queued_run = ? "
            "AND (done_run IS NULL OR done_run != ?) ORDER BY depth, seq LIMIT ?",
            (source, run, run, limit + len(exclude)),
        )
        return [(r[0], r[1]) for r in rows if r[0] not in exclude][:limit]

    def done_count(self, source: str, run: int) -> int:
        return self.db.execute(
            "SELECT count(*) FROM crawl_pages WHERE source = ? AND done_run = ?", (source, run)
        ).fetchone()[0]

    def page(self, source: str, url: str) -> PageState | None:
        row = self.db.execute(
            "SELECT * FROM crawl_pages WHERE source = ? AND url = ?", (source, url)
        ).fetchone()
        return PageState.from_row(row) if row else None

    def record(self, source: str, url: str, run: int, depth: int, **values: Any) -> None:
        """Mark a page done for the run, with whatever was learnt about it."""
        values = {**values, "done_run": run, "fetched_at": now()}
        if "links" in values and values["links"] is not None:
            values["links"] = json.dumps(values["links"])
        with self.transaction() as db:
            db.execute(
                "INSERT INTO crawl_pages (source, url, path_key, depth, queued_run, seq) "
                f"VALUES (?, ?, ?, ?, ?, {_NEXT_SEQ}) ON CONFLICT (source, url) DO NOTHING",
                (source, url, path_key(url), depth, run),
            )
            sets = ", ".join(f"{k} = ?" for k in values)
            db.execute(
                f"UPDATE crawl_pages SET {sets} WHERE source = ? AND url = ?",
                (*values.values(), source, url),
            )

    def text_hashes(self, source: str) -> dict[str, str]:
        """Content hash → uri of the pages indexed for a source (exact duplicates)."""
        rows = self.db.execute(
            "SELECT text_hash, uri FROM crawl_pages WHERE source = ? AND status = 'ok' "
            "AND text_hash IS NOT NULL",
            (source,),
        )
        return {r[0]: r[1] for r in rows}

    def simhashes(self, source: str) -> list[tuple[str, int]]:
        rows = self.db.execute(
            "SELECT uri, simhash FROM crawl_pages WHERE source = ? AND status = 'ok' "
            "AND simhash IS NOT NULL",
            (source,),
        )
        return [(r[0], r[1]) for r in rows]

    def uri_owner(self, source: str, uri: str, url: str) -> bool:
        """Whether another page of the source is indexed under `uri`."""
        return (
            self.db.execute(
                "SELECT 1 FROM crawl_pages WHERE source = ? AND uri = ? AND url != ? "
                "AND status = 'ok' LIMIT 1",
                (source, uri, url),
            ).fetchone()
            is not None
        )

    def counts(self, source: str) -> dict[str, int]:
        rows = self.db.execute(
            "SELECT status, count(*) FROM crawl_pages WHERE source = ? GROUP BY status", (source,)
        )
        return {r[0]: r[1] for r in rows}

    def pages(self, source: str, status: str | None = None) -> list[str]:
        sql = "SELECT url FROM crawl_pages WHERE source = ?"
        params: list[Any] = [source]
        if status is not None:
            sql += " AND status = ?"
            params.append(status)
        return [r[0] for r in self.db.execute(sql + " ORDER BY url", params)]

    def run_counts(self, source: str, run: int) -> dict[str, int]:
        """Pages done in a run, by status (live progress while it runs)."""
        rows = self.db.execute(
            "SELECT status, count(*) FROM crawl_pages WHERE source = ? AND done_run = ? "
            "GROUP BY status",
            (source, run),
        )
        return {r[0]: r[1] for r in rows}
