"""Per-visitor rate limit on asking, keyed by a salted hash of the address, never the address.

A sliding window in memory: good for one process; a multi-process deployment puts a shared limit
in its reverse proxy. An IPv6 visitor is its /64 (one subscriber's network: rotating addresses
inside it is free), an IPv4-mapped IPv6 address its IPv4 address.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
import threading
import time
from collections import defaultdict, deque


class RateLimiter:
    def __init__(self, per_minute: int, salt: bytes | None = None) -> None:
        self.per_minute = per_minute
        self._salt = salt or secrets.token_bytes(16)  # new each start: keys cannot be linked
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def key(self, address: str) -> str:
        return hashlib.sha256(self._salt + visitor(address).encode()).hexdigest()[:16]

    def check(self, address: str) -> float:
        """0 when allowed (and counted), else the seconds to wait."""
        if self.per_minute <= 0:
            return 0.0
        now = time.monotonic()
        key = self.key(address)
        with self._lock:
            hits = self._hits[key]
            while hits and now - hits[0] > 60.0:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return 60.0 - (now - hits[0])
            hits.append(now)
            if len(self._hits) > 100_000:  # forget idle visitors rather than grow without bound
                for k in [k for k, v in self._hits.items() if not v or now - v[-1] > 60.0]:
                    del self._hits[k]
            return 0.0


def visitor(address: str) -> str:
    """What one visitor is: an IPv4 address, an IPv6 /64, or the text given (a test client)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # no zone index
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)
