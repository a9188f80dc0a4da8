"""How many corrections the demo needs: the demo-corpus facts of `answers.py`, asked before and
after the corrections an editor wrote in `bench/data/corrections.tsv` were applied through the
console's feedback desk (each one a thumbs-down, then a correction note pinned for its question).

    python bench/corrections.py [--workdir DIR] [--list-failures]

Prints the facts answered right in their first sentence before and after, which failures each
correction fixed, and any question that was right before and wrong after (a correction pinned
for one question must not take over another). The demo index is built in `--workdir` (seconds:
the pack ships its vectors) and copied, so the corrections never touch the first build.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

from answers import DATA, fact_questions, first_sentence  # noqa: E402
from calanque.config import Settings  # noqa: E402
from calanque.console.audit import Actor  # noqa: E402
from calanque.console.feedback import FeedbackDesk  # noqa: E402
from calanque.engine import Engine  # noqa: E402
from calanque.index.embedders import E5Embedder  # noqa: E402
from piaf import contains  # noqa: E402

EDITOR = Actor(None, "bench", "editor")
console = Console()


def right(engine: Engine, rows: list[dict]) -> list[bool]:
    out = []
    for row in rows:
        answer = engine.answerer.ask(row["question"])
        out.append(answer.answered and contains(first_sentence(answer.text), row["facts"]))
    return out


def corrections() -> list[dict[str, str]]:
    lines = (DATA / "corrections.tsv").read_text("utf-8").splitlines()
    rows = [x.split("\t") for x in lines if x.strip() and not x.startswith("#")]
    return [{"question": q, "note": n} for q, n in rows[1:]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/calanque-bench-corrections"))
    parser.add_argument("--list-failures", action="store_true", help="print the failures, stop")
    args = parser.parse_args()
    embedder = E5Embedder()
    base = args.workdir / "demo"
    engine = Engine(Settings.load({"home": str(base)}), embedder=embedder)
    engine.build_demo()
    rows = fact_questions()
    before = right(engine, rows)
    console.print(f"demo facts, first sentence right: {sum(before)}/{len(rows)}")
    if args.list_failures:
        for row, ok in zip(rows, before, strict=True):
            if not ok:
                answer = engine.answerer.ask(row["question"])
                console.print(
                    f"- {row['question']} [dim]want {row['facts']}[/dim]\n  {answer.text[:200]}"
                )
        return
    corrected = args.workdir / "corrected"
    shutil.rmtree(corrected, ignore_errors=True)
    corrected.mkdir(parents=True)
    target = sqlite3.connect(corrected / engine.settings.db_path.name)
    engine.database.connection().backup(target)
    target.close()
    engine.close()
    engine = Engine(Settings.load({"home": str(corrected)}), embedder=embedder)
    desk = FeedbackDesk(engine)
    notes = corrections()
    for c in notes:
        answer = engine.answerer.ask(c["question"])
        sources = [
            {**s.to_dict(engine.answerer.commune_names), "cited": s in answer.cited}
            for s in answer.sources
        ]
        cid, turn = engine.conversations.record(None, answer, sources)
        engine.conversations.feedback(turn, -1, "bench", conversation_id=cid)
        desk.correct(turn, c["note"], EDITOR)
    after = right(engine, rows)
    table = Table("question", "before", "after", title=f"{len(notes)} corrections")
    corrected_qs = {c["question"] for c in notes}
    for row, b, a in zip(rows, before, after, strict=True):
        if b != a or row["question"] in corrected_qs:
            table.add_row(row["question"], "right" if b else "wrong", "right" if a else "wrong")
    console.print(table)
    fixed = sum(a and not b for a, b in zip(after, before, strict=True))
    broken = sum(b and not a for a, b in zip(after, before, strict=True))
    console.print(
        f"first sentence right: {sum(before)}/{len(rows)} → {sum(after)}/{len(rows)} "
        f"({fixed} fixed, {broken} broken) with {len(notes)} corrections"
    )


if __name__ == "__main__":
    main()
