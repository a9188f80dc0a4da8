"""Load benchmark of the web API on this machine: a real `calanque serve` process on loopback.

Prints requests/s and latency percentiles for `/api/search` and `/api/ask` (extractive backend,
JSON and streamed), at several concurrency levels; for streams, the time to the first byte and to
the first answer text. Questions are all different (commune × topic), so no cache flatters them.

    python bench/serve.py --home DIR [--levels 1,10,50] [--requests 200]

`--home` is an index directory built by `calanque demo --home DIR` (or `make run`); without it the
demo index is built first into a temporary directory (a few minutes).
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
    url: str, endpoint: str, level: int, qs: list[str]
) -> tuple[list[float], list[float], list[float], float]:
    """Latencies (total, first byte, first answer text) for every request, and the wall time."""
    totals: list[float] = []
    first_bytes: list[float] = []
    first_text: list[float] = []
    queue: asyncio.Queue[str] = asyncio.Queue()
    for q in qs:
        queue.put_nowait(q)

    async def worker(client: httpx.AsyncClient) -> None:
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

    limits = httpx.Limits(max_connections=level, max_keepalive_connections=level)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(level)))
        wall = time.perf_counter() - started
    return totals, first_bytes, first_text, wall


def ms(values: list[float], p: float) -> str:
    return f"{np.percentile(np.array(values) * 1000, p):.0f}" if values else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--levels", default="1,10,50")
    parser.add_argument("--requests", type=int, default=200, help="requests per level")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="calanque-serve-bench-"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "CALANQUE_RATE_LIMIT_PER_MINUTE": "0", "CALANQUE_LLM": "extractive"}
    cmd = [sys.executable, "-m", "calanque.cli", "serve", "--home", str(home), "--port", str(port)]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    console = Console()
    try:
        for _ in range(1200):  # the first run builds the demo index
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        health = httpx.get(f"{url}/healthz").json()
        console.print(f"server: {json.dumps(health)}")
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
        for endpoint in ("search", "ask", "ask (stream)"):
            for level in (int(x) for x in args.levels.split(",")):
                qs = questions(args.requests, offset)
                offset += args.requests
                totals, fb, ft, wall = asyncio.run(
                    run_level(
                        url,
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
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
