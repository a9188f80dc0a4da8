"""The database layer: per-component migrations in one file, files from before it, concurrency."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from calanque.conversations import Conversations
from calanque.crawl.state import CrawlState
from calanque.db import DatabaseError, batched
from calanque.db.sqlite import SQLiteDatabase
from calanque.index.sqlite_store import SQLiteStore
from calanque.index.store import ChunkRecord, DocumentRecord

# The PostgreSQL engine's counterparts are in test_postgres.py.
pytestmark = pytest.mark.sqlite_only("the SQLite engine and its files")


def _components(path: Path) -> dict[str, list[str]]:
    raw = sqlite3.connect(path)
    rows = raw.execute("SELECT component, name FROM schema_migrations ORDER BY component, name")
    out: dict[str, list[str]] = {}
    for component, name in rows:
        out.setdefault(component, []).append(name)
    raw.close()
    return out


def _open_all(path: Path) -> SQLiteDatabase:
    database = SQLiteDatabase(path)
    SQLiteStore(database)
    Conversations(database)
    CrawlState(database)
    return database


def test_each_component_records_its_own_migrations(tmp_path: Path) -> None:
    _open_all(tmp_path / "db.sqlite3").close()
    assert _components(tmp_path / "db.sqlite3") == {
        "conversations": ["m003_conversations"],
        "crawl": ["m001_crawl", "m002_page_sequence"],
        "index": ["m001_initial", "m002_vocabulary", "m004_chunk_sequence"],
    }


def test_a_file_from_before_the_layer_opens_without_rerunning_anything(tmp_path: Path) -> None:
    """Files written before this layer kept the index's and conversations' steps in
    `_migrations` and the crawler's in `_crawl_migrations`: they are taken over, not re-run
    (re-running would fail on existing tables), and the data stays."""
    path = tmp_path / "old.sqlite3"
    database = _open_all(path)
    store = SQLiteStore(database)
    store.replace_document(
        DocumentRecord("doc:1", "Titre", "page", "fr", "test", 1.0, None, "h"),
        [ChunkRecord(0, (), "Aubagne", "fr", [], "aubagne", "aubagn", "c")],
        "none",
    )
    database.close()
    raw = sqlite3.connect(path)
    raw.executescript(
        """
        CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT);
        INSERT INTO _migrations SELECT name, applied_at FROM schema_migrations
            WHERE component IN ('index', 'conversations');
        CREATE TABLE _crawl_migrations (name TEXT PRIMARY KEY, applied_at TEXT);
        INSERT INTO _crawl_migrations SELECT name, applied_at FROM schema_migrations
            WHERE component = 'crawl';
        DROP TABLE schema_migrations;
        """
    )
    raw.close()
    reopened = _open_all(path)
    assert SQLiteStore(reopened).uris() == ["doc:1"]
    assert set(_components(path)) == {"index", "conversations", "crawl"}
    assert SQLiteStore(reopened).check() == []


def test_a_newer_schema_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    _open_all(path).close()
    raw = sqlite3.connect(path)
    raw.execute("INSERT INTO schema_migrations VALUES ('index', 'm999_future', 'then')")
    raw.commit()
    raw.close()
    with pytest.raises(DatabaseError, match="newer Calanque .index: m999_future"):
        SQLiteStore(path)
    Conversations(SQLiteDatabase(path))  # other components are not held back


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 200)
    with pytest.raises(DatabaseError, match="is not a Calanque database"):
        SQLiteDatabase(junk)


def test_a_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    database = SQLiteDatabase(tmp_path / "db.sqlite3")
    with database.transaction() as db:
        db.execute("CREATE TABLE t (x INTEGER)")
    with pytest.raises(ZeroDivisionError), database.transaction() as db:
        db.execute("INSERT INTO t VALUES (1)")
        _ = 1 / 0
    assert database.connection().execute("SELECT count(*) FROM t").fetchone()[0] == 0


def _migrate_in_a_process(path: str) -> None:
    _open_all(Path(path)).close()


def test_processes_opening_a_new_file_at_once_apply_each_step_once(tmp_path: Path) -> None:
    path = str(tmp_path / "db.sqlite3")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_migrate_in_a_process, args=(path,)) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    assert sum(len(v) for v in _components(Path(path)).values()) == 6


def test_batched() -> None:
    assert [list(b) for b in batched(list(range(7)), 3)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batched([], 3)) == []
