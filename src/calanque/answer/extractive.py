"""The default backend, with no model: an answer composed of the sources' own best sentences.

Every sentence is quoted from a source and cited, so it cannot invent anything; what it can get
wrong is the choice of sentences, which favours query-term overlap, the passage's rank, and the
question's language.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from calanque.answer.backend import AnswerBackend
from calanque.answer.messages import message
from calanque.answer.types import AnswerRequest, Source
from calanque.equity.metrics import jsd_rows, position_weights
from calanque.index.analysis import content_tokens, fold, stems
from calanque.ingest.chunking import split_sentences


@dataclass
class _Candidate:
    source: Source
    position: int
    text: str
    score: float
    overlap: int
    share: float = 0.0  # weighted share of the question's topic words in the sentence
    located: bool = False  # names a place the question names


# Verbs and adjectives that say how to ask, not what about: "Quels vignobles visiter ?" is about
# vineyards; a sentence that only says "visiter" ("il est conseillé de visiter plusieurs sites")
# does not answer it. They are dropped from a question's topic when other words remain.
REQUEST_WORDS = (
    "trouver visiter découvrir voir pratiquer choisir admirer installer implanter "
    "find visit discover see go best good worth choose settle locate"
)


# Weight of the cited sentences' mean score against the divergence from the exposure target:
# the passage re-ranking's default trade-off (`EquityPolicy.trade_off`).
RELEVANCE_WEIGHT = 0.3
BEAM_WIDTH = 64


def query_stems(question: str, langs: tuple[str, ...]) -> set[str]:
    """Stems of the question's content words in each language, plus folded forms."""
    words = content_tokens(question, langs[0])
    out = {fold(w) for w in words}
    for lang in langs:
        out.update(stems(words, lang))
    return out


@functools.cache
def _request_terms() -> frozenset[str]:
    return frozenset(query_stems(REQUEST_WORDS, ("fr", "en")))


def word_forms(question: str, lang: str) -> list[set[str]]:
    """`query_stems`, kept apart per content word of the question."""
    langs = (lang, "fr", "en")
    return [
        {fold(w), *(x for la in langs for x in stems([w], la))}
        for w in content_tokens(question, lang)
    ]


def sentence_terms(sentence: str, lang: str) -> set[str]:
    words = content_tokens(sentence, lang)
    return set(stems(words, lang)) | {fold(w) for w in words}


def coverage(question: str, lang: str, sources: list[Source]) -> float:
    """Share of the question's content terms found in the sources (0 when it has none)."""
    terms = query_stems(question, (lang, "fr", "en"))
    if not terms:
        return 0.0
    found: set[str] = set()
    for s in sources:
        found |= sentence_terms(s.chunk.text + " " + s.chunk.title, s.chunk.lang) & terms
    return len({fold(t) for t in found}) / len({fold(t) for t in terms})


def fair_order(
    rows: np.ndarray, target: np.ndarray, lead: int | None = None, exhaustive: int = 7
) -> list[int]:
    """The order of cited items whose discounted exposure is closest to the target, `lead`
    (the most relevant item) kept first.

    The position discount gives the first citation about three times the weight of the sixth:
    six sources from six groups score far from the target if their order is left to chance. But
    an answer that opens on its weakest sentence reads badly, so the lead stays in front and the
    rest is ordered. Every order is tried for short lists (ties keep the given order); longer
    ones are ordered greedily.
    """
    n = len(rows)
    if n < 2:
        return list(range(n))
    w = position_weights(n)
    if n <= exhaustive:
        perms = np.array(list(itertools.permutations(range(n))))
        if lead is not None:
            perms = perms[perms[:, 0] == lead]
        exposure = np.einsum("pn,png->pg", np.broadcast_to(w, perms.shape), rows[perms])
        return [int(i) for i in perms[int(np.argmin(jsd_rows(exposure, target)))]]
    order = [] if lead is None else [lead]
    exposure = np.zeros(rows.shape[1]) if lead is None else w[0] * rows[lead]
    left = [i for i in range(n) if i != lead]
    for j in range(len(order), n):
        costs = jsd_rows(exposure + w[j] * rows[left], target)
        pick = left.pop(int(np.argmin(costs)))
        order.append(pick)
        exposure = exposure + w[j] * rows[pick]
    return order


