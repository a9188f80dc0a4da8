"""The content-gap clustering on the demo's refused questions.

    python bench/gaps.py [--workdir DIR] [--distance 0.10]

Asks the held-out scope set (`bench/data/scope_heldout.tsv`: questions in the demo's scope and
out of it, each out-of-scope one with its category: general knowledge, another territory, a near
miss, an injection, chit-chat, nonsense) of the demo index, keeps the refused questions, and
clusters their e5 vectors as the console's gaps page does (`calanque.console.gaps.cluster`).
Prints how many groups, their sizes, their purity against the categories (share of questions
in their group's majority category), the share of questions alone in their group, and the
largest groups with their terms, for the given cut and its neighbours.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

from answers import scope_questions  # noqa: E402
from calanque.config import Settings  # noqa: E402
from calanque.console.gaps import DISTANCE, cluster, top_terms  # noqa: E402
from calanque.engine import Engine  # noqa: E402

console = Console()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/calanque-bench-corrections"))
    parser.add_argument("--distance", type=float, default=DISTANCE)
    args = parser.parse_args()
    engine = Engine(Settings.load({"home": str(args.workdir / "demo")}))
    engine.build_demo()
    rows = scope_questions("heldout")
    refused = []
    for row in rows:
        if not engine.answerer.ask(row["question"]).answered:
            refused.append(row)
    category = [r["category"] if r["label"] == "out" else "in-scope" for r in refused]
    console.print(
        f"{len(refused)} of {len(rows)} held-out questions refused "
        f"({Counter(category).most_common()})"
    )
    vectors = np.stack([engine.embedder.embed_query(r["question"]) for r in refused])
    table = Table(
        "cut (cosine distance)",
        "groups",
        "alone",
        "largest",
        "purity",
        title="agglomerative, average linkage, on the refused questions",
    )
    for distance in sorted(
        {
            args.distance - 0.04,
            args.distance - 0.02,
            args.distance,
            args.distance + 0.02,
            args.distance + 0.04,
        }
    ):
        labels = cluster(vectors, distance)
        sizes = Counter(labels.tolist())
        majority = sum(
            Counter(category[i] for i in np.flatnonzero(labels == c)).most_common(1)[0][1]
            for c in sizes
        )
        table.add_row(
            f"{distance:.2f}",
            str(len(sizes)),
            f"{sum(1 for n in sizes.values() if n == 1) / len(refused):.0%}",
            str(max(sizes.values())),
            f"{majority / len(refused):.3f}",
        )
    console.print(table)
    labels = cluster(vectors, args.distance)
    terms = top_terms([r["question"] for r in refused], labels)
    sizes = Counter(labels.tolist())
    groups = Table(
        "size", "terms", "categories", "example", title=f"largest groups at {args.distance:.2f}"
    )
    for c, n in sizes.most_common(8):
        members = np.flatnonzero(labels == c)
        cats = Counter(category[i] for i in members).most_common()
        groups.add_row(
            str(n),
            ", ".join(terms[c]),
            ", ".join(f"{k} {v}" for k, v in cats),
            refused[members[0]]["question"][:60],
        )
    console.print(groups)


if __name__ == "__main__":
    main()
