"""Race persistence: configuration, write-ahead order log, atomic checkpoints.

Start day is when servers crash. An order is committed before it can take
effect, and the full state is checkpointed in one transaction, so after a
crash the race resumes from the last checkpoint, re-runs the ticks since
then from the log, and ends up exactly where it would have been.

Orders are written by group commit (`OrderLog`): each is queued, and one
transaction writes every order queued since the last one (one fsync for
thousands of orders, where a transaction per order managed 1,700 a second).
The race server acknowledges an order once its transaction has committed;
every tick commits the queue before it fires orders, so no state, snapshot
or checkpoint shows the effect of an order that a crash could lose.

The race server's tables live here too: its races' definitions, entries (who
sails which boat), the forecasts it took in (from which tick), and tracks
decimated for replays.

The race tables are the `race` component's of the shared database layer
(`calanque.db`), with their own migration list: a SQLite file of their own by
default (the order log's fsyncs stay off the index file), or the PostgreSQL
database every process shares, where a group commit is one COPY.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from calanque.db.connect import open_database
from calanque.db.database import (
    Database,
    DatabaseError,
    Legacy,
    Migration,
    marks,
    now,
    script,
)
from calanque.db.sqlite import SQLiteDatabase
from calanque.race.config import RaceConfig, build_wind
from calanque.race.land import LandMask
from calanque.race.orders import MODE_TWA, Order
from calanque.race.simulation import Race, RaceState
from calanque.race.wind import WindField

__all__ = ["MIGRATIONS", "RaceStore", "StoreError", "race_database"]


class StoreError(DatabaseError):
    """A race database that is missing, foreign or inconsistent."""


def m001_initial(db: Any) -> None:
    script(
        db,
        """
        CREATE TABLE races (id {id}, name TEXT NOT NULL, config TEXT NOT NULL,
            created TEXT NOT NULL);
        CREATE TABLE orders (race_id {bigint} NOT NULL REFERENCES races(id),
            seq {bigint} NOT NULL, tick {bigint} NOT NULL, boat {bigint} NOT NULL,
            mode TEXT NOT NULL, value {real} NOT NULL, at_time {real}, at_mark INTEGER,
            bot INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (race_id, seq));
        CREATE TABLE checkpoints (race_id {bigint} NOT NULL REFERENCES races(id),
            tick {bigint} NOT NULL, t {real} NOT NULL, state {blob} NOT NULL,
            applied {blob} NOT NULL, created TEXT NOT NULL, PRIMARY KEY (race_id, tick))
        """,
    )


def m002_twa_starboard_positive(db: Any) -> None:
    """TWA took the sailors' sign (positive = wind on starboard): flip older logs and states.

    Until this migration the engine stored TWA as heading - TWD (positive = wind on port);
    negating every stored wind angle, in the order log and in each checkpoint, keeps an
    older race replaying bit for bit (negation is exact in floating point). The autopilot
    value of boats on a wind-angle order is a stored TWA as well.
    """
    db.execute("UPDATE orders SET value = -value WHERE mode = 'twa'")
    rows = db.execute("SELECT race_id, tick, state FROM checkpoints").fetchall()
    for race_id, tick, blob in rows:
        arrays = _unpack(blob)
        arrays["twa"] = -arrays["twa"]
        on_twa = arrays["mode"] == MODE_TWA  # their autopilot value is a wind angle too
        arrays["value"] = np.where(on_twa, -arrays["value"], arrays["value"])
        db.execute(
            "UPDATE checkpoints SET state = ? WHERE race_id = ? AND tick = ?",
            (_pack(arrays), race_id, tick),
        )


def m003_race_server(db: Any) -> None:
    """Waypoints' positions in the log; the race server's races, entries, forecasts, tracks."""
    script(
        db,
        """
        ALTER TABLE orders ADD COLUMN lat {real};
        ALTER TABLE orders ADD COLUMN lon {real};
        CREATE TABLE server_races (race_id {bigint} PRIMARY KEY REFERENCES races(id),
            slug TEXT NOT NULL UNIQUE, definition TEXT NOT NULL);
        CREATE TABLE entries (race_id {bigint} NOT NULL REFERENCES races(id),
            boat {bigint} NOT NULL, player TEXT NOT NULL, token_hash TEXT, name TEXT NOT NULL,
            country TEXT NOT NULL, club TEXT NOT NULL, is_bot INTEGER NOT NULL,
            joined TEXT NOT NULL, PRIMARY KEY (race_id, boat));
        CREATE UNIQUE INDEX entries_token ON entries (token_hash);
        CREATE TABLE forecasts (race_id {bigint} NOT NULL REFERENCES races(id),
            tick {bigint} NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL,
            offset_s {real} NOT NULL, PRIMARY KEY (race_id, tick));
        CREATE TABLE tracks (race_id {bigint} NOT NULL REFERENCES races(id),
            block INTEGER NOT NULL, tick {bigint} NOT NULL, t {real} NOT NULL,
            lat {blob} NOT NULL, lon {blob} NOT NULL, PRIMARY KEY (race_id, block, tick))
        """,
    )


MIGRATIONS: list[Migration] = [
    m001_initial,
    m002_twa_starboard_positive,
    m003_race_server,
]
ORDER_COLUMNS = (
    "race_id, seq, tick, boat, mode, value, at_time, at_mark, bot, lat, lon"  # a log row's order
)
KEEP_CHECKPOINTS = 2
TRACK_BLOCK = 1024  #: boats per track row: a boat's track reads one small blob per sample


def _pack(arrays: dict[str, np.ndarray]) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)  # type: ignore[arg-type]  # the stubs read ** as allow_pickle
    return buf.getvalue()


def _unpack(blob: bytes) -> dict[str, np.ndarray]:
    with np.load(io.BytesIO(blob), allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def write_orders(db: Any, rows: list[tuple]) -> None:
    """Append order rows in the caller's transaction: one COPY on PostgreSQL (a round trip for
    the whole group), one `executemany` on SQLite (in process, no round trip to save)."""
    if db.dialect == "postgresql":
        with db.raw.cursor().copy(f"COPY orders ({ORDER_COLUMNS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        db.executemany(f"INSERT INTO orders ({ORDER_COLUMNS}) VALUES ({marks(11)})", rows)


class OrderLog:
    """Write-ahead queue of one race's orders, committed in groups.

    `submit` queues an order (microseconds); `flush` writes everything queued in one
    transaction; `durable(seq)` is a future resolved once order `seq` is committed.
    With `start()`, a thread flushes as soon as orders wait, so the orders that arrive
    during one commit go together in the next.
    """

    def __init__(self, store: RaceStore, race_id: int) -> None:
        self.store, self.race_id = store, race_id
        self.committed = store.max_seq(race_id)  #: highest committed sequence number
        self.commits = 0  #: group commits so far (orders per commit = the group's size)
        self._rows: list[tuple] = []
        self._waiters: list[tuple[int, Future]] = []
        self._queue = threading.Condition()
        self._flushing = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = False

    def submit(self, o: Order) -> None:
        row = (self.race_id, o.seq, o.tick, o.boat, o.mode, o.value, o.at_time, o.at_mark)
        with self._queue:
            self._rows.append((*row, int(o.bot), o.lat, o.lon))
            self._queue.notify()

    def durable(self, seq: int) -> Future:
        """A future resolved once order `seq` is committed."""
        fut: Future = Future()
        with self._queue:
            if seq <= self.committed:
                fut.set_result(seq)
            else:
                self._waiters.append((seq, fut))
        return fut

    def flush(self) -> int:
        """Commit every queued order; return how many were written."""
        with self._flushing:
            with self._queue:
                rows, self._rows = self._rows, []
            if rows:
                with self.store.database.transaction() as db:
                    write_orders(db, rows)
                self.commits += 1
            with self._queue:
                if rows:
                    self.committed = rows[-1][1]
                ready = [f for s, f in self._waiters if s <= self.committed]
                self._waiters = [(s, f) for s, f in self._waiters if s > self.committed]
            for f in ready:
                f.set_result(self.committed)
            return len(rows)

    def start(self) -> None:
        """Flush from a thread of its own whenever orders wait."""
        if self._thread is None:
            self._stop = False
            self._thread = threading.Thread(target=self._run, name="order-log", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._queue:
                while not self._rows and not self._stop:
                    self._queue.wait()
                if self._stop and not self._rows:
                    return
            try:
                self.flush()
            except Exception as exc:  # a full disk: nobody waiting is acknowledged
                with self._queue:
                    waiters, self._waiters = self._waiters, []
                for _, f in waiters:
                    f.set_exception(exc)

    def stop(self) -> None:
        """Stop the thread, committing what is queued."""
        with self._queue:
            self._stop = True
            self._queue.notify()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self.flush()


def _is_url(location: object) -> bool:
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def race_database(location: str | Path) -> Database:
    """The races' database a setting names: a `postgresql://` URL, or a SQLite file."""
    text = str(location)
    if _is_url(text):
        return open_database(text)
    # FULL: an accepted order survives a power cut, not only a killed process.
    return SQLiteDatabase(Path(text.removeprefix("sqlite://")), synchronous="FULL")