def _row(share: dict[str, float], groups: list[str]) -> np.ndarray:
    return np.array([share.get(g, 0.0) for g in groups])


class ExtractiveBackend(AnswerBackend):
    backend_id = "extractive"
    uses_model = False

    def __init__(self, max_sentences: int = 4, per_source: int = 2, max_sources: int = 5) -> None:
        self.max_sentences = max_sentences
        self.per_source = per_source
        self.max_sources = max_sources

    def select(self, request: AnswerRequest) -> list[_Candidate]:
        """The sentences to quote, most useful first.

        Sentences sharing words with the question win; filler under half the best score is
        dropped. When no sentence shares a word, there is nothing to quote if the question names
        no place and some sources are in its language; otherwise (a place's passages, or words
        that cannot match across languages) the opening sentences of the two best passages
        stand in.
        """
        terms = query_stems(request.query or request.question, (request.lang, "fr", "en"))
        # Place names locate the question; its other words say what is asked about them.
        place_terms = query_stems(" ".join(request.places), (request.lang, "fr", "en"))
        area_terms = query_stems(" ".join(request.area_words), (request.lang, "fr", "en"))
        topic = terms - place_terms - area_terms or terms
        topic = topic - _request_terms() or topic
        sentences: list[tuple[int, Source, int, str, set[str]]] = []
        spread = bool(request.spread)
        pool = request.sources if spread else request.sources[: self.max_sources]
        for rank, source in enumerate(pool):
            for position, sentence in enumerate(split_sentences(source.chunk.text)):
                if len(sentence.split()) < 4 or len(sentence) > 600:
                    continue  # fragments and walls of text read badly out of context
                found = sentence_terms(sentence, source.chunk.lang)
                sentences.append((rank, source, position, sentence, found))
        # Words found everywhere ("métropole") say little: weigh each by its rarity in the
        # index, or among the candidate sentences when the index did not say.
        df: dict[str, int] = {}
        for *_, found in sentences:
            for t in found & topic:
                df[t] = df.get(t, 0) + 1
        n = len(sentences)
        idf = {
            t: request.term_weights.get(t) or math.log(1 + (n + 1) / (df.get(t, 0) + 1))
            for t in topic
        }
        topic_weight = sum(idf.values()) or 1.0
        words = [
            (kept, max(idf[t] for t in kept))
            for forms in word_forms(request.query or request.question, request.lang)
            if (kept := forms & topic)
        ]
        word_weight = sum(w for _, w in words) or 1.0
        candidates: list[_Candidate] = []
        for rank, source, position, sentence, found in sentences:
            matched = found & topic
            located = bool(found & place_terms)
            score = (
                1.5 * sum(idf[t] for t in matched) / topic_weight
                + 0.3 * located
                + 0.4 / (1.0 + rank)
                + 0.1 * (source.chunk.lang == request.lang)
                - 0.02 * position
                - 0.002 * len(sentence.split())
                - (0.4 if place_terms and not located else 0.0)
            )
            # A word of the question counts once, whatever form matched: "festival" answers
            # "festivals" as well as the plural does (its folded form and stems are all terms).
            share = sum(w for forms, w in words if forms & found) / word_weight
            candidates.append(
                _Candidate(source, position, sentence, score, len(matched), share, located)
            )
        if place_terms and any(c.located for c in candidates):
            # A question about a place is answered about that place: a sentence on the topic
            # elsewhere ("the lighthouse of the next town") would mislead.
            candidates = [c for c in candidates if c.located]
        if any(c.overlap for c in candidates):
            best = max(c.score for c in candidates if c.overlap)
            best_share = max(c.share for c in candidates)
            # Under an equity policy the sources' order mixes rank and fairness, so the rank
            # prior inside `score` says less: topic words alone decide what is relevant enough.
            # Citing across the territory needs more than the best two passages' sentences: any
            # sentence with a good part of the topic may stand.
            floor, share_floor = (0.0, 0.3) if spread else (0.5 * best, 0.5)
            candidates = [
                c
                for c in candidates
                if c.overlap and c.score >= floor and c.share >= share_floor * best_share
            ]
        elif not place_terms and any(c.source.chunk.lang == request.lang for c in candidates):
            # Sources in the question's language that share none of its words do not speak
            # of it ("escalade" where the sources only say "pratiquer"): better say so. About
            # a named place, its passages' openings still say what the sources know of it.
            return []
        else:
            top = sorted({c.source.number for c in candidates})[:2]
            candidates = [c for c in candidates if c.source.number in top and c.position < 2]
        candidates.sort(key=lambda c: -c.score)
        if spread:
            return self._spread(candidates, request.spread, request.exposure_target)
        chosen: list[_Candidate] = []
        per: dict[int, int] = {}
        seen: set[str] = set()
        for c in candidates:
            key = fold(c.text)[:80]
            if per.get(c.source.number, 0) >= self.per_source or key in seen:
                continue
            chosen.append(c)
            seen.add(key)
            per[c.source.number] = per.get(c.source.number, 0) + 1
            if len(chosen) == self.max_sentences:
                break
        return chosen

    def _spread(
        self,
        candidates: list[_Candidate],
        shares: dict[int, dict[str, float]],
        target: dict[str, float],
    ) -> list[_Candidate]:
        """Territory-wide question: one sentence per source, chosen for fair exposure.

        Only the relevant sentences kept above compete, each source with its best one. The most
        relevant opens the answer; the rest is the sequence, up to six citations, that brings the
        cited groups' position-discounted exposure closest to the target (Jensen-Shannon
        divergence, as in `calanque.equity.rerank`) while keeping their mean score high. It is
        found by beam search: choosing position by position, as a first version did, missed
        better sequences (equity benchmark: cited AWRF 0.898 → 0.906, answers as long and as much
        on topic).
        """
        groups = sorted(target)
        t = np.array([target[g] for g in groups])
        items: list[_Candidate] = []
        sources: set[int] = set()
        seen: set[str] = set()
        for c in candidates:  # best first: each source's best sentence, each text once
            key = fold(c.text)[:80]
            if c.source.number in sources or key in seen:
                continue
            items.append(c)
            sources.add(c.source.number)
            seen.add(key)
        if not items:
            return []
        rows = np.array([_row(shares.get(c.source.number, {}), groups) for c in items])
        score = np.array([c.score for c in items])
        weights = position_weights(max(self.max_sentences + 2, len(groups)))
        lead = int(np.argmax(score))
        beam: list[tuple[tuple[int, ...], np.ndarray]] = [((lead,), weights[0] * rows[lead])]
        best = (lead,)
        best_divergence = float(jsd_rows(beam[0][1][None, :], t)[0])
        for position in range(1, min(len(weights), len(items))):
            grown = [
                ((*seq, i), exposure + weights[position] * rows[i])
                for seq, exposure in beam
                for i in range(len(items))
                if i not in seq
            ]
            divergences = jsd_rows(np.array([e for _, e in grown]), t)
            mean_scores = np.array([score[list(q)].mean() for q, _ in grown])
            values = -divergences + RELEVANCE_WEIGHT * mean_scores
            beam, kept = [], set()
            for j in np.argsort(-values, kind="stable"):
                members = frozenset(grown[j][0])
                if members in kept:  # the same citations in another order
                    continue
                kept.add(members)
                beam.append(grown[j])
                if len(beam) == BEAM_WIDTH:
                    break
            top = int(np.argmax(values))
            # Fairness chooses which sources and in what order, not how much is said: the
            # answer grows while a citation does not only pile onto groups already over-cited
            # (at least three when there are).
            divergence = float(divergences[top])
            if position >= 3 and divergence > best_divergence + 0.02:
                break
            best, best_divergence = grown[top][0], divergence
        order = fair_order(rows[list(best)], t, lead=0)
        return [items[best[i]] for i in order]

    def write(self, request: AnswerRequest) -> Iterator[str]:
        chosen = self.select(request)
        if not chosen:
            yield message("no_answer", request.lang)
            return
        for c in chosen:
            c.source.snippet = c.source.snippet or c.text
        if request.places:
            yield message("lead_places", request.lang, places=", ".join(request.places))
        else:
            yield message("lead", request.lang)
        if any(c.source.chunk.lang != request.lang for c in chosen):
            yield " " + message("other_language", request.lang)
        yield "\n\n"
        for c in chosen:
            text = c.text.rstrip()
            end = text[-1] if text[-1] in ".!?…" else "."
            body = text[:-1].rstrip() if text[-1] in ".!?…" else text
            yield f"- {body} [{c.source.number}]{end}\n"
