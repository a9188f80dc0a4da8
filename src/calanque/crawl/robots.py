"""robots.txt, read once per host and crawl with Protego (the Scrapy project's parser).

Following RFC 9309: a missing robots.txt (4xx) allows everything; a server error or an unreachable
host disallows everything for this crawl, since the site may be down or protecting itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from protego import Protego

from calanque.crawl.fetcher import Fetcher
from calanque.crawl.urls import host_of
from calanque.ingest.fetch import FetchError

MAX_CRAWL_DELAY = 30.0


@dataclass
class HostRules:
    parser: Protego | None  # None: allow all
    disallow_all: bool = False
    sitemaps: list[str] = field(default_factory=list)
    error: str = ""  # why everything is disallowed, when robots.txt could not be read

    def allows(self, url: str, agent: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or bool(self.parser.can_fetch(url, agent))

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return None if delay is None else min(float(delay), MAX_CRAWL_DELAY)


class Robots:
    """Per-host rules, fetched on first use through the crawl's `Fetcher`."""

    def __init__(self, fetcher: Fetcher, *, allow_private: bool, allow_hosts: list[str]) -> None:
        self.fetcher = fetcher
        self.allow_private = allow_private
        self.allow_hosts = allow_hosts
        self._rules: dict[str, HostRules] = {}

    async def rules(self, url: str) -> HostRules:
        host = host_of(url)
        if host not in self._rules:
            self._rules[host] = await self._load(url)
        return self._rules[host]

    async def allows(self, url: str) -> bool:
        return (await self.rules(url)).allows(url, self.fetcher.user_agent)

    async def _load(self, url: str) -> HostRules:
        scheme = url.split("://", 1)[0]
        robots_url = f"{scheme}://{host_of(url)}/robots.txt"
        try:
            page = await self.fetcher.get(
                robots_url, allow_private=self.allow_private, allow_hosts=self.allow_hosts
            )
        except FetchError as exc:
            return HostRules(None, disallow_all=True, error=f"robots.txt unreadable: {exc}")
        if page.status >= 500:
            return HostRules(None, disallow_all=True, error=f"robots.txt: HTTP {page.status}")
        if page.status >= 400 or page.status in (301, 302, 303, 307, 308):
            return HostRules(None)
        text = page.data.decode("utf-8", errors="replace")
        parser = Protego.parse(text)
        rules = HostRules(parser, sitemaps=list(parser.sitemaps))
        delay = rules.crawl_delay(self.fetcher.user_agent)
        if delay:
            self.fetcher.set_delay(host_of(url), delay)
        return rules
