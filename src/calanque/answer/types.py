"""What flows through an answer: numbered sources, turns of a conversation, streamed events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from calanque.index.store import StoredChunk

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np

    from calanque.answer.question import QuestionAnalysis
    from calanque.answer.reading import Sentence
    from calanque.equity.exposure import Equity


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
    """What a backend writes from: the question's analysis, numbered sources, the reader's
    sentences, the conversation so far, and the equity policy when the answer must cite across
    the territory's groups."""

    analysis: QuestionAnalysis
    sources: list[Source]
    sentences: list[Sentence] = field(default_factory=list)  # scored by the reader, best first
    history: list[Turn] = field(default_factory=list)
    equity: Equity | None = None  # set for a territory-wide list under an active policy
    # a text's embedding, when the index has an embedder: whether two sentences of two
    # languages say one fact (a page and its translation, listed one after the other)
    meaning: Callable[[str], np.ndarray] | None = None

    @property
    def question(self) -> str:
        return self.analysis.text

    @property
    def lang(self) -> str:
        return self.analysis.lang

    @property
    def spread(self) -> bool:
        return self.equity is not None


@dataclass(frozen=True)
class SourcesEvent:
    """The passages the answer is written from (before any text)."""

    sources: list[dict[str, Any]]
    kind: ClassVar[str] = "sources"

    @property
    def payload(self) -> list[dict[str, Any]]:
        return self.sources


@dataclass(frozen=True)
class DeltaEvent:
    """A piece of the answer's text, in order."""

    text: str
    kind: ClassVar[str] = "delta"

    @property
    def payload(self) -> str:
        return self.text


@dataclass(frozen=True)
class NoticeEvent:
    """Something the reader should know about the answer (a fallback, a flagged sentence)."""

    text: str
    kind: ClassVar[str] = "notice"

    @property
    def payload(self) -> str:
        return self.text


@dataclass(frozen=True)
class DoneEvent:
    """The whole answer, its citations numbered 1…n in the order the text cites them."""

    answer: Answer
    kind: ClassVar[str] = "done"


AnswerEvent = SourcesEvent | DeltaEvent | NoticeEvent | DoneEvent


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
    answer_type: str = "other"  # calanque.answer.question.AnswerType
    refusal: str = ""  # why: out_of_scope, injection, small_talk, empty_index; "" if answered


def _shorten(text: str, limit: int = 280) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
