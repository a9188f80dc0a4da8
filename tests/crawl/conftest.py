"""Fixtures for the crawler tests: the generated site on loopback and a fresh index file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from crawlsite import Site

from calanque.index.sqlite_store import SQLiteStore


@pytest.fixture
def site() -> Iterator[Site]:
    with Site(pages=60) as s:
        yield s


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "index.sqlite3")
    yield s
    s.close()
