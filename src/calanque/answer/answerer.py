"""From a question (and the conversation so far) to a streamed, cited answer.

The answerer owns the rules every backend shares: validation of the question, follow-up
resolution, retrieval, the refusal when the sources do not answer, citation clean-up, the
accuracy notice, and the fallback to the extractive backend when a model fails.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Sequence

from calanque.answer.backend import AnswerBackend, BackendError
from calanque.answer.citations import CitationFilter, cited_numbers
from calanque.answer.extractive import ExtractiveBackend, coverage, query_stems
from calanque.answer.messages import message
from calanque.answer.types import Answer, AnswerEvent, AnswerRequest, Source, Turn
from calanque.equity.exposure import FairExposure
from calanque.equity.policy import EquityPolicy
from calanque.equity.rerank import eligible
from calanque.equity.scope import Scope, classify
from calanque.index.analysis import content_tokens, fold, tokens
from calanque.index.search import Searcher
from calanque.index.store import Filters
from calanque.ingest.language import detect
from calanque.territory.gazetteer import Gazetteer

log = logging.getLogger(__name__)


class QuestionError(ValueError):
    """The question cannot be asked as it is (empty, too long); the message is for the user."""


class Answerer:
    def __init__(
        self,
        searcher: Searcher,
        backend: AnswerBackend | None = None,
        *,
        gazetteer: Gazetteer | None = None,
        top_k: int = 8,
        max_question_chars: int = 2000,
        default_lang: str = "fr",
        relevance_floor: float = 0.0,
        equity: EquityPolicy | None = None,
    ) -> None:
        self.searcher = searcher
        self.extractive = ExtractiveBackend()
        self.backend = backend or self.extractive
        self.gazetteer = gazetteer
        self.top_k = top_k
        self.max_question_chars = max_question_chars
        self.default_lang = default_lang
        self.relevance_floor = relevance_floor
        # Territory-wide questions are re-ranked for fair exposure across the pack's groups; every
        # answer's AWRF is measured (against the uniform target when the policy is off).
        self.equity = equity
        self.fairness = FairExposure(gazetteer.pack, equity) if gazetteer is not None else None

    @property
    def commune_names(self) -> dict[str, str]:
        if self.gazetteer is None:
            return {}
        return {c.insee: c.name for c in self.gazetteer.pack.communes.values()}

    def validate(self, question: str) -> str:
        text = " ".join(question.split())
        lang = detect(text[:500], self.default_lang) if text else self.default_lang
        if not text:
            raise QuestionError(message("empty_question", lang))
        if len(question) > self.max_question_chars:
            raise QuestionError(
                message("long_question", lang, n=len(question), max=self.max_question_chars)
            )
        return text

    def standalone_query(self, question: str, history: Sequence[Turn]) -> str:
        """The question as a search query, carrying places and topic over from earlier turns."""
        if not history:
            return question
        if self.backend.uses_model:
            rewritten = self.backend.rewrite_query(question, [t.question for t in history])
            if rewritten:
                return rewritten
        previous = history[-1].question
        lang = detect(question, self.default_lang)
        parts = [question]
        here = self._places(question)
        before = self._places(previous)
        if len(content_tokens(question, lang)) <= 4:
            # A short follow-up ("et à Aix ?", "what about in winter?") keeps the earlier topic.
            place_words = {fold(w) for p in before for w in tokens(p)}
            topic = [w for w in content_tokens(previous, lang) if fold(w) not in place_words]
            parts.append(" ".join(topic) if here else " ".join(topic + before))
        elif not here and before:
            parts.append(" ".join(before))
        return " ".join(p for p in parts if p)

    def _places(self, text: str) -> list[str]:
        if self.gazetteer is None:
            return []
        return list(dict.fromkeys(m.place.label for m in self.gazetteer.find(text)))

    def term_weights(self, query: str, lang: str) -> dict[str, float]:
        """Inverse document frequency of the query's terms over the whole index."""
        terms = sorted(query_stems(query, (lang, "fr", "en")))
        df, total = self.searcher.store.document_frequencies(terms)
        return {t: math.log(1 + (total + 1) / (df.get(t, 0) + 1)) for t in terms}

    def retrieve(self, query: str, filters: Filters | None = None) -> list[Source]:
        hits = self.searcher.search(query, k=self.top_k, filters=filters)
        return [
            Source(i + 1, h.chunk, h.score, h.dense_score, h.lexical_rank is not None)
            for i, h in enumerate(hits)
        ]

    def scope(self, query: str) -> Scope:
        """Is the query about one place, the whole territory, or no place (`calanque.equity`)?"""
        return classify(query, self.gazetteer)

    def fair_retrieve(self, query: str, filters: Filters | None = None) -> list[Source]:
        """More candidates than `top_k`, re-ranked toward the policy's exposure target; the
        answer is given `breadth × top_k` of them, so that every group can bring a passage."""
        assert self.equity is not None and self.fairness is not None
        k = round(self.top_k * self.equity.breadth)
        hits = self.searcher.search(query, k=self.top_k * self.equity.candidates, filters=filters)
        # Relevance by rank (reciprocal-rank, k = 10), not by score: the searcher's scores are
        # calibrated for ordering only (the learned re-ranker's are exponential), and the
        # policy's floor must mean the same whatever produced the order.
        relevance = [1.0 / (11 + rank) for rank in range(len(hits))]
        keep = self.fairness.rerank(relevance, [h.chunk.communes for h in hits], k)
        # The answer cites its sources in a fair order too: a passage under the relevance floor
        # must not be there to be promoted, so it only completes a list shorter than top_k.
        ok = eligible(relevance, self.equity.relevance_floor)
        keep = [i for n, i in enumerate(keep) if ok[i] or n < self.top_k]
        return [
            Source(n + 1, h.chunk, h.score, h.dense_score, h.lexical_rank is not None)
            for n, h in enumerate(hits[i] for i in keep)
        ]

    def answerable(self, query: str, lang: str, sources: list[Source]) -> bool:
        """Do the sources speak of the question at all? Refusing beats quoting unrelated text."""
        if not sources:
            return False
        if coverage(query, lang, sources[:5]) > 0:
            return True
        best_dense = max((s.dense_score or 0.0) for s in sources)
        return self.relevance_floor > 0 and best_dense >= self.relevance_floor

    def stream(
        self,
        question: str,
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
    ) -> Iterator[AnswerEvent]:
        """Events: `sources`, `delta`…, maybe `notice`, then `done` with the whole `Answer`."""
        question = self.validate(question)
        lang = detect(question, self.default_lang)
        query = self.standalone_query(question, history)
        scope = self.scope(query)
        fair = scope.kind == "territory" and self.equity is not None and self.fairness is not None
        sources = self.fair_retrieve(query, filters) if fair else self.retrieve(query, filters)
        names = self.commune_names
        yield AnswerEvent("sources", [s.to_dict(names) for s in sources])
        request = AnswerRequest(
            question,
            lang,
            sources,
            list(history),
            self._places(query),
            query=query,
            term_weights=self.term_weights(query, lang),
            # "métropole", "region": where the question looks, not what it asks, policy or not.
            area_words=list(scope.area_words),
        )
        if fair and self.fairness is not None:
            request.spread = {s.number: self.fairness.shares(s.chunk.communes) for s in sources}
            request.exposure_target = self.fairness.target_by_group
        notices: list[str] = []
        pieces: list[str] = []
        backend_used = self.backend.backend_id
        answered = self.answerable(query, lang, sources)
        if not answered:
            text = message("no_answer", lang)
            pieces.append(text)
            yield AnswerEvent("delta", text)
        else:
            try:
                for delta in self._filtered(self.backend, request):
                    pieces.append(delta)
                    yield AnswerEvent("delta", delta)
            except BackendError as exc:
                log.warning("answer backend %s failed: %s", self.backend.backend_id, exc)
                notice = message("fallback", lang)
                notices.append(notice)
                yield AnswerEvent("notice", notice)
                backend_used = self.extractive.backend_id
                if pieces:
                    pieces.append("\n\n")
                    yield AnswerEvent("delta", "\n\n")
                for delta in self._filtered(self.extractive, request):
                    pieces.append(delta)
                    yield AnswerEvent("delta", delta)
        text = "".join(pieces)
        numbers = cited_numbers(text)
        by_number = {s.number: s for s in sources}
        cited = [by_number[n] for n in numbers if n in by_number]
        answered = answered and bool(cited)
        yield AnswerEvent(
            "done",
            Answer(
                question=question,
                query=query,
                lang=lang,
                text=text,
                sources=sources,
                cited=cited,
                backend=backend_used,
                disclaimer=message("disclaimer", lang),
                notices=notices,
                answered=answered,
                scope=scope.kind,
                awrf=self._awrf(sources, cited),
            ),
        )

    def _awrf(self, sources: list[Source], cited: list[Source]) -> dict[str, float | None]:
        if self.fairness is None:
            return {}
        return {
            "retrieved": self.fairness.awrf([s.chunk.communes for s in sources]),
            "cited": self.fairness.awrf([s.chunk.communes for s in cited]),
        }

    @staticmethod
    def _filtered(backend: AnswerBackend, request: AnswerRequest) -> Iterator[str]:
        citations = CitationFilter(len(request.sources))
        for delta in backend.write(request):
            text = citations.feed(delta)
            if text:
                yield text
        tail = citations.flush()
        if tail:
            yield tail

    def ask(
        self, question: str, history: Sequence[Turn] = (), filters: Filters | None = None
    ) -> Answer:
        """The whole answer at once (tests, batch jobs)."""
        for event in self.stream(question, history, filters):
            if event.kind == "done":
                return event.data  # type: ignore[no-any-return]
        raise RuntimeError("answer stream ended without a result")
