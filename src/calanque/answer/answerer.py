"""From a question (and the conversation so far) to a streamed, cited answer.

One pipe: validate → analyse (`question.py`, once) → retrieve (re-ranked for equity when the
question is a territory-wide list) → read (`reading.py`) → decide whether to answer
(`refusal.py`) → write (a backend) → check a model's citations (`support.py`) → number the
citations 1…n in the order the text cites them. The answerer owns the rules every backend
shares: the refusal, the accuracy notice, and the fallback to the extractive backend when a
model fails.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from calanque.answer.backend import AnswerBackend, BackendError
from calanque.answer.citations import CitationFilter, renumber
from calanque.answer.extractive import ExtractiveBackend
from calanque.answer.grounding import ground
from calanque.answer.messages import joined, languages_said, message
from calanque.answer.question import AnswerType, QuestionAnalysis, QuestionAnalyzer
from calanque.answer.reading import Reader, Sentence
from calanque.answer.refusal import Refusal, Verdict
from calanque.answer.support import SupportCheck
from calanque.answer.types import (
    Answer,
    AnswerEvent,
    AnswerRequest,
    DeltaEvent,
    DoneEvent,
    NoticeEvent,
    Source,
    SourcesEvent,
    Turn,
)
from calanque.equity.exposure import Equity
from calanque.equity.policy import EquityPolicy
from calanque.errors import CalanqueError
from calanque.index.search import Hit, Searcher, TermStats
from calanque.index.store import Filters
from calanque.territory.gazetteer import Gazetteer

log = logging.getLogger(__name__)

# Territory-wide questions asking for places or things to do get fair exposure; one asking who
# chairs the agency does not (its answer is one sentence, wherever it is).
_SPREAD_TYPES = frozenset({AnswerType.LIST, AnswerType.HOWTO, AnswerType.OTHER})


# Extractive text is streamed a few words at a time, as a model's is.
_PIECES = re.compile(r"(?:\S+\s*){1,6}")


class QuestionError(CalanqueError, ValueError):
    """The question cannot be asked as it is (empty, too long); the message is for the user."""


@dataclass
class Evidence:
    """What the answer is written from: the analysis, the passages, the reader's sentences."""

    analysis: QuestionAnalysis
    sources: list[Source]
    sentences: list[Sentence]
    stats: TermStats
    spread: bool
    grounded: bool = True  # a sentence speaks of what the question names (`grounding.py`)


# What serves a place, in the words of the sources (both languages): a way there is said by them
_WAY_WORDS = "bus car train gare ligne navette desservent desservie relie coach station served"


def _unseen(found: list[Hit], seen: set[int]) -> list[Hit]:
    """The hits of `found` whose passage is not in `seen`, once each (`seen` grows)."""
    out: list[Hit] = []
    for h in found:
        if h.chunk.id not in seen:
            seen.add(h.chunk.id)
            out.append(h)
    return out


