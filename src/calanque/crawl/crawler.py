"""The crawl loop: frontier in the database, async fetches, pages through the ingestion path.

An unchanged page costs one conditional request (304) or one body hash (200 with the same bytes):
no parsing, no index write, no embedding. A changed page goes through `load_bytes` and
`Ingestor.ingest_documents`, which re-embeds only the chunks whose text changed. Pages are marked
done only once indexed, so a killed crawl refetches at most the batch it was indexing.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

from calanque.crawl import dedup
from calanque.crawl.fetcher import REDIRECTS, Fetcher, Page
from calanque.crawl.links import PageLinks, extract
from calanque.crawl.robots import Robots
from calanque.crawl.sitemaps import SitemapError, parse_sitemap
from calanque.crawl.sources import Source
from calanque.crawl.state import CrawlState, PageState
from calanque.crawl.urls import normalize, repeated_segments
from calanque.documents import Document
from calanque.index.store import Store
from calanque.ingest.fetch import USER_AGENT, FetchError
from calanque.ingest.loaders import LoadError, load_bytes
from calanque.ingest.pipeline import Ingestor, IngestReport

Progress = Callable[[int, int, str], None]
log = logging.getLogger(__name__)
MAX_SITEMAPS = 50
SETTLED = ("ok", "duplicate", "skipped")  # statuses an unchanged body keeps as they are
NEAR_MIN_WORDS = 40  # below this, templated pages (a calendar month) look alike by design


@dataclass
class CrawlReport:
    """What one run of one source did; `requests` counts every HTTP request sent."""

    source: str
    run: int = 0
    resumed: bool = False
    pages: int = 0
    fetched: int = 0
    not_modified: int = 0
    unchanged: int = 0
    indexed: int = 0
    duplicates: int = 0
    redirects: int = 0
    blocked: int = 0
    trapped: int = 0
    removed: int = 0
    requests: int = 0
    bytes: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    ingest: IngestReport = field(default_factory=IngestReport)
    seconds: float = 0.0

    def stats(self) -> dict[str, Any]:
        data = asdict(self)
        lists = ("skipped", "truncated")
        data["ingest"] = {k: v for k, v in data["ingest"].items() if k not in lists}
        data["errors"], data["skipped"] = len(self.errors), len(self.skipped)
        return data


@dataclass
class _Pending:
    """A changed page waiting for its batch to be indexed."""

    url: str
    depth: int
    doc: Document
    values: dict[str, Any]


class Crawler:
    """Crawls sources into `ingestor`'s store. `delay`/`concurrency` override the sources'."""

    def __init__(
        self,
        store: Store,
        ingestor: Ingestor,
        *,
        state: CrawlState | None = None,
        progress: Progress | None = None,
        delay: float | None = None,
        concurrency: int | None = None,
        workers: int = 8,
        batch_pages: int = 8,
        timeout: float = 20.0,
        max_bytes: int = 20_000_000,
        max_redirects: int = 5,
        user_agent: str = USER_AGENT,
        allow_private: bool = False,
    ) -> None:
        self.store = store
        self.ingestor = ingestor
        self.state = state or CrawlState(store.database)
        self.progress = progress
        self.delay = delay
        self.concurrency = concurrency
        self.workers = workers
        self.batch_pages = batch_pages
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.user_agent = user_agent
        self.allow_private = allow_private

    async def crawl(self, source: Source) -> CrawlReport:
        """One run of a source: resumes an unfinished run, or starts a new one."""
        run = _Run(self, source)
        return await run.go()


class _Run:
    def __init__(self, crawler: Crawler, source: Source) -> None:
        self.c = crawler
        self.source = source
        self.scope = source.scope
        self.state = crawler.state
        self.allow_private = crawler.allow_private or source.allow_private
        self.report = CrawlReport(source.id)
        self.busy: set[str] = set()
        self.pending: list[_Pending] = []
        self.exact: dict[str, str] = {}
        self.near = dedup.NearDuplicates()
        # Parsing and index writes share one thread: SQLite writes stay serial, the loop stays free.
        self.cpu = ThreadPoolExecutor(1, thread_name_prefix="calanque-crawl")

    async def go(self) -> CrawlReport:
        started = time.perf_counter()
        sid = self.source.id
        self.run, self.report.resumed = self.state.open_run(sid)
        self.report.run = self.run
        self.exact = self.state.text_hashes(sid)
        for uri, h in self.state.simhashes(sid):
            self.near.add(uri, dedup.from_signed(h))
        fetcher = Fetcher(
            user_agent=self.c.user_agent,
            timeout=self.c.timeout,
            max_bytes=self.c.max_bytes,
            max_redirects=self.c.max_redirects,
            delay=_first(self.c.delay, self.source.delay),
            concurrency=_first(self.c.concurrency, self.source.concurrency),
        )
        try:
            async with fetcher:
                self.fetcher = fetcher
                self.robots = Robots(
                    fetcher, allow_private=self.allow_private, allow_hosts=self.source.private_hosts
                )
                seeds = [(u, 0) for u in self.source.start if self.scope.allows(u)]
                seeds += [(u, 0) for u in await self._sitemap_urls()]
                self.report.trapped += self.state.enqueue(
                    sid, self.run, seeds, self.source.max_query_variants
                )
                await self._loop()
            self.report.requests, self.report.bytes = fetcher.requests, fetcher.bytes
            self.report.seconds = time.perf_counter() - started
            self.state.finish_run(self.run, self.report.stats())
        finally:
            self.cpu.shutdown(wait=True)
        return self.report

    async def _loop(self) -> None:
        sid = self.source.id
        tasks: dict[asyncio.Task[None], str] = {}
        while True:
            done = self.state.done_count(sid, self.run)
            room = min(self.c.workers - len(tasks), self.source.max_pages - done - len(self.busy))
            if room > 0:
                for url, depth in self.state.queued(sid, self.run, room, self.busy):
                    self.busy.add(url)
                    tasks[asyncio.create_task(self._visit(url, depth))] = url
            if not tasks:
                if self.pending:
                    await self._flush()
                    continue
                break
            finished, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in finished:
                del tasks[task]
                task.result()
            if len(self.pending) >= self.c.batch_pages:
                await self._flush()
        await self._flush()

    def _done(self, url: str, depth: int, **values: Any) -> None:
        self.state.record(self.source.id, url, self.run, depth, **values)
        self.busy.discard(url)
        self.report.pages += 1
        if self.c.progress:
            self.c.progress(self.report.pages, 0, url)

    async def _visit(self, url: str, depth: int) -> None:
        """One page; whatever goes wrong with it is that page's error, not the crawl's."""
        current = [url]  # the page being handled: a redirect's target once it is followed
        try:
            await self._visit_page(url, depth, current)
        except Exception as exc:  # noqa: BLE001 - one bad page must not end its source's crawl
            log.warning("crawl %s: %s failed", self.source.id, current[0], exc_info=True)
            reason = f"unexpected {type(exc).__name__}: {exc}"
            self.report.errors.append((current[0], reason))
            self._done(current[0], depth, status="error", reason=reason[:500])

    async def _visit_page(self, url: str, depth: int, current: list[str]) -> None:
        sid = self.source.id
        rules = await self.robots.rules(url)
        if not rules.allows(url, self.fetcher.user_agent):
            if rules.error:  # the host is down or refused: keep what is indexed
                self.report.errors.append((url, rules.error))
                self._done(url, depth, status="error", reason=rules.error[:500])
                return
            self._forget(self.state.page(sid, url), url)
            self.report.blocked += 1
            self._done(url, depth, status="blocked", reason="robots.txt")
            return
        prev = self.state.page(sid, url)
        headers: dict[str, str] = {}
        if prev is not None and prev.status in SETTLED:
            if prev.etag:
                headers["If-None-Match"] = prev.etag
            if prev.last_modified:
                headers["If-Modified-Since"] = prev.last_modified
        try:
            page = await self.fetcher.get(
                url,
                headers=headers,
                allow_private=self.allow_private,
                allow_hosts=self.source.private_hosts,
                follow=self.scope.allows,
            )
        except FetchError as exc:
            self.report.errors.append((url, str(exc).removeprefix(f"{url}: ")))
            self._done(url, depth, status="error", reason=str(exc)[:500])
            return
        if page.redirects:
            self.report.redirects += 1
            if page.status in REDIRECTS:  # stopped at the scope's edge
                self._done(url, depth, status="redirect", reason=f"out of scope: {page.url}")
                return
            target = page.redirects[-1]
            target_state = self.state.page(sid, target)
            self._done(url, depth, status="redirect", reason=f"to {target}")
            if target in self.busy or (target_state and target_state.done_run == self.run):
                return
            if not await self.robots.allows(target):
                self.report.blocked += 1
                self._done(target, depth, status="blocked", reason="robots.txt")
                return
            url, prev = target, target_state
            self.busy.add(url)
            current[0] = url
        await self._handle(url, depth, prev, page)

    async def _handle(self, url: str, depth: int, prev: PageState | None, page: Page) -> None:
        validators = {
            "etag": page.headers.get("etag"),
            "last_modified": page.headers.get("last-modified"),
            "http_status": page.status,
        }
        if page.status == 304 and prev is not None:
            self.report.not_modified += 1
            self._follow(prev.links, depth)
            self._done(url, depth, status=prev.status, failures=0, **validators)
            return
        if page.status in (404, 410):
            failures = (prev.failures if prev else 0) + 1
            gone = failures >= self.source.gone_after
            if gone:
                self._forget(prev, url)
            self.report.errors.append((url, f"HTTP {page.status}"))
            status = "gone" if gone else "notfound"
            self._done(url, depth, status=status, failures=failures, http_status=page.status)
            return
        if page.status != 200:
            self.report.errors.append((url, f"HTTP {page.status}"))
            self._done(url, depth, status="error", reason=f"HTTP {page.status}", **validators)
            return
        self.report.fetched += 1
        body_hash = hashlib.sha256(page.data).hexdigest()
        if prev is not None and prev.body_hash == body_hash and prev.status in SETTLED:
            self.report.unchanged += 1
            self._follow(prev.links, depth)
            self._done(url, depth, status=prev.status, failures=0, **validators)
            return
        values: dict[str, Any] = {**validators, "body_hash": body_hash, "failures": 0}
        if page.suffix is None:
            self._skip(url, depth, prev, f"unsupported content type {page.content_type!r}", values)
            return
        loop = asyncio.get_running_loop()
        try:
            doc, found = await loop.run_in_executor(self.cpu, _parse, page)
        except LoadError as exc:
            self._skip(url, depth, prev, str(exc).removeprefix(f"{page.url}: "), values)
            return
        links = self._follow(found.links, depth) if not found.nofollow else []
        values["links"] = links
        if found.noindex:
            self._skip(url, depth, prev, "noindex", values)
            return
        uri = url
        if found.canonical and found.canonical != url and self.scope.allows(found.canonical):
            uri = found.canonical
        text_hash = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        words = len(doc.text.split())
        sim = dedup.simhash(f"{doc.title}\n{doc.text}") if words >= NEAR_MIN_WORDS else None
        values.update(text_hash=text_hash, simhash=None if sim is None else dedup.to_signed(sim))
        original = self.exact.get(text_hash)
        if original is None and sim is not None:
            original = self.near.find(sim, exclude=uri)
        if original is not None and original != uri:
            if prev is not None and prev.uri and prev.uri != original:
                self._forget(prev, url)
            self.report.duplicates += 1
            self._done(url, depth, status="duplicate", dup_of=original, uri=None, **values)
            return
        if prev is not None and prev.uri and prev.uri != uri:
            self._forget(prev, url)
        self.exact[text_hash] = uri
        if sim is not None:
            self.near.add(uri, sim)
        doc.uri = uri
        doc.weight = self.source.weight
        doc.lang = doc.lang or self.source.lang
        doc.meta = {**doc.meta, "url": url, "crawl_source": self.source.id}
        self.pending.append(_Pending(url, depth, doc, {**values, "uri": uri}))

    def _skip(
        self, url: str, depth: int, prev: PageState | None, reason: str, values: dict[str, Any]
    ) -> None:
        self._forget(prev, url)
        self.report.skipped.append((url, reason))
        self._done(url, depth, status="skipped", reason=reason, uri=None, **values)

    def _forget(self, prev: PageState | None, url: str) -> None:
        """Remove a page's document from the index, unless another page still provides it."""
        if prev is None or not prev.uri or self.state.uri_owner(self.source.id, prev.uri, url):
            return
        if self.c.ingestor.remove(prev.uri):
            self.report.removed += 1
        self.exact = {h: u for h, u in self.exact.items() if u != prev.uri}

    def _follow(self, links: list[str], depth: int) -> list[str]:
        """Queue the in-scope links of a page; returns them (kept for the next 304)."""
        if depth >= self.source.max_depth:
            return [u for u in links if self.scope.allows(u)]
        kept = [u for u in links if self.scope.allows(u) and not repeated_segments(u)]
        self.report.trapped += self.state.enqueue(
            self.source.id,
            self.run,
            [(u, depth + 1) for u in kept],
            self.source.max_query_variants,
        )
        return kept

    async def _flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        loop = asyncio.get_running_loop()
        report = await loop.run_in_executor(
            self.cpu,
            lambda: self.c.ingestor.ingest_documents(
                [p.doc for p in batch], source=f"web:{self.source.id}", total=len(batch)
            ),
        )
        self.report.ingest.merge(report)
        self.report.indexed += report.added + report.updated
        for p in batch:
            self._done(p.url, p.depth, status="ok", **p.values)

    async def _sitemap_urls(self) -> list[str]:
        """Page URLs from the source's sitemaps and those its hosts' robots.txt name."""
        queue = list(self.source.sitemaps)
        if self.source.robots_sitemaps:
            for start in self.source.start:
                rules = await self.robots.rules(start)
                queue += [u for s in rules.sitemaps if (u := normalize(s))]
        seen: set[str] = set()
        urls: list[str] = []
        while queue and len(seen) < MAX_SITEMAPS:
            sitemap_url = queue.pop(0)
            if sitemap_url in seen:
                continue
            seen.add(sitemap_url)
            try:
                page = await self.fetcher.get(
                    sitemap_url,
                    allow_private=self.allow_private,
                    allow_hosts=self.source.private_hosts,
                )
                if page.status != 200:
                    raise FetchError(f"HTTP {page.status}")
                sitemap = parse_sitemap(page.data, self.c.max_bytes)
            except (FetchError, SitemapError) as exc:
                self.report.errors.append((sitemap_url, f"sitemap: {exc}"))
                continue
            queue += [u for c in sitemap.children if (u := normalize(c))]
            for loc, _ in sitemap.urls:
                url = normalize(loc)
                if url and self.scope.allows(url) and not repeated_segments(url):
                    urls.append(url)
        return list(dict.fromkeys(urls))


def _parse(page: Page) -> tuple[Document, PageLinks]:
    """Links first (cheap), then the main content through the ingestion loaders."""
    found = PageLinks()
    if page.suffix == ".html":
        found = extract(page.data, page.url, page.headers.get("x-robots-tag", ""))
    elif "noindex" in page.headers.get("x-robots-tag", "").lower():
        found.noindex = True
    doc = load_bytes(page.data, page.url, page.suffix)
    return doc, found


def _first(override: Any, default: Any) -> Any:
    return default if override is None else override
