"""Impact of the answer site over a period: questions per day, languages, audiences, topics,
communes asked about, answer and refusal rates, thumbs, and the equity of exposure week by week.

Every figure is a table (a list of rows) so that each can be drawn (`charts.py`) and exported as
CSV as it is. Nothing here holds an address: the question log has none.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from calanque.console.audience import AUDIENCES
from calanque.console.questions import AnalysedTurn, QuestionLog
from calanque.engine import Engine

TABLES = (
    "summary",
    "per_day",
    "languages",
    "audiences",
    "topics",
    "communes",
    "refusals",
    "equity",
)


@dataclass
class Impact:
    since: str
    until: str
    tables: dict[str, list[dict[str, Any]]]

    def figure(self, name: str) -> Any:
        return {row["measure"]: row["value"] for row in self.tables["summary"]}[name]


def _share(n: int, total: int) -> float:
    return round(n / total, 4) if total else 0.0


def _counted(counter: Counter[str], total: int, key: str) -> list[dict[str, Any]]:
    return [{key: k, "questions": n, "share": _share(n, total)} for k, n in counter.most_common()]


def period_days(since: str, until: str, seen: Iterable[str]) -> list[str]:
    """Every day of [since, until) (ISO dates), days without a record included; an unbounded
    end stops at the first or last day `seen`."""
    ordered = sorted(seen)
    if not ordered and not (since and until):
        return []
    first = date.fromisoformat(since or ordered[0])
    if until:
        last = date.fromisoformat(until) - timedelta(days=1)
    else:
        last = date.fromisoformat(ordered[-1])
    days: list[str] = []
    day = first
    while day <= last and len(days) < 3660:
        days.append(day.isoformat())
        day += timedelta(days=1)
    return days


def _days(turns: list[AnalysedTurn], since: str, until: str) -> list[dict[str, Any]]:
    per = Counter(t.day for t in turns)
    answered = Counter(t.day for t in turns if t.answered)
    return [
        {"day": d, "questions": per[d], "answered": answered[d]}
        for d in period_days(since, until, per)
    ]


def _equity(turns: list[AnalysedTurn]) -> list[dict[str, Any]]:
    """Mean AWRF of the cited sources per ISO week, over answered territory-wide questions."""
    weeks: dict[str, list[float]] = {}
    for t in turns:
        awrf = (t.turn.meta.get("awrf") or {}).get("cited")
        if t.turn.meta.get("scope") == "territory" and t.answered and awrf is not None:
            y, w, _ = date.fromisoformat(t.day).isocalendar()
            weeks.setdefault(f"{y}-W{w:02d}", []).append(float(awrf))
    return [
        {"week": k, "answers": len(v), "mean_awrf_cited": round(float(np.mean(v)), 4)}
        for k, v in sorted(weeks.items())
    ]


class ImpactReport:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.log = QuestionLog(engine)

    def measure(self, since: str = "", until: str = "") -> Impact:
        """Figures of the questions asked in [since, until) (ISO dates; empty: unbounded)."""
        turns = self.log.between(since, until)
        n = len(turns)
        answered = sum(t.answered for t in turns)
        ratings = [r for t in turns for r in t.ratings]
        up, down = ratings.count(1), ratings.count(-1)
        names = self.engine.answerer.commune_names
        communes = Counter(c for t in turns for c in t.communes)
        audiences = Counter(t.audience for t in turns)
        summary = [
            ("questions", n),
            ("answered", answered),
            ("answer_rate", _share(answered, n)),
            ("refused", n - answered),
            ("refusal_rate", _share(n - answered, n)),
            ("thumbs_up", up),
            ("thumbs_down", down),
            ("satisfaction", _share(up, up + down)),
        ]
        tables = {
            "summary": [{"measure": k, "value": v} for k, v in summary],
            "per_day": _days(turns, since, until),
            "languages": _counted(Counter(t.turn.lang for t in turns), n, "lang"),
            "audiences": [
                {"audience": a, "questions": audiences[a], "share": _share(audiences[a], n)}
                for a in AUDIENCES
            ],
            "topics": _counted(Counter(x for t in turns for x in t.topics), n, "topic"),
            "communes": [
                {
                    "insee": code,
                    "commune": names.get(code, code),
                    "questions": k,
                    "share": _share(k, n),
                }
                for code, k in communes.most_common()
            ],
            "refusals": _counted(
                Counter(str(t.turn.meta.get("refusal") or "?") for t in turns if not t.answered),
                n,
                "reason",
            ),
            "equity": _equity(turns),
        }
        return Impact(since, until, tables)


def table_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    if rows:
        w = csv.DictWriter(out, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return out.getvalue()
