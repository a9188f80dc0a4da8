"""The feedback loop: visitors' thumbs-down as staff read them, and what an editor does about one.

- mark a cited source outdated (demoted) or wrong (excluded from answers);
- pin a source for questions like this one (put first for them, matched by meaning and place);
- write a correction: a short note that becomes an agency document (`correction://…`, weight
  `CORRECTION_WEIGHT`, above every other source) pinned for the question, so the next answer to
  it, or to a question like it, is written from the note and cites it. A note reaches answers
  only through its pins (`curation.PINNED_ONLY`): searched like any source, a short note is what
  the ranker prefers, and it took over other questions.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from calanque.console import audit
from calanque.console.audit import Actor
from calanque.console.topics import topics
from calanque.conversations import StoredTurn
from calanque.documents import Block, Document
from calanque.engine import Engine
from calanque.errors import CalanqueError

CORRECTION_WEIGHT = 2.0  # the demo pack's documents weigh 0.9 to 1
CORRECTIONS = "agency:corrections"  # in curation.PINNED_ONLY: reached through its pins
MAX_NOTE = 4_000


class FeedbackError(CalanqueError, ValueError):
    """An action that cannot be done as asked; the message is for the user."""


@dataclass
class FeedbackItem:
    feedback: dict[str, Any]
    turn: StoredTurn
    topics: list[str]
    communes: list[str]  # INSEE codes named by the question or its cited sources

    @property
    def cited(self) -> list[dict[str, Any]]:
        return [s for s in self.turn.sources if s.get("cited")]


class FeedbackDesk:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.conversations = engine.conversations
        self.curation = engine.curation

    def items(
        self,
        *,
        topic: str = "",
        lang: str = "",
        commune: str = "",
        since: str = "",
        until: str = "",
        limit: int = 200,
    ) -> list[FeedbackItem]:
        """Thumbs-down newest first, filtered by topic, language, commune and date."""
        out = []
        for feedback, turn in self.conversations.rated(-1, since, until, limit=5_000):
            item = self.item(feedback, turn)
            if topic and topic not in item.topics:
                continue
            if lang and turn.lang != lang:
                continue
            if commune and commune not in item.communes:
                continue
            out.append(item)
            if len(out) >= limit:
                break
        return out

    def item(self, feedback: dict[str, Any], turn: StoredTurn) -> FeedbackItem:
        named = self.engine.gazetteer.communes(turn.question)
        cited = [c["insee"] for s in turn.sources if s.get("cited") for c in s.get("communes", [])]
        return FeedbackItem(
            feedback, turn, topics(turn.question), list(dict.fromkeys(named + cited))
        )

    def _turn(self, turn_id: int) -> StoredTurn:
        try:
            return self.conversations.turn(turn_id)
        except LookupError:
            raise FeedbackError(f"no answer {turn_id}") from None

    def mark(self, turn_id: int, uri: str, kind: str, actor: Actor, note: str = "") -> int:
        """Mark a source of the answer outdated (`demote`) or wrong (`exclude`)."""
        if kind not in ("demote", "exclude"):
            raise FeedbackError("mark a source outdated (demote) or wrong (exclude)")
        turn = self._turn(turn_id)
        if uri not in {s.get("uri") for s in turn.sources}:
            raise FeedbackError("that source is not one this answer was given")
        return self.curation.add(
            kind, uri, actor, question=turn.question, note=note, turn_id=turn_id
        )

    def pin(self, turn_id: int, uri: str, actor: Actor, question: str = "") -> int:
        """Put `uri` first for questions like the answer's (or like `question`)."""
        turn = self._turn(turn_id)
        if self.engine.store.document_hash(uri) is None:
            raise FeedbackError("no document at that address in the index")
        return self.curation.add(
            "pin", uri, actor, question=question or turn.question, turn_id=turn_id
        )

    def correct(
        self,
        turn_id: int,
        text: str,
        actor: Actor,
        *,
        title: str = "",
        question: str = "",
        supersede: bool = True,
    ) -> str:
        """Write a correction note as an agency document pinned for the question; its URI.
        With `supersede`, the sources the corrected answer cited are left out of answers to
        questions like it (else their sentence would still follow the note's, contradicting
        it: "9 300 habitants [1]. … 8 100 habitants [2].")."""
        turn = self._turn(turn_id)
        text = " ".join(text.split()) if "\n" not in text else text.strip()
        if not text:
            raise FeedbackError("a correction needs its text")
        if len(text) > MAX_NOTE:
            raise FeedbackError(f"a correction is at most {MAX_NOTE:,} characters")
        question = question or turn.question
        title = (
            title.strip()[:200]
            or ("Correction de l'agence" if turn.lang == "fr" else "Agency correction")
            + f" : {question[:120]}"
        )
        uri = f"correction://{turn_id}/{secrets.token_hex(4)}"
        doc = Document(
            uri=uri,
            title=title,
            blocks=[Block(p.strip()) for p in text.split("\n\n") if p.strip()],
            kind="correction",
            lang=turn.lang,
            weight=CORRECTION_WEIGHT,
            meta={"author": actor.username, "turn": turn_id, "question": question},
        )
        report = self.engine.ingestor.ingest_documents([doc], source=CORRECTIONS, total=1)
        if not report.chunks:
            raise FeedbackError("the correction could not be indexed")
        with self.engine.database.transaction() as db:
            audit.record(db, actor, "correction.add", uri, turn=turn_id, text=text)
            self.curation.add("pin", uri, actor, question=question, turn_id=turn_id, db=db)
            if supersede:
                for s in turn.sources:
                    if s.get("cited") and s.get("uri"):
                        self.curation.add(
                            "supersede",
                            s["uri"],
                            actor,
                            question=question,
                            note=uri,
                            turn_id=turn_id,
                            db=db,
                        )
        return uri
