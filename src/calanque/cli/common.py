"""What every command shares: consoles, common options, building the engine, and turning user
errors into one line."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from calanque.config import Settings
from calanque.engine import Engine
from calanque.errors import CalanqueError
from calanque.ingest.pipeline import IngestReport

console = Console()
err = Console(stderr=True)

Home = Annotated[Path | None, typer.Option("--home", help="Index directory (CALANQUE_HOME).")]
Pack = Annotated[str | None, typer.Option("--pack", help="Territory pack id or folder.")]


def make_engine(home: Path | None, pack: str | None, **overrides: Any) -> Engine:
    return Engine(Settings.load({"home": home, "pack": pack, **overrides}))


def built(engine: Engine, *parts: str) -> Engine:
    """Build these parts of the engine now (inside the command's `user_errors()`), so a setting
    the core refuses (a `SettingsError`) is reported before any work starts."""
    for part in parts:
        getattr(engine, part)
    return engine


# A path the user gave that cannot be read or written (a missing --questions file, a --png in a
# folder that does not exist): other OSErrors are not the user's to fix.
PATH_ERRORS = (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError)
# Import names whose distribution on PyPI is spelled otherwise.
DISTRIBUTIONS = {
    "docx": "python-docx",
    "yaml": "pyyaml",
    "Stemmer": "PyStemmer",
    "faiss": "faiss-cpu",
    "llama_cpp": "llama-cpp-python",
}


def debug() -> bool:
    return os.environ.get("CALANQUE_DEBUG", "").strip().lower() in ("1", "true", "yes", "on")


def say(exc: BaseException, message: str) -> None:
    """Print `error: message` on one line (after the traceback with CALANQUE_DEBUG=1)."""
    if debug():
        traceback.print_exception(exc, file=sys.stderr)
    line = " ".join(message.split())
    err.print(f"[red]error:[/red] {escape(line)}", soft_wrap=True, highlight=False)


def missing_dependency(exc: ImportError) -> str:
    """One line naming the module that could not be imported and what to install."""
    found: BaseException | None = exc
    while found is not None and not (isinstance(found, ImportError) and found.name):
        # lxml.html.clean raises a bare ImportError `from None`: the failed import is its context
        found = found.__cause__ or found.__context__
    if not isinstance(found, ImportError):
        found = exc
    module = found.name or "?"
    top = module.split(".")[0]
    if top == "calanque":
        return f"broken install, cannot import {module!r} ({found}): reinstall calanque"
    package = DISTRIBUTIONS.get(top, top)
    return (
        f"missing dependency {top!r} ({found}): reinstall calanque "
        f"(pip install --upgrade calanque) or pip install {package}"
    )


def path_error(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason


@contextmanager
def user_errors() -> Iterator[None]:
    """User errors and missing dependencies become one clear line and exit code 1, never a
    traceback; anything else is a bug, left to `main`."""
    try:
        yield
    except CalanqueError as exc:
        say(exc, str(exc))
        raise typer.Exit(1) from None
    except PATH_ERRORS as exc:
        say(exc, path_error(exc))
        raise typer.Exit(1) from None
    except ImportError as exc:
        say(exc, missing_dependency(exc))
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/yellow]: what was written is kept; run again to finish.")
        raise typer.Exit(130) from None


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int, str], None]]:
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("[dim]{task.fields[item]}", justify="left"),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task(label, total=None, item="")

        def update(done: int, total: int, item: str) -> None:
            bar.update(task, completed=done, total=total or None, item=Path(item).name[-40:])

        yield update


def summary(report: IngestReport) -> None:
    console.print(
        f"[green]{report.documents}[/green] documents "
        f"({report.added} added, {report.updated} updated, {report.unchanged} unchanged), "
        f"{report.chunks} chunks written, {report.embedded} embedded, "
        f"{report.reused_vectors} vectors reused, {len(report.skipped)} skipped, "
        f"in {report.seconds:.1f} s"
    )
    for name, reason in report.skipped:
        console.print(f"  [yellow]skipped[/yellow] {escape(name)}: {escape(reason)}")
    for name, reason in report.truncated:
        console.print(f"  [yellow]indexed in part[/yellow] {escape(name)}: {escape(reason)}")
