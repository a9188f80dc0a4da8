"""Content gaps: what visitors asked that the sources did not answer well, grouped by meaning,
labelled with their top terms, and placed on the territory — what to write next.

A question is a gap when its answer was refused, rated down, or weakly supported (answered with
a notice: a model's citation that did not check out, or the fallback to quoting sources). The
questions' e5 vectors are clustered by average-linkage agglomerative clustering on cosine
distance (scikit-learn), cut at `DISTANCE` (e5 similarities are compressed: paraphrases 0.95 to
0.99, other questions 0.82 to 0.91). On the demo's 87 refused held-out questions
(`bench/gaps.py`), 0.16 gave 65 groups whose questions share their group's category 93 % of the
time; 0.18 merged more (51 groups) at 86 %, 0.20 at 75 %. Each group is labelled by its terms of
highest TF-IDF weight. Per conseil de territoire
and commune: the gaps that name a place there, and (from the equity report of stored answers)
the territory-wide answers that left the group out.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from calanque.console.questions import AnalysedTurn, QuestionLog
from calanque.console.records import equity_of
from calanque.engine import Engine
from calanque.index.analysis import fold

DISTANCE = 0.16
TERMS = 4
# Question words and glue that say nothing of the topic (folded, French and English).
STOP = frozenset(
    """a au aux avec ce ces comment combien dans de des du en est et il ils je la le les leur
    mon ma mes ne on ou par pas peut pour quand que quel quelle quelles quels qui quoi sa se
    son sont sur ta ton un une vous y a-t-il est-ce l d qu s c j n t m
    a an and are at be by can do does for from how i in is it my of on or the there to was
    what when where which who why will with you your""".split()
)


@dataclass
class Gap:
    question: str
    reasons: list[str]  # refused, thumbs_down, weak
    lang: str
    communes: list[str]
    asked_at: str


@dataclass
class Cluster:
    terms: list[str]
    questions: list[Gap]
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.questions)


@dataclass
class GapReport:
    clusters: list[Cluster]
    by_group: list[dict[str, Any]]
    by_commune: list[dict[str, Any]]
    questions: int  # questions asked in the period
    gaps: int


# Refusals no page could fix: an instruction aimed at the system, small talk, an empty index, a
# question in a language the site does not read.
NOT_GAPS = frozenset({"injection", "small_talk", "empty_index", "question_language"})


def reasons_of(t: AnalysedTurn) -> list[str]:
    out = []
    if not t.answered and t.turn.meta.get("refusal") not in NOT_GAPS:
        out.append("refused")
    if -1 in t.ratings:
        out.append("thumbs_down")
    if t.answered and t.turn.meta.get("notices"):
        out.append("weak")
    return out


def cluster(vectors: np.ndarray, distance: float = DISTANCE) -> np.ndarray:
    """A cluster label per row (one question alone is its own cluster)."""
    if len(vectors) < 2:
        return np.zeros(len(vectors), dtype=int)
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=distance
    )
    return np.asarray(model.fit_predict(vectors))


def top_terms(texts: list[str], labels: np.ndarray, n: int = TERMS) -> dict[int, list[str]]:
    """Each cluster's `n` terms of highest mean TF-IDF weight (unigrams and bigrams)."""
    vectorizer = TfidfVectorizer(
        preprocessor=fold,
        stop_words=sorted(STOP),
        ngram_range=(1, 2),
        token_pattern=r"(?u)\b\w\w+\b",
    )
    try:
        x = vectorizer.fit_transform(texts)
    except ValueError:  # nothing but stop words
        return {int(c): [] for c in set(labels)}
    names = vectorizer.get_feature_names_out()
    out = {}
    for c in sorted(set(labels.tolist())):
        weights = np.asarray(x[labels == c].mean(axis=0)).ravel()
        order = [i for i in np.argsort(-weights) if weights[i] > 0][: n * 2]
        picked: list[str] = []
        for i in order:
            term = str(names[i])
            if any(term in p or p in term for p in picked):
                continue  # "vieux port" after "port": one of them
            picked.append(term)
            if len(picked) == n:
                break
        out[int(c)] = picked
    return out


class Gaps:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.log = QuestionLog(engine)

    def report(self, since: str = "", until: str = "") -> GapReport:
        turns = self.log.between(since, until)
        gaps = [(t, reasons_of(t)) for t in turns]
        gaps = [(t, r) for t, r in gaps if r]
        pack = self.engine.pack
        items = [
            Gap(t.turn.question, r, t.turn.lang, t.communes, t.turn.created_at) for t, r in gaps
        ]
        clusters: list[Cluster] = []
        if gaps:
            labels = cluster(np.stack([t.vector for t, _ in gaps]))
            terms = top_terms([g.question for g in items], labels)
            for c in sorted(set(labels.tolist()), key=lambda c: -int(np.sum(labels == c))):
                members = [items[i] for i in np.flatnonzero(labels == c)]
                counted = Counter(r for g in members for r in g.reasons)
                clusters.append(Cluster(terms[int(c)], members, dict(counted)))
        communes = Counter(c for g in items for c in g.communes)
        equity = equity_of([t.turn for t in turns], self.engine)
        absent = {row.group: len(row.absent_from) for row in equity.groups}
        by_group = [
            {
                "group": g,
                "gaps": sum(n for code, n in communes.items() if pack.communes[code].group == g),
                "territory_answers_leaving_it_out": absent.get(g, 0),
            }
            for g in pack.groups
        ]
        names = {c.insee: c for c in pack.communes.values()}
        by_commune = [
            {"insee": code, "commune": names[code].name, "group": names[code].group, "gaps": n}
            for code, n in communes.most_common()
            if code in names
        ]
        return GapReport(clusters, by_group, by_commune, len(turns), len(items))


def gaps_csv(report: GapReport) -> str:
    """One row per gap question, with its cluster, the cluster's terms and the places."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(
        ["cluster", "cluster_size", "terms", "question", "reasons", "lang", "communes", "asked_at"]
    )
    for n, c in enumerate(report.clusters, 1):
        for g in c.questions:
            w.writerow(
                [
                    n,
                    c.size,
                    " / ".join(c.terms),
                    g.question,
                    " ".join(g.reasons),
                    g.lang,
                    " ".join(g.communes),
                    g.asked_at,
                ]
            )
    return out.getvalue()
