"""The impact figures drawn as SVG on the server (matplotlib's object API, Agg canvas: no pyplot,
no global state), so the console needs no chart script."""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

INK, SEA, SAND = "#1d2733", "#0b5fa5", "#9fc3e0"


def _figure(height: float = 3.0) -> Figure:
    fig = Figure(figsize=(7.2, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def _svg(fig: Figure) -> str:
    fig.tight_layout()
    out = io.StringIO()
    fig.savefig(out, format="svg")
    return out.getvalue()


def _style(ax: object, title: str) -> None:
    ax.set_title(title, fontsize=11, color=INK, loc="left")  # type: ignore[attr-defined]
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)  # type: ignore[attr-defined]
    ax.tick_params(labelsize=8, colors=INK)  # type: ignore[attr-defined]


def days_chart(
    days: Sequence[str],
    asked: Sequence[int],
    answered: Sequence[int],
    title: str,
    labels: tuple[str, str],
) -> str:
    fig = _figure()
    ax = fig.add_subplot()
    x = list(range(len(days)))
    ax.bar(x, asked, color=SAND, label=labels[0], width=0.9)
    ax.bar(x, answered, color=SEA, label=labels[1], width=0.5)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    step = max(1, len(days) // 8)
    ax.set_xticks(x[::step], [d[5:] for d in days[::step]])
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    _style(ax, title)
    return _svg(fig)


def bars_chart(names: Sequence[str], values: Sequence[float], title: str) -> str:
    """Horizontal bars, the first name on top."""
    fig = _figure(max(1.6, 0.32 * len(names) + 0.9))
    ax = fig.add_subplot()
    y = list(range(len(names)))[::-1]
    ax.barh(y, values, color=SEA, height=0.6)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_yticks(y, names)
    for yy, v in zip(y, values, strict=True):
        ax.text(v, yy, f" {v:g}", va="center", fontsize=8, color=INK)
    _style(ax, title)
    return _svg(fig)


def line_chart(
    names: Sequence[str],
    values: Sequence[float],
    title: str,
    *,
    ymin: float = 0.0,
    ymax: float = 1.0,
) -> str:
    fig = _figure()
    ax = fig.add_subplot()
    ax.plot(range(len(names)), values, color=SEA, marker="o")
    ax.set_xticks(range(len(names)), names, rotation=0)
    ax.set_ylim(ymin, ymax)
    _style(ax, title)
    return _svg(fig)
