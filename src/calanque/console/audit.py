"""The audit log: who changed what, and when. Every change the console makes writes one row in
the same transaction as the change, so the log never misses a change that happened."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from calanque.db.database import Database, now


@dataclass(frozen=True)
class Actor:
    """Who acts: a staff member (or the CLI, with user_id None)."""

    user_id: int | None
    username: str
    role: str


CLI = Actor(None, "cli", "admin")


def record(db: Any, actor: Actor, action: str, target: str = "", **detail: Any) -> None:
    """Write one audit row on `db`, the caller's open transaction."""
    db.execute(
        "INSERT INTO console_audit (at, user_id, username, action, target, detail) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            now(),
            actor.user_id,
            actor.username,
            action,
            target,
            json.dumps(detail, ensure_ascii=False, default=str),
        ),
    )


def entries(database: Database, limit: int = 200, offset: int = 0) -> list[dict[str, Any]]:
    """The newest entries first."""
    rows = database.connection().execute(
        "SELECT id, at, username, action, target, detail FROM console_audit "
        "ORDER BY id DESC LIMIT ? OFFSET ?",
        (limit, offset),
    )
    return [{**dict(r), "detail": json.loads(r["detail"])} for r in rows]
