"""What to do in each commune? Every commune of the pack asked "Que faire à X ?" and "What to do
in X?" on the demo index: how many answers are refused, how many items they list, how many of
those name the commune, and how many items the demo's own pages could give.

    python bench/visit_communes.py [--workdir DIR] [--json OUT] [--show N]

A visitor's first question about a town, asked of the small ones as much as of Marseille: the
fiftieth session found "Que faire à Rousset ?" answered by the agency's note that its answers
"cherchent à citer les communes…", and Port-Saint-Louis-du-Rhône's flamingos missing beside its
beach. `--json` keeps every answer, to read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from where_communes import demo_communes  # noqa: E402

FORMS = ("Que faire à {} ?", "What to do in {}?")
# the notice an answer opens with when its sources are in another language
_NOTICE = re.compile(r"^[^\n]*:\n\n")


def items(text: str) -> list[str]:
    """An answer's items: its bullets, or its one paragraph."""
    body = _NOTICE.sub("", text.strip())
    if body.startswith("- "):
        return [part.strip() for part in body[2:].split("\n- ") if part.strip()]
    return [body] if body else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="where to write the answers")
    parser.add_argument("--show", type=int, default=5, help="one-item answers printed per form")
    args = parser.parse_args()
    engine, communes = demo_communes(args.workdir, "calanque-visit-")
    print(
        "| question | communes | refused | one item | two | three or more | items "
        "| items naming the commune | ms per answer |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    kept: dict[str, dict[str, object]] = {}
    thin: list[str] = []
    for form in FORMS:
        refused = listed = naming = 0
        sizes: Counter[int] = Counter()
        started = time.perf_counter()
        for name in communes:
            question = form.format(name)
            answer = engine.answerer.ask(question)
            kept[question] = {"answered": answer.answered, "text": answer.text}
            if not answer.answered:
                refused += 1
                continue
            said = items(answer.text)
            sizes[min(len(said), 3)] += 1
            listed += len(said)
            naming += sum(name in item for item in said)
            if len(said) == 1 and sum(q.startswith(form[:4]) for q in thin) < args.show:
                thin.append(f"{question} {said[0][:100]!r}")
        ms = 1000 * (time.perf_counter() - started) / len(communes)
        row = (
            form.format("X"),
            len(communes),
            refused,
            sizes[1],
            sizes[2],
            sizes[3],
            listed,
            naming,
            f"{ms:.0f}",
        )
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    for line in thin:
        print("  -", line)
    if args.json:
        args.json.write_text(json.dumps(kept, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
