"""A `calanque serve` killed with SIGKILL loses no acknowledged order and resumes its race
exactly: a real process on loopback, orders over HTTP, kill -9, restart, replay. On the
PostgreSQL pass the races, the order log and the rate limits are in the test's database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from test_race_api import SLUG, race_file
from test_serve import _calanque

from calanque.engine import Engine
from calanque.race.store import RaceStore
from databases import POSTGRES, race_location


def _start(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        server = subprocess.Popen(
            [*_calanque(), "serve", "--port", str(port)], env=env, stdout=out, stderr=out
        )
    deadline = time.monotonic() + 120
    while True:
        assert server.poll() is None, log.read_text("utf-8", "replace")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/races", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "calanque serve did not start in 120 s"
        time.sleep(0.25)


@pytest.mark.slow
def test_kill_9_loses_no_acknowledged_order(engine: Engine, pack_dir: Path, tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    db = race_location(tmp_path)  # CALANQUE_DATABASE_URL on PostgreSQL: the races share it
    env = {
        **os.environ,
        "CALANQUE_HOME": str(engine.settings.home),
        "CALANQUE_PACK": str(pack_dir),
        "CALANQUE_RACE_FILE": str(race_file(tmp_path / "races.toml", start_in=5, factor=1200)),
        "CALANQUE_RACE_DB": "" if POSTGRES else db,
        "CALANQUE_RACE_ORDERS_PER_MINUTE": "1000",
        "OMP_NUM_THREADS": "1",
    }
    log = tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}/api/races/{SLUG}"
    server = _start(env, port, log)
    acked: list[int] = []
    try:
        with httpx.Client(timeout=30) as me:
            csrf = me.get(f"http://127.0.0.1:{port}/api/players/csrf").json()["csrf"]
            me.headers["X-CSRF-Token"] = csrf
            r = me.post(f"{base}/join", json={"boat_name": "Survivor", "country": "FR"})
            assert r.status_code == 201, r.text
            boat = r.json()["boat"]
            for i in range(60):
                body = (
                    {"mode": "twa", "value": -100 - i % 30}
                    if i % 3
                    else {"mode": "heading", "value": i, "at_time": 10_000_000 + i}
                )
                r = me.post(f"{base}/orders", json=body)
                assert r.status_code == 201, r.text
                acked.append(r.json()["order"]["seq"])
            server.send_signal(signal.SIGKILL)  # right after the last acknowledgement
            server.wait(timeout=10)

            server = _start(env, port, log)
            mine = me.get(f"{base}/me").json()  # the token survived with its entry
            assert mine["boat"] == boat
            programmed = {o["seq"] for o in mine["pending_orders"]}
            assert programmed == {s for i, s in enumerate(acked) if i % 3 == 0}
            tick = me.get(f"{base}/tick").json()["tick"]
            for _ in range(100):  # the resumed race keeps sailing
                if me.get(f"{base}/tick").json()["tick"] > tick:
                    break
                time.sleep(0.1)
            else:
                raise AssertionError("the resumed race does not tick")
    finally:
        server.terminate()  # a clean stop checkpoints every race
        server.wait(timeout=30)
    with RaceStore(db) as store:
        (race_id,) = store.race_ids()
        logged = {o.seq for o in store.orders(race_id)}
        assert set(acked) <= logged, "every acknowledged order is in the log"
        race, same = store.replay(race_id)
        assert race.state.tick > 0
        assert all(same.values()), [k for k, ok in same.items() if not ok]
