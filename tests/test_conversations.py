from __future__ import annotations

from pathlib import Path

import pytest

from calanque.answer.types import Answer
from calanque.conversations import ConversationError, Conversations
from databases import new_database, new_store


def _answer(question: str) -> Answer:
    return Answer(question, question, "fr", f"Réponse à {question} [1]", [], [], "extractive", "!")


def test_turns_feedback_and_history(tmp_path: Path) -> None:
    conversations = Conversations(new_database(tmp_path))
    cid, first = conversations.record(None, _answer("Q1"), [{"number": 1, "title": "T"}])
    same, second = conversations.record(cid, _answer("Q2"), [])
    assert same == cid and second > first
    assert len(cid) >= 20  # an unguessable permalink token
    conversations.feedback(first, 1, "  clair  ", conversation_id=cid)
    c = conversations.get(cid)
    assert [t.question for t in c.turns] == ["Q1", "Q2"]
    assert c.turns[0].feedback[0]["comment"] == "clair"
    assert c.turns[0].sources[0]["title"] == "T"
    assert [t.question for t in c.history()] == ["Q1", "Q2"]
    assert conversations.questions() == ["Q2", "Q1"]
    with pytest.raises(ConversationError):
        conversations.feedback(99999, 1, conversation_id=cid)
    with pytest.raises(ValueError):
        conversations.feedback(first, 3, conversation_id=cid)


def test_retention_purge(tmp_path: Path) -> None:
    store = new_store(tmp_path)
    conversations = Conversations(store.database)
    old, turn = conversations.record(None, _answer("ancienne"), [])
    conversations.feedback(turn, -1, conversation_id=old)
    store.db.execute("UPDATE conversations SET updated_at = '2020-01-01T00:00:00+00:00'")
    recent, _ = conversations.record(None, _answer("récente"), [])
    assert conversations.purge(older_than_days=30) == 1
    assert not conversations.exists(old) and conversations.exists(recent)
    assert store.db.execute("SELECT count(*) FROM feedback").fetchone()[0] == 0
    assert store.check() == []


def test_feedback_is_bound_to_the_conversation(tmp_path: Path) -> None:
    """Turn ids are sequential: without the conversation's secret id, anyone could rate and
    comment anyone's turn, and tell how many turns exist."""
    conversations = Conversations(new_database(tmp_path))
    mine, _ = conversations.record(None, _answer("Q1"), [])
    theirs, turn = conversations.record(None, _answer("Q2"), [])
    for wrong in (mine, "", "x" * 22):
        with pytest.raises(ConversationError) as foreign:
            conversations.feedback(turn, 1, "spam", conversation_id=wrong)
    with pytest.raises(ConversationError) as missing:
        conversations.feedback(turn + 1000, 1, conversation_id=mine)
    assert str(foreign.value) == str(missing.value)  # the same answer: nothing revealed
    with pytest.raises(ConversationError):
        conversations.feedback(2**63, 1, conversation_id=theirs)  # past SQLite's integers
    conversations.feedback(turn, 1, "merci", conversation_id=theirs)
    assert conversations.get(theirs).turns[0].feedback[0]["comment"] == "merci"
    assert conversations.get(mine).turns[0].feedback == []
