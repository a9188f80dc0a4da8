"""Retrieval benchmark on a SQuAD-format file (default: PIAF v1.0 in ../shared, when present).

Indexes every paragraph through the real ingestion path (one document per paragraph, titled by its
article), then asks every question and checks whether its paragraph comes back. Questions are split
by article: `tune` = even article index (the re-ranker is trained there, `bench/train_ranker.py`),
`report` = odd; the index always holds every paragraph. `--english` also asks the hand-made English
versions of 320 questions (`bench/data/piaf_en.tsv`) against the French paragraphs.

    python bench/retrieval.py [--dataset FILE] [--workdir DIR] [--split all,tune,report]
        [--modes lexical,dense,rrf,hybrid] [--english] [--engine sqlite|postgres]

`--engine postgres` asks the same questions of the same paragraphs indexed in PostgreSQL
(`--postgres URL`, else an embedded server in the work directory): the paragraphs go through the
same ingestion path, their vectors reused from the SQLite index by content hash.
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
from calanque.index.postgres_store import PostgresStore
from calanque.index.rerank import Ranker
from calanque.index.search import FusionParams, Searcher
from calanque.index.sqlite_store import SQLiteStore
from calanque.ingest.chunking import chunk_document
from calanque.ingest.pipeline import Ingestor

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "qa" / "piaf" / "piaf-v1.0.json"
ENGLISH = Path(__file__).resolve().parent / "data" / "piaf_en.tsv"
Question = tuple[str, str, int]  # question, paragraph uri, article index


def load_squad(path: Path, *, with_ids: bool = False) -> tuple[list[Document], list[Question]]:
    """Paragraph documents, and (question, paragraph uri, article) triples (the question id
    instead of the question with `with_ids`)."""
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
            questions.extend(
                (qa["id"] if with_ids else qa["question"], uri, a) for qa in para["qas"]
            )
    return docs, questions


def split_questions(questions: list[Question], split: str) -> list[Question]:
    """`tune`: even article index; `report`: odd; `all`: every question."""
    if split == "all":
        return questions
    parity = {"tune": 0, "report": 1}[split]
    return [q for q in questions if q[2] % 2 == parity]


def english_questions(path: Path, dataset: Path) -> list[Question]:
    """The English versions, with the uri and article of their French question."""
    _, by_id = load_squad(dataset, with_ids=True)
    where = {qid: (uri, a) for qid, uri, a in by_id}
    out = []
    for line in path.read_text("utf-8").splitlines():
        if line.startswith(("#", "id\t")) or not line.strip():
            continue
        qid, _, english = line.split("\t")
        out.append((english, *where[qid]))
    return out


def build_index(docs: list[Document], work: Path, embedder: E5Embedder) -> SQLiteStore:
    """The hybrid index in `work` (reused: ingestion skips unchanged documents)."""
    store = SQLiteStore(work / "hybrid.sqlite3")
    Ingestor(store, embedder).ingest_documents(docs, source="bench")
    return store


def run(searcher: Searcher, questions: list[Question], mode: str) -> tuple[np.ndarray, np.ndarray]:
    """Rank of each question's paragraph (0: not in the top 30) and latency in ms."""
    ranks, latencies = [], []
    for question, uri, _ in questions:
        started = time.perf_counter()
        hits = searcher.search(question, k=30, mode=mode)
        latencies.append(time.perf_counter() - started)
        docs = list(dict.fromkeys(h.chunk.uri for h in hits))
        ranks.append(docs.index(uri) + 1 if uri in docs else 0)
    return np.array(ranks), np.array(latencies) * 1000


def metrics(r: np.ndarray, lat: np.ndarray) -> dict[str, float]:
    return {
        "R@1": float(np.mean(r == 1)),
        "R@5": float(np.mean((r >= 1) & (r <= 5))),
        "R@10": float(np.mean((r >= 1) & (r <= 10))),
        "MRR@10": float(np.mean(np.where((r >= 1) & (r <= 10), 1.0 / np.maximum(r, 1), 0.0))),
        "p50 ms": float(np.percentile(lat, 50)),
        "p95 ms": float(np.percentile(lat, 95)),
    }


