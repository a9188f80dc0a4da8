"""`calanque equity …`: territorial equity reports (a thin shell over `calanque.equity`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from calanque.cli.common import Home, Pack, built, console, make_engine, user_errors
from calanque.equity.policy import POLICIES
from calanque.equity.report import EquityReport, read_questions
from calanque.errors import CalanqueError

app = typer.Typer(
    help="Territorial equity: exposure of each group in the answers.", no_args_is_help=True
)


@app.command()
def report(
    questions: Annotated[
        Path | None,
        typer.Option(
            "--questions", help="One question per line (FR or EN); default: the question log."
        ),
    ] = None,
    policy: Annotated[
        str | None,
        typer.Option(
            "--policy", help=f"Answer with this policy ({', '.join(POLICIES)}); default: settings."
        ),
    ] = None,
    blend: Annotated[float | None, typer.Option("--blend", help="Weight of uniform.")] = None,
    png: Annotated[Path, typer.Option("--png", help="Where to write the chart.")] = Path(
        "equity-report.png"
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="Most recent logged questions.")] = 1000,
    home: Home = None,
    pack: Pack = None,
) -> None:
    """Answer a question set, then print exposure, target and ratio per group, AWRF, JS
    distance, Gini and coverage, and write a PNG chart."""
    with user_errors():
        engine = built(
            make_engine(home, pack, equity_policy=policy, equity_blend=blend), "answerer"
        )
        if questions is not None:
            asked = read_questions(questions.read_text("utf-8").splitlines())
        else:
            asked = engine.conversations.questions(limit)
        if not asked:
            raise CalanqueError("no questions: pass --questions FILE, or ask some first")
        if engine.store.stats()["chunks"] == 0:
            raise CalanqueError(
                "the index is empty: add sources with 'calanque ingest <files, folders or URLs>' "
                "or build the demo index with 'calanque demo'"
            )
        settings = engine.settings
        result = engine.equity_report(asked)
        if as_json:
            console.print_json(json.dumps(result.to_dict(), ensure_ascii=False))
        else:
            _print(result, engine.pack.group_label.get("en", "group"), settings.equity_policy)
        from calanque.equity.chart import exposure_chart

        exposure_chart(result, png)
        console.print(f"chart: {png}")


def _print(result: EquityReport, label: str, policy: str) -> None:
    table = Table(title=f"Exposure of cited sources per {label} (policy: {policy})")
    for col in (label, "exposure", "target", "ratio", "answers", "communes cited"):
        table.add_column(col, justify="left" if col == label else "right")
    for r in result.groups:
        table.add_row(
            r.group,
            f"{r.exposure:.3f}",
            f"{r.target:.3f}",
            f"{r.ratio:.2f}",
            str(r.answers),
            f"{r.communes_cited}/{r.communes}",
        )
    console.print(table)
    scopes = ", ".join(f"{k} {v}" for k, v in sorted(result.scopes.items()))
    console.print(
        f"questions {result.questions} (answered {result.answered}; {scopes})\n"
        f"AWRF cited {result.awrf_cited:.3f} (mean per answer {_f(result.mean_awrf_cited)}), "
        f"retrieved {result.awrf_retrieved:.3f} (mean {_f(result.mean_awrf_retrieved)})\n"
        f"JS distance {result.js_distance:.3f} · Gini {result.gini:.3f} · "
        f"coverage {result.coverage:.1%} of communes cited at least once"
    )
    gaps = Table(title=f"Gaps: territory-wide questions whose answer cites nothing of the {label}")
    for col in (label, "questions", "for example"):
        gaps.add_column(col)
    for r in result.groups:
        if r.absent_from:
            gaps.add_row(r.group, str(len(r.absent_from)), " · ".join(r.absent_from[:3]))
    if gaps.row_count:
        console.print(gaps)


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"
