"""Features of (query, candidate chunk) pairs for the learned re-ranker.

Rank fusion only sees two positions per chunk; what separates the right passage from a near miss is
*how* the words match: rare terms (BM25 per field), how many of the question's terms a passage
holds, whether they sit close together or in the same order, whether the title names the subject,
and how far the passage's cosine is from the best one. Every feature is computed per query over the
candidate set, from the indexed fields stored by FTS5, so nothing is analysed twice.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from calanque.index.analysis import analyse, fold, fold_text

FEATURES: tuple[str, ...] = (
    "dense_cos",  # cosine of query and passage (e5)
    "dense_gap",  # cosine minus the best cosine among candidates
    "dense_rr",  # 1 / (1 + rank by cosine among candidates)
    "lex_rr",  # 1 / (1 + rank in the FTS5 list), 0 when FTS5 did not return it
    "bm25_folded",  # BM25 over accent-folded words, / its ideal value for this query
    "bm25_stemmed",  # BM25 over stems, / its ideal value
    "bm25_rel",  # stemmed BM25 / best stemmed BM25 among candidates
    "cov_folded",  # idf-weighted share of query words present
    "cov_stemmed",  # idf-weighted share of query stems present
    "title_cov",  # idf-weighted share of query stems in the document title
    "window",  # best idf-weighted share of query stems within 12 consecutive terms
    "bigram",  # share of consecutive query stem pairs found consecutive in the passage
    "rrf",  # the reciprocal-rank fusion score (k = 10)
)
WINDOW = 12
K1, B = 1.2, 0.75


@dataclass(frozen=True)
class QueryTerms:
    """A query's analysed terms, folded as the FTS5 tokenizer folds them; order kept."""

    folded: tuple[str, ...]
    stemmed: tuple[str, ...]

    @classmethod
    def of(cls, folded: Sequence[str], stemmed: Sequence[str]) -> QueryTerms:
        return cls(
            tuple(dict.fromkeys(fold(t) for t in folded)),
            tuple(dict.fromkeys(fold(t) for t in stemmed)),
        )


@dataclass
class Candidate:
    """One chunk with what the first stage knows about it."""

    id: int
    title: str
    lang: str
    folded: str  # indexed field, space-separated
    stemmed: str
    dense_cos: float
    lexical_rank: int | None


def idf(df: int, total: int) -> float:
    """BM25's idf, never negative (a term in more than half the chunks still counts a little)."""
    return math.log(1.0 + (total - df + 0.5) / (df + 0.5))


@lru_cache(maxsize=4096)
def _title_stems(title: str, lang: str) -> frozenset[str]:
    return frozenset(fold(t) for t in analyse(title, lang)[1].split())


def _bm25(tf: dict[str, int], length: int, avg: float, weights: dict[str, float]) -> float:
    norm = K1 * (1 - B + B * length / max(avg, 1e-9))
    return sum(weights[t] * n * (K1 + 1) / (n + norm) for t, n in tf.items())


def _window(hits: list[tuple[int, str]], weights: dict[str, float]) -> float:
    """Largest idf mass of distinct query terms inside any WINDOW consecutive tokens, from the
    positions of the query's terms in the passage."""
    best, start = 0.0, 0
    inside: Counter[str] = Counter()
    mass = 0.0
    for pos, term in hits:
        if inside[term] == 0:
            mass += weights[term]
        inside[term] += 1
        while pos - hits[start][0] >= WINDOW:
            old = hits[start][1]
            inside[old] -= 1
            if inside[old] == 0:
                mass -= weights[old]
            start += 1
        best = max(best, mass)
    return best


def feature_matrix(
    query: QueryTerms,
    candidates: list[Candidate],
    frequencies: dict[tuple[str, str], int],
    total: int,
) -> np.ndarray:
    """Shape (len(candidates), len(FEATURES)), float32, in the order of `FEATURES`."""
    n = len(candidates)
    out = np.zeros((n, len(FEATURES)), dtype=np.float32)
    if n == 0:
        return out
    w_f = {t: idf(frequencies.get(("folded", t), 0), total) for t in query.folded}
    w_s = {t: idf(frequencies.get(("stemmed", t), 0), total) for t in query.stemmed}
    ideal_f = sum(w_f.values()) * (K1 + 1) or 1.0
    ideal_s = sum(w_s.values()) * (K1 + 1) or 1.0
    mass_f = sum(w_f.values()) or 1.0
    mass_s = sum(w_s.values()) or 1.0
    pairs = set(zip(query.stemmed, query.stemmed[1:], strict=False))

    # Only the query's terms are counted: a passage's other tokens matter by their number alone.
    folded_tokens = [c.folded.split() for c in candidates]
    stemmed_tokens = [fold_text(c.stemmed).split() for c in candidates]
    avg_f = float(np.mean([len(t) for t in folded_tokens])) or 1.0
    avg_s = float(np.mean([len(t) for t in stemmed_tokens])) or 1.0

    cos = np.array([c.dense_cos for c in candidates], dtype=np.float32)
    order = np.argsort(-cos, kind="stable")
    dense_rank = np.empty(n, dtype=np.float32)
    dense_rank[order] = np.arange(n)

    for i, c in enumerate(candidates):
        ft, st = folded_tokens[i], stemmed_tokens[i]
        tf_f = {t: k for t in w_f if (k := ft.count(t))}
        hits = [(p, t) for p, t in enumerate(st) if t in w_s]
        tf_s = Counter(t for _, t in hits)
        out[i, 4] = _bm25(tf_f, len(ft), avg_f, w_f) / ideal_f
        out[i, 5] = _bm25(tf_s, len(st), avg_s, w_s) / ideal_s
        out[i, 7] = sum(w_f[t] for t in tf_f) / mass_f
        out[i, 8] = sum(w_s[t] for t in tf_s) / mass_s
        title = _title_stems(c.title, c.lang)
        out[i, 9] = sum(w for t, w in w_s.items() if t in title) / mass_s
        out[i, 10] = _window(hits, w_s) / mass_s
        if pairs:
            found = {(a, b) for (p, a), (q, b) in zip(hits, hits[1:], strict=False) if q == p + 1}
            out[i, 11] = len(pairs & found) / len(pairs)
        lex = 0.0 if c.lexical_rank is None else 1.0 / (1 + c.lexical_rank)
        out[i, 3] = lex
        out[i, 12] = (0.0 if c.lexical_rank is None else 1.0 / (10 + c.lexical_rank + 1)) + 1.0 / (
            10 + dense_rank[i] + 1
        )
    out[:, 0] = cos
    out[:, 1] = cos - cos.max()
    out[:, 2] = 1.0 / (1.0 + dense_rank)
    best = out[:, 5].max()
    out[:, 6] = out[:, 5] / best if best > 0 else 0.0
    return out