def embedding_throughput(
    embedder: E5Embedder, texts: list[str], console: Console, repeat: int = 2
) -> None:
    """Passages/s and tokens/s of the bundled e5 by batch size, and with length-balanced batches
    (the engine splits a batch into one contiguous block of texts per core)."""
    tokens = sum(embedder.token_count(t) for t in texts)
    table = Table("batch", "order", "passages", "tokens", "best s", "passages/s", "tokens/s")
    for batch in (1, 8, 32, 64):
        for balanced in (False, True) if batch > 1 else (False,):
            embedder.batch_size = batch
            embedder.balance = balanced
            best = float("inf")
            for _ in range(repeat):
                started = time.perf_counter()
                embedder.embed_passages(texts)
                best = min(best, time.perf_counter() - started)
            table.add_row(
                str(batch),
                "balanced" if balanced else "as given",
                str(len(texts)),
                str(tokens),
                f"{best:.1f}",
                f"{len(texts) / best:.2f}",
                f"{tokens / best:.0f}",
            )
    embedder.batch_size, embedder.balance = E5Embedder.batch_size, E5Embedder.balance
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT)
    parser.add_argument("--questions", type=int, default=0, help="evaluate only the first N")
    parser.add_argument("--modes", default="lexical,dense,rrf,hybrid")
    parser.add_argument("--split", default="all,tune,report")
    parser.add_argument("--english", action="store_true", help="also the English questions")
    parser.add_argument(
        "--ranker", type=Path, default=None, help="a ranker JSON (default: bundled)"
    )
    parser.add_argument("--rrf-k", type=int, default=FusionParams.k)
    parser.add_argument("--workdir", type=Path, default=None, help="keep the index here")
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres", default="", help="server URL (default: embedded)")
    parser.add_argument("--lexical-only-ingest", action="store_true", help="time it too")
    parser.add_argument(
        "--throughput", type=int, default=0, help="embed the first N paragraphs by batch size"
    )
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
    if args.lexical_only_ingest:
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
    if report.embedded:
        throughput.add_row(
            "with embeddings",
            str(report.documents),
            str(report.chunks),
            f"{report.seconds:.1f}",
            f"{report.documents / report.seconds:.1f}",
            f"{report.chunks / report.seconds:.1f}",
        )
        console.print(throughput)

    if args.engine == "postgres":
        from pg import fresh_database

        sqlite_store = store
        store = PostgresStore(fresh_database(args.postgres, work, "calanque_retrieval"))
        ingestor = Ingestor(store, embedder)
        ingestor.vector_cache = sqlite_store.source_vectors("bench", embedder.embedder_id)
        report = ingestor.ingest_documents(docs, source="bench")
        console.print(
            f"PostgreSQL: {report.chunks} chunks in {report.seconds:.1f} s "
            f"({report.embedded} embedded, {report.reused_vectors} vectors reused)"
        )

    if args.throughput:
        texts = [
            chunk.embedding_text(d.title)
            for d in docs[: args.throughput]
            for chunk in chunk_document(d)
        ]
        embedding_throughput(embedder, texts, console)
    ranker = Ranker.load(args.ranker) if args.ranker else "bundled"
    fusion = FusionParams(k=args.rrf_k)
    searchers = {
        "rrf": Searcher(store, embedder, fusion=fusion, ranker=None),
        "hybrid": Searcher(store, embedder, fusion=fusion, ranker=ranker),
    }
    searchers["hybrid"].search("échauffement", k=1)  # load vectors once, outside the timings
    sets = [("fr", questions)]
    if args.english:
        sets.append(("en", english_questions(ENGLISH, args.dataset)))
    table = Table("questions", "n", "mode", "R@1", "R@5", "R@10", "MRR@10", "p50 ms", "p95 ms")
    for name, qs in sets:
        for mode in args.modes.split(","):
            searcher = searchers.get(mode, searchers["rrf"])
            embedder._cache.clear()  # every mode pays for its query embeddings
            ranks, lat = run(searcher, qs, "hybrid" if mode == "rrf" else mode)
            for split in args.split.split(","):
                keep = np.array([q in split_questions([q], split) for q in qs])
                m = metrics(ranks[keep], lat[keep])
                table.add_row(
                    f"{name}-{split}",
                    str(int(keep.sum())),
                    mode,
                    *(f"{m[c]:.3f}" for c in ("R@1", "R@5", "R@10", "MRR@10")),
                    f"{m['p50 ms']:.1f}",
                    f"{m['p95 ms']:.1f}",
                )
    console.print(table)


if __name__ == "__main__":
    main()
