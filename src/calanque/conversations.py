"""Conversations of the public site: turns, sources, feedback, in the shared database.

Identifiers are random 128-bit tokens, so a permalink is unguessable and carries no personal data;
no IP address or user identifier is stored. Old conversations are purged by `purge()`.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from calanque.answer.types import Answer, Turn
from calanque.db.database import Database, Legacy, Migration, batched, marks, now, script

_MAX_ROWID = 2**63 - 1  # the largest integer id: a larger one raises OverflowError
MAX_HISTORY_TURNS = 8
T = TypeVar("T")


def m003_conversations(db: Any) -> None:
    """Conversations, their turns with the sources shown, and visitors' feedback (the step kept
    its name from when the index's migrations created these tables)."""
    script(
        db,
        """
        CREATE TABLE conversations (
            id TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX conversations_updated ON conversations(updated_at);
        CREATE TABLE turns (
            id {id},
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            question TEXT NOT NULL,
            query TEXT NOT NULL,
            answer TEXT NOT NULL,
            lang TEXT NOT NULL,
            sources TEXT NOT NULL,
            meta TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (conversation_id, ordinal)
        );
        CREATE TABLE feedback (
            id {id},
            turn_id {bigint} NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
            rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
            comment TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX feedback_turn ON feedback(turn_id)
        """,
    )


MIGRATIONS: list[Migration] = [m003_conversations]


class ConversationError(LookupError):
    """Unknown conversation or turn."""


@dataclass
class StoredTurn:
    id: int
    ordinal: int
    question: str
    answer: str
    lang: str
    sources: list[dict[str, Any]]
    meta: dict[str, Any]
    created_at: str
    feedback: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Conversation:
    id: str
    created_at: str
    turns: list[StoredTurn]

    def history(self) -> list[Turn]:
        return [Turn(t.question, t.answer) for t in self.turns]


def _turn(r: Any) -> StoredTurn:
    return StoredTurn(
        id=r["id"],
        ordinal=r["ordinal"],
        question=r["question"],
        answer=r["answer"],
        lang=r["lang"],
        sources=json.loads(r["sources"]),
        meta=json.loads(r["meta"]),
        created_at=r["created_at"],
    )


def bounded_history(
    turns: Sequence[T], max_chars: int, max_turns: int = MAX_HISTORY_TURNS
) -> list[T]:
    """The most recent turns whose questions add up to at most `max_chars` characters, and at
    most `max_turns` of them, in their order: earlier questions join the search query, so the
    history is held to what one long question may cost."""
    kept: list[T] = []
    total = 0
    for turn in reversed(turns):
        total += len(getattr(turn, "question", ""))
        if len(kept) >= max_turns or total > max_chars:
            break
        kept.append(turn)
    return kept[::-1]


def new_id() -> str:
    return secrets.token_urlsafe(16)


