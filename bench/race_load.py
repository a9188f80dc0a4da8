"""Load test of the race server on loopback: N simulated players against a real `calanque serve`.

Each player is a browser of its own on its own loopback address (127.0.x.y, so per-address
rate limits apply as they would on the internet): it fetches a CSRF token, signs up (argon2id),
logs in again from a "second device", joins the race, then until the end of the run does what
the race page does: it follows the server-sent events and, at each tick, after a random wait
of up to a quarter of a tick (5 s at most), fetches the snapshot (with its ETag) and its boat;
the second device sends an order every `--order-every` s.
Arrivals are spread over `--ramp` seconds; the race ticks every `--tick-every` wall seconds.
The run is bounded: it stops after `--duration` seconds and stops the server it started.

    python bench/race_load.py --players 1000 --ramp 120 --duration 180

Prints p50/p95/p99 latency per kind of request, errors by status, and whether the race kept
its clock (ticks sailed against ticks due). Only loopback addresses are ever contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import random
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from functools import partial
from pathlib import Path

import httpx
import numpy as np

SLUG = "load"
PASSWORD = "load test password"


def race_file(path: Path, players: int, minutes: float, tick_every: float) -> None:
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=30)
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    path.write_text(
        f"""
[[race]]
slug = "{SLUG}"
name = "Load test"
course = "mediterranee"
players = {players + 50}
bots = 300
registration_opens = {(start - dt.timedelta(hours=1)).strftime(fmt)}
start = {start.strftime(fmt)}
end = {(start + dt.timedelta(minutes=minutes)).strftime(fmt)}
tick_s = 600
time_factor = {600 / tick_every}
wind = {{ kind = "scenario", name = "mistral", seed = 1, hours = 400 }}
""",
        "utf-8",
    )


class Stats:
    def __init__(self) -> None:
        self.ms: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[tuple[str, str]] = Counter()
        self.retried: Counter[str] = Counter()

    async def call(self, kind: str, request, ok=(200, 201, 304)) -> httpx.Response | None:
        """Time `request()`, a partial of a client's method. A GET on a keep-alive connection
        the server closed as it was reused is sent again once, as browsers do; counted apart."""
        t0 = time.perf_counter()
        try:
            try:
                r = await request()
            except (httpx.RemoteProtocolError, httpx.ReadError):
                if kind not in ("csrf", "snapshot", "me"):
                    raise
                self.retried[kind] += 1
                r = await request()
        except httpx.HTTPError as exc:
            self.errors[(kind, type(exc).__name__)] += 1
            return None
        self.ms[kind].append((time.perf_counter() - t0) * 1000)
        if r.status_code not in ok:
            self.errors[(kind, str(r.status_code))] += 1
        return r


# One TLS context for every simulated browser: httpx builds one per client otherwise (the CA
# bundle read each time), which cost the harness 16 s of CPU for 300 clients: it measured itself.
TLS = ssl.create_default_context()


async def player(i: int, url: str, args: argparse.Namespace, stats: Stats, end: float) -> None:
    await asyncio.sleep(random.uniform(0, args.ramp))
    address = f"127.0.{1 + i // 250}.{2 + i % 250}"
    limits = httpx.Limits(max_connections=2)
    timeout = httpx.Timeout(60.0)

    def client() -> httpx.AsyncClient:
        transport = httpx.AsyncHTTPTransport(local_address=address, limits=limits, verify=TLS)
        return httpx.AsyncClient(base_url=url, transport=transport, timeout=timeout, verify=TLS)

    name = f"Load {i:05d}"
    async with client() as c, client() as phone:
        for browser in (c, phone):
            r = await stats.call("csrf", partial(browser.get, "/api/players/csrf"))
            if r is None:
                return
            browser.headers["X-CSRF-Token"] = r.json()["csrf"]
        body = {"boat_name": name, "country": "FR", "club": f"Club {i % 40}", "password": PASSWORD}
        if await stats.call("signup", partial(c.post, "/api/players/signup", json=body)) is None:
            return
        login = {"login": name, "password": PASSWORD}
        await stats.call("login", partial(phone.post, "/api/players/login", json=login))
        await stats.call("join", partial(c.post, f"/api/races/{SLUG}/join"))
        base = f"/api/races/{SLUG}"
        await asyncio.gather(
            follow(c, base, stats, end, args.tick_every), steer(phone, base, args, stats, end)
        )


async def follow(
    c: httpx.AsyncClient, base: str, stats: Stats, end: float, tick_every: float
) -> None:
    """What the race page does: one server-sent event per tick, then the snapshot (with its
    ETag) and my boat. The stream is read until the end of the run."""
    etag = ""
    while time.monotonic() < end:
        try:
            async with c.stream(
                "GET", f"{base}/events", timeout=httpx.Timeout(30.0, read=30.0)
            ) as events:
                async for line in events.aiter_lines():
                    if time.monotonic() >= end:
                        return
                    if not line.startswith("data:"):
                        continue
                    await asyncio.sleep(random.uniform(0, min(5.0, tick_every / 4)))  # as the page
                    headers = {"If-None-Match": etag} if etag else {}
                    s = await stats.call(
                        "snapshot", partial(c.get, f"{base}/snapshot", headers=headers)
                    )
                    if s is not None:
                        etag = s.headers.get("etag", etag)
                    await stats.call("me", partial(c.get, f"{base}/me"))
        except httpx.HTTPError as exc:
            stats.errors[("events", type(exc).__name__)] += 1
            await asyncio.sleep(1)


async def steer(
    phone: httpx.AsyncClient, base: str, args: argparse.Namespace, stats: Stats, end: float
) -> None:
    """An order every `--order-every` seconds, from the player's second device."""
    await asyncio.sleep(random.uniform(0, args.order_every))
    while time.monotonic() < end:
        order = random.choice(
            [
                {"mode": "heading", "value": random.uniform(0, 359)},
                {"mode": "twa", "value": random.choice([-1, 1]) * random.uniform(40, 160)},
                {"mode": "vmg"},
            ]
        )
        await stats.call("order", partial(phone.post, f"{base}/orders", json=order))
        await asyncio.sleep(args.order_every * random.uniform(0.8, 1.2))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def run(args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp(prefix="race-load-"))
    minutes = (args.ramp + args.duration) / 60 + 10
    race_file(work / "races.toml", args.players, minutes, args.tick_every)
    port = free_port()
    env = {
        **os.environ,
        "CALANQUE_RACE_FILE": str(work / "races.toml"),
        "CALANQUE_RACE_DB": str(work / "races.sqlite3"),
    }
    if args.home:
        env["CALANQUE_HOME"] = args.home
    cmd = [sys.executable, "-m", "calanque.cli", "serve", "--port", str(port)]
    log = open(work / "serve.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{url}/api/races/{SLUG}/tick", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None:
                raise SystemExit(f"calanque serve stopped: see {work / 'serve.log'}")
            time.sleep(0.5)
        stats = Stats()
        t0 = time.monotonic()
        end = t0 + args.ramp + args.duration
        first = httpx.get(f"{url}/api/races/{SLUG}").json()
        await asyncio.gather(*(player(i, url, args, stats, end) for i in range(args.players)))
        elapsed = time.monotonic() - t0
        last = httpx.get(f"{url}/api/races/{SLUG}").json()
        due = (
            dt.datetime.fromisoformat(last["next_tick_at"]) - dt.datetime.now(dt.UTC)
        ).total_seconds()
        report(args, stats, elapsed, first, last, due)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def report(args, stats: Stats, elapsed: float, first: dict, last: dict, due: float) -> None:
    total = sum(len(v) for v in stats.ms.values())
    print(
        f"\n{args.players} players, {elapsed:.0f} s ({args.ramp:.0f} s ramp), {total} requests "
        f"({total / elapsed:.0f}/s), {sum(stats.errors.values())} errors; "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print("| request | count | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind in ("csrf", "signup", "login", "join", "snapshot", "me", "order"):
        ms = np.array(stats.ms.get(kind, []))
        if ms.size:
            p50, p95, p99 = np.percentile(ms, [50, 95, 99])
            print(f"| {kind} | {ms.size} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {ms.max():.0f} |")
    if stats.retried:
        print("sent again once:", ", ".join(f"{k}: {n}" for k, n in stats.retried.items()))
    if stats.errors:
        print("errors:", ", ".join(f"{k} {s}: {n}" for (k, s), n in stats.errors.most_common()))
    print(
        f"race: ticks {first['tick']} → {last['tick']}, boats racing {last['boats']}, players "
        f"{last['players']}; next tick due in {due:+.1f} s (negative: the clock is behind)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--players", type=int, default=1000)
    parser.add_argument("--duration", type=float, default=180.0, help="Seconds after the ramp.")
    parser.add_argument("--ramp", type=float, default=120.0, help="Seconds over which they come.")
    parser.add_argument(
        "--tick-every", type=float, default=30.0, help="Wall seconds per 10-minute tick."
    )
    parser.add_argument("--order-every", type=float, default=30.0)
    parser.add_argument("--home", default="", help="CALANQUE_HOME with a built index.")
    parser.add_argument("--keep", action="store_true", help="Keep the work folder and its log.")
    args = parser.parse_args()
    if args.players > 250 * 250:
        raise SystemExit("at most 62,500 players (one loopback address each)")
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
