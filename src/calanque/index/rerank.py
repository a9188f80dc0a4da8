"""A small learned ranker over lexical and dense features, in plain numpy.

Why learned: a grid over RRF constants moved R@1 by less than 0.02 on PIAF, because ranks throw
away how well a passage matches. A listwise model over a dozen features (see `features.py`) trained
on half of PIAF's articles (`bench/train_ranker.py`) recovers that. It is a tiny MLP or a linear
model stored as JSON next to this module — no runtime dependency, no download, microseconds per
candidate.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from calanque.index.features import FEATURES

BUNDLED = "models/ranker.json"


@dataclass
class Ranker:
    """Scores feature rows; larger is better. `layers` are (weights, bias) pairs, tanh between."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    layers: list[tuple[np.ndarray, np.ndarray]]
    meta: dict[str, Any] = field(default_factory=dict)

    def score(self, x: np.ndarray) -> np.ndarray:
        """x : shape (n, len(features)) → scores of shape (n,)."""
        h = (np.asarray(x, dtype=np.float64) - self.mean) / self.scale
        for i, (w, b) in enumerate(self.layers):
            h = h @ w + b
            if i < len(self.layers) - 1:
                h = np.tanh(h)
        return h[:, 0]

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "layers": [{"w": w.tolist(), "b": b.tolist()} for w, b in self.layers],
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Ranker:
        features = tuple(data["features"])
        if features != FEATURES:
            raise ValueError(f"ranker was trained on features {features}, not {FEATURES}")
        return cls(
            features=features,
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            layers=[
                (np.asarray(layer["w"], dtype=np.float64), np.asarray(layer["b"], np.float64))
                for layer in data["layers"]
            ],
            meta=data.get("meta", {}),
        )

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1) + "\n", "utf-8")

    @classmethod
    def load(cls, path: Path) -> Ranker:
        return cls.from_json(json.loads(path.read_text("utf-8")))


@cache
def bundled_ranker() -> Ranker | None:
    """The ranker shipped with Calanque, or None when the file is absent (plain fusion then)."""
    try:
        raw = resources.files("calanque.index").joinpath(BUNDLED).read_text("utf-8")
    except FileNotFoundError:
        return None
    return Ranker.from_json(json.loads(raw))
