"""Race persistence: configuration, write-ahead order log, atomic checkpoints.

Start day is when servers crash. An order is committed before it can take
effect, and the full state is checkpointed in one transaction, so after a
crash the race resumes from the last checkpoint, re-runs the ticks since
then from the log, and ends up exactly where it would have been.

The race tables are the `race` component's of the shared database layer
(`calanque.db`), with their own migration list.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np

from calanque.db.database import DatabaseError, Legacy, Migration, now
from calanque.db.sqlite import SQLiteDatabase
from calanque.race.config import RaceConfig
from calanque.race.land import LandMask
from calanque.race.orders import MODE_TWA, Order
from calanque.race.simulation import Race, RaceState
from calanque.race.wind import WindField

__all__ = ["MIGRATIONS", "RaceStore", "StoreError"]


class StoreError(DatabaseError):
    """A race database that is missing, foreign or inconsistent."""


def m001_initial(db: Any) -> None:
    db.execute(
        "CREATE TABLE races (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "config TEXT NOT NULL, created TEXT NOT NULL)"
    )
    db.execute(
        "CREATE TABLE orders (race_id INTEGER NOT NULL REFERENCES races(id), seq INTEGER NOT NULL, "
        "tick INTEGER NOT NULL, boat INTEGER NOT NULL, mode TEXT NOT NULL, value REAL NOT NULL, "
        "at_time REAL, at_mark INTEGER, bot INTEGER NOT NULL DEFAULT 0, "
        "PRIMARY KEY (race_id, seq))"
    )
    db.execute(
        "CREATE TABLE checkpoints (race_id INTEGER NOT NULL REFERENCES races(id), "
        "tick INTEGER NOT NULL, t REAL NOT NULL, state BLOB NOT NULL, applied BLOB NOT NULL, "
        "created TEXT NOT NULL, PRIMARY KEY (race_id, tick))"
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


MIGRATIONS: list[Migration] = [
    m001_initial,
    m002_twa_starboard_positive,
]
KEEP_CHECKPOINTS = 2


def _pack(arrays: dict[str, np.ndarray]) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def _unpack(blob: bytes) -> dict[str, np.ndarray]:
    with np.load(io.BytesIO(blob), allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


class RaceStore:
    """A race database file (created and migrated on open)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            # FULL: an accepted order survives a power cut, not only a killed process.
            self.database = SQLiteDatabase(self.path, synchronous="FULL")
            self.database.migrate("race", MIGRATIONS, Legacy("_migrations", marker="races"))
        except DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable race database ({exc})") from None

    @property
    def db(self) -> Any:
        """This thread's connection, for reads."""
        return self.database.connection()

    def close(self) -> None:
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

    def attach(self, race: Race, race_id: int) -> None:
        """Persist every future order of `race` before it is accepted."""
        race.on_order = lambda o: self.add_order(race_id, o)

    def add_order(self, race_id: int, o: Order) -> None:
        self.db.execute(
            "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (race_id, o.seq, o.tick, o.boat, o.mode, o.value, o.at_time, o.at_mark, int(o.bot)),
        )

    def checkpoint(self, race_id: int, race: Race) -> None:
        """Save the full state atomically; keep the last KEEP_CHECKPOINTS."""
        st = race.state
        blob = _pack(st.arrays())
        applied = race.orders.applied.astype(np.int64).tobytes()
        with self.database.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO checkpoints VALUES (?, ?, ?, ?, ?, ?)",
                (race_id, st.tick, st.t, blob, applied, now()),
            )
            db.execute(
                "DELETE FROM checkpoints WHERE race_id = ? AND tick NOT IN (SELECT tick FROM "
                "checkpoints WHERE race_id = ? ORDER BY tick DESC LIMIT ?)",
                (race_id, race_id, KEEP_CHECKPOINTS),
            )

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
            "SELECT seq, boat, mode, value, at_time, at_mark, tick, bot FROM orders "
            "WHERE race_id = ? ORDER BY seq",
            (race_id,),
        )
        return [Order(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7])) for r in rows]

    def load(
        self,
        race_id: int | None = None,
        *,
        wind: WindField | None = None,
        land: LandMask | None = None,
    ) -> Race:
        """Rebuild a race from its last checkpoint and its order log (attached to this store)."""
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
        # Checkpoints from before bots had a skill: every boat sails as people do.
        n = len(arrays["lat"])
        arrays.setdefault("trim", np.ones(n, np.float32))
        arrays.setdefault("helm", np.zeros(n, np.float32))
        arrays.setdefault("active", np.ones(n, bool))  # before players joined races
        arrays.setdefault("wp_lat", np.full(n, np.nan))
        arrays.setdefault("wp_lon", np.full(n, np.nan))
        state = RaceState(**arrays, t=float(t), tick=int(tick))
        if len(state.lat) != cfg.n_boats:
            raise StoreError(f"race {race_id}: checkpoint does not match its configuration")
        race = Race(cfg, wind=wind, land=land, state=state, check_course=False)
        for o in self.orders(race_id):
            race.orders.add(o)
        race.orders.mark_applied(np.frombuffer(applied, np.int64))
        self.attach(race, race_id)
        return race

    def replay(
        self, race_id: int, *, wind: WindField | None = None, land: LandMask | None = None
    ) -> tuple[Race, dict[str, bool]]:
        """Re-run a stored race from its start and order log up to its last checkpoint.

        Returns the replayed race and, per state array, whether it is bit-identical
        to the checkpoint: an audit anyone can run on a finished race.
        """
        stored = self.load(race_id, wind=wind, land=land)
        race = Race(stored.config, wind=stored.wind, land=stored.land, check_course=False)
        for o in self.orders(race_id):
            race.orders.add(o)
        race.run(stored.state.tick)
        same = {
            k: bool(np.array_equal(getattr(race.state, k), a, equal_nan=True))
            for k, a in stored.state.arrays().items()
        }
        return race, same
