"""Fit the refusal decision shipped in `src/calanque/answer/models/refusal.json`.

Data: `bench/data/scope_dev.tsv`, questions the demo corpus answers (`in`) and questions it does
not (`out`: general knowledge, other territories, near misses, instructions to the system,
chitchat). Each goes through the real answer path on the demo index of the default pack (analysis,
retrieval, reading) and gives `refusal.features`; a logistic model is fitted with L2 (Newton), and
the threshold is the one that refuses the most `out` questions while refusing at most
`--max-false-refusals` of the `in` ones on the development set. Figures on the held-out set
(`scope_heldout.tsv`, never used here) are printed for the record; `bench/answers.py` reports them.

    python bench/train_refusal.py --workdir DIR [--max-false-refusals 0.02]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
from pathlib import Path

import numpy as np

from calanque.answer.refusal import FEATURES, RefusalModel, features
from calanque.config import Settings
from calanque.engine import Engine

DATA = Path(__file__).resolve().parent / "data"
OUT = Path(__file__).resolve().parents[1] / "src/calanque/answer/models/refusal.json"


def read_scope(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def demo_engine(workdir: Path) -> Engine:
    engine = Engine(Settings.load({"home": workdir}))
    engine.build_demo()
    return engine


def feature_rows(engine: Engine, rows: list[dict[str, str]]) -> tuple[np.ndarray, np.ndarray]:
    """Features of the questions that reach the model (the hard rules decide the others: they
    get NaN rows), and their labels (1: the corpus answers)."""
    answerer = engine.answerer
    xs, ys = [], []
    for row in rows:
        analysis = answerer.analyse(row["question"])
        evidence = answerer.gather(analysis)
        ruled = answerer.refusal.rule(
            analysis,
            evidence.sources,
            evidence.sentences,
            evidence.stats,
            grounded=evidence.grounded,
        )
        if ruled is not None:
            xs.append(np.full(len(FEATURES), np.nan))  # refused by a rule
        else:
            xs.append(
                features(
                    analysis,
                    evidence.sources,
                    evidence.sentences,
                    evidence.stats,
                    answerer.refusal.dense_floor,
                )
            )
        ys.append(1.0 if row["label"] == "in" else 0.0)
    return np.array(xs), np.array(ys)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method (standardised inside)."""
    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.hstack([(x - mu) / sd, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ w))
        grad = z.T @ (p - y) + reg * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(reg)
        w -= np.linalg.solve(hess, grad)
    weights = w[:-1] / sd
    return weights, float(w[-1] - weights @ mu)


def rates(p: np.ndarray, y: np.ndarray, threshold: float) -> tuple[float, float]:
    """(share of out-of-scope refused, share of in-scope refused); NaN p means a rule refused."""
    refused = np.isnan(p) | (np.nan_to_num(p, nan=0.0) < threshold)
    return float(refused[y == 0].mean()), float(refused[y == 1].mean())


def probabilities(model: RefusalModel, x: np.ndarray) -> np.ndarray:
    return np.array([np.nan if np.isnan(r).any() else model.probability(r) for r in x])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--dev", type=Path, default=DATA / "scope_dev.tsv")
    parser.add_argument("--heldout", type=Path, default=DATA / "scope_heldout.tsv")
    parser.add_argument("--max-false-refusals", type=float, default=0.02)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    engine = demo_engine(args.workdir)
    x, y = feature_rows(engine, read_scope(args.dev))
    ok = ~np.isnan(x).any(axis=1)
    weights, bias = fit(x[ok], y[ok], args.l2)
    model = RefusalModel(tuple(weights), bias, 0.5)
    p = probabilities(model, x)
    best = 0.0
    for threshold in np.unique(np.round(p[ok], 4)):
        refused_out, refused_in = rates(p, y, float(threshold))
        if refused_in <= args.max_false_refusals:
            best = max(best, float(threshold))
    threshold = best
    refused_out, refused_in = rates(p, y, threshold)
    print(f"dev: {int((y == 1).sum())} in, {int((y == 0).sum())} out; threshold {threshold:.4f}")
    print(f"dev: out refused {refused_out:.3f}, in refused {refused_in:.3f}")
    for name, w in zip(FEATURES, weights, strict=True):
        print(f"  {name:15} {w:+.3f}")
    if args.heldout.is_file():
        hx, hy = feature_rows(engine, read_scope(args.heldout))
        hp = probabilities(RefusalModel(tuple(weights), bias, threshold), hx)
        h_out, h_in = rates(hp, hy, threshold)
        print(f"held-out: out refused {h_out:.3f}, in refused {h_in:.3f}")
    args.out.write_text(
        json.dumps(
            {
                "features": list(FEATURES),
                "weights": [round(float(w), 5) for w in weights],
                "bias": round(bias, 5),
                "threshold": round(threshold, 4),
                "trained": f"bench/data/scope_dev.tsv ({len(y)} questions), "
                f"at most {args.max_false_refusals:.0%} in-scope refused, "
                f"{datetime.date.today().isoformat()} (bench/train_refusal.py)",
            },
            indent=1,
        )
        + "\n",
        "utf-8",
    )
    print(f"wrote {args.out}")
    engine.close()


if __name__ == "__main__":
    main()
