"""Exposure and fairness of a ranking over groups: the established definitions, in numpy.

- Position discount: the attention a reader gives rank `i` (1-based) is `1 / log2(i + 1)`, the
  DCG discount used for exposure by Singh & Joachims, "Fairness of Exposure in Rankings" (KDD 2018)
  and by the TREC Fair Ranking track 2022.
- Group exposure: each item spreads its attention over the groups it belongs to (a membership row
  summing to 1, or to 0 for an item that belongs to none, which then counts for no group).
- AWRF, attention-weighted rank fairness (Sapiezynski, Zeng, Robertson, Mislove & Wilson,
  "Quantifying the Impact of User Attention on Fair Group Representation in Ranked Lists",
  WWW 2019 companion; the TREC Fair Ranking 2021–22 fairness measure): `1 - JSD(e, t)`, where `e`
  is the normalised group exposure of the list and `t` the target distribution; JSD in bits, so
  AWRF lies in [0, 1] and is 1 exactly when exposure equals the target.
- Expected exposure (Diaz, Mitra, Ekstrand, Biega & Carterette, "Evaluating Stochastic Rankings
  with Expected Exposure", CIKM 2020): the mean exposure over a distribution of rankings, so a
  stochastic policy can be fair on average although no single ranking is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


def position_weights(n: int) -> np.ndarray:
    """Attention of ranks 1..n, `1 / log2(rank + 1)`: shape (n,)."""
    return 1.0 / np.log2(np.arange(2, n + 2, dtype=float))


def group_exposure(memberships: np.ndarray | Sequence[Sequence[float]]) -> np.ndarray:
    """Unnormalised exposure of each group for a ranked list.

    memberships : array of shape (n_items, n_groups), row `i` the share of the item at rank
        `i + 1` in each group (rows sum to 1, or to 0 for an item in no group).
    Returns shape (n_groups,).
    """
    m = np.asarray(memberships, dtype=float)
    if m.ndim != 2:
        raise ValueError("memberships must be a 2-D array (items, groups)")
    return position_weights(len(m)) @ m if len(m) else np.zeros(m.shape[1])


def normalise(x: np.ndarray | Sequence[float]) -> np.ndarray:
    """A non-negative vector scaled to sum to 1 (all zeros stays all zeros)."""
    v = np.asarray(x, dtype=float)
    total = v.sum()
    return v / total if total > 0 else np.zeros_like(v)


def jsd(p: np.ndarray | Sequence[float], q: np.ndarray | Sequence[float]) -> float:
    """Jensen-Shannon divergence in bits (base 2) between two distributions, in [0, 1].

    `JSD(P, Q) = ½ KL(P ‖ M) + ½ KL(Q ‖ M)`, `M = ½ (P + Q)` (Lin 1991). An all-zero `p` (a list
    that exposes no group) is as far from any target as can be: 1.
    """
    return float(jsd_rows(np.atleast_2d(np.asarray(p, dtype=float)), q)[0])


def jsd_rows(p: np.ndarray, q: np.ndarray | Sequence[float]) -> np.ndarray:
    """`jsd` of each row of `p` against `q`, vectorised (shape (len(p),)): searches for a fair
    order compare many candidate exposures at once."""
    total = p.sum(axis=1, keepdims=True)
    p = np.divide(p, total, out=np.zeros_like(p, dtype=float), where=total > 0)
    q = normalise(q)
    if not q.any():
        return np.ones(len(p))
    m = 0.5 * (p + q)
    with np.errstate(divide="ignore", invalid="ignore"):
        kp = np.where(p > 0, p * np.log2(p / m), 0.0).sum(axis=1)
        kq = np.where(q > 0, q * np.log2(q / m), 0.0).sum(axis=1)
    return np.where(total[:, 0] > 0, 0.5 * kp + 0.5 * kq, 1.0)


def js_distance(p: np.ndarray | Sequence[float], q: np.ndarray | Sequence[float]) -> float:
    """Jensen-Shannon distance: the square root of the divergence, a metric (Endres & Schindelin
    2003)."""
    return float(np.sqrt(max(jsd(p, q), 0.0)))


def awrf(
    memberships: np.ndarray | Sequence[Sequence[float]], target: np.ndarray | Sequence[float]
) -> float:
    """Attention-weighted rank fairness of a ranked list: `1 - JSD(exposure, target)`."""
    return awrf_of_exposure(group_exposure(memberships), target)


def awrf_of_exposure(
    exposure: np.ndarray | Sequence[float], target: np.ndarray | Sequence[float]
) -> float:
    """AWRF from an exposure vector already summed (over a list, or a whole question set)."""
    return 1.0 - jsd(exposure, target)


def expected_exposure(rankings: Iterable[np.ndarray]) -> np.ndarray:
    """Mean group exposure over sampled rankings (Diaz et al. 2020), each given as memberships."""
    exposures = [group_exposure(r) for r in rankings]
    if not exposures:
        raise ValueError("no rankings")
    return np.mean(exposures, axis=0)


def gini(values: np.ndarray | Sequence[float]) -> float:
    """Gini coefficient of non-negative values: 0 when all equal, → 1 when one holds all.

    Mean absolute difference over twice the mean (`Σᵢ Σⱼ |xᵢ - xⱼ| / (2 n² x̄)`).
    """
    x = np.asarray(values, dtype=float)
    if len(x) == 0 or x.sum() == 0:
        return 0.0
    diff = np.abs(x[:, None] - x[None, :]).sum()
    return float(diff / (2 * len(x) ** 2 * x.mean()))


def coverage(cited: Iterable[str], population: Iterable[str]) -> float:
    """Share of `population` (e.g. all communes) that appears at least once in `cited`."""
    everyone = set(population)
    return len(set(cited) & everyone) / len(everyone) if everyone else 0.0
