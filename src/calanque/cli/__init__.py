"""Command-line shell over the core library (`calanque …`): parse, call the engine, print."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markdown import Markdown
from rich.markup import escape
from rich.table import Table

from calanque.answer.types import DoneEvent, NoticeEvent
from calanque.cli import crawl as crawl_cli
from calanque.cli import equity as equity_cli
from calanque.cli import race as race_cli
from calanque.cli import staff as staff_cli
from calanque.cli.common import (
    Home,
    Pack,
    built,
    console,
    debug,
    err,
    make_engine,
    missing_dependency,
    progress_bar,
    say,
    summary,
    user_errors,
)
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
    with user_errors():
        urls = [t for t in targets if t.startswith(("http://", "https://"))]
        paths = [Path(t) for t in targets if t not in urls]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CalanqueError(f"no such file or folder: {', '.join(missing)}")
        engine = built(make_engine(home, pack), "ingestor")
        report = IngestReport()
        with progress_bar("ingesting") as update:
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
        summary(report)
        if report.skipped and not report.documents:
            raise typer.Exit(1)


@app.command()
def remove(
    uris: Annotated[list[str], typer.Argument(help="Paths or URLs to forget.")],
    home: Home = None,
    pack: Pack = None,
) -> None:
    """Remove documents from the index."""
    with user_errors():
        engine = built(make_engine(home, pack), "store")
        for uri in uris:
            removed = engine.ingestor.remove(uri)
            console.print(
                f"{'removed' if removed else '[yellow]not indexed[/yellow]'} {escape(uri)}"
            )


def _filters(
    lang: list[str] | None, commune: list[str] | None, source: list[str] | None, engine: Engine
) -> Filters:
    codes = [code for name in commune or [] for code in engine.commune_codes(name)]
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
    with user_errors():
        if mode not in MODES:
            raise CalanqueError(f"unknown search mode {mode!r} (one of {', '.join(MODES)})")
        engine = built(make_engine(home, pack), "answerer")
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
    with user_errors():
        engine = built(make_engine(home, pack, llm=llm), "answerer")
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
    if answer.disclaimer:
        console.print(Markdown(f"*{answer.disclaimer}*"), style="dim")


@app.command()
def stats(home: Home = None, pack: Pack = None) -> None:
    """What the index holds."""
    with user_errors():
        engine = built(make_engine(home, pack), "store")
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
        bool,
        typer.Option(
            "--demo",
            help="Build (or refresh) the pack's demo index first, and run the accelerated "
            "demo race with bots.",
        ),
    ] = False,
    crawl_every: Annotated[
        float, typer.Option(help="Crawl due web sources every N seconds (0: never).")
    ] = 0.0,
    home: Home = None,
    pack: Pack = None,
) -> None:
    """Serve the website and its API."""

    import uvicorn

    # One thread per query embedding: concurrent visitors parallelise better than one query's
    # matrix products (measured: p50 22 ms with 1 thread vs 67 ms with 2 under load).
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from calanque.web.app import create_app, server_options

    with user_errors():
        engine = built(make_engine(home, pack), "answerer")
        if demo or engine.store.stats()["documents"] == 0:
            console.print(
                f"Indexing the demo sources of [bold]{engine.pack.name}[/bold] "
                f"in {engine.settings.home}"
            )
            with progress_bar("indexing") as update:
                summary(engine.build_demo(progress=update))
        engine.warm()  # load the models before the first visitor
        console.print(f"Calanque is serving [bold]http://{host}:{port}[/bold] (Ctrl-C to stop)")
        if engine.settings.races and engine.settings.race_file:
            from calanque.race.schedule import load_definitions

            load_definitions(engine.settings.race_file)  # a bad file: one line, before serving
        app_ = create_app(engine, crawl_every=crawl_every, race_demo=demo)
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
    with user_errors():
        engine = built(make_engine(home, pack), "answerer")
        console.print(
            f"Building the demo index of [bold]{engine.pack.name}[/bold] in "
            f"{engine.settings.home} (passages the pack ships no vectors for are embedded)"
        )
        with progress_bar("indexing") as update:
            report = engine.build_demo(progress=update)
        summary(report)
        examples = engine.pack.examples.get(engine.pack.default_language) or ["?"]
        question = question or examples[0]
        console.rule(f"[bold]{question}")
        _ask(engine, question)


app.command("crawl")(crawl_cli.crawl)
app.add_typer(race_cli.app, name="race")
app.add_typer(equity_cli.app, name="equity")
app.add_typer(staff_cli.app, name="console")


def main() -> None:
    """Console-script entry point: a user error, a missing dependency or a bug ends on one line,
    never a traceback (`CALANQUE_DEBUG=1` shows it)."""
    # pypdf logs what it repairs in a broken PDF ("EOF marker not found") without the file's
    # name; the ingestion report names the file and says why it was skipped.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        app()
    except CalanqueError as exc:  # raised outside a command's `useruser_errors()`
        say(exc, str(exc))
        raise SystemExit(1) from None
    except ImportError as exc:
        say(exc, missing_dependency(exc))
        raise SystemExit(1) from None
    except Exception as exc:
        hint = "" if debug() else " (run with CALANQUE_DEBUG=1 for the traceback)"
        say(exc, f"unexpected {type(exc).__name__}: {exc}{hint}")
        raise SystemExit(2) from None
