"""The console's tables, one migration list for the `console` component.

Staff accounts and their sessions, the audit log, the curation rules staff set on the answer path
(exclusions, demotions, pins), the outcome of each upload, and the contacts who opted in on the
site. Column types go through `script()` and ids through `RETURNING id`, so the same steps run on
SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from calanque.db.database import Migration, script

MIGRATIONS: list[Migration] = []
migration = MIGRATIONS.append


@migration
def m001_accounts(db: Any) -> None:
    """Staff, their sessions (shared by every worker: a session is a row, not a process's
    memory) and the audit log."""
    script(
        db,
        """
        CREATE TABLE console_users (
            id {id},
            username TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('admin', 'editor')),
            failures INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            disabled INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            last_login TEXT
        );
        CREATE TABLE console_sessions (
            token_hash TEXT PRIMARY KEY,
            user_id {bigint} NOT NULL REFERENCES console_users(id) ON DELETE CASCADE,
            csrf TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE INDEX console_sessions_user ON console_sessions(user_id);
        CREATE TABLE console_audit (
            id {id},
            at TEXT NOT NULL,
            user_id {bigint},
            username TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT '{{}}'
        );
        CREATE INDEX console_audit_at ON console_audit(at)
        """,
    )


@migration
def m002_curation(db: Any) -> None:
    """Rules on the answer path, and a revision every search compares to its cached copy."""
    script(
        db,
        """
        CREATE TABLE console_rules (
            id {id},
            kind TEXT NOT NULL CHECK (kind IN ('exclude', 'demote', 'pin', 'supersede')),
            uri TEXT NOT NULL,
            question TEXT NOT NULL DEFAULT '',
            embedder TEXT NOT NULL DEFAULT '',
            vector {blob},
            note TEXT NOT NULL DEFAULT '',
            turn_id {bigint},
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX console_rules_uri ON console_rules(uri);
        CREATE TABLE console_revision (name TEXT PRIMARY KEY, value {bigint} NOT NULL);
        INSERT INTO console_revision VALUES ('rules', 0)
        """,
    )


@migration
def m003_uploads(db: Any) -> None:
    """What each upload became, errors included (the index keeps only what it indexed), and
    the regional weight staff gave each source (new documents of the source get it too)."""
    script(
        db,
        """
        CREATE TABLE console_uploads (
            id {id},
            filename TEXT NOT NULL,
            uri TEXT NOT NULL,
            source TEXT NOT NULL,
            status TEXT NOT NULL,
            message TEXT NOT NULL DEFAULT '',
            chunks INTEGER NOT NULL DEFAULT 0,
            bytes {bigint} NOT NULL DEFAULT 0,
            uploaded_by TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX console_uploads_uri ON console_uploads(uri);
        CREATE TABLE console_source_weights (
            source TEXT PRIMARY KEY,
            weight REAL NOT NULL,
            updated_by TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
    )


@migration
def m004_contacts(db: Any) -> None:
    """Visitors who opted in to be contacted; a withdrawal erases what they gave."""
    script(
        db,
        """
        CREATE TABLE console_contacts (
            id {id},
            email TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            audience TEXT NOT NULL DEFAULT '',
            message TEXT NOT NULL DEFAULT '',
            lang TEXT NOT NULL DEFAULT '',
            conversation_id TEXT NOT NULL DEFAULT '',
            consent TEXT NOT NULL,
            withdraw_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            withdrawn_at TEXT
        )
        """,
    )


@migration
def m005_crawl_jobs(db: Any) -> None:
    """Crawls started from the console: who started them, and the live count any worker reads."""
    script(
        db,
        """
        CREATE TABLE console_crawl_jobs (
            id {id},
            source TEXT NOT NULL,
            started_by TEXT NOT NULL,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            finished_at TEXT,
            done INTEGER NOT NULL DEFAULT 0,
            total INTEGER NOT NULL DEFAULT 0,
            current TEXT NOT NULL DEFAULT '',
            error TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX console_crawl_jobs_source ON console_crawl_jobs(source, id)
        """,
    )


@migration
def m006_question_vectors(db: Any) -> None:
    """Vectors of visitors' questions, computed once for the audience classifier and the gaps'
    clustering; they go with their turn when the conversation is purged."""
    script(
        db,
        """
        CREATE TABLE console_question_vectors (
            turn_id {bigint} PRIMARY KEY REFERENCES turns(id) ON DELETE CASCADE,
            embedder TEXT NOT NULL,
            vector {blob} NOT NULL
        )
        """,
    )


def migrate(database: Any) -> None:
    """The console's tables, after the conversations' (question vectors refer to turns)."""
    from calanque.conversations import Conversations

    Conversations(database)
    database.migrate("console", MIGRATIONS)
