"""Shared fixtures: a synthetic territory pack built in code, real SQLite, the real embedder."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from calanque.config import Settings
from calanque.engine import Engine
from calanque.index.embedders import E5Embedder
from synthetic_pack import build_pack


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test writes its index under its own temporary directory."""
    monkeypatch.setenv("CALANQUE_HOME", str(tmp_path / "home"))
    for name in ("CALANQUE_LLM", "CALANQUE_EMBEDDER", "CALANQUE_PACK"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def embedder() -> E5Embedder:
    return E5Embedder()


@pytest.fixture(scope="session")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_pack(tmp_path_factory.mktemp("packs") / "lagune")


@pytest.fixture(scope="session")
def built_engine(
    tmp_path_factory: pytest.TempPathFactory, pack_dir: Path, embedder: E5Embedder
) -> Iterator[Engine]:
    """The synthetic pack's demo index, built once and only read by the tests that use it."""
    home = tmp_path_factory.mktemp("built")
    engine = Engine(Settings.load({"home": home, "pack": str(pack_dir)}), embedder=embedder)
    engine.build_demo()
    yield engine
    engine.close()


@pytest.fixture
def engine(
    tmp_path: Path, built_engine: Engine, pack_dir: Path, embedder: E5Embedder
) -> Iterator[Engine]:
    """A fresh engine over a copy of the synthetic pack's built index, for tests that write."""
    home = tmp_path / "fresh-home"
    home.mkdir()
    target = sqlite3.connect(home / built_engine.settings.db_path.name)
    built_engine.database.connection().backup(target)  # a consistent copy, WAL included
    # without the conversations other tests recorded through the shared index
    if target.execute("SELECT 1 FROM sqlite_master WHERE name = 'conversations'").fetchone():
        target.execute("PRAGMA foreign_keys = ON")
        target.execute("DELETE FROM conversations")
        target.commit()
    target.close()
    e = make_engine(home, pack_dir, embedder)
    yield e
    e.close()


def make_engine(home: Path, pack_dir: Path, embedder: E5Embedder, **settings: object) -> Engine:
    return Engine(
        Settings.load({"home": home, "pack": str(pack_dir), **settings}), embedder=embedder
    )
