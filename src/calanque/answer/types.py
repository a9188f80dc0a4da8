"""What flows through an answer: numbered sources, turns of a conversation, streamed events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from calanque.index.store import StoredChunk


@dataclass
class Source:
    """A retrieved passage, numbered as the answer cites it (`[1]` is `number == 1`)."""

    number: int
    chunk: StoredChunk
    score: float
    dense_score: float | None = None
    lexical: bool = False
    snippet: str = ""

    def to_dict(self, commune_names: dict[str, str] | None = None) -> dict[str, Any]:
        names = commune_names or {}
        c = self.chunk
        return {
            "number": self.number,
            "title": c.title,
            "uri": c.uri,
            "heading": list(c.heading),
            "snippet": self.snippet or _shorten(c.text),
            "lang": c.lang,
            "kind": c.kind,
            "source": c.source,
            "updated": c.updated,
            "demo": bool(c.meta.get("demo")),
            "communes": [{"insee": i, "name": names.get(i, i)} for i in c.communes],
            "score": round(self.score, 4),
        }


@dataclass
class Turn:
    """A past exchange of the conversation, as the answerer needs it."""

    question: str
    answer: str = ""


@dataclass
class AnswerRequest:
    """What a backend writes from: the question, its language, numbered sources, history."""

    question: str
    lang: str
    sources: list[Source]
    history: list[Turn] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    query: str = ""  # the question made standalone (follow-ups), what retrieval used
    term_weights: dict[str, float] = field(default_factory=dict)  # idf of the query's terms
    # Territory-wide question under an equity policy: each source's share in each group, and the
    # target exposure per group, so that the backend cites across groups, not only the top sources.
    spread: dict[int, dict[str, float]] = field(default_factory=dict)
    exposure_target: dict[str, float] = field(default_factory=dict)
    area_words: list[str] = field(default_factory=list)  # `métropole`: where, not what


@dataclass
class AnswerEvent:
    """One streamed event: `sources`, `delta` (text), `notice`, then `done` (the `Answer`)."""

    kind: str
    data: Any


@dataclass
class Answer:
    question: str
    query: str
    lang: str
    text: str
    sources: list[Source]
    cited: list[Source]
    backend: str
    disclaimer: str
    notices: list[str] = field(default_factory=list)
    answered: bool = True
    scope: str = "none"  # place | territory | none (calanque.equity.scope)
    awrf: dict[str, float | None] = field(default_factory=dict)  # {"retrieved": …, "cited": …}


def _shorten(text: str, limit: int = 280) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
