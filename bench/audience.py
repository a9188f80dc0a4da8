"""The audience classifier's accuracy on held-out labelled questions.

    python bench/audience.py [--seeds 10]

`src/calanque/console/data/audience.tsv` is split 75/25, stratified by label, for each seed; the
model of `calanque.console.audience` (logistic regression over e5 question vectors) is fitted
on the 75 % and scored on the 25 % it never saw, beside a majority-class baseline and the same
logistic regression over word and character n-grams. Prints mean accuracy
(± standard deviation over seeds) and the confusion matrix of the first seed.
"""

from __future__ import annotations

import argparse

import numpy as np
from rich.console import Console
from rich.table import Table
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix
from sklearn.model_selection import train_test_split
from sklearn.pipeline import FeatureUnion, Pipeline

from calanque.console.audience import AUDIENCES, make_model, read_labels
from calanque.index.analysis import fold
from calanque.index.embedders import E5Embedder

console = Console()


def ngram_model() -> Pipeline:
    """The alternative: accent-folded word 1-2-grams and character 2-5-grams."""
    words = TfidfVectorizer(preprocessor=fold, ngram_range=(1, 2), sublinear_tf=True)
    chars = TfidfVectorizer(
        preprocessor=fold, analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True
    )
    features = FeatureUnion([("words", words), ("chars", chars)])
    return Pipeline([("features", features), ("model", LogisticRegression(C=10.0, max_iter=2000))])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=10)
    args = parser.parse_args()
    questions, labels = read_labels()
    y = np.array(labels)
    embedder = E5Embedder()
    vectors = np.stack([embedder.embed_query(q) for q in questions])
    scores: dict[str, list[float]] = {"e5 vectors (shipped)": [], "n-grams": [], "majority": []}
    first = None
    for seed in range(args.seeds):
        idx = np.arange(len(questions))
        train, test = train_test_split(idx, test_size=0.25, stratify=y, random_state=seed)
        ngrams = ngram_model().fit([questions[i] for i in train], y[train])
        scores["n-grams"].append(
            accuracy_score(y[test], ngrams.predict([questions[i] for i in test]))
        )
        predicted = make_model().fit(vectors[train], y[train]).predict(vectors[test])
        scores["e5 vectors (shipped)"].append(accuracy_score(y[test], predicted))
        majority = max(set(y[train]), key=list(y[train]).count)
        scores["majority"].append(float(np.mean(y[test] == majority)))
        if first is None:
            first = confusion_matrix(y[test], predicted, labels=list(AUDIENCES))
    table = Table(
        "model",
        "held-out accuracy",
        title=f"{len(questions)} questions, {args.seeds} stratified 75/25 splits",
    )
    for name, values in scores.items():
        table.add_row(name, f"{np.mean(values):.3f} ± {np.std(values):.3f}")
    console.print(table)
    matrix = Table("true \\ predicted", *AUDIENCES, title="confusion, seed 0 (e5 vectors)")
    for label, row in zip(AUDIENCES, first, strict=True):
        matrix.add_row(label, *[str(v) for v in row])
    console.print(matrix)


if __name__ == "__main__":
    main()
