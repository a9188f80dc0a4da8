"""Fair exposure applied to answer sources: the glue between the pure numpy parts and the answerer.

Kept out of `answer/` so the answerer only calls two methods: `rerank` (territory-wide questions)
and `awrf` (every answer, stored with the conversation).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from calanque.equity.metrics import awrf
from calanque.equity.policy import EquityPolicy, memberships
from calanque.equity.rerank import greedy_rerank, plackett_luce_rerank
from calanque.territory.pack import TerritoryPack


class FairExposure:
    """A policy bound to a pack: its targets, and the passages' groups."""

    def __init__(self, pack: TerritoryPack, policy: EquityPolicy | None = None) -> None:
        self.pack = pack
        self.policy = policy or EquityPolicy()
        self.target = self.policy.group_target(pack)
        self.rng = np.random.default_rng(self.policy.seed)

    @property
    def target_by_group(self) -> dict[str, float]:
        return {g: float(t) for g, t in zip(self.pack.groups, self.target, strict=True)}

    def shares(self, communes: Sequence[str]) -> dict[str, float]:
        """A passage's share in each group (see `policy.memberships`); empty for no group."""
        row = memberships(self.pack, [list(communes)])[0]
        return {g: float(x) for g, x in zip(self.pack.groups, row, strict=True) if x > 0}

    def rerank(
        self, relevance: Sequence[float], communes: Sequence[Sequence[str]], k: int
    ) -> list[int]:
        """Indices of the `k` candidates to keep, in order (greedy, or sampled when stochastic)."""
        m = memberships(self.pack, [list(c) for c in communes])
        if self.policy.stochastic:
            return plackett_luce_rerank(
                relevance, m, self.target, k, floor=self.policy.relevance_floor, rng=self.rng
            )
        return greedy_rerank(
            relevance,
            m,
            self.target,
            k,
            floor=self.policy.relevance_floor,
            trade_off=self.policy.trade_off,
            communes=communes,
        )

    def awrf(self, communes: Sequence[Sequence[str]]) -> float | None:
        """AWRF of a ranked list of passages against the target; None for an empty list."""
        if not communes:
            return None
        return round(awrf(memberships(self.pack, [list(c) for c in communes]), self.target), 4)
