"""Lexical, dense and hybrid search over a store.

Hybrid takes the union of the two candidate lists (FTS5 and exact cosine), then a small learned
ranker (`rerank.py`) orders it from features of how each passage matches (`features.py`): rank
fusion alone plateaued (a grid over RRF constants moved R@1 by < 0.02 on PIAF), because ranks throw
away how well a passage matches. Without a ranker, or without dense vectors, hybrid falls back to
reciprocal-rank fusion: it needs no score calibration between BM25 and cosine, and e5 similarities
are compressed (unrelated pairs ≈ 0.77). Figures are in BENCHMARKS.md.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from calanque.index.analysis import query_terms
from calanque.index.embedders import Embedder
from calanque.index.features import Candidate, QueryTerms, feature_matrix
from calanque.index.rerank import Ranker, bundled_ranker
from calanque.index.store import Filters, Store, StoredChunk
from calanque.ingest.language import detect

MODES = ("hybrid", "lexical", "dense")
# Threads that run a hybrid search's lexical stage while its caller embeds the query and runs
# the dense stage (shared by every searcher of the process; a thread is idle between searches).
_LEXICAL = ThreadPoolExecutor(thread_name_prefix="calanque-lexical")


@dataclass
class Hit:
    chunk: StoredChunk
    score: float
    lexical_rank: int | None = None
    dense_rank: int | None = None
    dense_score: float | None = None


@dataclass(frozen=True)
class TermStats:
    """Document frequencies of some terms over the whole index."""

    df: dict[str, int]
    total: int

    def idf(self, term: str) -> float:
        return math.log(1 + (self.total + 1) / (self.df.get(term, 0) + 1))

    def known(self, term: str) -> bool:
        return self.df.get(term, 0) > 0


@dataclass(frozen=True)
class _Read:
    """What the re-ranker's features need, read beside the dense stage: the analysed fields,
    chunks and cosines of the lexical candidates, and the query terms' statistics."""

    fields: dict[int, tuple[str, str]]
    chunks: dict[int, StoredChunk]
    statistics: tuple[dict[tuple[str, str], int], int] | None
    cosines: dict[int, float]


@dataclass(frozen=True)
class FusionParams:
    k: int = 10
    lexical_weight: float = 1.0
    dense_weight: float = 1.0
    candidates: int = 50


class Curation(Protocol):
    """Staff's rules on ranking (the console's `calanque.console.curation`)."""

    def curate(self, query: str, hits: list[Hit]) -> list[Hit]:
        """The scored candidates of a search with excluded passages removed, demoted ones
        scored down and passages pinned for questions like `query` added or scored up."""


