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
    """Synchronisation shared by the sidecars: on a new store generation, patch what is loaded
    (or open what is on disk, or start empty when it is not trusted) by the id difference, and
    write it back when asked, on a large change, or always when `apply` writes to disk anyway.

    Writing an IVF index back costs ~0.4 GB at 1M chunks, so a trickle of crawled pages is patched
    in memory only: the files on disk stay an older consistent pair (index, state) that a restart
    patches by the same difference. `warm()` writes them after an ingestion or a crawl.
    """

    FORMAT = 1
    writes_on_apply = False  # True when `apply` changes the files itself (tantivy commits)
    large_change = 0.01  # share of the index changed from which the files are written at once

    def __init__(self, state_path: Path) -> None:
        self.state_path = state_path
        self._generation: int | None = None  # of what is loaded
        self._disk_generation: int | None = None  # of the files, as this process last saw them
        self._held: np.ndarray | None = None  # ids of what is loaded
        self._lock = threading.Lock()

    def _current(self, generation: int, persist: bool) -> bool:
        return self._generation == generation and (
            not persist or self._disk_generation == generation
        )

    def sync(self, db: sqlite3.Connection, generation: int, *, persist: bool = False) -> None:
        """Bring the sidecar to the store's `generation` (cheap when it is already there), and
        with `persist` make sure the files are too."""
        if self._current(generation, persist):
            return
        with self._lock:
            if self._current(generation, persist):
                return
            state = read_state(self.state_path)
            if state is not None and state.get("format") != self.FORMAT:
                state = None
            disk = state.get("generation") if state is not None else None
            held: np.ndarray | None
            if self._held is not None and disk is not None and disk == self._disk_generation:
                held, loaded = self._held, self._generation  # nobody else wrote: keep memory
            else:
                held = self.open(state)
                loaded = disk if held is not None else None
                self._disk_generation = loaded
            large = False
            if loaded != generation:
                current = self.current_ids(db)
                change = delta(np.zeros(0, np.int64) if held is None else held, current)
                if change or held is None:
                    if self.writes_on_apply:
                        self._untrust()
                    self.apply(db, change, current)
                    size = len(change.removed) + len(change.added)
                    large = held is None or size > self.large_change * max(1, len(current))
                held, loaded = current, generation
            assert held is not None  # opened, kept, or just read from the database
            if loaded != self._disk_generation and (persist or large or self.writes_on_apply):
                self._untrust()
                self.save(held)
                state = {"format": self.FORMAT, "generation": loaded, "count": len(held)}
                write_state(self.state_path, {**state, **self.extra_state()})
                self._disk_generation = loaded
            self.loaded()
            self._generation, self._held = loaded, held

    def _untrust(self) -> None:
        """The files are about to change: no state file until they match one again."""
        self.state_path.unlink(missing_ok=True)
        self._disk_generation = None

    def open(self, state: dict | None) -> np.ndarray | None:
        """Load from disk and return the ids held; None after starting empty, when `state` is
        None or the files disagree with it."""
        raise NotImplementedError

    def current_ids(self, db: sqlite3.Connection) -> np.ndarray:
        """The ids the store holds now, sorted."""
        raise NotImplementedError

    def apply(self, db: sqlite3.Connection, change: Delta, current: np.ndarray) -> None:
        """Remove and add chunks."""
        raise NotImplementedError

    def save(self, held: np.ndarray) -> None:
        """Write what is loaded (holding `held`) to disk."""
        raise NotImplementedError

    def loaded(self) -> None:
        """Called once the sidecar matches the store (reload readers)."""

    def extra_state(self) -> dict:
        """More to record in the state file."""
        return {}
