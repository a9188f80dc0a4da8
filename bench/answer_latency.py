"""What the answer path's costly steps cost, side by side: the latency of a whole extractive
answer on the demo facts questions, for several reader and search settings taken in turn
question by question (so that the shared machine's load falls on every setting alike).

Settings: the reader's dense candidates for a factoid and for a list (sentences embedded and
compared with the question: 8 and 8 before the fifth session, 4 and 8 after it, 4 and 4 until the
fifteenth, 2 and 2 now, plus the best holding the asked type when those hold none) and
the bridge search (a second search for a question asked in another language than the corpus's,
`Answerer.bridge_k`; 0 turns it off).

    python bench/answer_latency.py [--workdir DIR] [--limit N] [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

from answers import fact_questions  # noqa: E402
from train_refusal import demo_engine  # noqa: E402

SETTINGS = {  # name: (dense candidates for a factoid, for a list, bridge_k)
    "dense 8/8, no bridge (fifth session's start)": (8, 8, 0),
    "dense 4/8, bridge 3 (sixth session's start)": (4, 8, 3),
    "dense 4/4, bridge 3 (until the fifteenth session)": (4, 4, 3),
    "dense 2/2, bridge 3 (now)": (2, 2, 3),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/calanque-latency"))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    answerer = demo_engine(args.workdir).answerer
    questions = [q["question"] for q in fact_questions()]
    if args.limit:
        questions = questions[: args.limit]
    answerer.ask(questions[0])  # warm-up: the recogniser and the embedder load
    times: dict[str, list[float]] = {name: [] for name in SETTINGS}
    load = [os.getloadavg()[0]]
    for _ in range(args.rounds):
        for question in questions:
            for name, (dense, list_dense, bridge) in SETTINGS.items():
                answerer.reader.dense_candidates = dense
                answerer.reader.list_dense_candidates = list_dense
                answerer.bridge_k = bridge
                # every setting embeds the question and its sentences afresh, as a new question
                answerer.searcher.embedder._cache.clear()
                started = time.perf_counter()
                answerer.ask(question)
                times[name].append(1000 * (time.perf_counter() - started))
    load.append(os.getloadavg()[0])
    table = Table(title=f"Whole extractive answer, ms ({len(questions)} questions)")
    for column in ("setting", "p50", "p95", "mean"):
        table.add_column(column, justify="left" if column == "setting" else "right")
    for name, ms in times.items():
        a = np.array(ms)
        table.add_row(
            name, f"{np.percentile(a, 50):.0f}", f"{np.percentile(a, 95):.0f}", f"{a.mean():.0f}"
        )
    console = Console()
    console.print(table)
    console.print(f"1-minute load average {load[0]:.2f} → {load[1]:.2f}")


if __name__ == "__main__":
    main()
