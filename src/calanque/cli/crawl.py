"""`calanque crawl`: crawl the pack's web sources (or added ones), all, by id, or when due."""

from __future__ import annotations

import asyncio
import re
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from calanque.cli.common import Home, Pack, built, console, make_engine, progress_bar, user_errors
from calanque.crawl import scheduler
from calanque.crawl.crawler import CrawlReport
from calanque.crawl.sources import Source, SourceError
from calanque.crawl.state import CrawlState
from calanque.crawl.urls import normalize
from calanque.engine import Engine


def crawl(
    sources: Annotated[
        list[str] | None, typer.Argument(help="Source ids to crawl (default: all).")
    ] = None,
    due: Annotated[
        bool, typer.Option("--due", help="Only the sources whose refresh interval is up (cron).")
    ] = False,
    list_: Annotated[bool, typer.Option("--list", help="List the sources and exit.")] = False,
    add: Annotated[
        str | None, typer.Option("--add", help="Add a source starting at this URL, then crawl it.")
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="Id of the source added with --add.")
    ] = None,
    remove: Annotated[
        str | None, typer.Option("--remove", help="Forget a source added from the CLI.")
    ] = None,
    max_pages: Annotated[int | None, typer.Option(help="Pages per run (overrides).")] = None,
    max_depth: Annotated[int | None, typer.Option(help="Link depth (overrides).")] = None,
    refresh: Annotated[
        str | None, typer.Option(help="Refresh interval of an added source (12h, 1d, 1w).")
    ] = None,
    weight: Annotated[
        float | None, typer.Option(help="Regional weight of an added source.")
    ] = None,
    lang: Annotated[str | None, typer.Option(help="Language of an added source.")] = None,
    delay: Annotated[
        float | None, typer.Option(help="Seconds between requests to one host (overrides).")
    ] = None,
    allow_private: Annotated[
        bool, typer.Option(help="Allow private and loopback addresses (intranets, tests).")
    ] = False,
    home: Home = None,
    pack: Pack = None,
) -> None:
    """Crawl regional web sources into the index; unchanged pages cost a conditional request."""
    with user_errors():
        engine = built(make_engine(home, pack), "store")
        state = CrawlState(engine.database)
        if remove:
            if not state.remove_source(remove):
                raise SourceError(f"no source {remove!r} was added from the CLI")
            console.print(f"removed source {remove} (its pages stay indexed until re-crawled)")
            return
        if list_:
            _list(engine, state)
            return
        selected = sources or []
        if add:
            source = Source(
                id=name or _slug(add),
                name=name or add,
                start=[add],
                max_pages=max_pages or 200,
                max_depth=3 if max_depth is None else max_depth,
                refresh=refresh or "1d",
                weight=1.0 if weight is None else weight,
                lang=lang,
                allow_private=allow_private,
                origin="cli",
            )
            state.add_source(source)
            console.print(f"added source [bold]{source.id}[/bold] ({add})")
            selected = [source.id]
        targets = scheduler.due(engine, state) if due else scheduler.select(engine, selected, state)
        if due:
            targets = [s for s in targets if not selected or s.id in selected]
        for source in targets:
            if max_pages is not None:
                source.max_pages = max_pages
            if max_depth is not None:
                source.max_depth = max_depth
        if not targets:
            console.print("nothing to crawl" + (" (no source is due)" if due else ""))
            return
        crawler = scheduler.make_crawler(
            built(engine, "ingestor"), delay=delay, allow_private=allow_private
        )
        for source in targets:
            with progress_bar(f"crawling {source.id}") as update:
                crawler.progress = update
                report = asyncio.run(crawler.crawl(source))
            _print(report)
        engine.searcher.warm()  # large indexes: the sidecars are patched here, not at a question


def _slug(url: str) -> str:
    host = (normalize(url) or url).split("://", 1)[-1].split("/", 1)[0].split(":")[0]
    return re.sub(r"[^a-z0-9.-]+", "-", host.lower().removeprefix("www."))[:64] or "site"


def _list(engine: Engine, state: CrawlState) -> None:
    table = Table("id", "name", "start", "pages", "refresh", "last crawl", "indexed")
    for s in scheduler.all_sources(engine, state):
        last = state.last_finished(s.id)
        counts = state.counts(s.id)
        table.add_row(
            s.id + ("" if s.origin == "pack" else f" [dim]({s.origin})[/dim]"),
            s.name + ("" if s.reachable_offline else " [dim](online only)[/dim]"),
            "\n".join(s.start + s.sitemaps),
            str(s.max_pages),
            s.refresh,
            last.strftime("%Y-%m-%d %H:%M") if last else "never",
            str(counts.get("ok", 0)),
        )
    console.print(table)


def _print(r: CrawlReport) -> None:
    console.print(
        f"[bold]{r.source}[/bold]{' (resumed)' if r.resumed else ''}: {r.pages} pages — "
        f"[green]{r.indexed}[/green] indexed, {r.not_modified} not modified, "
        f"{r.unchanged} unchanged, {r.duplicates} duplicates, {r.blocked} blocked by robots.txt, "
        f"{r.trapped} trap URLs dropped, {r.removed} removed; {r.requests} requests, "
        f"{r.ingest.embedded} passages embedded, in {r.seconds:.1f} s"
    )
    lines = [("skipped", url, reason) for url, reason in r.errors + r.skipped]
    lines += [("indexed in part", url, reason) for url, reason in r.ingest.truncated]
    for label, url, reason in lines[:20]:
        console.print(f"  [yellow]{label}[/yellow] {escape(url)}: {escape(reason)}")
    if len(lines) > 20:
        console.print(f"  … and {len(lines) - 20} more")