class Conversations:
    """The conversations' tables and queries, on any `Database`."""

    def __init__(self, database: Database) -> None:
        self.database = database
        database.migrate("conversations", MIGRATIONS, Legacy("_migrations", marker="turns"))

    def get(self, conversation_id: str) -> Conversation:
        db = self.database.connection()
        row = db.execute(
            "SELECT id, created_at FROM conversations WHERE id = ?", (conversation_id,)
        ).fetchone()
        if row is None:
            raise ConversationError(f"no conversation {conversation_id!r}")
        turns = [
            _turn(r)
            for r in db.execute(
                "SELECT * FROM turns WHERE conversation_id = ? ORDER BY ordinal", (row["id"],)
            )
        ]
        by_id = {t.id: t for t in turns}
        if by_id:
            for f in db.execute(
                f"SELECT turn_id, rating, comment, created_at FROM feedback "
                f"WHERE turn_id IN ({marks(len(by_id))}) ORDER BY id",
                list(by_id),
            ):
                by_id[f["turn_id"]].feedback.append(
                    {"rating": f["rating"], "comment": f["comment"], "created_at": f["created_at"]}
                )
        return Conversation(row["id"], row["created_at"], turns)

    def exists(self, conversation_id: str) -> bool:
        row = (
            self.database.connection()
            .execute("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,))
            .fetchone()
        )
        return row is not None

    def record(
        self, conversation_id: str | None, answer: Answer, sources: list[dict[str, Any]]
    ) -> tuple[str, int]:
        """Append a turn (creating the conversation if needed); returns (conversation, turn) ids."""
        cid = conversation_id or new_id()
        at = now()
        meta = {
            "backend": answer.backend,
            "answered": answer.answered,
            "notices": answer.notices,
            "cited": [s.number for s in answer.cited],
            "scope": answer.scope,
            "awrf": answer.awrf,
            "answer_type": answer.answer_type,
            "refusal": answer.refusal,
        }
        with self.database.transaction() as db:
            db.execute(
                "INSERT INTO conversations (id, created_at, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at",
                (cid, at, at),
            )
            ordinal = db.execute(
                "SELECT coalesce(max(ordinal), 0) + 1 FROM turns WHERE conversation_id = ?", (cid,)
            ).fetchone()[0]
            (turn_id,) = db.execute(
                "INSERT INTO turns (conversation_id, ordinal, question, query, answer, lang, "
                "sources, meta, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    cid,
                    ordinal,
                    answer.question,
                    answer.query,
                    answer.text,
                    answer.lang,
                    json.dumps(sources, ensure_ascii=False),
                    json.dumps(meta, ensure_ascii=False),
                    at,
                ),
            ).fetchone()
        return cid, int(turn_id)

    def feedback(
        self, turn_id: int, rating: int, comment: str = "", *, conversation_id: str
    ) -> None:
        """Record a rating on a turn of `conversation_id`. Turn ids are sequential, so the
        conversation's secret id is what proves the visitor saw the turn; a turn of another
        conversation is refused exactly as a missing one, to reveal nothing."""
        if rating not in (-1, 1):
            raise ValueError("rating must be 1 (useful) or -1 (not useful)")
        if not 1 <= turn_id <= _MAX_ROWID:
            raise ConversationError("no such turn in this conversation")
        with self.database.transaction() as db:
            found = db.execute(
                "SELECT 1 FROM turns WHERE id = ? AND conversation_id = ?",
                (turn_id, conversation_id),
            ).fetchone()
            if found is None:
                raise ConversationError("no such turn in this conversation")
            db.execute(
                "INSERT INTO feedback (turn_id, rating, comment, created_at) VALUES (?, ?, ?, ?)",
                (turn_id, rating, comment.strip(), now()),
            )

    def purge(self, older_than_days: float) -> int:
        """Delete conversations untouched for that long; returns how many went."""
        cutoff = (datetime.now(UTC) - timedelta(days=older_than_days)).isoformat(timespec="seconds")
        with self.database.transaction() as db:
            cur = db.execute("DELETE FROM conversations WHERE updated_at < ?", (cutoff,))
        return cur.rowcount

    def recent_turns(self, limit: int = 5_000) -> list[StoredTurn]:
        """The latest turns of all conversations (equity page, impact measurement)."""
        rows = self.database.connection().execute(
            "SELECT * FROM turns ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [_turn(r) for r in rows]

    def questions(self, limit: int = 10_000) -> list[str]:
        """The question log, newest first (equity reports, impact measurement)."""
        rows = self.database.connection().execute(
            "SELECT question FROM turns ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [r[0] for r in rows]

    def turns_between(
        self, since: str = "", until: str = "", limit: int = 100_000
    ) -> list[StoredTurn]:
        """Turns asked in [since, until) (ISO dates or times; empty: unbounded), oldest first,
        each with its feedback (the console's impact and gaps)."""
        rows = self.database.connection().execute(
            "SELECT * FROM turns WHERE created_at >= ? AND (? = '' OR created_at < ?) "
            "ORDER BY id LIMIT ?",
            (since, until, until, limit),
        )
        turns = [_turn(r) for r in rows]
        self._attach_feedback(turns)
        return turns

    def rated(
        self, rating: int, since: str = "", until: str = "", limit: int = 1_000
    ) -> list[tuple[dict[str, Any], StoredTurn]]:
        """Feedback of one rating with its turn, newest first (the console's feedback list)."""
        db = self.database.connection()
        rows = db.execute(
            "SELECT f.id AS feedback_id, f.rating, f.comment, f.created_at AS rated_at, t.* "
            "FROM feedback f JOIN turns t ON t.id = f.turn_id WHERE f.rating = ? "
            "AND f.created_at >= ? AND (? = '' OR f.created_at < ?) ORDER BY f.id DESC LIMIT ?",
            (rating, since, until, until, limit),
        )
        return [
            (
                {
                    "id": r["feedback_id"],
                    "rating": r["rating"],
                    "comment": r["comment"],
                    "created_at": r["rated_at"],
                },
                _turn(r),
            )
            for r in rows
        ]

    def turn(self, turn_id: int) -> StoredTurn:
        """One turn by id, with its feedback (staff reach it from the feedback list)."""
        if not 1 <= turn_id <= _MAX_ROWID:
            raise ConversationError("no such turn")
        row = (
            self.database.connection()
            .execute("SELECT * FROM turns WHERE id = ?", (turn_id,))
            .fetchone()
        )
        if row is None:
            raise ConversationError("no such turn")
        turn = _turn(row)
        self._attach_feedback([turn])
        return turn

    def _attach_feedback(self, turns: list[StoredTurn]) -> None:
        by_id = {t.id: t for t in turns}
        db = self.database.connection()
        for part in batched(list(by_id)):
            for f in db.execute(
                f"SELECT turn_id, rating, comment, created_at FROM feedback "
                f"WHERE turn_id IN ({marks(len(part))}) ORDER BY id",
                list(part),
            ):
                by_id[f["turn_id"]].feedback.append(
                    {"rating": f["rating"], "comment": f["comment"], "created_at": f["created_at"]}
                )
