"""Fetching one URL safely: public addresses only, bounded redirects, size and time caps.

Every hop of a redirect chain is resolved and checked, so a public page cannot bounce the fetcher
to `127.0.0.1`, a private network or a cloud metadata endpoint; the connection itself connects
only to the address it checked (`addresses.py`). A source may allow private addresses explicitly
(tests, intranets).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from calanque.errors import CalanqueError
from calanque.ingest.addresses import AddressError, address_policy, guarded_client, resolve_public

USER_AGENT = "CalanqueBot/0.1 (+https://github.com/calanque; territorial information site)"
CONTENT_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


class FetchError(CalanqueError, ValueError):
    """The URL was refused or could not be fetched; the message says which and why."""


@dataclass
class Fetched:
    url: str
    status: int
    content_type: str
    data: bytes
    headers: dict[str, str]

    @property
    def suffix(self) -> str | None:
        return CONTENT_TYPES.get(self.content_type)


def check_url(url: str, *, allow_private: bool = False, allow_hosts: Collection[str] = ()) -> None:
    """Raise unless the URL is http(s) and its host resolves only to public addresses.

    `allow_private` lifts the check for every host; `allow_hosts` for the named hosts only (a
    source on an intranet), so a redirect from them to another private host is still refused.
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises for a port out of range
        httpx.URL(url)
    except (ValueError, httpx.InvalidURL) as exc:
        raise FetchError(f"{url}: invalid URL ({exc})") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    if allow_private or parts.hostname in allow_hosts:
        return
    try:
        resolve_public(parts.hostname, parts.port or 443)
    except AddressError as exc:
        raise FetchError(f"{url}: {exc}") from exc


def fetch(
    url: str,
    *,
    allow_private: bool = False,
    allow_hosts: Collection[str] = (),
    max_bytes: int = 20_000_000,
    timeout: float = 20.0,
    max_redirects: int = 5,
    headers: dict[str, str] | None = None,
    client: httpx.Client | None = None,
) -> Fetched:
    """GET a URL following at most `max_redirects` redirects, each checked like the first."""
    own = client is None
    http = client or guarded_client(timeout=timeout, headers={"User-Agent": USER_AGENT})
    try:
        for _ in range(max_redirects + 1):
            check_url(url, allow_private=allow_private, allow_hosts=allow_hosts)
            with (
                address_policy(allow_private, allow_hosts),
                http.stream("GET", url, headers=headers, follow_redirects=False) as response,
            ):
                if response.is_redirect:
                    location = response.headers.get("location", "")
                    url = urljoin(url, location)
                    continue
                data = bytearray()
                for part in response.iter_bytes():  # decoded: the cap bounds decompressed size
                    data.extend(part)
                    if len(data) > max_bytes:
                        raise FetchError(f"{url}: larger than {max_bytes / 1e6:.0f} MB, skipped")
                content_type = response.headers.get("content-type", "").split(";")[0].strip()
                return Fetched(
                    str(response.url),
                    response.status_code,
                    content_type.lower(),
                    bytes(data),
                    dict(response.headers),
                )
        raise FetchError(f"{url}: more than {max_redirects} redirects")
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc
    except httpx.InvalidURL as exc:
        # The URL itself was checked: httpx raises this while reading a redirect's `Location`
        # (`http:host/x`, a bad port…), even when it is not asked to follow it.
        raise FetchError(f"{url}: redirect to an invalid URL ({exc})") from exc
    except AddressError as exc:  # the address checked at connection time (DNS rebinding)
        raise FetchError(f"{url}: {exc}") from exc
    finally:
        if own:
            http.close()