class Answerer:
    def __init__(
        self,
        searcher: Searcher,
        backend: AnswerBackend | None = None,
        *,
        gazetteer: Gazetteer | None = None,
        top_k: int = 8,
        bridge_k: int = 3,
        sights_k: int = 8,
        max_question_chars: int = 2000,
        default_lang: str = "fr",
        languages: Sequence[str] = (),
        relevance_floor: float = 0.0,
        equity: EquityPolicy | None = None,
        reader: Reader | None = None,
        refusal: Refusal | None = None,
    ) -> None:
        self.searcher = searcher
        self.extractive = ExtractiveBackend()
        self.backend = backend or self.extractive
        self.gazetteer = gazetteer
        self.top_k = top_k
        self.bridge_k = bridge_k
        self.sights_k = sights_k
        self.max_question_chars = max_question_chars
        self.default_lang = default_lang
        self.territory = gazetteer.pack.name if gazetteer is not None else ""
        self.analyzer = QuestionAnalyzer(
            gazetteer,
            default_lang=default_lang,
            languages=languages or (gazetteer.pack.languages if gazetteer is not None else ()),
        )
        self.reader = reader or Reader(gazetteer=gazetteer, embedder=searcher.embedder)
        self.refusal = refusal or Refusal(dense_floor=relevance_floor)
        self.support = SupportCheck(searcher)
        # Territory-wide lists are re-ranked for fair exposure across the pack's groups; every
        # answer's AWRF is measured (against the uniform target when the policy is off).
        self.equity = Equity(gazetteer.pack, equity) if gazetteer is not None else None

    @property
    def commune_names(self) -> dict[str, str]:
        if self.gazetteer is None:
            return {}
        return {c.insee: c.name for c in self.gazetteer.pack.communes.values()}

    def validate(self, question: str) -> str:
        text = " ".join(question.split())
        lang = self.analyzer.language(text[:500]) if text else self.default_lang
        if not text:
            raise QuestionError(message("empty_question", lang))
        if len(question) > self.max_question_chars:
            raise QuestionError(
                message("long_question", lang, n=len(question), max=self.max_question_chars)
            )
        return text

    def analyse(self, question: str, history: Sequence[Turn] = ()) -> QuestionAnalysis:
        """The question's analysis; a model backend may rewrite a follow-up's query."""
        earlier = [t.question for t in history]
        if earlier and self.backend.uses_model:
            rewritten = self.backend.rewrite_query(question, earlier)
            if rewritten:
                return self.analyzer.analyse(question, earlier, query=rewritten)
        return self.analyzer.analyse(question, earlier)

    def gather(self, analysis: QuestionAnalysis, filters: Filters | None = None) -> Evidence:
        """Retrieve and read the passages for an analysed question."""
        stats = self.searcher.term_stats(analysis.counted_terms)
        if stats.total == 0:  # an empty index: nothing to search
            return Evidence(analysis, [], [], stats, False)
        spread = (
            analysis.scope.kind == "territory"
            and analysis.answer_type in _SPREAD_TYPES
            and self.equity is not None
            and self.equity.active
        )
        if spread:
            assert self.equity is not None
            hits = self.searcher.search(
                analysis.searched,
                k=self.top_k * self.equity.candidates,
                filters=filters,
                langs=analysis.langs,
            )
            keep = self.equity.rerank([h.chunk.communes for h in hits], self.top_k)
            hits = [hits[i] for i in keep]
        else:
            hits = self.searcher.search(
                analysis.searched, k=self.top_k, filters=filters, langs=analysis.langs
            )
        if analysis.bridge and self.bridge_k:
            hits = hits + self._bridged(analysis, hits, filters)
        if (analysis.sights or analysis.sights_bridge) and analysis.scope.communes:
            hits = hits + self._sights(analysis, hits, filters or Filters())
        if analysis.asks_way_to:
            hits = hits + self._ways(analysis, hits, filters or Filters())
        if (
            analysis.asks_each
            or analysis.asks_how_far
            or (analysis.answer_type is AnswerType.YESNO and len(analysis.scope.communes) == 1)
        ):
            hits = hits + self._each_commune(analysis, hits, filters or Filters())
        sources = [
            Source(n + 1, h.chunk, h.score, h.dense_score, h.lexical_rank is not None)
            for n, h in enumerate(hits)
        ]
        sentences = self.reader.read(analysis, sources, stats)
        if analysis.excluded and self.analyzer.gazetteer is not None:
            sentences = self._elsewhere(analysis, sentences, self.analyzer.gazetteer)
        read = ground(analysis, sentences, self.analyzer.gazetteer, stats)
        return Evidence(analysis, sources, read.sentences, stats, spread, read.grounded)

    @staticmethod
    def _elsewhere(
        analysis: QuestionAnalysis, sentences: list[Sentence], gazetteer: Gazetteer
    ) -> list[Sentence]:
        """The sentences that do not speak only of the places the question sets aside ("à part
        Marseille"): by the communes they name, or else by their passage's."""
        aside = set(analysis.excluded)
        kept = []
        for s in sentences:
            named = gazetteer.read(s.text).communes or tuple(s.source.chunk.communes)
            if not named or not set(named) <= aside:
                kept.append(s)
        return kept

    def _bridged(
        self, analysis: QuestionAnalysis, hits: list[Hit], filters: Filters | None
    ) -> list[Hit]:
        """The best passages in another language than the question's that a search by the
        question's words in that language finds and the first search did not."""
        seen = {h.chunk.id for h in hits}
        found = self.searcher.search(
            analysis.bridge, k=self.bridge_k, filters=filters, langs=analysis.langs[1:]
        )
        return [h for h in found if h.chunk.id not in seen and h.chunk.lang != analysis.lang]

    def _sights(self, analysis: QuestionAnalysis, hits: list[Hit], filters: Filters) -> list[Hit]:
        """The passages on the asked place that a search for what visitors see there finds and
        the question's own words did not."""
        seen = {h.chunk.id for h in hits}
        here = replace(filters, communes=analysis.scope.communes)
        # (one commune's sights are few passages, and a village's are spread over pages on the
        # lagoon, the hills and the coast: "Que faire à Port-Saint-Louis-du-Rhône ?" found its
        # beach, not its flamingos in the pages on the open air)
        one = len(analysis.scope.communes) == 1
        k = self.sights_k if one else self.bridge_k
        found = (
            self.searcher.search(analysis.sights, k=k, filters=here, langs=analysis.langs)
            if analysis.sights
            else []
        )
        if analysis.sights_bridge:
            # (in the other language: the topic's own words were searched first)
            found += self.searcher.search(
                analysis.sights_bridge,
                k=self.bridge_k,
                filters=here,
                langs=analysis.langs[1:] or analysis.langs,
            )
        return _unseen(found, seen)

    def _ways(self, analysis: QuestionAnalysis, hits: list[Hit], filters: Filters) -> list[Hit]:
        """The passages saying what serves the asked commune, which the question's words ("Comment
        y aller ?") do not find: "Depuis Aubagne, des bus desservent Gémenos…", where the first
        search found only its fact sheet's distances as the crow flies."""
        here = replace(filters, communes=analysis.scope.communes)
        asked = " ".join((_WAY_WORDS, *analysis.places))
        found = self.searcher.search(asked, k=self.bridge_k, filters=here, langs=analysis.langs)
        return _unseen(found, {h.chunk.id for h in hits})

    def _each_commune(
        self, analysis: QuestionAnalysis, hits: list[Hit], filters: Filters
    ) -> list[Hit]:
        """A factoid asked of several communes is answered for each (`_each_place` of the
        extractive backend): the best passages of each commune that the first search did not
        find ("What is the population of Aix-en-Provence and Aubagne?" found Aubagne's sheet
        and rankings naming Aix, not Aix's own; a passage of Istres on its beaches does not
        give its population). A yes or no asked of one commune gets its best passages too ("Is
        there a beach?" after Istres found the beaches of Fos and Port-Saint-Louis, not "Les
        plages de l'Étang de Berre, sur la commune d'Istres…")."""
        seen = {h.chunk.id for h in hits}
        out: list[Hit] = []
        names = self.commune_names
        for commune in analysis.scope.communes:
            here = replace(filters, communes=(commune,))
            # (what is asked of this one: the other places' names find the passages naming all)
            asked = " ".join((*analysis.focus, names.get(commune, "")))
            out += _unseen(
                self.searcher.search(asked, k=self.bridge_k, filters=here, langs=analysis.langs),
                seen,
            )
        return out

    def judge(self, evidence: Evidence) -> Verdict:
        return self.refusal.judge(
            evidence.analysis,
            evidence.sources,
            evidence.sentences,
            evidence.stats,
            index_empty=evidence.stats.total == 0,
            grounded=evidence.grounded,
        )

    def stream(
        self,
        question: str,
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
    ) -> Iterator[AnswerEvent]:
        """Events: `SourcesEvent`, `DeltaEvent`…, maybe `NoticeEvent`s, then `DoneEvent`."""
        question = self.validate(question)
        analysis = self.analyse(question, history)
        evidence = self.gather(analysis, filters)
        verdict = self.judge(evidence)
        if not verdict.answered:
            yield from self._refuse(analysis, verdict)
            return
        request = AnswerRequest(
            analysis,
            evidence.sources,
            evidence.sentences,
            list(history),
            self.equity if evidence.spread else None,
            self.reader.embedder.embed_query if self.reader.embedder else None,
        )
        notices: list[str] = []
        backend_used = self.backend.backend_id
        names = self.commune_names
        if self.backend.uses_model:
            # A model streams as it writes; the final text (citations checked and numbered
            # 1…n) comes with `DoneEvent`, which clients render in place of the deltas.
            yield SourcesEvent([s.to_dict(names) for s in evidence.sources])
            pieces: list[str] = []
            try:
                for delta in self._filtered(self.backend, request):
                    pieces.append(delta)
                    yield DeltaEvent(delta)
                text, flagged = self.support.check("".join(pieces), request)
                if flagged:
                    notices.append(message("unsupported", analysis.lang))
                    yield NoticeEvent(notices[-1])
            except BackendError as exc:
                log.warning("answer backend %s failed: %s", self.backend.backend_id, exc)
                notices.append(message("fallback", analysis.lang))
                yield NoticeEvent(notices[-1])
                backend_used = self.extractive.backend_id
                text = "".join(self._filtered(self.extractive, request))
                yield DeltaEvent(("\n\n" if pieces else "") + text)
            text, sources, n_cited = renumber(text, evidence.sources)
        else:
            text = "".join(self._filtered(self.backend, request))
            text, sources, n_cited = renumber(text, evidence.sources)
            if n_cited:
                yield SourcesEvent([s.to_dict(names) for s in sources])
                for piece in _PIECES.findall(text):
                    yield DeltaEvent(piece)
        cited = sources[:n_cited]
        if not cited:
            yield from self._refuse(analysis, Verdict("out_of_scope", verdict.probability))
            return
        yield DoneEvent(
            Answer(
                question=question,
                query=analysis.query,
                lang=analysis.lang,
                text=text,
                sources=sources,
                cited=cited,
                backend=backend_used,
                disclaimer=message("disclaimer", analysis.lang),
                notices=notices,
                answered=True,
                scope=analysis.scope.kind,
                awrf=self._awrf(sources, cited),
                answer_type=analysis.answer_type.value,
            )
        )

    def _refuse(self, analysis: QuestionAnalysis, verdict: Verdict) -> Iterator[AnswerEvent]:
        """A short refusal in the question's language: no sources, no map, no citations."""
        key = "no_answer" if verdict.reason == "out_of_scope" else verdict.reason
        territory = self.territory or message("this_territory", analysis.lang)
        place = joined(analysis.places, analysis.lang) if analysis.scope.kind == "place" else ""
        if key == "no_answer" and place:
            # a place of the territory asked about, and nothing on it: the site knows the place,
            # its sources lack what is asked ("Que faire à Vitrolles ?"), a gap the agency can fill
            key = "no_answer_place"
        languages = languages_said(self.analyzer.languages, analysis.lang)
        text = message(key, analysis.lang, territory=territory, place=place, languages=languages)
        yield SourcesEvent([])
        yield DeltaEvent(text)
        yield DoneEvent(
            Answer(
                question=analysis.text,
                query=analysis.query,
                lang=analysis.lang,
                text=text,
                sources=[],
                cited=[],
                backend=self.backend.backend_id,
                disclaimer="",  # nothing was generated from sources: nothing to warn about
                answered=False,
                scope=analysis.scope.kind,
                answer_type=analysis.answer_type.value,
                refusal=verdict.reason,
            )
        )

    def _awrf(self, sources: list[Source], cited: list[Source]) -> dict[str, float | None]:
        if self.equity is None:
            return {}
        return self.equity.measure(
            [s.chunk.communes for s in sources], [s.chunk.communes for s in cited]
        )

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
            if isinstance(event, DoneEvent):
                return event.answer
        raise RuntimeError("answer stream ended without a result")
