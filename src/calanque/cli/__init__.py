"""Command-line shell over the core library (`calanque …`): parse, call the engine, print."""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from calanque.answer.answerer import QuestionError
from calanque.answer.backend import BackendError
from calanque.answer.types import DoneEvent, NoticeEvent
from calanque.config import Settings
from calanque.engine import Engine
from calanque.errors import CalanqueError
from calanque.index.search import MODES
from calanque.index.store import Filters
from calanque.ingest.pipeline import IngestReport

app = typer.Typer(
    name="calanque",
    help="Ask questions about a territory, from sources you ingest; run virtual sailing races.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)

Home = Annotated[Path | None, typer.Option("--home", help="Index directory (CALANQUE_HOME).")]
Pack = Annotated[str | None, typer.Option("--pack", help="Territory pack id or folder.")]


def _engine(home: Path | None, pack: str | None, **overrides: Any) -> Engine:
    return Engine(Settings.load({"home": home, "pack": pack, **overrides}))


def _built(engine: Engine, *parts: str) -> Engine:
    """Build these parts of the engine now. The core refuses a setting it does not know (answer
    backend, equity policy, embedder, index kind) with a bare ValueError while it builds them from
    the settings: here, and only here, that is the user's error."""
    for part in parts:
        try:
            getattr(engine, part)
        except ValueError as exc:
            if isinstance(exc, CalanqueError):
                raise
            raise CalanqueError(str(exc)) from exc
    return engine


# User-facing errors. QuestionError and BackendError (answer/) join CalanqueError with the
# answer-path rewrite; until then they are named here.
USER_ERRORS: tuple[type[Exception], ...] = (CalanqueError, QuestionError, BackendError)
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


def _debug() -> bool:
    return os.environ.get("CALANQUE_DEBUG", "").strip().lower() in ("1", "true", "yes", "on")


def _say(exc: BaseException, message: str) -> None:
    """Print `error: message` on one line (after the traceback with CALANQUE_DEBUG=1)."""
    if _debug():
        traceback.print_exception(exc, file=sys.stderr)
    line = " ".join(message.split())
    err.print(f"[red]error:[/red] {escape(line)}", soft_wrap=True, highlight=False)


def _missing(exc: ImportError) -> str:
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


def _path_error(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason


@contextmanager
def _errors() -> Iterator[None]:
    """User errors and missing dependencies become one clear line and exit code 1, never a
    traceback; anything else is a bug, left to `main`."""
    try:
        yield
    except USER_ERRORS as exc:
        _say(exc, str(exc))
        raise typer.Exit(1) from None
    except PATH_ERRORS as exc:
        _say(exc, _path_error(exc))
        raise typer.Exit(1) from None
    except ImportError as exc:
        _say(exc, _missing(exc))
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/yellow]: what was written is kept; run again to finish.")
        raise typer.Exit(130) from None


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int, str], None]]:
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


def _summary(report: IngestReport) -> None:
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


@app.command()
def ingest(
    targets: Annotated[list[str], typer.Argument(help="Files, folders or http(s) URLs.")],
    source: Annotated[str, typer.Option(help="Source label, for filters.")] = "local",
    weight: Annotated[float, typer.Option(help="Regional weight of these sources.")] = 1.0,
    allow_private: Annotated[
        bool, typer.Option(help="Allow URLs on private or loopback addresses (intranets).")
    ] = False,
    home: Home = None,
    pack: Pack = None,
) -> None:
    """Index documents (Markdown, text, HTML, PDF, DOCX) and web pages."""
    with _errors():
        urls = [t for t in targets if t.startswith(("http://", "https://"))]
        paths = [Path(t) for t in targets if t not in urls]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CalanqueError(f"no such file or folder: {', '.join(missing)}")
        engine = _built(_engine(home, pack), "ingestor")
        report = IngestReport()
        with _progress("ingesting") as update:
            if paths:
                report.merge(
                    engine.ingestor.ingest_paths(
                        paths, source=source, weight=weight, progress=update
                    )
                )
            if urls:
                report.merge(
                    engine.ingest_urls(
                        urls,
                        source=source,
                        weight=weight,
                        allow_private=allow_private,
                        progress=update,
                    )
                )
        engine.searcher.warm()  # large indexes: the sidecars are patched here, not at a question
        _summary(report)
        if report.skipped and not report.documents:
            raise typer.Exit(1)


