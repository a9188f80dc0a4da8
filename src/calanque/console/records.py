"""Stored turns as the equity report reads them (the site's /equity page does the same)."""

from __future__ import annotations

from collections.abc import Iterable

from calanque.conversations import StoredTurn
from calanque.engine import Engine
from calanque.equity.report import AnswerRecord, EquityReport, aggregate_records


def record_of(turn: StoredTurn) -> AnswerRecord:
    by_number = {s["number"]: s for s in turn.sources}
    communes = {n: [c["insee"] for c in s.get("communes", [])] for n, s in by_number.items()}
    return AnswerRecord(
        turn.question,
        str(turn.meta.get("scope", "")),
        bool(turn.meta.get("answered")),
        dict(turn.meta.get("awrf") or {}),
        [communes[n] for n in turn.meta.get("cited", []) if n in communes],
        [communes[n] for n in sorted(communes)],
    )


def equity_of(turns: Iterable[StoredTurn], engine: Engine) -> EquityReport:
    """The equity of the territory-wide answers among `turns`."""
    records = [record_of(t) for t in turns if t.meta.get("scope") == "territory"]
    return aggregate_records(records, engine.pack, engine.equity_target())
