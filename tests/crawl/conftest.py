"""Fixtures for the crawler tests: the generated site on loopback and a fresh index file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from crawlsite import Site

from calanque.index.store import Store
from databases import new_store


@pytest.fixture
def site() -> Iterator[Site]:
    with Site(pages=60) as s:
        yield s


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = new_store(tmp_path)
    yield s
    s.close()
