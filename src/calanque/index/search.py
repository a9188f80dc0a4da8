"""Lexical, dense and hybrid search over a store.

Hybrid is reciprocal-rank fusion of the two lists: it needs no score calibration between BM25 and
cosine, and dense similarities of e5 are compressed (unrelated pairs ≈ 0.77), so ranks are the only
safe currency. Weights and k were measured on PIAF (see BENCHMARKS.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from calanque.index.analysis import query_terms
from calanque.index.embedders import Embedder
from calanque.index.store import Filters, Store, StoredChunk
from calanque.ingest.language import detect

MODES = ("hybrid", "lexical", "dense")


@dataclass
class Hit:
    chunk: StoredChunk
    score: float
    lexical_rank: int | None = None
    dense_rank: int | None = None
    dense_score: float | None = None


@dataclass(frozen=True)
class FusionParams:
    k: int = 10
    lexical_weight: float = 1.0
    dense_weight: float = 1.0
    candidates: int = 50


def match_expression(query: str, langs: tuple[str, ...]) -> str:
    """FTS5 expression: any folded term in `folded`, or any stem in `stemmed`; quoted, so no
    character of the query can be read as FTS5 syntax."""
    folded, stemmed = query_terms(query, langs)
    parts = []
    if folded:
        parts.append("folded : (" + " OR ".join(_quote(t) for t in folded) + ")")
    if stemmed:
        parts.append("stemmed : (" + " OR ".join(_quote(t) for t in stemmed) + ")")
    return " OR ".join(parts)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


class Searcher:
    def __init__(
        self,
        store: Store,
        embedder: Embedder | None,
        *,
        default_lang: str = "fr",
        fusion: FusionParams | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.default_lang = default_lang
        self.fusion = fusion or FusionParams()

    def lexical_ranking(self, query: str, k: int, filters: Filters) -> list[tuple[int, float]]:
        lang = detect(query, self.default_lang)
        langs = tuple(dict.fromkeys((lang, self.default_lang)))
        expression = match_expression(query, langs)
        return self.store.lexical(expression, k, filters) if expression else []

    def dense_ranking(self, query: str, k: int, filters: Filters) -> list[tuple[int, float]]:
        if self.embedder is None:
            return []
        vectors = self.store.vector_matrix(self.embedder.embedder_id)
        if len(vectors.ids) == 0:
            return []
        q = self.embedder.embed_query(query)
        scores = vectors.matrix @ q
        if filters:
            allowed = np.isin(vectors.ids, self.store.allowed_ids(filters))
            scores = np.where(allowed, scores, -np.inf)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(vectors.ids[i]), float(scores[i])) for i in top if np.isfinite(scores[i])]

    def search(
        self, query: str, k: int = 10, mode: str = "hybrid", filters: Filters | None = None
    ) -> list[Hit]:
        """The `k` best chunks for a query, best first."""
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r} (expected one of {', '.join(MODES)})")
        filters = filters or Filters()
        n = max(k, self.fusion.candidates)
        lexical = self.lexical_ranking(query, n, filters) if mode != "dense" else []
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
        hits.sort(key=lambda h: -h.score)
        return hits[:k]
