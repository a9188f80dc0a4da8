"""Approximate dense search with faiss IVF + 8-bit scalar quantisation, for large indexes.

Exact search reads every float32 vector per query (1.5 GB at 1M × 384: 40–130 ms, memory-bound).
An inverted file of k-means cells scans `nprobe` cells of 8-bit codes instead (392 B per vector,
< 1 ms at 100k); faiss kept more recall than usearch's HNSW at a quarter of the memory in
BENCHMARKS.md. The approximate scores only pick candidates: the caller re-scores them exactly
from the stored float32 vectors. Patched from the SQLite store like every sidecar.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from calanque.index.sidecar import Delta, Sidecar
from calanque.index.sqlite_vectors import stored_vectors

_TRAIN = 50_000  # vectors sampled to train the cells: more changes recall by < 0.01
_REBUILD_GROWTH = 4  # retrain when the index grew this much since its cells were trained


def cells_for(n: int) -> int:
    """Number of k-means cells: ~√n (the usual rule), at most 1024 so training stays in seconds
    on two cores."""
    return int(min(1024, max(1, round(np.sqrt(n)))))


def probes_for(cells: int) -> int:
    """Cells scanned per query: at 1M chunks, 32 of 1,024 lost 2 points of R@10 on PIAF questions
    and 128 none (dense stage 20 ms instead of 10; BENCHMARKS.md)."""
    return max(32, cells // 8)


class IVFIndex(Sidecar):
    """faiss IVF-SQ8 of one embedder's vectors in a SQLite store."""

    def __init__(self, path: Path, embedder_id: str, nprobe: int | None = None) -> None:
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", embedder_id)
        self.path = path.with_name(f"{path.name}.ivf-{safe}.faiss")
        super().__init__(self.path.with_name(self.path.name + ".json"))
        self.embedder_id = embedder_id
        self.nprobe = nprobe
        # faiss's type stubs miss the SWIG attributes used here (invlists, nlist, ntotal)
        self._index: Any = None
        self._trained_on = 0

    def open(self, state: dict | None) -> np.ndarray | None:
        if state is not None:
            try:
                index = faiss.read_index(str(self.path))
                held = _held_ids(index)
                if len(held) == state.get("count"):
                    self._index, self._trained_on = index, int(state.get("trained_on", len(held)))
                    return held
            except (RuntimeError, OSError):
                pass
        self._index = None
        return None

    def current_ids(self, db: sqlite3.Connection) -> np.ndarray:
        rows = db.execute(
            "SELECT id FROM chunks WHERE embedder = ? AND vector IS NOT NULL ORDER BY id",
            (self.embedder_id,),
        )
        return np.fromiter((r[0] for r in rows), np.int64)

    def apply(self, db: sqlite3.Connection, change: Delta, current: np.ndarray) -> None:
        if self._index is None or len(current) > _REBUILD_GROWTH * max(1, self._trained_on):
            self._index = self._train(db, current)
            self._trained_on = len(current)
            change = Delta(removed=np.zeros(0, np.int64), added=current)
        if len(change.removed):
            self._index.remove_ids(faiss.IDSelectorBatch(change.removed))
        for start in range(0, len(change.added), 50_000):
            ids, x = stored_vectors(db, self.embedder_id, change.added[start : start + 50_000])
            self._index.add_with_ids(x, ids)

    def save(self, held: np.ndarray) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        faiss.write_index(self._index, str(tmp))
        os.replace(tmp, self.path)

    def extra_state(self) -> dict:
        return {"trained_on": self._trained_on}

    def _train(self, db: sqlite3.Connection, ids: np.ndarray) -> faiss.IndexIVFScalarQuantizer:
        rng = np.random.default_rng(0)
        sample = np.sort(rng.choice(ids, min(len(ids), _TRAIN), replace=False))
        _, x = stored_vectors(db, self.embedder_id, sample)
        dim = x.shape[1] if len(x) else 1
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFScalarQuantizer(
            quantizer,
            dim,
            cells_for(len(ids)),
            faiss.ScalarQuantizer.QT_8bit,
            faiss.METRIC_INNER_PRODUCT,
        )
        index.cp.min_points_per_centroid = 1  # small indexes: fewer points than 39 per cell
        index.train(x)
        return index

    def search(self, q: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[int]:
        """Ids of about the `k` nearest vectors (approximate order), within `allowed` if given."""
        if self._index is None or self._index.ntotal == 0 or k <= 0:
            return []
        nlist = self._index.nlist
        params = faiss.SearchParametersIVF(nprobe=min(self.nprobe or probes_for(nlist), nlist))  # type: ignore[call-arg]
        if allowed is not None:
            params.sel = faiss.IDSelectorBatch(allowed)
        with self._lock:  # a sync in another thread patches the index in place
            _, found = self._index.search(q.reshape(1, -1).astype(np.float32), k, params=params)
        return [int(i) for i in found[0] if i >= 0]


def _held_ids(index: Any) -> np.ndarray:
    lists = index.invlists
    parts = [
        faiss.rev_swig_ptr(lists.get_ids(c), lists.list_size(c)).copy()
        for c in range(index.nlist)
        if lists.list_size(c)
    ]
    return np.sort(np.concatenate(parts)) if parts else np.zeros(0, np.int64)