class Searcher:
    def __init__(
        self,
        store: Store,
        embedder: Embedder | None,
        *,
        default_lang: str = "fr",
        fusion: FusionParams | None = None,
        ranker: Ranker | Literal["bundled"] | None = "bundled",
        curation: Curation | None = None,
        overlap: bool = True,
    ) -> None:
        self.store = store
        # Hybrid search runs its lexical stage in another thread while this one runs the dense
        # stage: with a server both wait on the database, so a question waits for the slower,
        # not the sum (BENCHMARKS.md).
        self.overlap = overlap
        self.curation = curation
        self.embedder = embedder
        self.default_lang = default_lang
        self.fusion = fusion or FusionParams()
        self.ranker = bundled_ranker() if ranker == "bundled" else ranker
        self.last_timings: dict[str, float] = {}  # seconds per stage of the last hybrid search

    def warm(self) -> None:
        """Load or build what the first search would (vector matrix, sidecars)."""
        self.store.warm(self.embedder.embedder_id if self.embedder else None)

    def _langs(self, query: str, langs: tuple[str, ...] | None) -> tuple[str, ...]:
        """The languages to stem the query in: the caller's analysis, else detected here."""
        if langs:
            return langs
        return tuple(dict.fromkeys((detect(query, self.default_lang), self.default_lang)))

    def term_stats(self, terms: Iterable[str]) -> TermStats:
        """How many chunks of the index hold each term, and how many chunks there are."""
        df, total = self.store.document_frequencies(sorted(set(terms)))
        return TermStats(df, total)

    def lexical_ranking(
        self, query: str, k: int, filters: Filters, langs: tuple[str, ...] | None = None
    ) -> list[tuple[int, float]]:
        folded, stemmed = query_terms(query, self._langs(query, langs))
        return self.store.lexical(folded, stemmed, k, filters)

    def dense_ranking(self, query: str, k: int, filters: Filters) -> list[tuple[int, float]]:
        return self._dense(query, k, filters)[0]

    def _dense(
        self, query: str, k: int, filters: Filters
    ) -> tuple[list[tuple[int, float]], Callable[[list[int]], dict[int, float]]]:
        """Top `k` (id, cosine), and a lookup of the exact cosine of other chunks by id."""
        if self.embedder is None:
            return [], _no_cosines
        return self._nearest(self._embed(query), k, filters)

    def _embed(self, query: str) -> np.ndarray:
        assert self.embedder is not None
        started = time.perf_counter()
        q = self.embedder.embed_query(query)
        self.last_timings["embed"] = time.perf_counter() - started
        return q

    def _nearest(
        self, q: np.ndarray, k: int, filters: Filters
    ) -> tuple[list[tuple[int, float]], Callable[[list[int]], dict[int, float]]]:
        assert self.embedder is not None
        started = time.perf_counter()
        embedder_id = self.embedder.embedder_id
        ranking = self.store.dense(embedder_id, q, k, filters)
        self.last_timings["dense"] = time.perf_counter() - started
        return ranking, lambda ids: self.store.cosines(embedder_id, q, ids)

    def candidates(
        self, query: str, filters: Filters | None = None, langs: tuple[str, ...] | None = None
    ) -> tuple[list[Candidate], np.ndarray, list[tuple[int, float]], list[tuple[int, float]]]:
        """First stage of hybrid search: the union of the FTS5 and dense lists with the
        re-ranker's features, shape (n, len(FEATURES)); also the two lists themselves."""
        return self._candidates(query, filters, langs)[:4]

    def _candidates(
        self, query: str, filters: Filters | None = None, langs: tuple[str, ...] | None = None
    ) -> tuple[
        list[Candidate],
        np.ndarray,
        list[tuple[int, float]],
        list[tuple[int, float]],
        dict[int, StoredChunk],
    ]:
        """`candidates`, and the candidates' chunks."""
        filters = filters or Filters()
        n = self.fusion.candidates
        langs = self._langs(query, langs)
        folded, stemmed = query_terms(query, langs)
        terms = QueryTerms.of(folded, stemmed)
        started = time.perf_counter()
        if self.overlap and self.embedder is not None:
            # the query is embedded first, alone (the encoder's threads want both cores: beside
            # the lexical stage it took twice as long), then the lexical stage runs while the
            # store searches the vectors, and reads what the features need of its chunks
            q = self._embed(query)
            pending = _LEXICAL.submit(self._lexical_read, folded, stemmed, n, filters, terms, q)
            dense, cosine = self._nearest(q, n, filters)
            lexical, read = pending.result()
        else:
            lexical = self._timed_lexical(folded, stemmed, n, filters)
            dense, cosine = self._dense(query, n, filters)
            read = _Read({}, {}, None, {})
        dense_done = time.perf_counter()
        ids = list(dict.fromkeys([cid for cid, _ in lexical] + [cid for cid, _ in dense]))
        rest = [cid for cid in ids if cid not in read.fields]
        if self.overlap and rest:  # the dense-only chunks' two reads side by side too
            analysed = _LEXICAL.submit(self.store.analysed, rest)
            chunks = {**read.chunks, **self.store.chunks(rest)}
            fields = {**read.fields, **analysed.result()}
        else:
            fields = {**read.fields, **self.store.analysed(rest)}
            chunks = {**read.chunks, **self.store.chunks(rest)}
        ids = [cid for cid in ids if cid in chunks and cid in fields]
        lex_rank = {cid: r for r, (cid, _) in enumerate(lexical)}
        found = {**read.cosines, **dict(dense)}
        found.update(cosine([cid for cid in ids if cid not in found]) if dense else {})
        floor = min(found.values()) if found else 0.0
        cos = {cid: found.get(cid, floor) for cid in ids}
        cands = [
            Candidate(
                id=cid,
                title=chunks[cid].title,
                lang=chunks[cid].lang,
                folded=fields[cid][0],
                stemmed=fields[cid][1],
                dense_cos=cos[cid],
                lexical_rank=lex_rank.get(cid),
            )
            for cid in ids
        ]
        frequencies, total = read.statistics or self.store.field_statistics(
            [*terms.folded, *terms.stemmed]
        )
        x = feature_matrix(terms, cands, frequencies, total)
        self.last_timings["first stages"] = dense_done - started
        self.last_timings["features"] = time.perf_counter() - dense_done
        return cands, x, lexical, dense, chunks

    def _lexical_read(
        self,
        folded: list[str],
        stemmed: list[str],
        k: int,
        filters: Filters,
        terms: QueryTerms,
        q: np.ndarray,
    ) -> tuple[list[tuple[int, float]], _Read]:
        """The lexical stage, then what the features need of its chunks and of the query's
        terms: read while the dense stage runs, they leave the dense-only chunks to read after
        (a server round trip each: 12 ms of the 14 the features took at 1M)."""
        assert self.embedder is not None
        lexical = self._timed_lexical(folded, stemmed, k, filters)
        ids = [cid for cid, _ in lexical]
        return lexical, _Read(
            self.store.analysed(ids),
            self.store.chunks(ids),
            self.store.field_statistics([*terms.folded, *terms.stemmed]),
            self.store.cosines(self.embedder.embedder_id, q, ids),
        )

    def _timed_lexical(
        self, folded: list[str], stemmed: list[str], k: int, filters: Filters
    ) -> list[tuple[int, float]]:
        started = time.perf_counter()
        found = self.store.lexical(folded, stemmed, k, filters)
        self.last_timings["lexical"] = time.perf_counter() - started
        return found

    def _reranked(
        self, query: str, k: int, filters: Filters, langs: tuple[str, ...] | None
    ) -> list[Hit] | None:
        assert self.ranker is not None
        cands, x, lexical, dense, chunks = self._candidates(query, filters, langs)
        if not dense:
            return None  # nothing to combine: plain fusion is the lexical order
        started = time.perf_counter()
        scores = self.ranker.score(x)
        relative = np.exp(scores - scores.max())  # in (0, 1]: the best candidate scores 1
        lex_rank = {cid: r for r, (cid, _) in enumerate(lexical)}
        dense_pos = {cid: (r, s) for r, (cid, s) in enumerate(dense)}
        hits = [
            Hit(
                chunk=chunks[c.id],
                score=float(relative[i]) * chunks[c.id].weight,
                lexical_rank=lex_rank.get(c.id),
                dense_rank=dense_pos[c.id][0] if c.id in dense_pos else None,
                dense_score=dense_pos[c.id][1] if c.id in dense_pos else None,
            )
            for i, c in enumerate(cands)
        ]
        if self.curation is not None:
            hits = self.curation.curate(query, hits)
        hits.sort(key=lambda h: -h.score)
        top = _distinct(hits, k)
        agreed = lexical[0][0] if lexical and lexical[0][0] == dense[0][0] else None
        kept = {h.chunk.id for h in hits}
        if agreed is not None and agreed in kept and agreed not in {h.chunk.id for h in top}:
            # both first stages put it first: the ranker may demote it, never drop it
            top[-1] = next(h for h in hits if h.chunk.id == agreed)
        self.last_timings["rank"] = time.perf_counter() - started
        return top

    def search(
        self,
        query: str,
        k: int = 10,
        mode: str = "hybrid",
        filters: Filters | None = None,
        langs: tuple[str, ...] | None = None,
    ) -> list[Hit]:
        """The `k` best chunks for a query, best first; `langs`, when the caller analysed the
        question, are the languages to stem it in (else its language is detected here)."""
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r} (expected one of {', '.join(MODES)})")
        filters = filters or Filters()
        if mode == "hybrid" and self.ranker is not None and self.embedder is not None:
            reranked = self._reranked(query, k, filters, langs)
            if reranked is not None:
                return reranked
        n = max(k, self.fusion.candidates)
        lexical = self.lexical_ranking(query, n, filters, langs) if mode != "dense" else []
        dense = self.dense_ranking(query, n, filters) if mode != "lexical" else []
        if mode == "lexical":
            fused = {cid: s for cid, s in lexical}
        elif mode == "dense":
            fused = {cid: s for cid, s in dense}
        else:
            fused = {}
            p = self.fusion
            for rank, (cid, _) in enumerate(lexical):
                fused[cid] = fused.get(cid, 0.0) + p.lexical_weight / (p.k + rank + 1)
            for rank, (cid, _) in enumerate(dense):
                fused[cid] = fused.get(cid, 0.0) + p.dense_weight / (p.k + rank + 1)
        chunks = self.store.chunks(list(fused))
        lex_rank = {cid: r for r, (cid, _) in enumerate(lexical)}
        dense_pos = {cid: (r, s) for r, (cid, s) in enumerate(dense)}
        hits = [
            Hit(
                chunk=chunks[cid],
                score=score * chunks[cid].weight if mode == "hybrid" else score,
                lexical_rank=lex_rank.get(cid),
                dense_rank=dense_pos[cid][0] if cid in dense_pos else None,
                dense_score=dense_pos[cid][1] if cid in dense_pos else None,
            )
            for cid, score in fused.items()
            if cid in chunks
        ]
        if self.curation is not None:
            hits = self.curation.curate(query, hits)
        hits.sort(key=lambda h: -h.score)
        return _distinct(hits, k)


def _distinct(hits: list[Hit], k: int) -> list[Hit]:
    """The first `k` hits, a passage whose text an earlier hit has already shown skipped.

    Sites repeat boilerplate on every page (a disclaimer, a contact block, a footer the
    extractor kept): one copy answers as well as forty, and forty would push out the rest.
    """
    seen: set[str] = set()
    out: list[Hit] = []
    for h in hits:
        key = " ".join(h.chunk.text.split()).casefold()
        if key in seen:
            continue
        seen.add(key)
        out.append(h)
        if len(out) == k:
            break
    return out


def _no_cosines(ids: list[int]) -> dict[int, float]:
    return {}
