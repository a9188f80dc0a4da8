"""Crawler throughput and re-crawl cost on the generated test site, served on 127.0.0.1.

    .venv/bin/python bench/crawl.py [--pages 200] [--no-embeddings]

For each index kind (lexical only, then with the bundled e5 embedder): a first crawl of the whole
site, then a re-crawl of the unchanged site. Prints pages/s and the re-crawl's cost as a ratio of
the first crawl, in time and in bytes received, with the passages re-embedded (should be 0).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "crawl"))

from crawlsite import Site, site_source  # noqa: E402

from calanque.crawl import Crawler, CrawlReport  # noqa: E402
from calanque.index.embedders import E5Embedder  # noqa: E402
from calanque.index.sqlite_store import SQLiteStore  # noqa: E402
from calanque.ingest.pipeline import Ingestor  # noqa: E402


def run(site: Site, home: Path, embedder: E5Embedder | None) -> tuple[CrawlReport, CrawlReport]:
    store = SQLiteStore(home / "index.sqlite3")
    crawler = Crawler(store, Ingestor(store, embedder), delay=0.0)
    source = site_source(site, max_pages=100_000)
    first = asyncio.run(crawler.crawl(source))
    second = asyncio.run(crawler.crawl(source))
    store.close()
    return first, second


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="commune pages on the site")
    parser.add_argument("--no-embeddings", action="store_true", help="lexical index only")
    args = parser.parse_args()
    kinds: list[tuple[str, E5Embedder | None]] = [("lexical only", None)]
    if not args.no_embeddings:
        kinds.append(("with e5 embeddings", E5Embedder()))
    rows = []
    with Site(pages=args.pages) as site:
        for label, embedder in kinds:
            with tempfile.TemporaryDirectory() as home:
                first, second = run(site, Path(home), embedder)
            rows.append((label, first, second))
    header = (
        f"{'index':<20} {'pages':>6} {'indexed':>8} {'chunks':>7} {'1st s':>7} {'pages/s':>8} "
        f"{'re-crawl s':>10} {'304s':>5} {'re-embedded':>11} {'time ratio':>10} {'bytes ratio':>11}"
    )
    print(f"site: {args.pages} commune pages + guides, calendar, duplicates, PDF (127.0.0.1)")
    print(header)
    print("-" * len(header))
    for label, first, second in rows:
        print(
            f"{label:<20} {first.pages:>6} {first.indexed:>8} {first.ingest.chunks:>7} "
            f"{first.seconds:>7.2f} {first.pages / first.seconds:>8.1f} "
            f"{second.seconds:>10.2f} {second.not_modified:>5} {second.ingest.embedded:>11} "
            f"{second.seconds / first.seconds:>10.1%} {second.bytes / first.bytes:>11.1%}"
        )
    print(
        f"requests: {rows[0][1].requests} on the first crawl, {rows[0][2].requests} on the "
        "re-crawl, conditional (If-None-Match / If-Modified-Since) and answered 304: no body, "
        "no parsing, no index write."
    )


if __name__ == "__main__":
    main()
