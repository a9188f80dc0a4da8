"""Ask the hand-written conversation sets of `bench/data/judged/` and keep every answer, to read
them and to see what a change moved.

    python bench/judged_sets.py --workdir DIR --json OUT.json [--compare BEFORE.json]

Each line of a set is one conversation, its turns split by " || "; lines opening on "#" say who
asks. The sessions judged each turn by hand (right, partly, wrong: BENCHMARKS.md); a metric
cannot, so this prints no score. With `--compare`, it prints the turns whose answers differ from
an earlier run's, the earlier answer first: the reading a change needs.
"""

from __future__ import annotations

import argparse
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


def conversations(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        [turn.strip() for turn in line.split(" || ")]
        for line in lines
        if line.strip() and not line.startswith("#")
    ]


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
