"""Retrieval benchmark on a SQuAD-format file (default: PIAF v1.0 in ../shared, when present).

Indexes every paragraph through the real ingestion path (one document per paragraph, titled by its
article), then asks every question and checks whether its paragraph comes back.

    python bench/retrieval.py [--dataset FILE] [--questions N] [--modes lexical,dense,hybrid]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from calanque.documents import Block, Document
from calanque.index.embedders import E5Embedder
from calanque.index.search import FusionParams, Searcher
from calanque.index.sqlite_store import SQLiteStore
from calanque.ingest.pipeline import Ingestor

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "qa" / "piaf" / "piaf-v1.0.json"


def load_squad(path: Path) -> tuple[list[Document], list[tuple[str, str]]]:
    """Paragraph documents, and (question, paragraph uri) pairs."""
    data = json.loads(path.read_text("utf-8"))["data"]
    docs, questions = [], []
    for a, article in enumerate(data):
        for p, para in enumerate(article["paragraphs"]):
            uri = f"squad://{a}/{p}"
            docs.append(
                Document(
                    uri=uri, title=article["title"], blocks=[Block(para["context"])], lang="fr"
                )
            )
            questions.extend((qa["question"], uri) for qa in para["qas"])
    return docs, questions


def evaluate(
    searcher: Searcher, questions: list[tuple[str, str]], mode: str, store: SQLiteStore
) -> dict[str, float]:
    uri_of: dict[int, str] = {}
    ranks, latencies = [], []
    for question, uri in questions:
        started = time.perf_counter()
        hits = searcher.search(question, k=30, mode=mode)
        latencies.append(time.perf_counter() - started)
        docs: list[str] = []
        for h in hits:
            uri_of.setdefault(h.chunk.id, h.chunk.uri)
            if h.chunk.uri not in docs:
                docs.append(h.chunk.uri)
        ranks.append(docs.index(uri) + 1 if uri in docs else 0)
    r = np.array(ranks)
    lat = np.array(latencies) * 1000
    return {
        "R@1": float(np.mean(r == 1)),
        "R@5": float(np.mean((r >= 1) & (r <= 5))),
        "R@10": float(np.mean((r >= 1) & (r <= 10))),
        "MRR@10": float(np.mean(np.where((r >= 1) & (r <= 10), 1.0 / np.maximum(r, 1), 0.0))),
        "p50 ms": float(np.percentile(lat, 50)),
        "p95 ms": float(np.percentile(lat, 95)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT)
    parser.add_argument("--questions", type=int, default=0, help="evaluate only the first N")
    parser.add_argument("--modes", default="lexical,dense,hybrid")
    parser.add_argument("--rrf-k", type=int, default=FusionParams.k)
    parser.add_argument("--workdir", type=Path, default=None, help="keep the index here")
    args = parser.parse_args()
    console = Console()
    if not args.dataset.is_file():
        raise SystemExit(f"dataset not found: {args.dataset} (pass --dataset FILE)")
    docs, questions = load_squad(args.dataset)
    if args.questions:
        questions = questions[: args.questions]
    work = args.workdir or Path(tempfile.mkdtemp(prefix="calanque-bench-"))
    console.print(f"{args.dataset.name}: {len(docs)} paragraphs, {len(questions)} questions")

    embedder = E5Embedder()
    throughput = Table("ingestion", "documents", "chunks", "seconds", "docs/s", "chunks/s")
    lexical_store = SQLiteStore(work / "lexical.sqlite3")
    report = Ingestor(lexical_store, None).ingest_documents(docs, source="bench")
    throughput.add_row(
        "lexical only",
        str(report.documents),
        str(report.chunks),
        f"{report.seconds:.1f}",
        f"{report.documents / report.seconds:.0f}",
        f"{report.chunks / report.seconds:.0f}",
    )
    store = SQLiteStore(work / "hybrid.sqlite3")
    report = Ingestor(store, embedder).ingest_documents(docs, source="bench")
    if report.seconds:
        throughput.add_row(
            "with embeddings",
            str(report.documents),
            str(report.chunks),
            f"{report.seconds:.1f}",
            f"{report.documents / report.seconds:.1f}",
            f"{report.chunks / report.seconds:.1f}",
        )
    console.print(throughput)

    searcher = Searcher(store, embedder, fusion=FusionParams(k=args.rrf_k))
    searcher.search("échauffement", k=1)  # load vectors once, outside the timings
    table = Table("mode", "R@1", "R@5", "R@10", "MRR@10", "p50 ms", "p95 ms")
    for mode in args.modes.split(","):
        m = evaluate(searcher, questions, mode, store)
        table.add_row(
            mode,
            *(f"{m[c]:.3f}" for c in ("R@1", "R@5", "R@10", "MRR@10")),
            f"{m['p50 ms']:.1f}",
            f"{m['p95 ms']:.1f}",
        )
    console.print(table)


if __name__ == "__main__":
    main()
