"""Invariants of the fair re-rankers, on synthetic candidates."""

from __future__ import annotations

import numpy as np
import pytest

from calanque.equity.metrics import awrf, awrf_of_exposure, expected_exposure
from calanque.equity.rerank import eligible, greedy_rerank, plackett_luce_rerank

UNIFORM3 = np.full(3, 1 / 3)


def candidates(seed: int, n: int = 24) -> tuple[np.ndarray, np.ndarray]:
    """Relevance sorted best first; group A dominates the top, as Marseille does."""
    rng = np.random.default_rng(seed)
    rel = np.sort(rng.uniform(0.1, 1.0, n))[::-1]
    groups = np.where(np.arange(n) < n // 2, 0, rng.integers(0, 3, n))
    return rel, np.eye(3)[groups]


@pytest.fixture(params=range(10))
def seed(request: pytest.FixtureRequest) -> int:
    return int(request.param)


def test_greedy_moves_exposure_toward_the_target(seed: int) -> None:
    rel, m = candidates(seed)
    keep = greedy_rerank(rel, m, UNIFORM3, 8, floor=0.0)
    assert awrf(m[keep], UNIFORM3) >= awrf(m[:8], UNIFORM3)


def test_relevance_floor_holds(seed: int) -> None:
    rel, m = candidates(seed)
    ok = eligible(rel, 0.6)
    for keep in (
        greedy_rerank(rel, m, UNIFORM3, 8, floor=0.6),
        plackett_luce_rerank(rel, m, UNIFORM3, 8, floor=0.6, rng=seed),
    ):
        for position, i in enumerate(keep):
            if not ok[i]:
                assert position >= i  # an under-floor passage never moves up
        if ok.sum() >= 8:
            assert all(ok[keep])


def test_floor_one_keeps_the_ranking_when_only_the_best_is_eligible() -> None:
    rel = np.array([1.0, 0.5, 0.4, 0.3])
    m = np.eye(3)[[0, 0, 1, 2]]
    assert greedy_rerank(rel, m, UNIFORM3, 4, floor=1.0) == [0, 1, 2, 3]


def test_balanced_candidates_keep_their_order() -> None:
    """Nothing to fix: relevance decides."""
    rel = np.array([0.9, 0.8, 0.7])
    assert greedy_rerank(rel, np.eye(3), UNIFORM3, 3) == [0, 1, 2]


def test_unlinked_candidates_keep_the_relevance_order() -> None:
    """Passages in no group (questions about no place) come back exactly as ranked."""
    rel = np.linspace(1.0, 0.5, 10)
    assert greedy_rerank(rel, np.zeros((10, 3)), UNIFORM3, 6) == list(range(6))


def test_plackett_luce_is_deterministic_for_a_seed(seed: int) -> None:
    rel, m = candidates(seed)
    first = plackett_luce_rerank(rel, m, UNIFORM3, 8, floor=0.3, rng=seed)
    assert first == plackett_luce_rerank(rel, m, UNIFORM3, 8, floor=0.3, rng=seed)


def test_plackett_luce_is_fair_on_average() -> None:
    rel, m = candidates(0)
    samples = [m[plackett_luce_rerank(rel, m, UNIFORM3, 8, floor=0.3, rng=s)] for s in range(300)]
    fair_on_average = awrf_of_exposure(expected_exposure(samples), UNIFORM3)
    assert fair_on_average > awrf(m[:8], UNIFORM3)
    assert fair_on_average >= 0.9
