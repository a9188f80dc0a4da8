from __future__ import annotations

from pathlib import Path

import pytest

from calanque.answer.types import Answer
from calanque.conversations import ConversationError, Conversations
from calanque.index.sqlite_store import SQLiteStore


def _answer(question: str) -> Answer:
    return Answer(question, question, "fr", f"Réponse à {question} [1]", [], [], "extractive", "!")


def test_turns_feedback_and_history(tmp_path: Path) -> None:
    conversations = Conversations(SQLiteStore(tmp_path / "c.sqlite3"))
    cid, first = conversations.record(None, _answer("Q1"), [{"number": 1, "title": "T"}])
    same, second = conversations.record(cid, _answer("Q2"), [])
    assert same == cid and second > first
    assert len(cid) >= 20  # an unguessable permalink token
    conversations.feedback(first, 1, "  clair  ")
    c = conversations.get(cid)
    assert [t.question for t in c.turns] == ["Q1", "Q2"]
    assert c.turns[0].feedback[0]["comment"] == "clair"
    assert c.turns[0].sources[0]["title"] == "T"
    assert [t.question for t in c.history()] == ["Q1", "Q2"]
    assert conversations.questions() == ["Q2", "Q1"]
    with pytest.raises(ConversationError):
        conversations.feedback(99999, 1)
    with pytest.raises(ValueError):
        conversations.feedback(first, 3)


def test_retention_purge(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "c.sqlite3")
    conversations = Conversations(store)
    old, turn = conversations.record(None, _answer("ancienne"), [])
    conversations.feedback(turn, -1)
    store.db.execute("UPDATE conversations SET updated_at = '2020-01-01T00:00:00+00:00'")
    recent, _ = conversations.record(None, _answer("récente"), [])
    assert conversations.purge(older_than_days=30) == 1
    assert not conversations.exists(old) and conversations.exists(recent)
    assert store.db.execute("SELECT count(*) FROM feedback").fetchone()[0] == 0
    assert store.check() == []
