"""Persistence: crash and resume continue exactly like an uninterrupted race."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from calanque.db import Database, open_database
from calanque.race.bots import Bots
from calanque.race.orders import OrderError
from calanque.race.store import MIGRATIONS, RaceStore, StoreError
from databases import POSTGRES, database_url


def _race_db(tmp_path: Path, name: str = "r.db") -> Path | Database:
    """The test's race database: a file (opened by RaceStore itself, synchronous FULL), or a
    new connection to the test's PostgreSQL schema."""
    if POSTGRES:
        return open_database(database_url(tmp_path))
    return tmp_path / name


def _drive(race, bots, seed: int, ticks: int) -> None:
    """Player input that depends only on (seed, tick), like a person reacting to the race."""
    for _ in range(ticks):
        rng = np.random.default_rng([seed, race.state.tick])
        boat = int(rng.integers(race.config.n_boats))
        if rng.random() < 0.2 and not race.state.finished[boat]:
            race.order(boat, "twa", float(rng.uniform(-140, 140)))
            race.order(boat, "vmg", 0.5, at_time=race.state.t + 3600)
        race.step()
        bots.act()


@pytest.mark.parametrize("seed", range(4))
def test_resume_after_crash_matches_uninterrupted_run(make_race, tmp_path: Path, seed: int) -> None:
    ref = make_race(seed=seed, n_boats=40)
    _drive(ref, Bots(ref), seed, 70)

    store = RaceStore(_race_db(tmp_path))
    race = make_race(seed=seed, n_boats=40)
    race_id = store.create(race)
    bots = Bots(race)
    _drive(race, bots, seed, 30)
    store.checkpoint(race_id, race)
    _drive(race, bots, seed, 7)  # orders given after the checkpoint are already in the log
    store.close()
    del race, bots  # the crash: the in-memory race is gone

    store = RaceStore(_race_db(tmp_path))
    resumed = store.load(race_id, land=ref.land)
    assert resumed.state.tick == 30
    bots = Bots(resumed)
    for _ in range(7):  # the lost ticks re-run from the persisted log alone
        resumed.step()
        bots.act()
    _drive(resumed, bots, seed, 70 - resumed.state.tick)
    assert resumed.state.tick == ref.state.tick == 70
    for name, a in ref.state.arrays().items():
        np.testing.assert_array_equal(getattr(resumed.state, name), a, err_msg=name)
    assert [o.to_dict() for o in resumed.orders.log] == [o.to_dict() for o in ref.orders.log]
    store.close()


def test_orders_are_written_before_they_apply(make_race, tmp_path: Path) -> None:
    with RaceStore(_race_db(tmp_path)) as store:
        race = make_race(n_boats=5)
        rid = store.create(race)
        race.order(3, "heading", 180.0, at_time=1200.0)
        assert store.orders(rid) == [], "queued for the next group commit"
        race.step()  # a tick commits the queue before any order fires
        logged = store.orders(rid)
        assert [(o.boat, o.mode, o.value, o.at_time) for o in logged] == [
            (3, "heading", 180.0, 1200.0)
        ]
        with pytest.raises(OrderError):
            race.order(3, "heading", 400.0)
        assert len(store.orders(rid)) == 1, "a refused order is not logged"
        assert store.migrations() == [m.__name__ for m in MIGRATIONS]


def test_checkpoints_are_pruned_and_config_round_trips(make_race, tmp_path: Path) -> None:
    with RaceStore(_race_db(tmp_path)) as store:
        race = make_race(n_boats=5)
        rid = store.create(race)
        for _ in range(4):
            race.step()
            store.checkpoint(rid, race)
        ticks = [r[0] for r in store.db.execute("SELECT tick FROM checkpoints ORDER BY tick")]
        assert ticks == [3, 4]
        assert store.config(rid).to_json() == race.config.to_json()


def test_reopening_is_idempotent_and_bad_files_fail_clearly(tmp_path: Path) -> None:
    RaceStore(_race_db(tmp_path)).close()
    with RaceStore(_race_db(tmp_path)) as store:
        assert store.migrations() == [m.__name__ for m in MIGRATIONS]
        with pytest.raises(StoreError, match="no race"):
            store.load()
    with pytest.raises(StoreError, match="not a usable race database") as error:
        RaceStore("postgresql://sailor:hunter2@127.0.0.1:1/races")
    assert "hunter2" not in str(error.value) and "127.0.0.1:1" in str(error.value)
    if POSTGRES:
        return  # the rest is about a file
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"definitely not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable race database"):
        RaceStore(junk)


@pytest.mark.sqlite_only("a SQLite trigger plays the failing disk")
def test_failed_checkpoint_leaves_previous_one(make_race, tmp_path: Path) -> None:
    with RaceStore(_race_db(tmp_path)) as store:
        race = make_race(n_boats=5)
        rid = store.create(race)
        race.step()
        store.db.execute(
            "CREATE TRIGGER boom BEFORE INSERT ON checkpoints "
            "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
        with pytest.raises(sqlite3.IntegrityError):
            store.checkpoint(rid, race)
        store.db.execute("DROP TRIGGER boom")
        assert store.load(rid, land=race.land).state.tick == 0


@pytest.mark.sqlite_only("a race file written by an older engine")
def test_race_stored_with_the_old_twa_sign_is_converted(tmp_path: Path) -> None:
    """A database written before TWA took the sailors' sign (positive = starboard) is converted.

    `data/race-twa-old-sign.sqlite` was written by the engine of commit 75c8858, whose TWA was
    heading - TWD: a sprint with 6 bots, twa orders +60 and -120 (old sign), 12 ticks. Every
    stored wind angle changes sign; nothing else does. (Its replay no longer matches bit for
    bit: the autopilot has changed since; a replay audit holds for one engine version.)
    """
    db = tmp_path / "old.sqlite"
    db.write_bytes((Path(__file__).parent / "data" / "race-twa-old-sign.sqlite").read_bytes())
    raw = sqlite3.connect(db)
    old_orders = raw.execute("SELECT seq, mode, value FROM orders ORDER BY seq").fetchall()
    (blob,) = raw.execute("SELECT state FROM checkpoints ORDER BY tick DESC").fetchone()
    raw.close()
    with np.load(io.BytesIO(blob)) as z:
        old = {k: z[k] for k in z.files}
    with RaceStore(db) as store:
        assert "m002_twa_starboard_positive" in store.migrations()
        orders = store.orders(1)
        assert [o.value for o in orders if o.mode == "twa" and not o.bot] == [-60.0, 120.0]
        for o, (seq, mode, value) in zip(orders, old_orders, strict=True):
            assert (o.seq, o.mode) == (seq, mode)
            assert o.value == (-value if mode == "twa" else value)
        race = store.load(1)
        st = race.state
        assert st.tick == 12
        np.testing.assert_array_equal(st.twa, -old["twa"])
        on_twa = old["mode"] == 1
        np.testing.assert_array_equal(st.value, np.where(on_twa, -old["value"], old["value"]))
        for k in set(old) - {"twa", "value"}:
            np.testing.assert_array_equal(getattr(st, k), old[k], err_msg=k)
        # Written before bots had a skill: its boats sail on as they did, at the polar.
        assert np.all(st.trim == 1.0) and np.all(st.helm == 0.0)
        race.run(3)  # and it races on
