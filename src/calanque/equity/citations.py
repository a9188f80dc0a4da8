"""Which relevant items a territory-wide answer cites, and in what order, for fair exposure.

The items are the answer's candidate sentences, one per passage, already judged relevant by the
reader; each has a score and a row of group shares. The most relevant opens the answer; the rest
is the sequence, up to `max_items`, that brings the cited groups' position-discounted exposure
closest to the target (Jensen-Shannon divergence, as in `rerank.py`) while keeping their mean
score high. It is found by beam search: choosing position by position missed better sequences.
"""

from __future__ import annotations

import itertools

import numpy as np

from calanque.equity.metrics import jsd_rows, position_weights
from calanque.equity.policy import EquityPolicy


def fair_citations(
    scores: np.ndarray, rows: np.ndarray, target: np.ndarray, policy: EquityPolicy, max_items: int
) -> list[int]:
    """Indices of the items to cite, in order.

    scores : shape (n,), the items' relevance (larger is better).
    rows : shape (n, n_groups), each item's share in each group.
    target : shape (n_groups,), the target exposure.
    """
    n = len(scores)
    if n == 0:
        return []
    weights = position_weights(max(max_items, rows.shape[1]))
    lead = int(np.argmax(scores))
    beam: list[tuple[tuple[int, ...], np.ndarray]] = [((lead,), weights[0] * rows[lead])]
    best: tuple[int, ...] = (lead,)
    best_divergence = float(jsd_rows(beam[0][1][None, :], target)[0])
    for position in range(1, min(len(weights), n)):
        grown = [
            ((*seq, i), exposure + weights[position] * rows[i])
            for seq, exposure in beam
            for i in range(n)
            if i not in seq
        ]
        divergences = jsd_rows(np.array([e for _, e in grown]), target)
        mean_scores = np.array([scores[list(q)].mean() for q, _ in grown])
        values = -divergences + policy.citation_relevance * mean_scores
        beam, kept = [], set()
        for j in np.argsort(-values, kind="stable"):
            members = frozenset(grown[j][0])
            if members in kept:  # the same citations in another order
                continue
            kept.add(members)
            beam.append(grown[j])
            if len(beam) == policy.beam_width:
                break
        top = int(np.argmax(values))
        # Fairness chooses which sources and in what order, not how much is said: the answer
        # grows while a citation does not only pile onto groups already over-cited (at least
        # `min_citations` when there are).
        divergence = float(divergences[top])
        if (
            position >= policy.min_citations
            and divergence > best_divergence + policy.divergence_slack
        ):
            break
        best, best_divergence = grown[top][0], divergence
    order = fair_order(rows[list(best)], target, lead=0)
    return [best[i] for i in order]


def fair_order(
    rows: np.ndarray, target: np.ndarray, lead: int | None = None, exhaustive: int = 7
) -> list[int]:
    """The order of cited items whose discounted exposure is closest to the target, `lead`
    (the most relevant item) kept first.

    The position discount gives the first citation about three times the weight of the sixth:
    six sources from six groups score far from the target if their order is left to chance. But
    an answer that opens on its weakest sentence reads badly, so the lead stays in front and the
    rest is ordered. Every order is tried for short lists (ties keep the given order); longer
    ones are ordered greedily.
    """
    n = len(rows)
    if n < 2:
        return list(range(n))
    w = position_weights(n)
    if n <= exhaustive:
        perms = np.array(list(itertools.permutations(range(n))))
        if lead is not None:
            perms = perms[perms[:, 0] == lead]
        exposure = np.einsum("pn,png->pg", np.broadcast_to(w, perms.shape), rows[perms])
        return [int(i) for i in perms[int(np.argmin(jsd_rows(exposure, target)))]]
    order = [] if lead is None else [lead]
    exposure = np.zeros(rows.shape[1]) if lead is None else w[0] * rows[lead]
    left = [i for i in range(n) if i != lead]
    for j in range(len(order), n):
        costs = jsd_rows(exposure + w[j] * rows[left], target)
        pick = left.pop(int(np.argmin(costs)))
        order.append(pick)
        exposure = exposure + w[j] * rows[pick]
    return order