class RaceStore:
    """A race database: a file or URL (`race_database`), or any `Database` (created and
    migrated on open; closed with the store)."""

    def __init__(self, path: str | Path | Database) -> None:
        self._logs: dict[int, OrderLog] = {}
        try:
            if isinstance(path, str | Path):
                self.database: Database = race_database(path)
            else:
                self.database = path
            self.path = self.database.location
            self.database.migrate("race", MIGRATIONS, Legacy("_migrations", marker="races"))
        except DatabaseError as exc:  # a URL is not repeated: it may hold a password
            where = "" if _is_url(path) else f"{path}: "
            raise StoreError(f"{where}not a usable race database ({exc})") from None

    @property
    def db(self) -> Any:
        """This thread's connection, for reads."""
        return self.database.connection()

    def close(self) -> None:
        """Commit the queued orders and close."""
        for log in self._logs.values():
            log.stop()
        self._logs.clear()
        self.database.close()

    def __enter__(self) -> RaceStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def migrations(self) -> list[str]:
        rows = self.db.execute(
            "SELECT name FROM schema_migrations WHERE component = 'race' ORDER BY name"
        )
        return [r[0] for r in rows]

    # -- writing ------------------------------------------------------------------------

    def create(self, race: Race) -> int:
        """Register a new race and its initial checkpoint; attach the order log; return its id."""
        cfg = race.config
        with self.database.transaction() as db:
            (race_id,) = db.execute(
                "INSERT INTO races (name, config, created) VALUES (?, ?, ?) RETURNING id",
                (cfg.course.name, cfg.to_json(), now()),
            ).fetchone()
        self.attach(race, race_id)
        self.checkpoint(race_id, race)
        return race_id

    def attach(self, race: Race, race_id: int) -> OrderLog:
        """Queue every future order of `race` for the log; each tick commits the queue first."""
        log = self._logs.get(race_id)
        if log is None:
            log = self._logs[race_id] = OrderLog(self, race_id)
        race.on_order = log.submit
        race.before_tick = log.flush
        return log

    def order_log(self, race_id: int) -> OrderLog:
        """The write-ahead queue of an attached race."""
        return self._logs[race_id]

    def max_seq(self, race_id: int) -> int:
        row = self.db.execute("SELECT max(seq) FROM orders WHERE race_id = ?", (race_id,))
        value = row.fetchone()[0]
        return -1 if value is None else int(value)

    def checkpoint(self, race_id: int, race: Race) -> None:
        """Save the full state atomically; keep the last KEEP_CHECKPOINTS.

        Call it between ticks. The queued orders are committed first, under the race's
        lock, so the checkpoint counts no order (nor cancel) as done that the log lacks.
        """
        st = race.state
        with race.lock:
            if race_id in self._logs:
                self._logs[race_id].flush()
            applied = race.orders.applied.astype(np.int64).tobytes()
        route = sorted(race.route.items())
        points = np.array([p for _, pts in route for p in pts], np.float64).reshape(-1, 2)
        arrays = st.arrays() | {
            "route_boat": np.array([b for b, pts in route for _ in pts], np.int64),
            "route_lat": points[:, 0].copy(),
            "route_lon": points[:, 1].copy(),
        }
        blob = _pack(arrays)
        with self.database.transaction() as db:
            db.execute(
                "INSERT INTO checkpoints VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (race_id, tick) "
                "DO UPDATE SET t = excluded.t, state = excluded.state, "
                "applied = excluded.applied, created = excluded.created",
                (race_id, st.tick, st.t, blob, applied, now()),
            )
            db.execute(
                "DELETE FROM checkpoints WHERE race_id = ? AND tick NOT IN (SELECT tick FROM "
                "checkpoints WHERE race_id = ? ORDER BY tick DESC LIMIT ?)",
                (race_id, race_id, KEEP_CHECKPOINTS),
            )

    # -- the race server's tables ---------------------------------------------------------

    def server_race(self, slug: str) -> tuple[int, str] | None:
        """(race id, definition JSON) of the server's race `slug`, or None."""
        row = self.db.execute(
            "SELECT race_id, definition FROM server_races WHERE slug = ?", (slug,)
        ).fetchone()
        return None if row is None else (int(row[0]), row[1])

    def server_races(self) -> list[tuple[int, str, str]]:
        """(race id, slug, definition JSON) of every race the server runs, oldest first."""
        rows = self.db.execute("SELECT race_id, slug, definition FROM server_races ORDER BY 1")
        return [(int(r[0]), r[1], r[2]) for r in rows]

    def add_server_race(self, race_id: int, slug: str, definition: str) -> None:
        with self.database.transaction() as db:
            db.execute("INSERT INTO server_races VALUES (?, ?, ?)", (race_id, slug, definition))

    def add_entries(self, race_id: int, rows: list[tuple]) -> None:
        """Entries (boat, player, token_hash, name, country, club, is_bot), in one commit."""
        stamp = now()
        with self.database.transaction() as db:
            db.executemany(
                "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(race_id, *r, stamp) for r in rows],
            )

    def update_entry(
        self, race_id: int, boat: int, player: str, name: str, country: str, club: str
    ) -> None:
        """Who sails a boat now (a claimed or anonymised entry); its guest token is dropped."""
        with self.database.transaction() as db:
            db.execute(
                "UPDATE entries SET player = ?, name = ?, country = ?, club = ?, token_hash = NULL "
                "WHERE race_id = ? AND boat = ?",
                (player, name, country, club, race_id, boat),
            )

    def entries(self, race_id: int) -> list[Any]:
        """Rows with boat, player, token_hash, name, country, club, is_bot, joined."""
        return self.db.execute(
            "SELECT boat, player, token_hash, name, country, club, is_bot, joined FROM entries "
            "WHERE race_id = ? ORDER BY boat",
            (race_id,),
        ).fetchall()

    def participations(self, since: str = "", until: str = "", *, orders: bool = True) -> list[Any]:
        """People's entries (never bots') that joined in [since, until) (ISO dates or times;
        empty: unbounded), oldest race first: rows with race_id, slug, boat, player, country,
        club, joined, and with `orders` how many orders the player sent (joins and cancels
        left out; else 0, and the order log is not read)."""
        where, args = "e.is_bot = 0 AND e.player <> 'bot'", list[str]()
        if since:
            where, args = where + " AND e.joined >= ?", [*args, since]
        if until:
            where, args = where + " AND e.joined < ?", [*args, until]
        columns = "e.race_id, s.slug, e.boat, e.player, e.country, e.club, e.joined"
        if not orders:
            return self.db.execute(
                f"SELECT {columns}, 0 FROM entries e JOIN server_races s ON s.race_id = e.race_id "
                f"WHERE {where} ORDER BY e.race_id, e.boat",
                args,
            ).fetchall()
        # One pass over the orders of the races concerned (the log's key starts with race_id).
        return self.db.execute(
            f"SELECT {columns}, coalesce(o.n, 0) FROM entries e "
            "JOIN server_races s ON s.race_id = e.race_id "
            "LEFT JOIN (SELECT race_id, boat, count(*) AS n FROM orders WHERE bot = 0 "
            "AND mode NOT IN ('join', 'cancel') AND race_id IN (SELECT race_id FROM entries e "
            f"WHERE {where}) GROUP BY race_id, boat) o "
            "ON o.race_id = e.race_id AND o.boat = e.boat "
            f"WHERE {where} ORDER BY e.race_id, e.boat",
            (*args, *args),
        ).fetchall()

    def add_forecast(self, race_id: int, tick: int, path: str, sha256: str, offset_s: float):
        with self.database.transaction() as db:
            db.execute(
                "INSERT INTO forecasts VALUES (?, ?, ?, ?, ?) ON CONFLICT (race_id, tick) "
                "DO UPDATE SET path = excluded.path, sha256 = excluded.sha256, "
                "offset_s = excluded.offset_s",
                (race_id, tick, path, sha256, offset_s),
            )

    def forecasts(self, race_id: int) -> list[tuple[int, Callable[[], WindField]]]:
        """(tick, loader) of each forecast the race switched to, in tick order."""
        from calanque.race.weather import load_forecast

        rows = self.db.execute(
            "SELECT tick, path, sha256, offset_s FROM forecasts WHERE race_id = ? ORDER BY tick",
            (race_id,),
        ).fetchall()
        return [
            (int(r[0]), partial(load_forecast, Path(r[1]), float(r[3]), sha256=r[2])) for r in rows
        ]

    def wind_at(self, race_id: int, tick: int) -> WindField:
        """The wind the race sailed in at `tick`: the last forecast taken in, or its own."""
        taken = [load for t, load in self.forecasts(race_id) if t <= tick]
        return taken[-1]() if taken else build_wind(self.config(race_id).wind)

    def add_track(self, race_id: int, tick: int, t: float, lat: np.ndarray, lon: np.ndarray):
        """One decimated sample of every boat's position (float32), in blocks of boats."""
        la, lo = lat.astype("<f4"), lon.astype("<f4")
        rows = [
            (
                race_id,
                b,
                tick,
                t,
                la[s : s + TRACK_BLOCK].tobytes(),
                lo[s : s + TRACK_BLOCK].tobytes(),
            )
            for b, s in enumerate(range(0, len(la), TRACK_BLOCK))
        ]
        with self.database.transaction() as db:
            db.executemany(
                "INSERT INTO tracks VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (race_id, block, tick) "
                "DO UPDATE SET t = excluded.t, lat = excluded.lat, lon = excluded.lon",
                rows,
            )

    def track(
        self, race_id: int, boat: int, last: int | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A boat's decimated track: race times (s), latitudes, longitudes (degrees); only its
        `last` samples if given (a player's page asks for its recent track every few seconds,
        and a sample row holds a block of boats)."""
        block, i = divmod(boat, TRACK_BLOCK)
        rows = self.db.execute(
            "SELECT t, lat, lon FROM tracks WHERE race_id = ? AND block = ? "
            "ORDER BY tick DESC LIMIT ?",
            (race_id, block, 2**62 if last is None else last),  # PostgreSQL refuses LIMIT -1
        ).fetchall()[::-1]
        t = np.array([r[0] for r in rows], np.float64)
        lat = np.array([np.frombuffer(r[1], "<f4")[i] for r in rows], np.float64)
        lon = np.array([np.frombuffer(r[2], "<f4")[i] for r in rows], np.float64)
        return t, lat, lon

    # -- reading ------------------------------------------------------------------------

    def race_ids(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM races ORDER BY id")]

    def config(self, race_id: int) -> RaceConfig:
        row = self.db.execute("SELECT config FROM races WHERE id = ?", (race_id,)).fetchone()
        if row is None:
            raise StoreError(f"no race {race_id} in {self.path}")
        return RaceConfig.from_json(row[0])

    def orders(self, race_id: int) -> list[Order]:
        rows = self.db.execute(
            "SELECT seq, boat, mode, value, at_time, at_mark, tick, bot, lat, lon FROM orders "
            "WHERE race_id = ? ORDER BY seq",
            (race_id,),
        )
        return [
            Order(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), r[8], r[9]) for r in rows
        ]

    def load(
        self,
        race_id: int | None = None,
        *,
        wind: WindField | None = None,
        land: LandMask | None = None,
    ) -> Race:
        """Rebuild a race from its last checkpoint and its order log (attached to this store).

        Without `wind`, the race sails in the forecast it had taken in by then.
        """
        if race_id is None:
            ids = self.race_ids()
            if not ids:
                raise StoreError(f"no race in {self.path}")
            race_id = ids[-1]
        cfg = self.config(race_id)
        row = self.db.execute(
            "SELECT tick, t, state, applied FROM checkpoints WHERE race_id = ? "
            "ORDER BY tick DESC LIMIT 1",
            (race_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"race {race_id} has no checkpoint")
        tick, t, blob, applied = row
        arrays = _unpack(blob)
        route: dict[int, list[tuple[float, float]]] = {}
        if "route_boat" in arrays:
            boats = arrays.pop("route_boat").tolist()
            lats, lons = arrays.pop("route_lat").tolist(), arrays.pop("route_lon").tolist()
            for b, la, lo in zip(boats, lats, lons, strict=True):
                route.setdefault(b, []).append((la, lo))
        # Checkpoints from before bots had a skill, or players joined: every boat races,
        # and sails as people do.
        n = len(arrays["lat"])
        arrays.setdefault("trim", np.ones(n, np.float32))
        arrays.setdefault("helm", np.zeros(n, np.float32))
        arrays.setdefault("active", np.ones(n, bool))
        arrays.setdefault("wp_lat", np.full(n, np.nan))
        arrays.setdefault("wp_lon", np.full(n, np.nan))
        state = RaceState(**arrays, t=float(t), tick=int(tick))
        if len(state.lat) != cfg.n_boats:
            raise StoreError(f"race {race_id}: checkpoint does not match its configuration")
        if wind is None:
            wind = self.wind_at(race_id, int(tick))
        race = Race(cfg, wind=wind, land=land, state=state, check_course=False)
        race.route = route
        for o in self.orders(race_id):
            race.orders.add(o)
        race.orders.mark_applied(np.frombuffer(applied, np.int64))
        self.attach(race, race_id)
        return race

    def replay(
        self, race_id: int, *, wind: WindField | None = None, land: LandMask | None = None
    ) -> tuple[Race, dict[str, bool]]:
        """Re-run a stored race from its start and order log up to its last checkpoint,
        switching forecasts at the ticks it took them in.

        Returns the replayed race and, per state array, whether it is bit-identical
        to the checkpoint: an audit anyone can run on a finished race.
        """
        stored = self.load(race_id, wind=wind, land=land)
        switches = {} if wind is not None else dict(self.forecasts(race_id))
        first = wind if wind is not None else build_wind(stored.config.wind)
        race = Race(stored.config, wind=first, land=stored.land, check_course=False)
        for o in self.orders(race_id):
            race.orders.add(o)
        for tick in range(stored.state.tick):
            if tick in switches:
                race.wind = switches[tick]()
            race.step()
        same = {
            k: bool(np.array_equal(getattr(race.state, k), a, equal_nan=True))
            for k, a in stored.state.arrays().items()
        }
        return race, same
