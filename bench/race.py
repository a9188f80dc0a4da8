"""Race benchmark: full tick time and memory per boat, with and without bots; accuracy; orders
per second through the engine and through HTTP on loopback; the server's tick with a million
pending programmed orders, and its snapshot's build time and size.

Run: `.venv/bin/python bench/race.py` (add `--sizes 10000,100000` for a quick run, `--only
orders,server,http` for the race server's parts; `--engine both` commits the orders to a SQLite
file and to PostgreSQL, `--postgres URL` or an embedded server as `bench/pg.py` starts).
One core: numpy's element-wise kernels are single-threaded; BLAS is pinned to 1 thread.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
import zlib
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calanque.race.bots import Bots  # noqa: E402
from calanque.race.config import RaceConfig  # noqa: E402
from calanque.race.course import Course, Mark  # noqa: E402
from calanque.race.demo import demo_course  # noqa: E402
from calanque.race.geo import rhumb_distance_nm  # noqa: E402
from calanque.race.land import load_land  # noqa: E402
from calanque.race.polar import BUILTIN_POLARS, load_polar  # noqa: E402
from calanque.race.ranking import distance_to_finish, rank_boats  # noqa: E402
from calanque.race.scenarios import make_scenario  # noqa: E402
from calanque.race.simulation import Race  # noqa: E402
from calanque.race.store import RaceStore  # noqa: E402
from pg import fresh_url  # noqa: E402


def spread_fleet(race: Race, seed: int = 0) -> None:
    """Mid-race fleet: boats scattered along every leg, up to ±8 nm off the rhumb line, at sea."""
    st, c, rng = race.state, race.course, np.random.default_rng(seed)
    n = len(st.lat)
    leg = rng.integers(1, len(c.marks), n)
    f = rng.random(n)
    lat = c.target_lat[leg - 1] + f * (c.target_lat[leg] - c.target_lat[leg - 1])
    lon = c.target_lon[leg - 1] + f * (c.target_lon[leg] - c.target_lon[leg - 1])
    lat += rng.uniform(-8, 8, n) / 60.0
    lon += rng.uniform(-8, 8, n) / 60.0 / np.cos(np.deg2rad(lat))
    wet = ~race.land.is_land(lat, lon)
    st.lat[:] = np.where(wet, lat, c.target_lat[leg])
    st.lon[:] = np.where(wet, lon, c.target_lon[leg])
    st.next_mark[:] = leg


def time_ticks(race: Race, bots: Bots | None, ticks: int) -> tuple[list[float], list[float]]:
    """Seconds per `step()` and per `Bots.act()` (0 without bots), tick by tick."""
    steps, acts = [], []
    for _ in range(ticks):
        t0 = time.perf_counter()
        race.step()
        t1 = time.perf_counter()
        if bots is not None:
            bots.act()
        steps.append(t1 - t0)
        acts.append(time.perf_counter() - t1)
    return steps, acts


def peak_bytes(fn) -> int:  # noqa: ANN001
    """Peak bytes allocated by numpy and Python while `fn()` runs."""
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def phase_breakdown(race: Race, bots: Bots) -> dict[str, float]:
    """Time the main kernels alone on the current state (approximate shares)."""
    from calanque.race.geo import rhumb_step
    from calanque.race.simulation import helm_noise
    from calanque.race.steering import steer
    from calanque.race.wind import uv_to_direction

    st, c = race.state, race.course
    res: dict[str, float] = {}

    def clock(name: str, fn) -> object:  # noqa: ANN001
        t0 = time.perf_counter()
        out = fn()
        res[name] = time.perf_counter() - t0
        return out

    w = clock("wind", lambda: race.wind.sample_uv(st.lat, st.lon, st.t))
    tws, twd = np.abs(w), uv_to_direction(w)
    tlat, tlon = c.target_lat.take(st.next_mark), c.target_lon.take(st.next_mark)
    alat, alon = clock("routes", lambda: race.routes.aim(st.lat, st.lon, st.next_mark, tlat, tlon))
    n = len(st.lat)
    err = clock("helm", lambda: helm_noise(1, st.tick, np.arange(n)) * st.helm)
    args = (st.mode, st.value, st.twa, st.lat, st.lon, alat, alon, tws, twd, race.polar)
    clock("steer blind", lambda: steer(*args))
    clock(
        "steer + look-ahead",
        lambda: steer(*args, race.probe, ~st.finished, tlat, tlon, race._max_step_nm, err),
    )
    clock("polar", lambda: race.polar.speed(st.twa, tws))
    lat1, lon1 = clock("rhumb step", lambda: rhumb_step(st.lat, st.lon, st.heading, st.speed / 6))
    clock("land", lambda: race.land.clip_steps(st.lat, st.lon, lat1, lon1, race.guard))
    clock(
        "ranking",
        lambda: rank_boats(
            st.finished,
            st.finish_time,
            distance_to_finish(
                st.lat,
                st.lon,
                c.target_lat[st.next_mark],
                c.target_lon[st.next_mark],
                c.remaining_nm[st.next_mark],
            ),
        ),
    )
    clock("Bots.act", bots.act)
    return res


def bench_ticks(sizes: list[int], ticks: int) -> None:
    land = load_land()
    wind = make_scenario("mistral", seed=1, hours=240)
    print("\n## Full tick (Class 40, One Provence Méditerranée, Mistral, tick 600 s)\n")
    print(
        "People: every boat on the VMG autopilot. Bots: every boat a bot (its skill's trim "
        "and helm error in the tick) and `Bots.act()` after each tick, as `calanque race "
        "simulate` runs them. Same fleet, side by side; peak = bytes allocated during one "
        "tick (tracemalloc), and during one `act` for bots.\n"
    )
    print(
        "| boats | fleet | people: median tick (s) | bots: median tick + act (s) "
        "| of which act (s) | people: peak B/boat | bots: peak B/boat (tick / act) "
        "| state B/boat | near coast |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        reps = 7 if n >= 1_000_000 else ticks
        for fleet in ("start", "mid-race"):
            cells = {}
            for with_bots in (False, True):
                cfg = RaceConfig(
                    demo_course("mediterranee"), n_boats=n, tick_s=600.0, seed=1, bots=with_bots
                )
                race = Race(cfg, wind=wind, land=land)
                if fleet == "mid-race":
                    spread_fleet(race)
                bots = Bots(race) if with_bots else None
                time_ticks(race, bots, 2)  # warm-up: caches, first manoeuvres
                steps, acts = time_ticks(race, bots, reps)
                total = [a + b for a, b in zip(steps, acts, strict=True)]
                peak = peak_bytes(race.step)
                act_peak = peak_bytes(bots.act) if bots is not None else 0
                cells[with_bots] = (np.median(total), np.median(acts), peak, act_peak)
                st = race.state
                near = race.guard.near.take(race.land._fine_cell(st.lat, st.lon)).mean()
                if with_bots and n == max(sizes) and fleet == "mid-race":
                    parts = phase_breakdown(race, bots)
                del race, bots
            people, botted = cells[False], cells[True]
            print(
                f"| {n:,} | {fleet} | {people[0]:.3f} | {botted[0]:.3f} | {botted[1]:.4f} | "
                f"{people[2] / n:.0f} | {botted[2] / n:.0f} / {botted[3] / n:.0f} | "
                f"{st.nbytes / n:.0f} | {near:.1%} |"
            )
    print(
        "\nKernel times alone at",
        f"{max(sizes):,}",
        "boats (mid-race, bots):",
        ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in parts.items()),
    )


def bench_accuracy() -> None:
    print("\n## Accuracy\n")
    worst = 0.0
    for name in BUILTIN_POLARS:
        p = load_polar(name)
        a, w = np.meshgrid(p.cert_twa, p.cert_tws, indexing="ij")
        got = p.speed(a.ravel(), w.ravel()).reshape(a.shape)
        worst = max(worst, float(np.abs(got - p.cert_speed).max()))
    print(f"- speed at certificate points, 5 boats × 72 points: max |error| = {worst:.1e} kt")
    land = load_land()
    line = (38.5, 4.0, 38.5, 4.0001)
    course = Course(
        "open sea",
        (
            Mark("start", "start", *line),
            Mark("far", "waypoint", 38.5, 7.5, radius_nm=0.5),
            Mark("finish", "finish", 37.5, 7.5, 37.5, 7.6),
        ),
    )
    for heading in (90.0, 60.0, 135.0):
        cfg = RaceConfig(
            course,
            n_boats=1,
            wind={"kind": "constant", "speed": 14.0, "from": 0.0},
            tick_s=300.0,
            bots=False,
        )
        race = Race(cfg, land=land)
        race.order(0, "heading", heading)
        lat0, lon0 = race.state.lat.copy(), race.state.lon.copy()
        race.run(48)
        twa = np.array([-heading if heading <= 180 else 360 - heading])  # wind from 000
        expected = float(race.polar.speed(twa, np.array([14.0]))[0]) * 4.0
        got = float(rhumb_distance_nm(lat0, lon0, race.state.lat, race.state.lon)[0])
        print(
            f"- constant 14 kt wind, heading {heading:.0f}°, 4 h: {got:.4f} nm run vs "
            f"{expected:.4f} analytic (error {abs(got / expected - 1):.1e})"
        )


def bench_orders(n_orders: int, tmp: Path, engines: list[str], postgres: str | None) -> None:
    """Orders through the engine: validated, logged in the book and committed by the
    write-ahead queue's group commit (a thread flushing while orders arrive), as the
    server does; the clock stops when the last order is committed, on each engine."""
    print("\n## Orders through the engine (validated, booked, group-committed)\n")
    print(
        "| engine | orders | queued in (s) | committed after (s) | sustained orders/s "
        "| commits | CPU s (both threads) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for engine in engines:
        if engine == "sqlite":
            location = str(tmp / "orders.sqlite3")
        else:
            location = fresh_url(postgres, tmp, "bench_race")
        _orders_on(n_orders, RaceStore(location), engine)


def _orders_on(n_orders: int, store: RaceStore, engine: str) -> None:
    land = load_land()
    cfg = RaceConfig(demo_course("mediterranee"), n_boats=100_000, tick_s=600.0, seed=1)
    race = Race(cfg, land=land, wind=make_scenario("mistral", seed=1, hours=240))
    rid = store.create(race)
    log = store.order_log(rid)
    log.start()
    rng = np.random.default_rng(0)
    boats = rng.integers(0, cfg.n_boats, n_orders).tolist()
    twa = rng.uniform(-150, 150, n_orders).tolist()
    later = rng.uniform(0, 48 * 3600, n_orders).tolist()
    t0, cpu0 = time.perf_counter(), time.process_time()
    for i in range(n_orders):
        if i % 2:
            race.order(boats[i], "twa", twa[i])
        else:
            race.order(boats[i], "heading", float(i % 360), at_time=later[i])
    queued = time.perf_counter() - t0
    last = log.durable(len(race.orders) - 1)
    last.result(timeout=600)
    total, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    assert len(store.orders(rid)) == n_orders
    store.close()
    print(
        f"| {engine} | {n_orders:,} | {queued:.2f} | {total:.2f} | {n_orders / total:,.0f} "
        f"| {log.commits:,} | {cpu:.2f} ({n_orders / cpu:,.0f}/CPU-s) |",
        flush=True,
    )


def bench_server_tick(n: int, pending: int, ticks: int, tmp: Path) -> None:
    """The server's tick at `n` boats (bots) with `pending` programmed orders waiting:
    step + `Bots.act` + the frame and snapshot every client then fetches."""
    from calanque.race.memory import keep_freed_memory
    from calanque.race.snapshot import build_frame

    kept = keep_freed_memory()  # as the race server does; for the rest of this process
    load0 = f"{os.getloadavg()[0]:.1f}"
    land = load_land()
    wind = make_scenario("mistral", seed=1, hours=240)
    cfg = RaceConfig(demo_course("mediterranee"), n_boats=n, tick_s=600.0, seed=1, bots=True)
    race = Race(cfg, wind=wind, land=land)
    spread_fleet(race)
    bots = Bots(race)
    rng = np.random.default_rng(2)
    boats = rng.integers(0, n, pending).tolist()
    at = rng.uniform(1200, 10 * 86400, pending).tolist()  # ~4,000 fire per tick
    t0 = time.perf_counter()
    for b, t in zip(boats, at, strict=True):
        race.order(b, "twa", 120.0, at_time=t)
    booked = time.perf_counter() - t0
    time_ticks(race, bots, 2)
    steps, acts, frames, cpus, faults = [], [], [], [], []
    for _ in range(ticks):
        f0 = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
        c0 = time.thread_time()
        t0 = time.perf_counter()
        race.step()
        t1 = time.perf_counter()
        bots.act()
        t2 = time.perf_counter()
        frame = build_frame(race)
        frames.append(time.perf_counter() - t2)
        cpus.append(time.thread_time() - c0)
        faults.append(resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - f0)
        steps.append(t1 - t0)
        acts.append(t2 - t1)
    left = len(race.orders) - int(race.orders.column("done").sum())
    size = len(frame.snapshot)
    t0 = time.perf_counter()
    packed = zlib.compress(frame.snapshot, 1)
    zip_s = time.perf_counter() - t0
    print(f"\n## Server tick at {n:,} boats (bots, mid-race), {pending:,} programmed orders\n")
    print(
        f"Booking the {pending:,} orders (no disk): {booked:.1f} s ({pending / booked:,.0f}/s); "
        f"{left:,} still pending after {ticks + 2} ticks. Freed memory kept for the next tick "
        f"(`keep_freed_memory`, as the server does): {kept}; median page faults a tick: "
        f"{int(np.median(faults)):,}. Load average before / after: {load0} / "
        f"{os.getloadavg()[0]:.1f}.\n"
    )
    print(
        "| median step (s) | median Bots.act (s) | median frame + snapshot (s) | tick total (s) "
        "| tick CPU (s) | snapshot bytes | per boat | zlib -1 bytes (time) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    med = [float(np.median(x)) for x in (steps, acts, frames)]
    print(
        f"| {med[0]:.3f} | {med[1]:.4f} | {med[2]:.3f} | {sum(med):.3f} | "
        f"{float(np.median(cpus)):.3f} | {size:,} | {size / n:.1f} | {len(packed):,} "
        f"({zip_s:.2f} s) |"
    )


def bench_http_orders(seconds: float, concurrency: int, tmp: Path) -> None:
    """Orders through HTTP on loopback: a real `calanque serve` process, `concurrency`
    requests in flight from 8 joined boats, for at most `seconds` (bounded)."""
    import asyncio
    import datetime as dt
    import os
    import shutil
    import signal
    import socket
    import subprocess
    import sys

    import httpx

    start = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=5)
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    races = tmp / "races.toml"
    end = start + dt.timedelta(hours=1)
    races.write_text(
        "\n".join(
            [
                "[[race]]",
                'slug = "bench"',
                'name = "Bench"',
                'course = "mediterranee"',
                "players = 100",
                "bots = 1000",
                f"registration_opens = {start.strftime(fmt)}",
                f"start = {start.strftime(fmt)}",
                f"end = {end.strftime(fmt)}",
                "tick_s = 600",
                "time_factor = 60",
                "",
            ]
        ),
        "utf-8",
    )
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    exe = shutil.which("calanque", path=str(Path(sys.executable).parent))
    env = {
        **os.environ,
        "CALANQUE_HOME": str(tmp / "home"),
        "CALANQUE_RACE_FILE": str(races),
        "CALANQUE_RACE_ORDERS_PER_MINUTE": "100000000",
        "OMP_NUM_THREADS": "1",
    }
    server = subprocess.Popen(
        [exe or "calanque", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/api/races/bench"
    try:
        for _ in range(1200):
            try:
                if httpx.get(base, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.25)
        time.sleep(max(0.0, (start - dt.datetime.now(dt.UTC)).total_seconds()))

        async def run() -> tuple[int, int, list[float]]:
            clients = []
            for i in range(8):
                c = httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=64))
                r = await c.post(f"{base}/join", json={"boat_name": f"B{i}", "country": "FR"})
                r.raise_for_status()
                clients.append(c)
            ok = errors = 0
            lat: list[float] = []
            stop = time.perf_counter() + seconds

            async def worker(k: int) -> None:
                nonlocal ok, errors
                c = clients[k % len(clients)]
                while time.perf_counter() < stop:
                    t0 = time.perf_counter()
                    r = await c.post(f"{base}/orders", json={"mode": "twa", "value": -90 - k % 60})
                    lat.append(time.perf_counter() - t0)
                    ok, errors = (ok + 1, errors) if r.status_code == 201 else (ok, errors + 1)

            await asyncio.gather(*(worker(k) for k in range(concurrency)))
            for c in clients:
                await c.aclose()
            return ok, errors, lat

        t0 = time.perf_counter()
        ok, errors, lat = asyncio.run(run())
        wall = time.perf_counter() - t0
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    print(f"\n## Orders through HTTP on loopback ({concurrency} in flight, {seconds:.0f} s)\n")
    print("| acknowledged | errors | orders/s | p50 (ms) | p95 (ms) |")
    print("|---:|---:|---:|---:|---:|")
    p50, p95 = np.percentile(lat, [50, 95]) * 1000
    print(f"| {ok:,} | {errors} | {ok / wall:,.0f} | {p50:.1f} | {p95:.1f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--ticks", type=int, default=15)
    ap.add_argument("--orders", type=int, default=500_000, help="Orders through the engine.")
    ap.add_argument("--server-boats", type=int, default=1_000_000)
    ap.add_argument("--pending", type=int, default=1_000_000, help="Programmed orders waiting.")
    ap.add_argument("--http-seconds", type=float, default=20.0)
    ap.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="sqlite")
    ap.add_argument("--postgres", help="A PostgreSQL server URL (default: an embedded one).")
    ap.add_argument(
        "--only", default="ticks,accuracy,orders,server,http", help="Comma-separated parts."
    )
    args = ap.parse_args()
    parts = set(args.only.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        if "ticks" in parts:
            bench_ticks([int(s) for s in args.sizes.split(",")], args.ticks)
        if "accuracy" in parts:
            bench_accuracy()
        if "orders" in parts:
            engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
            bench_orders(args.orders, Path(tmp), engines, args.postgres)
        if "server" in parts:
            bench_server_tick(args.server_boats, args.pending, 7, Path(tmp))
        if "http" in parts:
            bench_http_orders(args.http_seconds, 64, Path(tmp))


if __name__ == "__main__":
    main()
