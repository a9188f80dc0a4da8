"""Who asks: resident, visitor, student or talent, business or investor, learnt from labelled
questions (`data/audience.tsv`, written for Calanque, French and English).

A logistic regression over the questions' multilingual e5 vectors (the engine's embedder), fitted
at first use from the shipped set (201 questions embed in about two seconds), so no model file
is shipped and a pack can bring its own labels. Measured by `bench/audience.py` on held-out
labels: 0.857 ± 0.030 accuracy against 0.559 for word and character n-grams (BENCHMARKS.md).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from calanque.index.embedders import Embedder

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


def make_model() -> LogisticRegression:
    return LogisticRegression(C=10.0, max_iter=2000)


class AudienceClassifier:
    """Fitted on labelled questions' vectors; predicts from vectors of the same embedder."""

    def __init__(
        self,
        embedder: Embedder,
        questions: Sequence[str] | None = None,
        labels: Sequence[str] | None = None,
    ) -> None:
        if questions is None or labels is None:
            questions, labels = read_labels()
        self.embedder_id = embedder.embedder_id
        x = np.stack([embedder.embed_query(q) for q in questions])
        self.model = make_model().fit(x, list(labels))
        self._lock = threading.Lock()  # scikit-learn estimators are not documented thread-safe

    def predict(self, vectors: np.ndarray) -> list[str]:
        """One audience per row of `vectors`, shape (n, dim)."""
        if len(vectors) == 0:
            return []
        with self._lock:
            return [str(x) for x in self.model.predict(vectors)]