@app.command()
def remove(
    uris: Annotated[list[str], typer.Argument(help="Paths or URLs to forget.")],
    home: Home = None,
    pack: Pack = None,
) -> None:
    """Remove documents from the index."""
    with _errors():
        engine = _built(_engine(home, pack), "store")
        for uri in uris:
            removed = engine.ingestor.remove(uri)
            console.print(
                f"{'removed' if removed else '[yellow]not indexed[/yellow]'} {escape(uri)}"
            )


def _filters(
    lang: list[str] | None, commune: list[str] | None, source: list[str] | None, engine: Engine
) -> Filters:
    codes = []
    for name in commune or []:
        found = engine.gazetteer.communes(name) or ([name] if name in engine.pack.communes else [])
        if not found:
            raise CalanqueError(f"unknown commune {name!r} in pack {engine.pack.id}")
        codes.extend(found)
    return Filters(langs=tuple(lang or ()), communes=tuple(codes), sources=tuple(source or ()))


LangOpt = Annotated[list[str] | None, typer.Option("--lang", help="Only chunks in this language.")]
CommuneOpt = Annotated[list[str] | None, typer.Option("--commune", help="Only about this commune.")]
SourceOpt = Annotated[list[str] | None, typer.Option("--source", help="Only from this source.")]


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option("-k", help="Number of passages.")] = 10,
    mode: Annotated[str, typer.Option(help=f"One of {', '.join(MODES)}.")] = "hybrid",
    lang: LangOpt = None,
    commune: CommuneOpt = None,
    source: SourceOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    home: Home = None,
    pack: Pack = None,
) -> None:
    """Ranked passages with their scores."""
    with _errors():
        if mode not in MODES:
            raise CalanqueError(f"unknown search mode {mode!r} (one of {', '.join(MODES)})")
        engine = _built(_engine(home, pack), "answerer")
        engine.answerer.validate(query)
        hits = engine.searcher.search(
            query, k=k, mode=mode, filters=_filters(lang, commune, source, engine)
        )
        if as_json:
            print(
                json.dumps(
                    [
                        {
                            "score": h.score,
                            "title": h.chunk.title,
                            "uri": h.chunk.uri,
                            "text": h.chunk.text,
                        }
                        for h in hits
                    ],
                    ensure_ascii=False,
                )
            )
            return
        table = Table("#", "score", "title / passage", show_lines=True)
        for i, h in enumerate(hits, 1):
            snippet = " ".join(h.chunk.text.split())[:220]
            table.add_row(
                str(i),
                f"{h.score:.4f}",
                f"[bold]{escape(h.chunk.title)}[/bold]\n[dim]{escape(h.chunk.uri)}[/dim]\n"
                + escape(snippet),
            )
        console.print(table if hits else "[yellow]no passage found[/yellow]")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Your question, in any language.")],
    lang: LangOpt = None,
    commune: CommuneOpt = None,
    source: SourceOpt = None,
    llm: Annotated[str | None, typer.Option(help="extractive, openai or llamacpp.")] = None,
    home: Home = None,
    pack: Pack = None,
) -> None:
    """Answer a question from the indexed sources, streaming, then list the sources cited."""
    with _errors():
        engine = _built(_engine(home, pack, llm=llm), "answerer")
        _ask(engine, question, _filters(lang, commune, source, engine))


def _ask(engine: Engine, question: str, filters: Filters | None = None) -> None:
    answer = None
    # The final text, not the deltas: a model's citations are checked and renumbered at the end.
    with console.status("…"):
        for event in engine.answerer.stream(question, filters=filters):
            if isinstance(event, NoticeEvent):
                err.print(f"[yellow]{escape(event.text)}[/yellow]")
            elif isinstance(event, DoneEvent):
                answer = event.answer
    if answer is None:
        return
    sys.stdout.write(answer.text.rstrip() + "\n")
    console.print()
    if answer.cited:
        console.rule("Sources")
        for s in answer.cited:
            places = ", ".join(
                c["name"] for c in s.to_dict(engine.answerer.commune_names)["communes"][:6]
            )
            console.print(
                f"[bold]\\[{s.number}][/bold] {escape(s.chunk.title)} "
                f"[dim]{escape(s.chunk.uri)}[/dim]"
                + (f"\n    [cyan]{escape(places)}[/cyan]" if places else "")
            )
    console.print(Markdown(f"*{answer.disclaimer}*"), style="dim")


