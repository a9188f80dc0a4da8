"""The equity policy as the answer path uses it: one object, three calls.

`rerank` orders a territory-wide question's passages toward the target exposure, `cite` chooses
and orders the sentences its answer cites, `measure` gives any answer's AWRF (against the uniform
target when the policy is off). The answerer calls nothing else of `calanque.equity`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from calanque.equity.citations import fair_citations
from calanque.equity.metrics import awrf
from calanque.equity.policy import EquityPolicy, memberships
from calanque.equity.rerank import eligible, greedy_rerank, plackett_luce_rerank
from calanque.territory.pack import TerritoryPack


class Equity:
    """A policy bound to a pack: its targets, and the passages' groups.

    `policy` None means equity is off: nothing is re-ranked, answers are still measured.
    """

    def __init__(self, pack: TerritoryPack, policy: EquityPolicy | None = None) -> None:
        self.pack = pack
        self.active = policy is not None
        self.policy = policy or EquityPolicy()
        self.target = self.policy.group_target(pack)
        self.rng = np.random.default_rng(self.policy.seed)

    @property
    def candidates(self) -> int:
        """How many times top_k passages to retrieve before re-ranking."""
        return self.policy.candidates

    def shares(self, communes: Sequence[str]) -> dict[str, float]:
        """A passage's share in each group (see `policy.memberships`); empty for no group."""
        row = memberships(self.pack, [list(communes)])[0]
        return {g: float(x) for g, x in zip(self.pack.groups, row, strict=True) if x > 0}

    def rerank(self, communes: Sequence[Sequence[str]], top_k: int) -> list[int]:
        """Indices of the passages (given best first, with their communes) to keep, in order.

        The answer gets `breadth × top_k` of them so that every group can bring one; a passage
        under the relevance floor is not there to be promoted, so it only completes a list
        shorter than `top_k`.
        """
        p = self.policy
        k = round(top_k * p.breadth)
        relevance = [1.0 / (p.rank_constant + 1 + rank) for rank in range(len(communes))]
        m = memberships(self.pack, [list(c) for c in communes])
        if p.stochastic:
            keep = plackett_luce_rerank(
                relevance, m, self.target, k, floor=p.relevance_floor, rng=self.rng
            )
        else:
            keep = greedy_rerank(
                relevance,
                m,
                self.target,
                k,
                floor=p.relevance_floor,
                trade_off=p.trade_off,
                communes=communes,
            )
        ok = eligible(relevance, p.relevance_floor)
        return [i for n, i in enumerate(keep) if ok[i] or n < top_k]

    def cite(
        self, scores: Sequence[float], communes: Sequence[Sequence[str]], limit: int
    ) -> list[int]:
        """Indices of the items (relevant sentences of distinct passages) to cite, in order."""
        rows = memberships(self.pack, [list(c) for c in communes])
        return fair_citations(
            np.asarray(scores, dtype=float), rows, self.target, self.policy, limit
        )

    def measure(
        self, retrieved: Sequence[Sequence[str]], cited: Sequence[Sequence[str]]
    ) -> dict[str, float | None]:
        """AWRF of the passages given to the answer and of those it cites."""
        return {"retrieved": self.awrf(retrieved), "cited": self.awrf(cited)}

    def awrf(self, communes: Sequence[Sequence[str]]) -> float | None:
        """AWRF of a ranked list of passages against the target; None for an empty list."""
        if not communes:
            return None
        return round(awrf(memberships(self.pack, [list(c) for c in communes]), self.target), 4)
