"""Ranking: finishers by finish time, then the fleet by distance to finish.

A full sort of a million boats every tick would cost more than the rest of
the tick. Ranks are counted instead (one `bincount` over a 0.001 nm grid of
distance to finish), so boats less than about 2 m apart share a rank; the
finishers, few, are sorted exactly. The leaderboard sorts only its top k.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from calanque.race.geo import EARTH_RADIUS_NM

__all__ = ["RANK_RES_NM", "distance_to_finish", "leaderboard", "rank_boats"]

RANK_RES_NM = 1e-3


def distance_to_finish(
    lat: NDArray, lon: NDArray, target_lat: NDArray, target_lon: NDArray, remaining: NDArray
) -> NDArray[np.float32]:
    """Great-circle distance to the next mark plus the remaining legs, nm, shape (n,).

    lat, lon : boat positions, degrees; target_lat, target_lon : each boat's next mark.
    remaining : course distance from that mark to the finish, nm (0 once finished).
    """
    # Float32 is ample for a 2 m ranking grid and halves the memory traffic.
    k = np.float32(np.pi / 180.0)
    dphi = np.subtract(target_lat, lat, dtype=np.float32)
    dphi *= k * np.float32(0.5)
    dlam = np.subtract(target_lon, lon, dtype=np.float32)
    dlam *= k * np.float32(0.5)
    c1 = np.cos(np.multiply(lat, k, dtype=np.float32))
    c1 *= np.cos(np.multiply(target_lat, k, dtype=np.float32))
    a = np.sin(dphi)
    a *= a
    s = np.sin(dlam)
    s *= s
    s *= c1
    a += s
    np.clip(a, 0.0, 1.0, out=a)
    np.sqrt(a, out=a)
    d = np.arcsin(a, out=a)
    d *= np.float32(2.0 * EARTH_RADIUS_NM)
    d += remaining
    return d


def rank_boats(finished: NDArray, finish_time: NDArray, dtf: NDArray) -> NDArray[np.int32]:
    """Rank per boat (1 = leader, ties share a rank), shape (n,).

    finished : ndarray of shape (n,), bool.
    finish_time : ndarray of shape (n,), race seconds (ignored unless finished).
    dtf : ndarray of shape (n,), nm to the finish along the course.
    """
    q = (np.maximum(dtf, 0) * np.float32(1.0 / RANK_RES_NM)).astype(np.intp)
    q += 1
    q[finished] = 0  # finishers ahead of everyone, ordered below
    counts = np.bincount(q)
    before = np.cumsum(counts)
    before -= counts
    rank = before.take(q).astype(np.int32)
    rank += 1
    f = np.flatnonzero(finished)
    if f.size:
        ft = finish_time[f]
        rank[f] = 1 + np.searchsorted(np.sort(ft), ft, side="left")
    return rank


def leaderboard(
    finished: NDArray, finish_time: NDArray, dtf: NDArray, k: int = 10
) -> NDArray[np.intp]:
    """Indices of the top `k` boats, best first; exact order, ties broken by boat index."""
    n = len(dtf)
    key = np.where(finished, finish_time - 1e12, dtf.astype(np.float64))
    k = min(k, n)
    top = np.argpartition(key, k - 1)[:k] if k < n else np.arange(n)
    return top[np.lexsort((top, key[top]))]
