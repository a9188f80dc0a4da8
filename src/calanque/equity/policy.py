"""Exposure targets: what share of attention each group (and each commune inside it) deserves.

`uniform` gives every group the same share (the president's reading of equity: six conseils, six
equal voices); `population` follows where people live (Marseille Provence then holds most of it);
`blend` mixes the two, `blend` being the weight of `uniform`. Inside a group the communes share the
group's target the same way, so the re-ranker also spreads exposure among villages of a group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from calanque.config import SettingsError
from calanque.territory.pack import TerritoryPack

POLICIES = ("uniform", "population", "blend", "off")


@dataclass(frozen=True)
class EquityPolicy:
    """How territory-wide answers are re-ranked.

    kind: `uniform`, `population` or `blend` (`off` is spelled `None` by the answerer).
    blend: weight of `uniform` in the `blend` policy, in [0, 1].
    relevance_floor: share of the best candidate's relevance under which a passage is never
        promoted (it keeps its place or falls).
    candidates: how many times `top_k` passages are retrieved before re-ranking.
    breadth: how many times `top_k` passages a territory-wide answer is given at most: six
        groups need more than the eight passages that suit a question about one topic in one
        place. Only passages above the floor count beyond `top_k`.
    trade_off: weight of relevance (scaled to the best candidate's) against the divergence from
        the target, in the deterministic re-ranking.
    stochastic: sample a Plackett-Luce ranking instead of the deterministic greedy one.
    seed: seed of that sampling (`None`: a fresh one per answer).
    rank_constant: relevance of the passage at rank r is 1 / (rank_constant + 1 + r): by rank,
        not score, because the searcher's scores are calibrated for ordering only and the floor
        must mean the same whatever produced the order.
    citation_relevance: weight of the cited sentences' mean score against the divergence from
        the target when choosing citations (the re-ranking's `trade_off`).
    beam_width: sequences kept per step of that choice.
    min_citations, divergence_slack: the cited list grows to `min_citations` at least, then
        stops when a citation would raise the divergence by more than the slack.
    """

    kind: str = "uniform"
    blend: float = 0.5
    relevance_floor: float = 0.4
    candidates: int = 4
    breadth: float = 2.0
    trade_off: float = 0.3
    stochastic: bool = False
    seed: int | None = None
    rank_constant: int = 10
    citation_relevance: float = 0.3
    beam_width: int = 64
    min_citations: int = 3
    divergence_slack: float = 0.02

    def __post_init__(self) -> None:
        if self.kind not in POLICIES or self.kind == "off":
            raise SettingsError(f"unknown equity policy {self.kind!r} (uniform, population, blend)")
        if not 0.0 <= self.blend <= 1.0:
            raise SettingsError("equity blend must be within [0, 1]")
        if not 0.0 <= self.relevance_floor <= 1.0:
            raise SettingsError("relevance floor must be within [0, 1]")
        if self.candidates < 1:
            raise SettingsError("candidates must be at least 1")
        if not 1.0 <= self.breadth <= self.candidates:
            raise SettingsError("breadth must be within [1, candidates]")

    def group_target(self, pack: TerritoryPack) -> np.ndarray:
        """Target exposure share of each of `pack.groups`, in that order: shape (n_groups,)."""
        return group_target(pack, self.kind, self.blend)

    def commune_target(self, pack: TerritoryPack) -> dict[str, float]:
        """Target share of each commune: its group's share, split inside the group alike."""
        g = dict(zip(pack.groups, self.group_target(pack), strict=True))
        members: dict[str, list[str]] = {name: [] for name in pack.groups}
        for c in pack.communes.values():
            members.setdefault(c.group, []).append(c.insee)
        out: dict[str, float] = {}
        for name, insees in members.items():
            pops = np.array([pack.communes[i].population for i in insees], dtype=float)
            inner = _mix(np.full(len(insees), 1 / len(insees)), _share(pops), self.kind, self.blend)
            out.update({i: float(g.get(name, 0.0) * s) for i, s in zip(insees, inner, strict=True)})
        return out


def group_target(pack: TerritoryPack, kind: str = "uniform", blend: float = 0.5) -> np.ndarray:
    """Target shares over `pack.groups` for a policy kind (see the module docstring)."""
    pops = np.array(
        [sum(c.population for c in pack.communes.values() if c.group == g) for g in pack.groups],
        dtype=float,
    )
    uniform = np.full(len(pack.groups), 1 / len(pack.groups))
    return _mix(uniform, _share(pops), kind, blend)


def _share(x: np.ndarray) -> np.ndarray:
    total = x.sum()
    return x / total if total > 0 else np.full(len(x), 1 / len(x))


def _mix(uniform: np.ndarray, population: np.ndarray, kind: str, blend: float) -> np.ndarray:
    if kind == "uniform":
        return uniform
    if kind == "population":
        return population
    if kind == "blend":
        return blend * uniform + (1 - blend) * population
    raise SettingsError(f"unknown equity policy {kind!r}")


def memberships(
    pack: TerritoryPack, communes: list[list[str]] | list[tuple[str, ...]]
) -> np.ndarray:
    """Group membership rows of passages, from the communes each one speaks of.

    A passage spreads over its communes' groups in equal shares per commune (a passage on
    Marseille and Aubagne is half Marseille Provence, half Pays d'Aubagne et de l'Étoile); one that
    names no commune of the pack belongs to no group. Shape (n_passages, n_groups).
    """
    index = {g: j for j, g in enumerate(pack.groups)}
    out = np.zeros((len(communes), len(pack.groups)))
    for i, codes in enumerate(communes):
        known = [c for c in codes if c in pack.communes]
        for c in known:
            out[i, index[pack.communes[c].group]] += 1 / len(known)
    return out
