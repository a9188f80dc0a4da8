"""What an acceleration index beside the SQLite file must change to match it.

The SQLite file stays the only source of truth: the tantivy and faiss indexes are rebuilt or
patched from it, so a killed process or a lost sidecar costs time, never data. Both sidecars keep
the set of chunk ids they hold and apply the difference with the store's current set, whoever
changed it (ingestion, crawler, another process).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Delta:
    removed: np.ndarray
    added: np.ndarray

    def __bool__(self) -> bool:
        return bool(len(self.removed) or len(self.added))


def delta(held: np.ndarray, current: np.ndarray) -> Delta:
    """Ids to remove from and add to a sidecar holding `held` so that it holds `current`."""
    return Delta(
        removed=np.setdiff1d(held, current, assume_unique=True),
        added=np.setdiff1d(current, held, assume_unique=True),
    )


def read_state(path: Path) -> dict | None:
    """The sidecar's recorded state, or None if it is missing or unreadable (rebuild)."""
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def write_state(path: Path, state: dict) -> None:
    """Atomically: a sidecar is trusted only when its state file was fully written."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(state))
    os.replace(tmp, path)


class Sidecar:
    """Synchronisation shared by the sidecars: on a new store generation, open what is on disk
    (or start empty when it is not trusted), apply the id difference, then record the state."""

    FORMAT = 1

    def __init__(self, state_path: Path) -> None:
        self.state_path = state_path
        self._generation: int | None = None
        self._held: np.ndarray | None = None  # ids of the loaded index, once synchronised
        self._lock = threading.Lock()

    def sync(self, db: sqlite3.Connection, generation: int) -> None:
        """Bring the sidecar to the store's `generation`; cheap when it is already there."""
        if self._generation == generation:
            return
        with self._lock:
            if self._generation == generation:
                return
            state = read_state(self.state_path)
            if state is not None and state.get("format") != self.FORMAT:
                state = None
            if (
                state is not None
                and self._held is not None
                and state.get("generation") == self._generation
            ):
                held = self._held  # the files hold what is loaded: patch it in memory
            else:
                held = self.open(state)
            if held is None or state is None or state.get("generation") != generation:
                current = self.current_ids(db)
                change = delta(np.zeros(0, np.int64) if held is None else held, current)
                if change or held is None:
                    self.state_path.unlink(missing_ok=True)  # untrusted until written again
                    self.apply(db, change, current)
                held = current
                write_state(
                    self.state_path,
                    {
                        "format": self.FORMAT,
                        "generation": generation,
                        "count": len(current),
                        **self.extra_state(),
                    },
                )
            self.loaded()
            self._generation, self._held = generation, held

    def open(self, state: dict | None) -> np.ndarray | None:
        """Load from disk and return the ids held; None after starting empty, when `state` is
        None or the files disagree with it."""
        raise NotImplementedError

    def current_ids(self, db: sqlite3.Connection) -> np.ndarray:
        """The ids the store holds now, sorted."""
        raise NotImplementedError

    def apply(self, db: sqlite3.Connection, change: Delta, current: np.ndarray) -> None:
        """Remove and add chunks, and persist."""
        raise NotImplementedError

    def loaded(self) -> None:
        """Called once the sidecar matches the store (reload readers)."""

    def extra_state(self) -> dict:
        """More to record in the state file."""
        return {}
