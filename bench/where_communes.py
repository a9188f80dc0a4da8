"""Where is each commune? Every commune of the pack asked "Où se trouve X ?" and "Where is X
located?" on the demo index: how many answers open on the commune itself, how many are refused.

    python bench/where_communes.py [--workdir DIR]

A resident's first question about a neighbouring town; the thirty-sixth session found "Où se
trouve Allauch ?" answered by another commune's "La commune se trouve au confluent…".
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from calanque.config import Settings
from calanque.engine import Engine

FORMS = ("Où se trouve {} ?", "Where is {} located?")


def demo_communes(workdir: Path | None, prefix: str) -> tuple[Engine, list[str]]:
    """The demo's engine (its index built in `workdir`, or a new temporary directory) and the
    names of the pack's communes, to ask each the same question."""
    home = workdir or Path(tempfile.mkdtemp(prefix=prefix))
    engine = Engine(Settings.load({"home": str(home)}))
    engine.build_demo()
    return engine, [commune.name for commune in engine.pack.communes.values()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--show", type=int, default=5, help="misses printed per form")
    args = parser.parse_args()
    engine, communes = demo_communes(args.workdir, "calanque-where-")
    print("| question | communes | opens on the commune | refused | other | ms per answer |")
    print("|---|---:|---:|---:|---:|---:|")
    misses: list[str] = []
    for form in FORMS:
        opens = refused = 0
        started = time.perf_counter()
        for name in communes:
            answer = engine.answerer.ask(form.format(name))
            first = answer.text.split("[1]")[0]
            if not answer.answered:
                refused += 1
                misses.append(f"{form.format(name)} refused")
            elif name in first:
                opens += 1
            else:
                misses.append(f"{form.format(name)} {first[:90]!r}")
        ms = 1000 * (time.perf_counter() - started) / len(communes)
        other = len(communes) - opens - refused
        row = (form.format("X"), len(communes), opens, refused, other, f"{ms:.0f}")
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    for miss in misses[: args.show * len(FORMS)]:
        print("  -", miss)


if __name__ == "__main__":
    main()
