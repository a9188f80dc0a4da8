"""The equity report as a PNG: cited exposure against the target, per group.

Matplotlib's object API with the Agg canvas (no pyplot, no global state, no display needed).
"""

from __future__ import annotations

from pathlib import Path

from calanque.equity.report import EquityReport


def exposure_chart(report: EquityReport, path: Path, *, title: str = "") -> Path:
    """Write a horizontal bar chart (exposure vs target per group) to `path`; returns it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    names = [r.group for r in report.groups][::-1]
    exposure = [r.exposure for r in report.groups][::-1]
    target = [r.target for r in report.groups][::-1]
    fig = Figure(figsize=(8, 0.6 * len(names) + 1.8), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    y = range(len(names))
    ax.barh([i + 0.2 for i in y], exposure, height=0.4, color="#1f6f8b", label="cited exposure")
    ax.barh([i - 0.2 for i in y], target, height=0.4, color="#c9c9c9", label="target")
    ax.set_yticks(list(y), names)
    ax.set_xlabel("share of exposure (log2 position discount)")
    ax.set_title(
        title
        or f"AWRF {report.awrf_cited:.2f} · JS distance {report.js_distance:.2f} · "
        f"Gini {report.gini:.2f} · coverage {report.coverage:.0%} ({report.questions} questions)",
        fontsize=9,
    )
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png")
    return path
