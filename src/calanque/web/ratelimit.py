"""Per-visitor rate limit on asking, keyed by a salted hash of the address, never the address.

On SQLite (one process serves the site) the count is a sliding window in memory: a check costs
microseconds and writes nothing. On PostgreSQL, where several workers and machines serve the same
site, it is a table every worker shares (`DatabaseRateLimiter`): one atomic upsert per question. An
IPv6 visitor is its /64 (one subscriber's network: rotating addresses inside it is free), an
IPv4-mapped IPv6 address its IPv4 address.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
import threading
import time
from collections import defaultdict, deque
from typing import Any, Protocol

from calanque.db.database import Database, Migration, script

WINDOW = 60  # seconds
SALT_DAYS = 1  # the shared salt is replaced daily: a key links a visitor's questions for a day


class Limiter(Protocol):
    per_minute: int

    def check(self, address: str) -> float:
        """0 when allowed (and counted), else the seconds to wait."""

    def reset(self) -> None:
        """Forget every count (tests, and an operator lifting a limit)."""


def make_limiter(database: Database, per_minute: int, scope: str = "") -> Limiter:
    """The limiter for a deployment: shared through the database when it is a server's (each
    `scope` counting apart)."""
    if database.dialect == "postgresql":
        return DatabaseRateLimiter(database, per_minute, scope)
    return RateLimiter(per_minute)


class RateLimiter:
    def __init__(self, per_minute: int, salt: bytes | None = None) -> None:
        self.per_minute = per_minute
        self._salt = salt or secrets.token_bytes(16)  # new each start: keys cannot be linked
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def key(self, address: str) -> str:
        return hashlib.sha256(self._salt + visitor(address).encode()).hexdigest()[:16]

    def check(self, address: str) -> float:
        """0 when allowed (and counted), else the seconds to wait."""
        if self.per_minute <= 0:
            return 0.0
        now = time.monotonic()
        key = self.key(address)
        with self._lock:
            hits = self._hits[key]
            while hits and now - hits[0] > 60.0:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return 60.0 - (now - hits[0])
            hits.append(now)
            if len(self._hits) > 100_000:  # forget idle visitors rather than grow without bound
                for k in [k for k, v in self._hits.items() if not v or now - v[-1] > 60.0]:
                    del self._hits[k]
            return 0.0

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()


def m001_rate_limits(db: Any) -> None:
    script(
        db,
        """
        CREATE TABLE rate_limits (
            key TEXT NOT NULL, window_start {bigint} NOT NULL, hits INTEGER NOT NULL,
            PRIMARY KEY (key, window_start));
        CREATE TABLE rate_limit_salt (id INTEGER PRIMARY KEY, salt TEXT NOT NULL,
            day {bigint} NOT NULL)
        """,
    )
    if db.dialect == "postgresql":
        # No write-ahead log: a question does not wait for a disk flush (4.4 ms against 0.8
        # measured here), and counts lost in a crash are harmless.
        db.execute("ALTER TABLE rate_limits SET UNLOGGED")


MIGRATIONS: list[Migration] = [m001_rate_limits]


class DatabaseRateLimiter:
    """A limit every worker sharing the database enforces together.

    Counts are per fixed minute; the previous minute's count, weighted by how much of it the
    sliding window still covers, is added (the usual two-window estimate of a sliding window).
    The salt is shared, or one visitor would have a key per worker; it lives in the database and
    is replaced daily, and counts are deleted after two minutes. Limiters of different `scope`s
    (questions, the console's log-ins) count apart in the same table.
    """

    def __init__(self, database: Database, per_minute: int, scope: str = "") -> None:
        database.migrate("ratelimit", MIGRATIONS)
        self.database = database
        self.per_minute = per_minute
        self.scope = scope
        self._salt: tuple[int, bytes] | None = None
        self._checks = 0

    def key(self, address: str) -> str:
        """The scope in clear (it names a limit, not a visitor), then the visitor's hash."""
        salted = self._shared_salt() + self.scope.encode() + visitor(address).encode()
        return f"{self.scope}:{hashlib.sha256(salted).hexdigest()[:16]}"

    def _shared_salt(self) -> bytes:
        day = int(time.time() // 86_400) // SALT_DAYS
        if self._salt is None or self._salt[0] != day:
            with self.database.transaction() as db:
                db.execute(
                    "INSERT INTO rate_limit_salt VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE "
                    "SET salt = excluded.salt, day = excluded.day "
                    "WHERE rate_limit_salt.day < excluded.day",
                    (secrets.token_hex(16), day),
                )
                (salt,) = db.execute("SELECT salt FROM rate_limit_salt WHERE id = 1").fetchone()
            self._salt = (day, bytes.fromhex(salt))
        return self._salt[1]

    def check(self, address: str) -> float:
        if self.per_minute <= 0:
            return 0.0
        now = time.time()
        window = int(now // WINDOW)
        elapsed = now - window * WINDOW
        key = self.key(address)
        self._checks += 1
        if self._checks % 1000 == 1:
            with self.database.transaction() as db:
                db.execute("DELETE FROM rate_limits WHERE window_start < ?", (window - 1,))
        if self.database.dialect == "postgresql":  # one statement: one round trip, atomic
            hits, previous = (
                self.database.connection()
                .execute(
                    "WITH hit AS (INSERT INTO rate_limits VALUES (?, ?, 1) ON CONFLICT (key, "
                    "window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits) "
                    "SELECT hit.hits, (SELECT hits FROM rate_limits WHERE key = ? "
                    "AND window_start = ?) FROM hit",
                    (key, window, key, window - 1),
                )
                .fetchone()
            )
        else:
            with self.database.transaction() as db:
                (hits,) = db.execute(
                    "INSERT INTO rate_limits VALUES (?, ?, 1) ON CONFLICT (key, window_start) "
                    "DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits",
                    (key, window),
                ).fetchone()
                (previous,) = db.execute(
                    "SELECT coalesce(max(hits), 0) FROM rate_limits "
                    "WHERE key = ? AND window_start = ?",
                    (key, window - 1),
                ).fetchone()
        previous = previous or 0
        estimate = previous * (1 - elapsed / WINDOW) + hits
        if estimate <= self.per_minute:
            return 0.0
        if hits > self.per_minute:
            return WINDOW - elapsed  # a new minute starts afresh
        # Wait until the previous minute's share has shrunk below the budget.
        room = (self.per_minute - hits) / previous if previous else 1.0
        return max(0.1, WINDOW * (1 - room) - elapsed)

    def reset(self) -> None:
        """Forget this limit's counts; other scopes' (the console's log-ins) stay."""
        prefix = f"{self.scope}:"
        with self.database.transaction() as db:
            db.execute("DELETE FROM rate_limits WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))


def visitor(address: str) -> str:
    """What one visitor is: an IPv4 address, an IPv6 /64, or the text given (a test client)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # no zone index
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)
