"""Near-duplicate pages: 64-bit SimHash over word shingles, looked up through 4 bands.

Two pages that differ only by boilerplate (a menu, a footer, a date) have SimHashes a few bits
apart; an exact content hash misses them. Four 16-bit bands guarantee that any two hashes within
3 bits share at least one band, so a lookup checks only the candidates in matching buckets.
"""

from __future__ import annotations

import hashlib
import re

_WORD = re.compile(r"\w+", re.UNICODE)
NEAR_BITS = 3
_BANDS = 4
_MASK = (1 << 64) - 1


def simhash(text: str, shingle: int = 3) -> int:
    """64-bit SimHash of the lower-cased word `shingle`-grams of a text (0 for empty text)."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0
    grams = [" ".join(words[i : i + shingle]) for i in range(max(1, len(words) - shingle + 1))]
    counts = [0] * 64
    for gram in grams:
        h = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            counts[bit] += 1 if h >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if counts[bit] > 0) & _MASK


def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def to_signed(h: int) -> int:
    """SQLite integers are signed 64-bit."""
    return h - (1 << 64) if h >= 1 << 63 else h


def from_signed(h: int) -> int:
    return h & _MASK


class NearDuplicates:
    """An index of (key, simhash): `find(h)` returns a key within `NEAR_BITS` bits, if any."""

    def __init__(self, bits: int = NEAR_BITS) -> None:
        self.bits = bits
        self._buckets: list[dict[int, dict[str, int]]] = [{} for _ in range(_BANDS)]

    def add(self, key: str, h: int) -> None:
        for band, bucket in enumerate(self._buckets):
            bucket.setdefault(h >> (16 * band) & 0xFFFF, {})[key] = h

    def remove(self, key: str, h: int) -> None:
        for band, bucket in enumerate(self._buckets):
            bucket.get(h >> (16 * band) & 0xFFFF, {}).pop(key, None)

    def find(self, h: int, exclude: str = "") -> str | None:
        for band, bucket in enumerate(self._buckets):
            for key, other in bucket.get(h >> (16 * band) & 0xFFFF, {}).items():
                if key != exclude and distance(h, other) <= self.bits:
                    return key
        return None
