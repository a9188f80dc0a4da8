"""Train the hybrid re-ranker shipped in `src/calanque/index/models/ranker.json`.

Training data: PIAF v1.0 questions of the *tune* half (even article index; `--split` in
`bench/retrieval.py` reports on the odd half, never seen here). For each question the real first
stage (`Searcher.candidates`: FTS5 top 50 ∪ dense top 50) gives the candidates and their features;
the model is fitted listwise (softmax cross-entropy of the right paragraph among its candidates),
with L2, by Adam in numpy. The architecture (linear, or one tanh layer) and L2 are chosen by 4-fold
cross-validation over the tune articles.

    python bench/train_ranker.py [--dataset FILE] [--workdir DIR] [--out PATH]
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calanque.index.embedders import E5Embedder  # noqa: E402
from calanque.index.features import FEATURES  # noqa: E402
from calanque.index.rerank import Ranker  # noqa: E402
from calanque.index.search import Searcher  # noqa: E402
from retrieval import DEFAULT, build_index, load_squad, split_questions  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "calanque" / "index" / "models" / "ranker.json"


def collect(
    searcher: Searcher, questions: list[tuple[str, str, int]], uri_of: dict[int, str]
) -> tuple[list[np.ndarray], list[int], list[int]]:
    """Feature matrices, index of the right candidate, article of each kept question."""
    xs, labels, groups = [], [], []
    for question, uri, article in questions:
        cands, x, _, _ = searcher.candidates(question)
        where = [i for i, c in enumerate(cands) if uri_of.get(c.id) == uri]
        if not where or len(cands) < 2:
            continue  # first stage missed it: nothing to learn for the ranker
        xs.append(x.astype(np.float64))
        labels.append(where[0])
        groups.append(article)
    return xs, labels, groups


def _pad(xs: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(questions, max candidates, features) with a mask of real candidates."""
    width = max(len(x) for x in xs)
    out = np.zeros((len(xs), width, xs[0].shape[1]))
    mask = np.zeros((len(xs), width), dtype=bool)
    for i, x in enumerate(xs):
        out[i, : len(x)] = x
        mask[i, : len(x)] = True
    return out, mask


def fit(
    xs: list[np.ndarray],
    labels: list[int],
    hidden: int,
    l2: float,
    epochs: int = 80,
    seed: int = 0,
) -> Ranker:
    """Listwise softmax cross-entropy over each question's candidates; Adam, minibatches of 64."""
    rng = np.random.default_rng(seed)
    allx = np.concatenate(xs)
    mean, scale = allx.mean(0), allx.std(0) + 1e-6
    x_all, mask_all = _pad([(x - mean) / scale for x in xs])
    y_all = np.asarray(labels)
    d = allx.shape[1]
    shapes = [(d, hidden), (hidden,), (hidden, 1), (1,)] if hidden else [(d, 1), (1,)]
    params = [rng.normal(0, 0.3, s) if len(s) == 2 else np.zeros(s) for s in shapes]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, beta1, beta2, step = 0.01, 0.9, 0.999, 0
    for _ in range(epochs):
        order = rng.permutation(len(xs))
        for start in range(0, len(order), 64):
            batch = order[start : start + 64]
            x, mask, y = x_all[batch], mask_all[batch], y_all[batch]
            if hidden:
                h = np.tanh(x @ params[0] + params[1])
                s = (h @ params[2])[..., 0]
            else:
                s = (x @ params[0])[..., 0]
            s = np.where(mask, s, -np.inf)
            p = np.exp(s - s.max(1, keepdims=True))
            p /= p.sum(1, keepdims=True)
            ds = p
            ds[np.arange(len(batch)), y] -= 1.0  # d loss / d scores
            ds /= len(batch)
            if hidden:
                grads = [
                    np.einsum("qcd,qch->dh", x, ds[..., None] * params[2][:, 0] * (1 - h**2)),
                    np.einsum("qc,qch->h", ds, params[2][:, 0] * (1 - h**2)),
                    np.einsum("qch,qc->h", h, ds)[:, None],
                    np.array([0.0]),
                ]
            else:
                grads = [np.einsum("qcd,qc->d", x, ds)[:, None], np.array([0.0])]
            step += 1
            for i, (p_, g) in enumerate(zip(params, grads, strict=True)):
                g = g + (l2 * p_ if p_.ndim == 2 else 0.0)
                m[i] = beta1 * m[i] + (1 - beta1) * g
                v[i] = beta2 * v[i] + (1 - beta2) * g * g
                mh, vh = m[i] / (1 - beta1**step), v[i] / (1 - beta2**step)
                params[i] = p_ - lr * mh / (np.sqrt(vh) + 1e-8)
    layers = (
        [(params[0], params[1]), (params[2], params[3])] if hidden else [(params[0], params[1])]
    )
    return Ranker(FEATURES, mean, scale, layers)


def top1(ranker: Ranker, xs: list[np.ndarray], labels: list[int]) -> float:
    return float(
        np.mean([int(np.argmax(ranker.score(x)) == y) for x, y in zip(xs, labels, strict=True)])
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT)
    parser.add_argument("--workdir", type=Path, required=True, help="index built by retrieval.py")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    docs, questions = load_squad(args.dataset)
    embedder = E5Embedder()
    store = build_index(docs, args.workdir, embedder)
    searcher = Searcher(store, embedder, ranker=None)
    all_ids = [r[0] for r in store.db.execute("SELECT id FROM chunks")]
    uri_of = {cid: c.uri for cid, c in store.chunks(all_ids).items()}
    tune = split_questions(questions, "tune")
    xs, labels, groups = collect(searcher, tune, uri_of)
    print(f"{len(tune)} tune questions, {len(xs)} with their paragraph among the candidates")

    g = np.array(groups)
    folds = (g // 2) % 4  # tune articles are even: spread them over 4 folds
    results = {}
    for hidden in (0, 8, 16):
        for l2 in (1e-4, 1e-3, 1e-2):
            accs = []
            for f in range(4):
                tr = [i for i in range(len(xs)) if folds[i] != f]
                te = [i for i in range(len(xs)) if folds[i] == f]
                r = fit([xs[i] for i in tr], [labels[i] for i in tr], hidden, l2)
                accs.append(top1(r, [xs[i] for i in te], [labels[i] for i in te]))
            results[(hidden, l2)] = float(np.mean(accs))
            print(f"hidden={hidden:2d} l2={l2:g}: cv top-1 among candidates {np.mean(accs):.3f}")
    hidden, l2 = max(results, key=lambda key: results[key])
    ranker = fit(xs, labels, hidden, l2)
    ranker.meta = {
        "trained_on": f"{args.dataset.name}, tune half (even article index), {len(xs)} questions",
        "model": "linear" if not hidden else f"MLP {len(FEATURES)}-{hidden}-1 tanh",
        "l2": l2,
        "cv_top1_among_candidates": round(results[(hidden, l2)], 4),
        "script": "bench/train_ranker.py",
        "date": datetime.date.today().isoformat(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    ranker.save(args.out)
    print(f"chose hidden={hidden} l2={l2}; wrote {args.out}")


if __name__ == "__main__":
    main()
