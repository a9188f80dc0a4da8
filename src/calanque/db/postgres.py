"""The server engine: a PostgreSQL database that several processes and machines share.

Components write the same SQL for both engines (`?` placeholders, rows read by name or position,
`INSERT … RETURNING`); this module translates the placeholders and hands out pooled connections
(`psycopg_pool`), so a web worker's threads share a few server connections instead of holding one
each. Reads run in autocommit; `transaction()` is a real transaction on one pooled connection.

PostgreSQL does not serialise writers as SQLite does, and most writes do not need it: rows are
locked where they are updated. What does need it takes a lock of its own: migrations take
`pg_advisory_xact_lock` (two processes opening a new database apply each step once), and the index
serialises its writers on its generation row (`index/postgres_store.py`).
"""

from __future__ import annotations

import hashlib
import re
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from calanque.db.database import DatabaseError, Legacy, Migration, run_migrations

try:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict
    from psycopg_pool import ConnectionPool, PoolTimeout
except ImportError as exc:  # pragma: no cover - depends on the install
    raise DatabaseError("a postgresql:// database needs `pip install calanque[postgres]`") from exc

POOL_SIZE = 10  # server connections per process at most (PostgreSQL allows 100 by default)
CONNECT_TIMEOUT = 10  # seconds
MIGRATION_LOCK = 0x63616C616E71  # advisory lock key ("calanq") held by each migration step


class Row(tuple):
    """A result row readable as `row["name"]` and as `row[0]`, like `sqlite3.Row`."""

    __slots__ = ()
    _index: dict[str, int] = {}

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


@lru_cache(maxsize=1024)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    return type("Row", (Row,), {"__slots__": (), "_index": {n: i for i, n in enumerate(names)}})


def _rows(cursor: Any) -> Callable[[Sequence[Any]], Any]:
    """psycopg row factory: `Row`s named after the cursor's columns."""
    if cursor.description is None:
        return tuple
    return _row_class(tuple(c.name for c in cursor.description))


# A quoted literal or identifier (kept as is), or a `?` / `%` outside them.
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|%")


@lru_cache(maxsize=4096)
def translate(sql: str) -> str:
    """`?` placeholders → psycopg's `%s`, and a literal `%` → `%%`, outside quoted text."""

    def swap(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        return token.replace("%", "%%")

    return _TOKEN.sub(swap, sql)


def _params(params: Sequence[Any] | None) -> Sequence[Any] | None:
    return None if params is None else tuple(params)


class Connection:
    """A pooled connection speaking the components' SQL (`?` placeholders)."""

    dialect = "postgresql"

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.raw = conn

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        if params is None:
            return self.raw.execute(sql)
        return self.raw.execute(translate(sql), _params(params))

    def executemany(self, sql: str, seq: Any) -> Any:
        cur = self.raw.cursor()
        cur.executemany(translate(sql), [tuple(p) for p in seq])
        return cur


class Result:
    """The rows of a read, fetched before its connection went back to the pool."""

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount

    def fetchone(self) -> Any:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[Any]:
        return self._rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)


class Reader:
    """What `connection()` gives outside a transaction: each statement runs in autocommit on a
    connection borrowed from the pool for that statement only."""

    dialect = "postgresql"

    def __init__(self, database: PostgresDatabase) -> None:
        self._database = database

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Result:
        with self._database.borrow() as conn:
            cur = conn.execute(sql, params)
            rows = cur.fetchall() if cur.description is not None else []
            return Result(rows, cur.rowcount)

    def executemany(self, sql: str, seq: Any) -> Result:
        with self._database.borrow() as conn:
            cur = conn.executemany(sql, seq)
            return Result([], cur.rowcount)


