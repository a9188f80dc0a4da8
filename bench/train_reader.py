"""Train the sentence scorer shipped in `src/calanque/answer/models/reader.json`.

Training data: PIAF v1.0 questions of the *tune* half (even article index, as in
`bench/retrieval.py`); figures are reported on the *report* half, never seen in training. For each
question the real search (hybrid, top 5 passages over every PIAF paragraph) gives the passages,
the real reader (`calanque.answer.reading`) their candidate sentences and features, and a sentence
is right when it holds a gold answer (SQuAD normalisation). The model is a linear scorer fitted
listwise (softmax cross-entropy of the right sentences among a question's candidates) with L2, by
Adam in numpy: what it is for is the first sentence of the answer.

    python bench/train_reader.py [--workdir DIR] [--out PATH] [--l2 X]
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calanque.answer.question import QuestionAnalyzer  # noqa: E402
from calanque.answer.reading import FEATURES, Reader  # noqa: E402
from calanque.answer.types import Source  # noqa: E402
from calanque.index.embedders import E5Embedder  # noqa: E402
from calanque.index.search import Searcher  # noqa: E402
from piaf import contains, load_questions  # noqa: E402
from retrieval import DEFAULT, build_index, load_squad  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src/calanque/answer/models/reader.json"


def collect(
    searcher: Searcher, questions: list[dict], k: int = 5
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per question: candidate features (n, F) and which candidates hold a gold answer."""
    analyzer = QuestionAnalyzer(None)
    reader = Reader(embedder=searcher.embedder)
    xs, ys = [], []
    for q in questions:
        analysis = analyzer.analyse(q["question"])
        hits = searcher.search(analysis.query, k=k, langs=analysis.langs)
        sources = [Source(i + 1, h.chunk, h.score, h.dense_score) for i, h in enumerate(hits)]
        sentences = reader.candidates(sources)
        if not sentences:
            continue
        stats = searcher.term_stats(analysis.focus_terms)
        reader.featurise(analysis, sentences, sources, stats)
        y = np.array([contains(s.text, q["answers"]) for s in sentences])
        if not y.any():
            continue  # retrieval or splitting lost it: nothing to learn about reading
        xs.append(np.stack([s.features for s in sentences]))
        ys.append(y)
    return xs, ys


def _pad(xs: list[np.ndarray], ys: list[np.ndarray]) -> tuple[np.ndarray, ...]:
    """(questions, max candidates, features), the mask of real candidates, the targets."""
    width = max(len(x) for x in xs)
    x = np.zeros((len(xs), width, xs[0].shape[1]))
    mask = np.zeros((len(xs), width), dtype=bool)
    target = np.zeros((len(xs), width))
    for i, (xi, yi) in enumerate(zip(xs, ys, strict=True)):
        x[i, : len(xi)] = xi
        mask[i, : len(xi)] = True
        target[i, : len(yi)] = yi / yi.sum()
    return x, mask, target


def fit(xs: list[np.ndarray], ys: list[np.ndarray], l2: float, steps: int = 800) -> np.ndarray:
    """Linear weights (F + 1, the last is a bias that softmax ignores but the sigmoid uses)."""
    x, mask, target = _pad(xs, ys)
    mu = x[mask].mean(axis=0)
    centred = np.where(mask[..., None], x - mu, 0.0)
    w = np.zeros(x.shape[2])
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    lr, b1, b2 = 0.05, 0.9, 0.999
    for t in range(1, steps + 1):
        z = np.where(mask, centred @ w, -np.inf)
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        grad = np.einsum("qn,qnf->f", p - target, centred) / len(xs) + l2 * w
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad**2
        w -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + 1e-8)
    return np.append(w, -float(mu @ w))


def top1(w: np.ndarray, xs: list[np.ndarray], ys: list[np.ndarray]) -> float:
    return float(np.mean([y[int(np.argmax(x @ w[:-1]))] for x, y in zip(xs, ys, strict=True)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT)
    parser.add_argument("--workdir", type=Path, required=True, help="the PIAF index is kept here")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--l2", type=float, default=0.0, help="0: chosen by cross-validation")
    parser.add_argument("--cache", type=Path, default=None, help="features .npz (reused)")
    args = parser.parse_args()
    docs, _ = load_squad(args.dataset)
    embedder = E5Embedder()
    searcher = Searcher(build_index(docs, args.workdir, embedder), embedder)
    questions = load_questions(args.dataset)
    tune = [q for q in questions if q["article"] % 2 == 0]
    report = [q for q in questions if q["article"] % 2 == 1]
    cache = args.cache or args.workdir / "reader_features.npz"
    if cache.is_file():
        data = np.load(cache, allow_pickle=True)
        xs, ys, rxs, rys = (list(data[k]) for k in ("xs", "ys", "rxs", "rys"))
    else:
        xs, ys = collect(searcher, tune)
        rxs, rys = collect(searcher, report)
        np.savez(
            cache,
            xs=np.array(xs, dtype=object),
            ys=np.array(ys, dtype=object),
            rxs=np.array(rxs, dtype=object),
            rys=np.array(rys, dtype=object),
        )
    print(f"tune: {len(xs)} questions with a right sentence; report: {len(rxs)}")
    l2 = args.l2
    if not l2:
        folds = np.arange(len(xs)) % 4
        best = (-1.0, 0.0)
        for candidate in (1e-4, 1e-3, 1e-2, 1e-1):
            acc = np.mean(
                [
                    top1(
                        fit(
                            [x for x, f in zip(xs, folds, strict=True) if f != k],
                            [y for y, f in zip(ys, folds, strict=True) if f != k],
                            candidate,
                        ),
                        [x for x, f in zip(xs, folds, strict=True) if f == k],
                        [y for y, f in zip(ys, folds, strict=True) if f == k],
                    )
                    for k in range(4)
                ]
            )
            print(f"l2={candidate:g}: cross-validated top-1 {acc:.3f}")
            best = max(best, (float(acc), candidate))
        l2 = best[1]
    w = fit(xs, ys, l2)
    print(f"l2={l2:g}: top-1 tune {top1(w, xs, ys):.3f}, report {top1(w, rxs, rys):.3f}")
    for name, weight in zip(FEATURES, w[:-1], strict=True):
        print(f"  {name:15} {weight:+.3f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "features": list(FEATURES),
                "weights": [round(float(x), 5) for x in w[:-1]],
                "bias": round(float(w[-1]), 5),
                "trained": f"PIAF v1.0 tune half, {len(xs)} questions, l2={l2:g}, "
                f"{datetime.date.today().isoformat()} (bench/train_reader.py)",
            },
            indent=1,
        )
        + "\n",
        "utf-8",
    )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
