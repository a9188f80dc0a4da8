"""An equity report: a list of questions run through an answerer, exposure summed per group.

The numbers only; `chart.py` draws them. Exposure is measured on what the answer cites (what a
reader sees) and on the passages given to the answerer, each ranked list discounted by position
(`metrics.py`), then summed over the questions. Coverage counts the communes cited at least once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from calanque.answer.types import Answer
from calanque.equity.metrics import (
    awrf_of_exposure,
    coverage,
    gini,
    group_exposure,
    js_distance,
    normalise,
)
from calanque.equity.policy import memberships
from calanque.territory.pack import TerritoryPack


@dataclass
class GroupRow:
    group: str
    exposure: float  # share of the cited exposure, summed over the questions
    target: float
    ratio: float  # exposure / target: 1 is fair, under 1 under-exposed
    answers: int  # answers that cite at least one passage of the group
    communes_cited: int
    communes: int
    # Territory-wide questions whose answer cites nothing of the group: where the agency's
    # sources say nothing about it on that topic (or nothing the answer found relevant).
    absent_from: list[str] = field(default_factory=list)


@dataclass
class EquityReport:
    questions: int
    answered: int
    scopes: dict[str, int]
    groups: list[GroupRow]
    awrf_cited: float  # AWRF of the exposure summed over the set
    awrf_retrieved: float
    mean_awrf_cited: float | None  # mean of the per-answer AWRF
    mean_awrf_retrieved: float | None
    js_distance: float
    gini: float  # of the groups' cited exposure shares
    coverage: float  # share of the pack's communes cited at least once
    communes_cited: list[str] = field(default_factory=list)
    per_question: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def public(self) -> dict[str, Any]:
        """`to_dict` without what visitors typed (it may name them): counts, not questions."""
        out = self.to_dict()
        for g in out["groups"]:
            g["answers_leaving_it_out"] = len(g.pop("absent_from"))
        out["per_question"] = [
            {k: v for k, v in row.items() if k != "question"} for row in out["per_question"]
        ]
        return out


def read_questions(lines: Iterable[str]) -> list[str]:
    """One question per line; blank lines and `#` comments skipped."""
    return [q.strip() for q in lines if q.strip() and not q.lstrip().startswith("#")]


@dataclass(frozen=True)
class AnswerRecord:
    """What a report needs of an answer: a live `Answer`, or a turn stored with a conversation."""

    question: str
    scope: str
    answered: bool
    awrf: dict[str, float | None]
    cited: list[list[str]]  # communes of each cited source, in citation order
    retrieved: list[list[str]]  # communes of each passage given to the answerer, by rank

    @classmethod
    def of(cls, a: Answer) -> AnswerRecord:
        return cls(
            a.question,
            a.scope,
            a.answered,
            dict(a.awrf),
            [s.chunk.communes for s in a.cited],
            [s.chunk.communes for s in a.sources],
        )


def aggregate(answers: list[Answer], pack: TerritoryPack, target: np.ndarray) -> EquityReport:
    """Per-group exposure of cited and retrieved passages over a set of answers."""
    return aggregate_records([AnswerRecord.of(a) for a in answers], pack, target)


def aggregate_records(
    answers: list[AnswerRecord], pack: TerritoryPack, target: np.ndarray
) -> EquityReport:
    """`aggregate` for answers as records (the web page reads them from stored conversations)."""
    n = len(pack.groups)
    cited_exp, retrieved_exp = np.zeros(n), np.zeros(n)
    answers_per_group: Counter[str] = Counter()
    absent: dict[str, list[str]] = {g: [] for g in pack.groups}
    cited_communes: set[str] = set()
    rows: list[dict[str, Any]] = []
    for a in answers:
        cited, retrieved = a.cited, a.retrieved
        if cited:
            m = memberships(pack, cited)
            cited_exp += group_exposure(m)
            for j, g in enumerate(pack.groups):
                answers_per_group[g] += bool(m[:, j].sum() > 0)
                if a.scope == "territory" and a.answered and not m[:, j].sum() > 0:
                    absent[g].append(a.question)
        if retrieved:
            retrieved_exp += group_exposure(memberships(pack, retrieved))
        cited_communes.update(c for codes in cited for c in codes if c in pack.communes)
        rows.append(
            {
                "question": a.question,
                "scope": a.scope,
                "answered": a.answered,
                "awrf": dict(a.awrf),
                "cited_groups": sorted({pack.communes[c].group for c in _flat(cited, pack)}),
            }
        )
    share = normalise(cited_exp)
    groups = []
    for j, g in enumerate(pack.groups):
        members = [c for c in pack.communes.values() if c.group == g]
        groups.append(
            GroupRow(
                group=g,
                exposure=round(float(share[j]), 4),
                target=round(float(target[j]), 4),
                ratio=round(float(share[j] / target[j]), 3) if target[j] > 0 else 0.0,
                answers=answers_per_group[g],
                communes_cited=sum(c.insee in cited_communes for c in members),
                communes=len(members),
                absent_from=list(dict.fromkeys(absent[g])),
            )
        )
    return EquityReport(
        questions=len(answers),
        answered=sum(a.answered for a in answers),
        scopes=dict(Counter(a.scope for a in answers)),
        groups=groups,
        awrf_cited=round(awrf_of_exposure(cited_exp, target), 4),
        awrf_retrieved=round(awrf_of_exposure(retrieved_exp, target), 4),
        mean_awrf_cited=_mean(a.awrf.get("cited") for a in answers),
        mean_awrf_retrieved=_mean(a.awrf.get("retrieved") for a in answers),
        js_distance=round(js_distance(cited_exp, target), 4),
        gini=round(gini(share), 4),
        coverage=round(coverage(cited_communes, pack.communes), 4),
        communes_cited=sorted(cited_communes),
        per_question=rows,
    )


def _flat(lists: list[list[str]], pack: TerritoryPack) -> list[str]:
    return [c for codes in lists for c in codes if c in pack.communes]


def _mean(values: Iterable[float | None]) -> float | None:
    got = [v for v in values if v is not None]
    return round(float(np.mean(got)), 4) if got else None
