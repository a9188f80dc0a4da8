"""Web sources: what an agency crawls, read from the pack's `sources.toml` or added from the CLI.

A source names its start pages and sitemaps, its scope (hosts, path prefixes, include/exclude
patterns), its bounds (depth, pages, query variants per path), its language and regional weight,
and how often it is refreshed. The format is documented in `docs/crawling.md`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from calanque.crawl.urls import Scope, host_of, normalize
from calanque.errors import CalanqueError

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "": 3600}
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


class SourceError(CalanqueError, ValueError):
    """A source is malformed; the message names it and the field."""


def parse_duration(value: str | int | float) -> float:
    """Seconds from `"12h"`, `"1d"`, `"30m"`, `"2w"`, or a bare number of hours."""
    if isinstance(value, int | float):
        return float(value) * 3600
    m = _DURATION.match(str(value))
    if not m:
        raise SourceError(f"cannot read duration {value!r} (e.g. 12h, 1d, 2w)")
    return float(m.group(1)) * _UNITS[m.group(2)]


@dataclass
class Source:
    """One crawlable site. Defaults are polite for a public site (1 s between requests)."""

    id: str
    name: str = ""
    start: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    max_depth: int = 5
    max_pages: int = 2000
    max_query_variants: int = 20
    lang: str | None = None
    weight: float = 1.0
    refresh: str = "1d"
    delay: float = 1.0
    concurrency: int = 2
    robots_sitemaps: bool = True
    gone_after: int = 2
    allow_private: bool = False
    private_hosts: list[str] = field(default_factory=list)
    reachable_offline: bool = True
    origin: str = "pack"

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise SourceError(f"source id {self.id!r}: use lower-case letters, digits, . _ -")
        start = [normalize(u) for u in self.start]
        sitemaps = [normalize(u) for u in self.sitemaps]
        if None in start or None in sitemaps:
            raise SourceError(f"source {self.id}: start and sitemap URLs must be http(s)")
        self.start = [u for u in start if u]
        self.sitemaps = [u for u in sitemaps if u]
        if not self.start and not self.sitemaps:
            raise SourceError(f"source {self.id}: give at least one start URL or sitemap")
        if not self.hosts:
            self.hosts = sorted({host_of(u) for u in [*self.start, *self.sitemaps]})
        self.name = self.name or self.id
        self.refresh_seconds  # noqa: B018 - validate the duration now, not at the first --due
        for name in ("include", "exclude"):
            for pattern in getattr(self, name):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise SourceError(f"source {self.id}: bad {name} pattern {pattern!r}") from exc

    @property
    def refresh_seconds(self) -> float:
        return parse_duration(self.refresh)

    @property
    def scope(self) -> Scope:
        return Scope(self.hosts, self.prefixes, self.include, self.exclude)

    @classmethod
    def from_dict(cls, data: dict[str, Any], origin: str = "pack") -> Source:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise SourceError(f"source {data.get('id', '?')}: unknown fields {sorted(unknown)}")
        if "id" not in data:
            raise SourceError("a source needs an `id`")
        values = dict(data)
        for key in ("start", "sitemaps", "hosts", "prefixes", "include", "exclude"):
            if isinstance(values.get(key), str):
                values[key] = [values[key]]
        if "refresh" in values:
            values["refresh"] = str(values["refresh"])
        values["origin"] = origin
        try:
            return cls(**values)
        except TypeError as exc:
            raise SourceError(f"source {data['id']}: {exc}") from exc

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k != "origin"}


def load_sources_file(path: Path) -> list[Source]:
    """The `[[source]]` tables of a pack's `sources.toml`."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"{path}: {exc}") from exc
    sources = [Source.from_dict(item, "pack") for item in data.get("source", [])]
    seen: set[str] = set()
    for s in sources:
        if s.id in seen:
            raise SourceError(f"{path}: source id {s.id!r} appears twice")
        seen.add(s.id)
    return sources
