"""Ask the hand-written conversation sets of `bench/data/judged/` and keep every answer, to read
them and to see what a change moved.

    python bench/judged_sets.py --workdir DIR --json OUT.json [--compare BEFORE.json]

Each line of a set is one conversation, its turns split by " || "; lines opening on "#" say who
asks. The sessions judged each turn by hand (right, partly, wrong: BENCHMARKS.md); a metric
cannot. Where a set's judgments were written down (`labels/<set>.tsv`: each turn's label and a
digest of the answer it was given to), this prints them for the answers unchanged since, and
counts the changed ones as to judge again: a judgment holds for the answer read, no other.
With `--compare`, it prints the turns whose answers differ from an earlier run's, the earlier
answer first: the reading a change needs.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from calanque.answer.types import Turn
from calanque.config import Settings
from calanque.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))

from answers import ask as ask_one  # noqa: E402

SETS = Path(__file__).parent / "data" / "judged"
LABELS = SETS / "labels"
VERDICTS = ("right", "partly", "wrong")


def conversations(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        [turn.strip() for turn in line.split(" || ")]
        for line in lines
        if line.strip() and not line.startswith("#")
    ]


def digest(text: str) -> str:
    """What a label was given to: the answer's text, exactly."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def judged(run: list[list[dict[str, Any]]], path: Path) -> dict[str, int]:
    """The labels of `path` that still hold for `run`, counted, and the turns to judge again."""
    counts = dict.fromkeys((*VERDICTS, "to judge"), 0)
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            i, j = (int(n) - 1 for n in row["turn"].split("."))
            same = i < len(run) and j < len(run[i]) and digest(run[i][j]["text"]) == row["answer"]
            counts[row["label"] if same else "to judge"] += 1
    return counts


def ask(engine: Engine, turns: list[str]) -> list[dict[str, Any]]:
    """One conversation, each turn asked after the ones before it with their answers."""
    history: list[Turn] = []
    out = []
    for question in turns:
        record = ask_one(engine.answerer, question, history)
        out.append(record)
        history.append(Turn(question, record["text"]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", type=Path, required=True, help="where to write the answers")
    parser.add_argument("--compare", type=Path, default=None, help="an earlier run's JSON")
    parser.add_argument("--sets", type=Path, nargs="*", default=sorted(SETS.glob("*.txt")))
    args = parser.parse_args()
    home = args.workdir or Path(tempfile.mkdtemp(prefix="calanque-judged-"))
    engine = Engine(Settings.load({"home": str(home)}))
    engine.build_demo()
    runs = {path.stem: [ask(engine, turns) for turns in conversations(path)] for path in args.sets}
    args.json.write_text(json.dumps(runs, ensure_ascii=False, indent=1), encoding="utf-8")
    turns = sum(len(conversation) for run in runs.values() for conversation in run)
    print(f"{turns} turns of {len(runs)} sets written to {args.json}")
    labelled = {name: LABELS / f"{name}.tsv" for name in runs if (LABELS / f"{name}.tsv").is_file()}
    if labelled:
        print("\n| set | " + " | ".join(VERDICTS) + " | to judge again |")
        print("|---|" + "---:|" * (len(VERDICTS) + 1))
        for name, path in labelled.items():
            counts = judged(runs[name], path)
            print(f"| {name} | " + " | ".join(str(n) for n in counts.values()) + " |")
    if args.compare is None:
        return
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    changed = 0
    for name, run in runs.items():
        for i, conversation in enumerate(run):
            earlier = before.get(name, [])
            for j, turn in enumerate(conversation):
                old = earlier[i][j] if i < len(earlier) and j < len(earlier[i]) else None
                if old is not None and old["text"] == turn["text"]:
                    continue
                changed += 1
                print(f"\n=== {name} {i + 1}.{j + 1} {turn['question']}  (query: {turn['query']})")
                print("--- before:\n" + (old["text"] if old else "(not asked)"))
                print("--- after:\n" + str(turn["text"]))
    print(f"\n{changed} of {turns} answers changed")


if __name__ == "__main__":
    main()
