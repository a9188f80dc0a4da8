"""Load benchmark of the web API on this machine: a real `calanque serve` process on loopback.

Prints requests/s and latency percentiles for `/api/search` and `/api/ask` (extractive backend,
JSON and streamed), at several concurrency levels; for streams, the time to the first byte and to
the first answer text. Questions are all different (commune × topic), so no cache flatters them.

    python bench/serve.py --home DIR [--levels 1,10,50] [--requests 200]
        [--workers N] [--engine sqlite|postgres] [--postgres URL] [--endpoints search,ask,stream]

`--home` is an index directory built by `calanque demo --home DIR` (or `make run`); without it the
demo index is built first into a temporary directory (a few minutes). `--workers N` starts N
`calanque serve` processes on loopback and spreads the clients over them in turn, as a reverse
proxy would; with `--engine postgres` they share a PostgreSQL database (`--postgres URL`, else an
embedded server in `--home`; the first worker builds the demo index there). Every client is its own
visitor (X-Forwarded-For from a trusted loopback proxy) and the rate limit is counted, never hit.
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
from pathlib import Path

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
    "How far is {} from Marseille",
    "Randonnée autour de {}",
]


def questions(n: int, offset: int) -> list[str]:
    """Distinct questions; cycling through more of them than the query cache holds."""
    names = [c.name for c in load_pack("aix-marseille-provence").communes.values()]
    pool = [t.format(name) + " ?" for name in names for t in TOPICS]
    return [pool[((offset + i) * 7919) % len(pool)] for i in range(n)]


async def run_level(
    urls: list[str], endpoint: str, level: int, qs: list[str]
) -> tuple[list[float], list[float], list[float], float]:
    """Latencies (total, first byte, first answer text) for every request, and the wall time."""
    totals: list[float] = []
    first_bytes: list[float] = []
    first_text: list[float] = []
    queue: asyncio.Queue[str] = asyncio.Queue()
    for q in qs:
        queue.put_nowait(q)

    async def worker(client: httpx.AsyncClient, n: int) -> None:
        url = urls[n % len(urls)]
        client.headers["X-Forwarded-For"] = f"198.51.{n // 250}.{n % 250 + 1}"
        while not queue.empty():
            q = queue.get_nowait()
            started = time.perf_counter()
            if endpoint == "search":
                r = await client.get(f"{url}/api/search", params={"q": q, "k": 10})
                r.raise_for_status()
                totals.append(time.perf_counter() - started)
            elif endpoint == "ask":
                r = await client.post(f"{url}/api/ask", json={"question": q})
                r.raise_for_status()
                totals.append(time.perf_counter() - started)
            else:
                got_byte = got_text = None
                async with client.stream(
                    "POST", f"{url}/api/ask", json={"question": q, "stream": True}
                ) as r:
                    r.raise_for_status()
                    async for line in r.aiter_lines():
                        now = time.perf_counter() - started
                        got_byte = got_byte if got_byte is not None else now
                        if got_text is None and line == "event: delta":
                            got_text = now
                totals.append(time.perf_counter() - started)
                first_bytes.append(got_byte or 0.0)
                first_text.append(got_text or 0.0)

    clients = [httpx.AsyncClient(timeout=120) for _ in range(level)]
    started = time.perf_counter()
    await asyncio.gather(*(worker(c, n) for n, c in enumerate(clients)))
    wall = time.perf_counter() - started
    for c in clients:
        await c.aclose()
    return totals, first_bytes, first_text, wall


def ms(values: list[float], p: float) -> str:
    return f"{np.percentile(np.array(values) * 1000, p):.0f}" if values else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--levels", default="1,10,50")
    parser.add_argument("--requests", type=int, default=200, help="requests per level")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres", default="", help="server URL (default: embedded)")
    parser.add_argument("--endpoints", default="search,ask,stream")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="calanque-serve-bench-"))
    env = {
        **os.environ,
        "CALANQUE_RATE_LIMIT_PER_MINUTE": "1000000",
        "CALANQUE_TRUSTED_PROXIES": "127.0.0.1",
        "CALANQUE_LLM": "extractive",
        "OMP_NUM_THREADS": "1",
    }
    if args.engine == "postgres":
        from pg import fresh_url

        env["CALANQUE_DATABASE_URL"] = fresh_url(args.postgres, home, "calanque_serve", keep=True)
    servers, urls = [], []
    console = Console()
    try:
        for _ in range(args.workers):  # one after the other: the first builds the demo index
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            cmd = [sys.executable, "-m", "calanque.cli", "serve", "--home", str(home)]
            servers.append(
                subprocess.Popen(
                    [*cmd, "--port", str(port)],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            url = f"http://127.0.0.1:{port}"
            for _ in range(1200):
                try:
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.5)
            urls.append(url)
        health = httpx.get(f"{urls[0]}/healthz").json()
        console.print(f"{args.workers} worker(s), {args.engine}: {json.dumps(health)}")
        table = Table(
            "endpoint",
            "clients",
            "requests",
            "req/s",
            "p50 ms",
            "p95 ms",
            "first byte p50/p95 ms",
            "first text p50/p95 ms",
        )
        offset = 0
        names = {"search": "search", "ask": "ask", "stream": "ask (stream)"}
        for endpoint in (names[e] for e in args.endpoints.split(",")):
            for level in (int(x) for x in args.levels.split(",")):
                qs = questions(args.requests, offset)
                offset += args.requests
                totals, fb, ft, wall = asyncio.run(
                    run_level(
                        urls,
                        endpoint.split(" ")[0] if endpoint != "ask (stream)" else "stream",
                        level,
                        qs,
                    )
                )
                table.add_row(
                    endpoint,
                    str(level),
                    str(len(totals)),
                    f"{len(totals) / wall:.1f}",
                    ms(totals, 50),
                    ms(totals, 95),
                    f"{ms(fb, 50)} / {ms(fb, 95)}" if fb else "—",
                    f"{ms(ft, 50)} / {ms(ft, 95)}" if ft else "—",
                )
        console.print(table)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
