"""Re-ranking candidate passages toward a target group exposure, without giving up relevance.

Two ways, over the same candidates (the retrieval ranking, best first):

- `greedy_rerank` (the default, deterministic): position by position, the eligible passage that
  brings the list's group exposure closest to the target (smallest Jensen-Shannon divergence; the
  AWRF of the list so far is then largest), relevance breaking near-ties. It is the greedy
  construction used for fair top-k ranking (Zehlike et al., FA*IR, CIKM 2017, pick the best
  candidate that keeps the constraint; here the constraint is the exposure target of Singh &
  Joachims 2018 measured as AWRF).
- `plackett_luce_rerank` (stochastic): a ranking sampled from a Plackett-Luce model whose item
  weights are relevance times the item's groups' target share divided by their number of
  candidates, so that each group's chance of a high rank follows the target: fair in expected
  exposure over sessions (Diaz et al., CIKM 2020), while any one ranking may not be.

The relevance floor holds in both: a candidate whose relevance is under `floor` times the best
one's is never promoted — it is only used, in its original order, when too few eligible
candidates remain, so its rank can only stay or fall.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from calanque.equity.metrics import jsd, position_weights


def _check(
    relevance: Sequence[float], memberships: np.ndarray | Sequence[Sequence[float]], k: int
) -> tuple[np.ndarray, np.ndarray]:
    rel = np.asarray(relevance, dtype=float)
    m = np.asarray(memberships, dtype=float).reshape(len(rel), -1)
    if k < 0:
        raise ValueError("k must be non-negative")
    return rel, m


def eligible(relevance: Sequence[float] | np.ndarray, floor: float) -> np.ndarray:
    """Mask of candidates whose relevance is at least `floor` times the best one's."""
    rel = np.asarray(relevance, dtype=float)
    if len(rel) == 0:
        return np.zeros(0, dtype=bool)
    best = rel.max()
    return rel >= floor * best if best > 0 else np.ones(len(rel), dtype=bool)


def _fill(chosen: list[int], ok: np.ndarray, k: int) -> list[int]:
    """Complete with under-floor candidates in their original order (they never move up)."""
    rest = [i for i in range(len(ok)) if not ok[i]]
    return (chosen + rest)[:k]


def greedy_rerank(
    relevance: Sequence[float],
    memberships: np.ndarray | Sequence[Sequence[float]],
    target: np.ndarray | Sequence[float],
    k: int,
    *,
    floor: float = 0.5,
    trade_off: float = 0.1,
    communes: Sequence[Sequence[str]] | None = None,
) -> list[int]:
    """Indices of the `k` candidates to show, in order.

    relevance : shape (n,), larger is better (the retrieval scores).
    memberships : shape (n, n_groups), each row the candidate's share in each group.
    target : shape (n_groups,), the target exposure distribution.
    trade_off : weight of normalised relevance against the divergence from the target.
    communes : optional communes of each candidate; among equally fair choices, one that brings
        communes not yet shown wins (exposure also spreads inside a group).
    """
    rel, m = _check(relevance, memberships, k)
    t = np.asarray(target, dtype=float)
    ok = eligible(rel, floor)
    best = rel.max() if len(rel) and rel.max() > 0 else 1.0
    w = position_weights(max(k, 1))
    exposure = np.zeros(m.shape[1])
    shown: set[str] = set()
    chosen: list[int] = []
    pool = [i for i in range(len(rel)) if ok[i]]
    while pool and len(chosen) < k:
        j = len(chosen)
        values = []
        for i in pool:
            cost = jsd(exposure + w[j] * m[i], t)
            fresh = 0.0
            if communes is not None and communes[i]:
                fresh = sum(c not in shown for c in communes[i]) / len(communes[i])
            values.append(-cost + trade_off * rel[i] / best + 0.02 * fresh)
        pick = pool[int(np.argmax(values))]  # argmax keeps the first (most relevant) on ties
        chosen.append(pick)
        pool.remove(pick)
        exposure += w[j] * m[pick]
        if communes is not None:
            shown.update(communes[pick])
    return _fill(chosen, ok, k)


def plackett_luce_rerank(
    relevance: Sequence[float],
    memberships: np.ndarray | Sequence[Sequence[float]],
    target: np.ndarray | Sequence[float],
    k: int,
    *,
    floor: float = 0.5,
    rng: np.random.Generator | int | None = None,
) -> list[int]:
    """One ranking sampled from the fair Plackett-Luce model (see the module docstring).

    Sampling uses the Gumbel-max trick: sorting `log(weight) + Gumbel noise` draws a
    Plackett-Luce ranking. `rng` may be a Generator or a seed; the same seed gives the same list.
    """
    generator = np.random.default_rng(rng)
    rel, m = _check(relevance, memberships, k)
    t = np.asarray(target, dtype=float)
    ok = eligible(rel, floor)
    idx = np.flatnonzero(ok)
    if len(idx) == 0:
        return _fill([], ok, k)
    mm = m[idx]
    per_group = mm.sum(axis=0)
    share = np.divide(t, per_group, out=np.zeros_like(t), where=per_group > 0)
    fairness = mm @ share
    linked = mm.sum(axis=1) > 0
    # A passage in no group competes with the average linked one.
    fairness[~linked] = fairness[linked].mean() if linked.any() else 1.0
    best = rel[idx].max()
    weight = fairness * (rel[idx] / best if best > 0 else 1.0)
    keys = np.log(np.maximum(weight, 1e-12)) + generator.gumbel(size=len(idx))
    order = idx[np.argsort(-keys, kind="stable")]
    return _fill([int(i) for i in order], ok, k)
