"""Visitors' questions as the console analyses them: each stored turn with its vector (computed
once, kept in `console_question_vectors`), audience, topics and the communes it names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from calanque.console import schema
from calanque.console.audience import AudienceClassifier
from calanque.console.topics import topics
from calanque.conversations import StoredTurn
from calanque.db.database import batched, marks
from calanque.engine import Engine


@dataclass
class AnalysedTurn:
    turn: StoredTurn
    vector: np.ndarray
    audience: str
    topics: list[str]
    communes: list[str]  # INSEE codes the question names

    @property
    def day(self) -> str:
        return self.turn.created_at[:10]

    @property
    def answered(self) -> bool:
        return bool(self.turn.meta.get("answered"))

    @property
    def ratings(self) -> list[int]:
        return [f["rating"] for f in self.turn.feedback]


class QuestionLog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.database = engine.database
        schema.migrate(self.database)

    @cached_property
    def audiences(self) -> AudienceClassifier:
        return AudienceClassifier(self.engine.embedder)

    def vectors(self, turns: Sequence[StoredTurn]) -> np.ndarray:
        """The questions' vectors, shape (len(turns), dim): stored ones read, others embedded
        and stored."""
        embedder = self.engine.embedder
        found: dict[int, np.ndarray] = {}
        db = self.database.connection()
        ids = [t.id for t in turns]
        for part in batched(ids):
            for r in db.execute(
                f"SELECT turn_id, vector FROM console_question_vectors WHERE embedder = ? "
                f"AND turn_id IN ({marks(len(part))})",
                (embedder.embedder_id, *part),
            ):
                found[r[0]] = np.frombuffer(bytes(r[1]), dtype=np.float32)
        missing = [t for t in turns if t.id not in found]
        if missing:
            fresh = [embedder.embed_query(t.question).astype(np.float32) for t in missing]
            with self.database.transaction() as tx:
                for t, v in zip(missing, fresh, strict=True):
                    tx.execute(
                        "INSERT INTO console_question_vectors VALUES (?, ?, ?) "
                        "ON CONFLICT (turn_id) DO NOTHING",
                        (t.id, embedder.embedder_id, v.tobytes()),
                    )
                    found[t.id] = v
        if not turns:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[t.id] for t in turns])

    def analyse(self, turns: Sequence[StoredTurn]) -> list[AnalysedTurn]:
        vectors = self.vectors(turns)
        audiences = self.audiences.predict(vectors) if len(turns) else []
        places = self.engine.gazetteer.communes
        return [
            AnalysedTurn(t, vectors[i], audiences[i], topics(t.question), places(t.question))
            for i, t in enumerate(turns)
        ]

    def between(self, since: str = "", until: str = "") -> list[AnalysedTurn]:
        return self.analyse(self.engine.conversations.turns_between(since, until))
