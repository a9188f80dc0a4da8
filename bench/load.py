"""Load and rate-limit benchmark: many visitors asking at once, a real `calanque serve` process
on loopback, for a bounded time; then the server must still answer.

Each of `--clients` visitors asks questions one after another from its own loopback address
(127.0.0.2, 127.0.0.3…: the server keys its rate limit on the address, as it would on the
Internet), at least once, and waits as told when the rate limit answers 429; one more visitor,
from 127.0.0.1, sends 10 questions a second (10 × the run's seconds in all) without waiting for
answers and must be held back by the rate limit (429 with Retry-After). Questions are all different
(commune × topic). Prints, per kind of visitor: requests, answers, 429s, errors (5xx, timeouts,
connection failures), throughput, and latency percentiles of the answers; then whether the
server still answers a question after the run.

    python bench/load.py --home DIR [--pack PACK] [--clients 50] [--seconds 180] [--json]

`--home` is an index directory built by `calanque demo --home DIR` (or `make run`); without it
the demo index is built first into a temporary directory. The server keeps its rate limit
(`CALANQUE_RATE_LIMIT_PER_MINUTE`, 20 by default) unless `--rate-limit` says otherwise.
Traffic goes to 127.0.0.0/8 only, and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from rich.console import Console
from rich.table import Table

from calanque.territory.pack import load_pack

TOPICS = [
    "Combien d'habitants à {}",
    "Comment aller à {} en transports",
    "Que visiter à {}",
    "Où se baigner près de {}",
    "Quelles entreprises à {}",
    "What is there to see in {}",
    "Randonnée autour de {}",
    "Quel marché à {}",
]
TIMEOUT = 60.0
GREEDY_PER_SECOND = 10.0


@dataclass
class Tally:
    """What one kind of visitor got."""

    requests: int = 0
    answers: list[float] = field(default_factory=list)  # seconds, per 200
    limited: int = 0  # 429
    retry_after_missing: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def summary(self, wall: float) -> dict[str, object]:
        ms = np.array(self.answers) * 1000
        return {
            "requests": self.requests,
            "answers": len(self.answers),
            "limited": self.limited,
            "retry_after_missing": self.retry_after_missing,
            "errors": dict(self.errors),
            "answers_per_s": round(len(self.answers) / wall, 2) if wall else 0.0,
            "p50_ms": round(float(np.percentile(ms, 50))) if len(ms) else None,
            "p95_ms": round(float(np.percentile(ms, 95))) if len(ms) else None,
            "max_ms": round(float(ms.max())) if len(ms) else None,
        }


def question_pool(pack: str) -> list[str]:
    names = [c.name for c in load_pack(pack).communes.values()]
    pool = [t.format(name) + " ?" for name in names for t in TOPICS]
    order = np.random.default_rng(13).permutation(len(pool))
    return [pool[i] for i in order]


async def ask(client: httpx.AsyncClient, url: str, question: str, tally: Tally) -> float:
    """One question; the seconds the server asks to wait (429), else 0."""
    tally.requests += 1
    started = time.perf_counter()
    try:
        r = await client.post(f"{url}/api/ask", json={"question": question})
    except httpx.TimeoutException:
        tally.error("timeout")
        return 0.0
    except httpx.HTTPError as exc:
        tally.error(type(exc).__name__)
        return 0.1
    if r.status_code == 200:
        tally.answers.append(time.perf_counter() - started)
    elif r.status_code == 429:
        tally.limited += 1
        if "retry-after" not in r.headers:
            tally.retry_after_missing += 1
            return 1.0
        return float(r.headers["retry-after"])
    else:
        tally.error(str(r.status_code))
    return 0.0


async def visitor(
    url: str, address: str, questions: list[str], deadline: float, tally: Tally
) -> None:
    """Asks one question after another, and waits as told when the rate limit answers."""
    transport = httpx.AsyncHTTPTransport(local_address=address)
    async with httpx.AsyncClient(transport=transport, timeout=TIMEOUT) as client:
        i = 0
        while True:  # at least one question, however late a busy client starts
            wait = await ask(client, url, questions[i % len(questions)], tally)
            i += 1
            if time.monotonic() >= deadline:
                break
            await asyncio.sleep(min(wait, max(0.0, deadline - time.monotonic())))


async def greedy_visitor(
    url: str, questions: list[str], count: int, tally: Tally, per_second: float
) -> None:
    """Sends `count` questions, `per_second` a second, from one address, never waiting for
    answers (a fixed count: a client starved of CPU still sends them all)."""
    transport = httpx.AsyncHTTPTransport(local_address="127.0.0.1")
    async with httpx.AsyncClient(transport=transport, timeout=TIMEOUT) as client:
        pending: list[asyncio.Task[float]] = []
        for i in range(count):
            pending.append(
                asyncio.create_task(ask(client, url, questions[i % len(questions)], tally))
            )
            await asyncio.sleep(1.0 / per_second)
        await asyncio.gather(*pending)


async def run(url: str, pack: str, clients: int, seconds: float) -> dict[str, object]:
    pool = question_pool(pack)
    visitors, greedy = Tally(), Tally()
    deadline = time.monotonic() + seconds
    tasks = [
        visitor(url, f"127.0.0.{2 + i}", pool[i::clients] or pool, deadline, visitors)
        for i in range(clients)
    ]
    count = max(1, round(GREEDY_PER_SECOND * seconds))
    tasks.append(greedy_visitor(url, pool[::-1], count, greedy, GREEDY_PER_SECOND))
    started = time.perf_counter()
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - started
    # After the storm: the server still answers, promptly, a visitor it has not seen.
    after: dict[str, object] = {}
    transport = httpx.AsyncHTTPTransport(local_address="127.0.0.250")
    async with httpx.AsyncClient(transport=transport, timeout=TIMEOUT) as client:
        t = time.perf_counter()
        health = await client.get(f"{url}/healthz")
        r = await client.post(f"{url}/api/ask", json={"question": pool[0]})
        after = {
            "healthz": health.status_code,
            "ask": r.status_code,
            "seconds": round(time.perf_counter() - t, 2),
        }
    return {
        "load_average": round(os.getloadavg()[0], 1),
        "clients": clients,
        "seconds": round(wall, 1),
        "visitors": visitors.summary(wall),
        "greedy": greedy.summary(wall),
        "after": after,
    }


def start_server(home: Path, pack: str | None, rate_limit: int | None) -> tuple[Any, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "CALANQUE_LLM": "extractive"}
    if rate_limit is not None:
        env["CALANQUE_RATE_LIMIT_PER_MINUTE"] = str(rate_limit)
    cmd = [sys.executable, "-m", "calanque.cli", "serve", "--home", str(home), "--port", str(port)]
    if pack:
        cmd += ["--pack", pack]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(2400):  # the first run builds the demo index
        if server.poll() is not None:
            raise SystemExit(f"calanque serve exited: {server.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return server, url
        except httpx.HTTPError:
            time.sleep(0.25)
    server.terminate()
    raise SystemExit("calanque serve did not start")


def table(result: dict[str, object]) -> Table:
    out = Table(
        "visitors",
        "requests",
        "answers",
        "429",
        "errors",
        "answers/s",
        "p50 ms",
        "p95 ms",
        "max ms",
        title=f"{result['clients']} visitors + 1 greedy, {result['seconds']} s "
        f"(machine load average {result['load_average']})",
    )
    for name in ("visitors", "greedy"):
        row = result[name]
        assert isinstance(row, dict)
        out.add_row(
            f"{result['clients']} (one address each)" if name == "visitors" else "1 greedy",
            str(row["requests"]),
            str(row["answers"]),
            f"{row['limited']}"
            + (
                f" ({row['retry_after_missing']} no Retry-After)" * bool(row["retry_after_missing"])
            ),
            ", ".join(f"{k}: {v}" for k, v in row["errors"].items()) or "0",
            f"{row['answers_per_s']}",
            str(row["p50_ms"] or "—"),
            str(row["p95_ms"] or "—"),
            str(row["max_ms"] or "—"),
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--pack", default=None, help="pack id or folder (default: the setting)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--rate-limit", type=int, default=None, help="per visitor and minute")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="calanque-load-bench-"))
    server, url = start_server(home, args.pack, args.rate_limit)
    try:
        pack = args.pack or httpx.get(f"{url}/healthz").json()["pack"]
        result = asyncio.run(run(url, pack, args.clients, args.seconds))
    finally:
        server.terminate()
        server.wait(timeout=20)
    console = Console(width=160)
    console.print(table(result))
    after = result["after"]
    assert isinstance(after, dict)
    console.print(
        f"after the run: /healthz {after['healthz']}, a question {after['ask']} "
        f"in {after['seconds']} s"
    )
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
