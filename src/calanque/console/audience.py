"""Who asks: resident, visitor, student or talent, business or investor, learnt from labelled
questions (`data/audience.tsv`, written for Calanque, French and English).

A linear model over word and character n-grams (scikit-learn): trained in well under a second
at first use from the shipped set, so no model file is shipped and a pack can bring its own
labels. Its held-out accuracy is measured by `bench/audience.py` (figures in BENCHMARKS.md).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from calanque.index.analysis import fold

AUDIENCES = ("resident", "visitor", "talent", "business")
LABELS = Path(str(resources.files("calanque.console") / "data" / "audience.tsv"))


def read_labels(path: Path = LABELS) -> tuple[list[str], list[str]]:
    """(questions, labels) of a `label<TAB>question` file with a header; `#` lines skipped."""
    rows = [
        line.split("\t", 1)
        for line in path.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ][1:]
    return [q for _, q in rows], [label for label, _ in rows]


def make_model(c: float = 10.0) -> Pipeline:
    """Accent-folded word 1–2-grams and character 2–5-grams, multinomial logistic regression."""
    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(preprocessor=fold, ngram_range=(1, 2), sublinear_tf=True)),
            (
                "chars",
                TfidfVectorizer(
                    preprocessor=fold, analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True
                ),
            ),
        ]
    )
    return Pipeline([("features", features), ("model", LogisticRegression(C=c, max_iter=2000))])


class AudienceClassifier:
    def __init__(self, questions: Sequence[str], labels: Sequence[str]) -> None:
        self.model = make_model().fit(list(questions), list(labels))
        self._lock = threading.Lock()  # scikit-learn estimators are not documented thread-safe

    def predict(self, questions: Sequence[str]) -> list[str]:
        if not questions:
            return []
        with self._lock:
            return [str(x) for x in self.model.predict(list(questions))]

    def probabilities(self, questions: Sequence[str]) -> np.ndarray:
        """Shape (len(questions), len(classes_)), classes in `self.model.classes_` order."""
        with self._lock:
            return np.asarray(self.model.predict_proba(list(questions)))


@cache
def classifier() -> AudienceClassifier:
    """The classifier trained on the shipped labels (once per process)."""
    return AudienceClassifier(*read_labels())
