from __future__ import annotations

import math

import numpy as np
import pytest

from calanque.equity import metrics


def test_position_weights_are_the_log2_discount() -> None:
    assert metrics.position_weights(3) == pytest.approx([1.0, 1 / math.log2(3), 0.5])


def test_group_exposure_sums_discounted_memberships() -> None:
    m = [[1, 0], [0, 1], [0.5, 0.5]]
    assert metrics.group_exposure(m) == pytest.approx([1.25, 1 / math.log2(3) + 0.25])


def test_awrf_is_one_when_exposure_equals_target() -> None:
    # Ranks 1 and 2 in groups A and B give exposure 1 : 1/log2(3); that is the target.
    target = metrics.normalise([1.0, 1 / math.log2(3)])
    assert metrics.awrf([[1, 0], [0, 1]], target) == pytest.approx(1.0)


def test_known_jsd_values() -> None:
    assert metrics.jsd([1, 0], [0, 1]) == pytest.approx(1.0)  # disjoint: one bit
    assert metrics.jsd([0.5, 0.5], [0.5, 0.5]) == pytest.approx(0.0)
    # P = (1, 0), Q = (½, ½): M = (¾, ¼); JSD = ½ log2(4/3) + ½ (½ log2(2/3) + ½ log2 2).
    expected = 0.5 * math.log2(4 / 3) + 0.5 * (0.5 * math.log2(2 / 3) + 0.5)
    assert metrics.jsd([1, 0], [0.5, 0.5]) == pytest.approx(expected)
    assert expected == pytest.approx(0.3112781, abs=1e-6)
    assert metrics.js_distance([1, 0], [0.5, 0.5]) == pytest.approx(math.sqrt(expected))


def test_awrf_of_a_list_with_one_group_of_two() -> None:
    assert metrics.awrf([[1, 0], [1, 0]], [0.5, 0.5]) == pytest.approx(1 - 0.3112781, abs=1e-6)


def test_a_list_exposing_no_group_is_as_unfair_as_can_be() -> None:
    assert metrics.awrf([[0, 0]], [0.5, 0.5]) == 0.0


def test_gini() -> None:
    assert metrics.gini([1, 1, 1, 1]) == 0.0
    assert metrics.gini([0, 0, 0, 1]) == pytest.approx(0.75)  # (n - 1) / n
    assert metrics.gini([1, 3]) == pytest.approx(0.25)


def test_coverage() -> None:
    assert metrics.coverage(["a", "a", "z"], ["a", "b", "c", "d"]) == 0.25


def test_expected_exposure_averages_rankings() -> None:
    a, b = np.array([[1, 0], [0, 1]]), np.array([[0, 1], [1, 0]])
    w = metrics.position_weights(2)
    assert metrics.expected_exposure([a, b]) == pytest.approx([w.mean(), w.mean()])
