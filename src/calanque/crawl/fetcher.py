"""Async fetching for the crawler: polite per host, every redirect hop checked, bytes capped.

The address rules are those of `calanque.ingest.fetch.check_url` (public addresses only unless the
source allows private ones), run in a thread because name resolution blocks. Each host gets a
semaphore and a minimum delay between requests, so a crawl of many pages never hammers one site.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

import httpx

from calanque.crawl.urls import host_of, normalize
from calanque.ingest.addresses import AddressError, address_policy, guarded_async_client
from calanque.ingest.fetch import CONTENT_TYPES, USER_AGENT, FetchError, check_url

REDIRECTS = {301, 302, 303, 307, 308}


@dataclass
class Page:
    """A response as the crawler needs it; `url` is where the body came from after redirects."""

    url: str
    status: int
    headers: dict[str, str]
    data: bytes
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def suffix(self) -> str | None:
        return CONTENT_TYPES.get(self.content_type)


class _HostGate:
    """At most `concurrency` requests in flight to a host, and `delay` seconds between starts."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self.semaphore = asyncio.Semaphore(max(1, concurrency))
        self.delay = delay
        self.next_start = 0.0
        self.lock = asyncio.Lock()

    async def wait_turn(self) -> None:
        async with self.lock:
            now = time.monotonic()
            if self.next_start > now:
                await asyncio.sleep(self.next_start - now)
            self.next_start = time.monotonic() + self.delay


class Fetcher:
    """`async with Fetcher(...) as f: page = await f.get(url, ...)`."""

    def __init__(
        self,
        *,
        user_agent: str = USER_AGENT,
        timeout: float = 20.0,
        max_bytes: int = 20_000_000,
        max_redirects: int = 5,
        delay: float = 1.0,
        concurrency: int = 2,
    ) -> None:
        self.user_agent = user_agent
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.delay = delay
        self.concurrency = concurrency
        self.requests = 0
        self.bytes = 0  # body bytes received, after decompression
        self._gates: dict[str, _HostGate] = {}
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Fetcher:
        self._client = guarded_async_client(
            timeout=self.timeout,
            headers={"User-Agent": self.user_agent},
            follow_redirects=False,
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=16),
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def set_delay(self, host: str, delay: float) -> None:
        """Slow a host down (e.g. to honour robots.txt `Crawl-delay`); never speeds it up."""
        gate = self._gate(host)
        gate.delay = max(gate.delay, delay)

    def _gate(self, host: str) -> _HostGate:
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = _HostGate(self.concurrency, self.delay)
        return gate

    async def get(
        self,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        allow_private: bool = False,
        allow_hosts: Collection[str] = (),
        follow: Callable[[str], bool] | None = None,
    ) -> Page:
        """GET with redirects followed by hand: each hop is address-checked, then scope-checked.

        A redirect that `follow` refuses (out of scope) is returned as the 3xx page itself, with
        the target in `redirects`. Raises `FetchError` for refused addresses, network failures,
        too many redirects and bodies over `max_bytes` (after decompression).
        """
        assert self._client is not None, "use `async with Fetcher()`"
        redirects: list[str] = []
        current = url
        try:
            async with asyncio.timeout(self.timeout * 2):
                with address_policy(allow_private, allow_hosts):  # checked again on connect
                    await asyncio.to_thread(
                        check_url, current, allow_private=allow_private, allow_hosts=allow_hosts
                    )
                    for _ in range(self.max_redirects + 1):
                        page = await self._one(current, headers)
                        if page.status not in REDIRECTS or "location" not in page.headers:
                            page.redirects = redirects
                            return page
                        target = normalize(page.headers["location"], current)
                        if target is None:
                            raise FetchError(f"{url}: redirect to a non-http URL")
                        redirects.append(target)
                        # The address is checked before the scope: a hop to a private address is
                        # refused as such, even when the scope would not have followed it anyway.
                        await asyncio.to_thread(
                            check_url, target, allow_private=allow_private, allow_hosts=allow_hosts
                        )
                        if follow is not None and not follow(target):
                            page.redirects = redirects
                            return page
                        current = target
                    raise FetchError(f"{url}: more than {self.max_redirects} redirects")
        except TimeoutError as exc:
            raise FetchError(f"{url}: no complete answer in {self.timeout * 2:.0f} s") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc
        except httpx.InvalidURL as exc:  # a `Location` httpx cannot parse (not an HTTPError)
            raise FetchError(f"{url}: redirect to an invalid URL ({exc})") from exc
        except AddressError as exc:  # at connection time: the DNS answer changed since the check
            raise FetchError(f"{url}: {exc}") from exc

    async def _one(self, url: str, headers: dict[str, str] | None) -> Page:
        assert self._client is not None
        gate = self._gate(host_of(url))
        async with gate.semaphore:
            await gate.wait_turn()
            self.requests += 1
            async with self._client.stream("GET", url, headers=headers) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"{url}: larger than {self.max_bytes / 1e6:.0f} MB, skipped")
                data = bytearray()
                if response.status_code not in REDIRECTS:
                    async for part in response.aiter_bytes():  # decoded: caps decompressed size
                        data.extend(part)
                        if len(data) > self.max_bytes:
                            raise FetchError(
                                f"{url}: larger than {self.max_bytes / 1e6:.0f} MB, skipped"
                            )
                self.bytes += len(data)
                return Page(
                    url,
                    response.status_code,
                    {k.lower(): v for k, v in response.headers.items()},
                    bytes(data),
                )