@app.command()
def stats(home: Home = None, pack: Pack = None) -> None:
    """What the index holds."""
    with _errors():
        engine = _built(_engine(home, pack), "store")
        data = engine.store.stats()
        table = Table("", "", show_header=False)
        for key, value in data.items():
            table.add_row(
                key,
                json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value),
            )
        table.add_row("pack", f"{engine.pack.name} ({len(engine.pack.communes)} communes)")
        console.print(table)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    demo: Annotated[
        bool, typer.Option("--demo", help="Build (or refresh) the pack's demo index first.")
    ] = False,
    crawl_every: Annotated[
        float, typer.Option(help="Crawl due web sources every N seconds (0: never).")
    ] = 0.0,
    home: Home = None,
    pack: Pack = None,
) -> None:
    """Serve the website and its API."""
    import os

    import uvicorn

    # One thread per query embedding: concurrent visitors parallelise better than one query's
    # matrix products (measured: p50 22 ms with 1 thread vs 67 ms with 2 under load).
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from calanque.web.app import create_app, server_options

    with _errors():
        engine = _built(_engine(home, pack), "answerer")
        if demo or engine.store.stats()["documents"] == 0:
            console.print(
                f"Indexing the demo sources of [bold]{engine.pack.name}[/bold] "
                f"in {engine.settings.home}"
            )
            with _progress("indexing") as update:
                _summary(engine.build_demo(progress=update))
        engine.warm()  # load the models before the first visitor
        console.print(f"Calanque is serving [bold]http://{host}:{port}[/bold] (Ctrl-C to stop)")
        app_ = create_app(engine, crawl_every=crawl_every)
        # X-Forwarded-For is believed only from CALANQUE_TRUSTED_PROXIES (uvicorn's default
        # believes it from 127.0.0.1, and any local client could then pick its rate-limit key).
        uvicorn.run(
            app_, host=host, port=port, log_level="warning", **server_options(engine.settings)
        )


@app.command()
def demo(
    question: Annotated[str | None, typer.Argument(help="Question to ask once built.")] = None,
    home: Home = None,
    pack: Pack = None,
) -> None:
    """Build the demo index of the territory pack, then answer a sample question."""
    with _errors():
        engine = _built(_engine(home, pack), "answerer")
        console.print(
            f"Building the demo index of [bold]{engine.pack.name}[/bold] in "
            f"{engine.settings.home} (passages the pack ships no vectors for are embedded)"
        )
        with _progress("indexing") as update:
            report = engine.build_demo(progress=update)
        _summary(report)
        examples = engine.pack.examples.get(engine.pack.default_language) or ["?"]
        question = question or examples[0]
        console.rule(f"[bold]{question}")
        _ask(engine, question)


from calanque.cli import crawl as crawl_cli  # noqa: E402

app.command("crawl")(crawl_cli.crawl)

from calanque.cli import race as race_cli  # noqa: E402

app.add_typer(race_cli.app, name="race")


from calanque.cli import equity as equity_cli  # noqa: E402

app.add_typer(equity_cli.app, name="equity")


def main() -> None:
    """Console-script entry point: a user error, a missing dependency or a bug ends on one line,
    never a traceback (`CALANQUE_DEBUG=1` shows it)."""
    try:
        app()
    except USER_ERRORS as exc:  # raised outside a command's `_errors()`
        _say(exc, str(exc))
        raise SystemExit(1) from None
    except ImportError as exc:
        _say(exc, _missing(exc))
        raise SystemExit(1) from None
    except Exception as exc:
        hint = "" if _debug() else " (run with CALANQUE_DEBUG=1 for the traceback)"
        _say(exc, f"unexpected {type(exc).__name__}: {exc}{hint}")
        raise SystemExit(2) from None
