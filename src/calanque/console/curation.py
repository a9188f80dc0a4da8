"""Staff's rules on the answer path: a source marked outdated is demoted, one marked wrong is
excluded, a source pinned for a question is put first for questions like it, and a source a
correction supersedes is left out for questions like the corrected one.

The searcher calls `Curation.curate(query, hits)` on every search's scored candidates (the hook
in `index/search.py`). Rules are cached in memory and reloaded when the `rules` revision in the
database moves, so a rule set by any worker applies in every worker from its next search.

"Questions like it" is decided by meaning and by place: the cosine of the two questions' vectors
(the engine's embedder, stored with the pin) must reach `PIN_SIMILARITY`, and both must name the
same communes. e5 similarities are compressed: paraphrases measured 0.95–0.99 ("Combien
d'habitants à Saint-Vent ?" / "Quelle est la population de Saint-Vent ?" 0.962, its English
translation 0.951), other questions 0.82–0.91, but the same question about another town 0.965,
which the place check refuses.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from calanque.console import audit, schema
from calanque.console.audit import Actor
from calanque.db.database import Database, now
from calanque.index import catalog
from calanque.index.embedders import Embedder
from calanque.index.search import Hit
from calanque.index.store import Store

PIN_SIMILARITY = 0.93
# Sources whose passages reach answers only through their pins: a correction note answers the
# question it was written for and questions like it. Searched like any other source, a short
# note is what the ranker likes best: on the demo, the note "La métropole compte 92 communes"
# came first for "Combien d'habitants à Aix-en-Provence ?" and made that answer wrong.
PINNED_ONLY = frozenset({"agency:corrections"})
DEMOTION = 0.25  # an outdated source's score is multiplied by this
PIN_BOOST = 1.5  # a pinned passage scores this much above the best other candidate
KINDS = ("exclude", "demote", "pin", "supersede")
SCOPED = ("pin", "supersede")  # rules that hold for questions like theirs only


@dataclass(frozen=True)
class Rule:
    id: int
    kind: str
    uri: str
    question: str
    note: str
    turn_id: int | None
    created_by: str
    created_at: str


@dataclass
class _Pin:
    uri: str
    vector: np.ndarray
    places: frozenset[str]


class Curation:
    """The rules, and the hook that applies them to a search's candidates."""

    def __init__(
        self,
        database: Database,
        store: Store,
        embedder: Embedder | None,
        places: Callable[[str], list[str]] | None = None,
    ) -> None:
        self.database = database
        self.store = store
        self.embedder = embedder
        self.places = places or (lambda text: [])
        schema.migrate(database)
        self._lock = threading.Lock()
        self._revision = -1
        self._excluded: frozenset[str] = frozenset()
        self._demoted: frozenset[str] = frozenset()
        self._pins: list[_Pin] = []
        self._superseded: list[_Pin] = []

    # Rules.

    def add(
        self,
        kind: str,
        uri: str,
        actor: Actor,
        *,
        question: str = "",
        note: str = "",
        turn_id: int | None = None,
        db: Any = None,
    ) -> int:
        """A new rule (in the caller's transaction `db` when given), recorded in the audit log."""
        if kind not in KINDS:
            raise ValueError(f"unknown rule {kind!r}")
        vector, embedder_id = None, ""
        if kind in SCOPED:
            if not question.strip() or self.embedder is None:
                raise ValueError(f"a {kind} rule needs a question and an embedder")
            vector = self.embedder.embed_query(question).astype(np.float32).tobytes()
            embedder_id = self.embedder.embedder_id
        if db is None:
            with self.database.transaction() as tx:
                return self.add(
                    kind, uri, actor, question=question, note=note, turn_id=turn_id, db=tx
                )
        (rule_id,) = db.execute(
            "INSERT INTO console_rules (kind, uri, question, embedder, vector, note, turn_id, "
            "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (kind, uri, question, embedder_id, vector, note, turn_id, actor.username, now()),
        ).fetchone()
        db.execute("UPDATE console_revision SET value = value + 1 WHERE name = 'rules'")
        audit.record(db, actor, f"rule.{kind}", uri, question=question, note=note, turn=turn_id)
        return int(rule_id)

    def remove(self, rule_id: int, actor: Actor) -> bool:
        with self.database.transaction() as db:
            row = db.execute(
                "SELECT kind, uri FROM console_rules WHERE id = ?", (rule_id,)
            ).fetchone()
            if row is None:
                return False
            db.execute("DELETE FROM console_rules WHERE id = ?", (rule_id,))
            db.execute("UPDATE console_revision SET value = value + 1 WHERE name = 'rules'")
            audit.record(db, actor, f"rule.{row['kind']}.remove", row["uri"], rule=rule_id)
        return True

    def forget_uri(self, db: Any, uri: str) -> None:
        """Drop the rules on a document that is removed (in the caller's transaction)."""
        if db.execute("DELETE FROM console_rules WHERE uri = ?", (uri,)).rowcount:
            db.execute("UPDATE console_revision SET value = value + 1 WHERE name = 'rules'")

    def rules(self, uri: str | None = None) -> list[Rule]:
        sql = (
            "SELECT id, kind, uri, question, note, turn_id, created_by, created_at "
            "FROM console_rules"
        )
        params: tuple[Any, ...] = ()
        if uri is not None:
            sql, params = sql + " WHERE uri = ?", (uri,)
        rows = self.database.connection().execute(sql + " ORDER BY id DESC", params)
        return [Rule(**dict(r)) for r in rows]

    # The hook.

    def _load(self) -> None:
        db = self.database.connection()
        (revision,) = db.execute(
            "SELECT value FROM console_revision WHERE name = 'rules'"
        ).fetchone()
        if revision == self._revision:
            return
        with self._lock:
            excluded: set[str] = set()
            demoted: set[str] = set()
            pins: list[_Pin] = []
            superseded: list[_Pin] = []
            embedder_id = self.embedder.embedder_id if self.embedder else None
            for r in db.execute("SELECT kind, uri, question, embedder, vector FROM console_rules"):
                if r["kind"] == "exclude":
                    excluded.add(r["uri"])
                elif r["kind"] == "demote":
                    demoted.add(r["uri"])
                elif r["embedder"] == embedder_id and r["vector"] is not None:
                    vector = np.frombuffer(bytes(r["vector"]), dtype=np.float32)
                    scoped = _Pin(r["uri"], vector, frozenset(self.places(r["question"])))
                    (pins if r["kind"] == "pin" else superseded).append(scoped)
            self._excluded, self._demoted = frozenset(excluded), frozenset(demoted)
            self._pins, self._superseded = pins, superseded
            self._revision = revision

    def curate(self, query: str, hits: list[Hit]) -> list[Hit]:
        self._load()
        left_out = self._excluded | set(self._like(query, self._superseded))
        kept = [
            h for h in hits if h.chunk.uri not in left_out and h.chunk.source not in PINNED_ONLY
        ]
        for i, h in enumerate(kept):
            if h.chunk.uri in self._demoted:
                kept[i] = replace(h, score=h.score * DEMOTION)
        pinned = self._pinned(query)
        if not pinned:
            return kept
        best = max((h.score for h in kept), default=1.0)
        q = self.embedder.embed_query(query) if self.embedder else None
        for uri in pinned:
            ids = catalog.chunk_ids(self.database, [uri]).get(uri, [])
            if not ids or q is None:
                continue
            cosines = self.store.cosines(self.embedder.embedder_id, q, ids)  # type: ignore[union-attr]
            if not cosines:
                continue
            top = max(cosines, key=lambda cid: cosines[cid])
            chunk = self.store.chunks([top])[top]
            kept = [h for h in kept if h.chunk.id != top]
            kept.append(
                Hit(chunk=chunk, score=best * PIN_BOOST, dense_score=cosines[top], dense_rank=0)
            )
        return kept

    def _pinned(self, query: str) -> list[str]:
        """URIs pinned for questions like `query`, excluded ones left out."""
        return [uri for uri in self._like(query, self._pins) if uri not in self._excluded]

    def _like(self, query: str, rules: list[_Pin]) -> list[str]:
        """URIs of the scoped rules whose question is like `query` (meaning and places)."""
        if not rules or self.embedder is None:
            return []
        q = self.embedder.embed_query(query)
        places = frozenset(self.places(query))
        return list(
            dict.fromkeys(
                p.uri for p in rules if p.places == places and float(q @ p.vector) >= PIN_SIMILARITY
            )
        )
