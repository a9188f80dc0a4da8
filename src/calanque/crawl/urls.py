"""URL normalisation and crawl scope: one spelling per page, and only the pages a source wants.

Two spellings of one page (`HTTP://Site.fr:80/a/../b?utm_source=x#top` and `http://site.fr/b`)
must map to one key, or the crawler fetches and indexes the page twice. Scope rules decide what is
fetched at all; the trap rules bound what a site can generate without end (calendars, session ids
in query strings, repeated path segments).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import quote, quote_plus, unquote, unquote_plus, urljoin, urlsplit, urlunsplit

# Query parameters that never change a page's content: trackers and session ids.
TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|yclid|igshid|"
    r"phpsessid|jsessionid|sid|sessionid)$",
    re.I,
)
MAX_URL_LENGTH = 2000
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"


def normalize(url: str, base: str | None = None) -> str | None:
    """The canonical spelling of an http(s) URL, or None when it is not one worth fetching.

    Lower-case scheme and host, no default port, no fragment, `.`/`..` resolved, percent-escapes
    made uniform, tracking parameters dropped and the rest sorted.
    """
    url = url.strip()
    if base is not None:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return None
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and port != {"http": 80, "https": 443}[scheme]:
        host = f"{host}:{port}"
    path = parts.path or "/"
    trailing = path.endswith("/")
    path = posixpath.normpath(path)
    path = "/" if path in (".", "/", "//") else path
    if trailing and not path.endswith("/"):
        path += "/"
    path = quote(unquote(path), safe=_SAFE_PATH)
    out = urlunsplit((scheme, host, path, _query(parts.query), ""))
    return out if len(out) <= MAX_URL_LENGTH else None


def _query(query: str) -> str:
    """Parameters sorted and re-escaped uniformly, trackers dropped; a bare key (`?print`) stays
    bare: `?print=` may be another page to the server."""
    params = []
    for part in query.split("&"):
        if not part:
            continue
        key, eq, value = part.partition("=")
        key, value = unquote_plus(key), unquote_plus(value)
        if not TRACKING.match(key):
            params.append((key, value, eq))
    return "&".join(
        quote_plus(k) + (f"={quote_plus(v)}" if eq else "") for k, v, eq in sorted(params)
    )


def host_of(url: str) -> str:
    """The host (with a non-default port) of a normalised URL: the politeness key."""
    return urlsplit(url).netloc


def path_key(url: str) -> str:
    """The URL without its query string: query variants of one path share a trap budget."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def repeated_segments(url: str, limit: int = 3) -> bool:
    """True for paths like `/a/b/a/b/a/b/…`, the signature of relative-link loops."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    counts: dict[str, int] = {}
    for s in segments:
        counts[s] = counts.get(s, 0) + 1
        if counts[s] > limit:
            return True
    return len(segments) > 20


@dataclass
class Scope:
    """Which normalised URLs a source may fetch.

    `hosts` empty means the hosts of the start URLs. `prefixes` are path prefixes (empty: any).
    `include` patterns, when given, must match somewhere in the URL; `exclude` patterns must not.
    """

    hosts: Sequence[str]
    prefixes: Sequence[str] = ()
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    _include: list[re.Pattern[str]] = field(init=False, repr=False)
    _exclude: list[re.Pattern[str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.hosts = [h.lower() for h in self.hosts]
        self._include = [re.compile(p) for p in self.include]
        self._exclude = [re.compile(p) for p in self.exclude]

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.netloc not in self.hosts and (parts.hostname or "") not in self.hosts:
            return False
        if self.prefixes and not any(parts.path.startswith(p) for p in self.prefixes):
            return False
        if self._include and not any(p.search(url) for p in self._include):
            return False
        return not any(p.search(url) for p in self._exclude)
