"""Public addresses only, checked where the connection is made.

Checking a URL's host and then letting the HTTP client resolve it again leaves a window: a DNS
server can answer a public address to the check and `127.0.0.1` to the connection (DNS
rebinding). The clients built here resolve once, inside the connection, refuse any non-public
address, and connect to the address they checked; TLS still verifies the host name. The policy
(private addresses allowed, or allowed for some hosts) is per request, in a context variable, so
one pooled client serves sources with different policies.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

_policy: ContextVar[tuple[bool, frozenset[str]]] = ContextVar(
    "address_policy", default=(False, frozenset())
)


class AddressError(ValueError):
    """A host resolved to an address the policy refuses."""


@contextmanager
def address_policy(allow_private: bool, allow_hosts: Collection[str] = ()) -> Iterator[None]:
    """Connections opened inside the block follow this policy."""
    token = _policy.set((allow_private, frozenset(allow_hosts)))
    try:
        yield
    finally:
        _policy.reset(token)


def allowed_anywhere(host: str) -> bool:
    allow_private, allow_hosts = _policy.get()
    return allow_private or host in allow_hosts


def checked(host: str, infos: list[Any]) -> list[str]:
    """The resolved addresses, all public, or AddressError naming the first that is not."""
    out = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global:
            raise AddressError(f"refused, {host} resolves to a non-public address ({address})")
        out.append(str(info[4][0]))
    if not out:
        raise AddressError(f"cannot resolve {host}")
    return out


def resolve_public(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise AddressError(f"cannot resolve {host} ({exc.strerror})") from exc
    return checked(host, infos)


class _GuardedBackend(httpcore.SyncBackend):
    def connect_tcp(self, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        if allowed_anywhere(host):
            return super().connect_tcp(host, port, *args, **kwargs)
        addresses = resolve_public(host, port)
        for address in addresses[:-1]:
            try:
                return super().connect_tcp(address, port, *args, **kwargs)
            except httpcore.ConnectError:
                continue
        return super().connect_tcp(addresses[-1], port, *args, **kwargs)


class _AsyncGuardedBackend(httpcore.AnyIOBackend):
    async def connect_tcp(self, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        if allowed_anywhere(host):
            return await super().connect_tcp(host, port, *args, **kwargs)
        try:
            loop = asyncio.get_running_loop()
            infos = await loop.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
        except socket.gaierror as exc:
            raise AddressError(f"cannot resolve {host} ({exc.strerror})") from exc
        addresses = checked(host, infos)
        for address in addresses[:-1]:
            try:
                return await super().connect_tcp(address, port, *args, **kwargs)
            except httpcore.ConnectError:
                continue
        return await super().connect_tcp(addresses[-1], port, *args, **kwargs)


def guarded_client(**kwargs: Any) -> httpx.Client:
    """An `httpx.Client` whose connections follow `address_policy` (public only by default)."""
    client = httpx.Client(**kwargs)
    # httpx has no public hook for the network backend; the pool's is replaced, and a test
    # (tests/test_fetch.py, DNS rebinding) fails if an httpx release moves it.
    client._transport._pool._network_backend = _GuardedBackend()  # type: ignore[attr-defined]
    return client


def guarded_async_client(**kwargs: Any) -> httpx.AsyncClient:
    """The asynchronous twin of `guarded_client` (asyncio)."""
    client = httpx.AsyncClient(**kwargs)
    client._transport._pool._network_backend = _AsyncGuardedBackend()  # type: ignore[attr-defined]
    return client
