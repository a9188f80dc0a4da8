"""Which engine a database URL names."""

from __future__ import annotations

from pathlib import Path

from calanque.db.database import Database


def open_database(url: str | Path) -> Database:
    """The database a URL names: `postgresql://…`, or a SQLite file path (`sqlite:///path` too)."""
    text = str(url)
    if text.startswith(("postgresql://", "postgres://")):
        from calanque.db.postgres import PostgresDatabase

        return PostgresDatabase(text)
    from calanque.db.sqlite import SQLiteDatabase

    return SQLiteDatabase(Path(text.removeprefix("sqlite://")))
