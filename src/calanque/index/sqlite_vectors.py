"""Reading stored float32 vectors back from the SQLite index, for exact re-scoring and sidecars."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import numpy as np

from calanque.db.database import batched, marks


def stored_vectors(
    db: sqlite3.Connection, embedder_id: str, ids: Sequence[int] | np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(ids that have a vector of this embedder, their float32 vectors), read in batches."""
    found: list[int] = []
    blobs: list[bytes] = []
    ids = [int(i) for i in ids]
    for part in batched(ids):
        rows = db.execute(
            "SELECT id, vector FROM chunks WHERE embedder = ? AND vector IS NOT NULL "
            f"AND id IN ({marks(len(part))})",
            (embedder_id, *part),
        )
        for r in rows:
            found.append(r[0])
            blobs.append(r[1])
    if not found:
        return np.zeros(0, np.int64), np.zeros((0, 0), np.float32)
    matrix = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(found), -1)
    return np.array(found, np.int64), matrix
