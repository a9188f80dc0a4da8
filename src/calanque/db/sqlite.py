"""The embedded engine: one SQLite file, WAL journal, a connection per thread, one writer."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from calanque.db.database import DatabaseError, Legacy, Migration, run_migrations


class SQLiteConnection(sqlite3.Connection):
    """A connection that names its dialect, for the few statements that differ by engine."""

    dialect = "sqlite"


class SQLiteDatabase:
    """`Database` on a file; safe to share between threads (a connection per thread).

    Writers take `BEGIN IMMEDIATE`, so a write transaction never fails half-way on a lock another
    process took after it read; `timeout` lets it wait for that process instead of failing.
    """

    dialect = "sqlite"

    def __init__(self, path: Path | str, *, synchronous: str = "NORMAL") -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self.synchronous = synchronous
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._write_lock = threading.RLock()
        try:
            self.connection().execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise DatabaseError(f"{self.path} is not a Calanque database ({exc})") from None

    def connection(self) -> SQLiteConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, factory=SQLiteConnection
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA synchronous = {self.synchronous}")
            conn.execute("PRAGMA foreign_keys = ON")
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[SQLiteConnection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception (including Ctrl-C)."""
        with self._write_lock:
            db = self.connection()
            if db.in_transaction:  # nested: part of the caller's transaction
                yield db
                return
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def migrate(
        self, component: str, migrations: Sequence[Migration], legacy: Legacy | None = None
    ) -> None:
        try:
            run_migrations(self, component, migrations, legacy, has_table=_has_table)
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"{self.path} is not a Calanque database ({exc})") from None

    @contextmanager
    def exclusive(self, name: str) -> Iterator[bool]:
        """An advisory lock on a file beside the database (`flock`: the kernel releases it)."""
        fd = os.open(f"{self.path}.{name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(fd)

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    row = db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    return row is not None
