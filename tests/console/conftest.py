"""A fresh engine per test over a copy of the synthetic pack's built index (the console writes)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from calanque.engine import Engine
from calanque.index.embedders import E5Embedder
from calanque.config import Settings


@pytest.fixture
def engine(
    tmp_path: Path, built_engine: Engine, pack_dir: Path, embedder: E5Embedder
) -> Iterator[Engine]:
    home = tmp_path / "console-home"
    home.mkdir()
    source = built_engine.settings.db_path
    target = sqlite3.connect(home / source.name)
    built_engine.database.connection().backup(target)  # a consistent copy, WAL included
    target.close()
    e = Engine(Settings.load({"home": home, "pack": str(pack_dir)}), embedder=embedder)
    yield e
    e.close()