class PostgresDatabase:
    """`Database` on a PostgreSQL server; safe to share between threads."""

    dialect = "postgresql"

    def __init__(self, url: str, *, pool_size: int = POOL_SIZE) -> None:
        try:
            info = conninfo_to_dict(url)
        except psycopg.Error as exc:
            raise DatabaseError(f"cannot read the database URL: {_first_line(exc)}") from None
        self.location = _location(info)
        self._adapters: list[Callable[[Any], None]] = []
        self._adapted: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
        self._adapt_lock = threading.Lock()
        self._local = threading.local()
        self._reader = Reader(self)
        try:  # fail now, in one line, rather than in the pool's background threads
            psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT).close()
        except psycopg.Error as exc:
            raise DatabaseError(f"cannot connect to {self.location}: {_first_line(exc)}") from None
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            kwargs={"autocommit": True, "row_factory": _rows, "connect_timeout": CONNECT_TIMEOUT},
            open=True,
            name=f"calanque {self.location}",
        )

    def adapt(self, register: Callable[[Any], None]) -> None:
        """Run `register(connection)` on every connection before its next use (e.g. pgvector's
        types, which exist only once a migration created the extension)."""
        with self._adapt_lock:
            if register not in self._adapters:
                self._adapters.append(register)

    @contextmanager
    def borrow(self) -> Iterator[Connection]:
        """A pooled connection for one statement or one transaction."""
        try:
            with self._pool.connection() as conn:
                done = self._adapted.get(conn, 0)
                if done < len(self._adapters):
                    for register in self._adapters[done:]:
                        register(conn)
                    self._adapted[conn] = len(self._adapters)
                yield Connection(conn)
        except PoolTimeout as exc:
            raise DatabaseError(f"{self.location}: no connection available ({exc})") from None
        except psycopg.OperationalError as exc:
            raise DatabaseError(f"{self.location}: {_first_line(exc)}") from None

    def connection(self) -> Connection | Reader:
        """The thread's transaction if one is open (a read sees its writes), else autocommit."""
        return getattr(self._local, "tx", None) or self._reader

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """BEGIN … COMMIT on one pooled connection, rolled back on any exception; a transaction
        opened inside another of the same thread is part of it."""
        current = getattr(self._local, "tx", None)
        if current is not None:
            yield current
            return
        with self.borrow() as conn, conn.raw.transaction():
            if getattr(self._local, "migrating", False):
                conn.execute(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            self._local.tx = conn
            try:
                yield conn
            finally:
                self._local.tx = None

    def migrate(
        self, component: str, migrations: Sequence[Migration], legacy: Legacy | None = None
    ) -> None:
        self._local.migrating = True
        try:
            run_migrations(self, component, migrations, legacy, has_table=_has_table)
        except psycopg.Error as exc:
            raise DatabaseError(f"{self.location}: {component}: {_first_line(exc)}") from None
        finally:
            self._local.migrating = False

    @contextmanager
    def exclusive(self, name: str) -> Iterator[bool]:
        """A session advisory lock, on a connection kept out of the pool for the block (the
        server releases it when a killed process's connection drops). Advisory locks are the
        database's: the key names the schema too, so deployments in two schemas of one
        database do not exclude each other."""
        with self.borrow() as conn:
            (schema,) = conn.execute("SELECT current_schema()").fetchone()
            digest = hashlib.sha256(f"{schema}\x00{name}".encode()).digest()
            key = int.from_bytes(digest[:8], "big", signed=True)
            held = conn.execute("SELECT pg_try_advisory_lock(?)", (key,)).fetchone()[0]
            try:
                yield bool(held)
            finally:
                if held:
                    conn.execute("SELECT pg_advisory_unlock(?)", (key,))

    def close(self) -> None:
        """Close the pool: every connection of this database, in every thread."""
        self._pool.close()


def _has_table(db: Connection, name: str) -> bool:
    return db.execute("SELECT to_regclass(?)", (name,)).fetchone()[0] is not None


def _location(info: dict[str, Any]) -> str:
    """The server and database, without the password."""
    user = f"{info['user']}@" if info.get("user") else ""
    host = info.get("host", "")
    port = f":{info['port']}" if info.get("port") else ""
    return f"postgresql://{user}{host if not host.startswith('/') else ''}{port}/" + (
        info.get("dbname", "") + (f"?host={host}" if host.startswith("/") else "")
    )


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split("\n")[:1]).strip()
    return text or type(exc).__name__
