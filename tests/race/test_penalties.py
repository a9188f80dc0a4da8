"""Penalties: detection, application, expiry, and their effect in a race."""

from __future__ import annotations

import numpy as np
import pytest

from calanque.race.config import RaceConfig
from calanque.race.course import Course, Mark
from calanque.race.penalties import (
    GYBE,
    SAIL,
    TACK,
    Penalty,
    PenaltyRules,
    apply_penalty,
    detect_manoeuvres,
    effective_factor,
)
from calanque.race.simulation import Race


def test_detects_tacks_gybes_and_sail_changes() -> None:
    old = np.array([45.0, 150.0, 45.0, 60.0, 100.0, -45.0], np.float32)
    new = np.array([-45.0, -150.0, 100.0, 65.0, -100.0, -45.0], np.float32)
    flags = detect_manoeuvres(old, new)
    assert flags.tolist() == [TACK, GYBE, SAIL, 0, GYBE, 0]


def test_duration_depends_on_wind() -> None:
    p = Penalty(0.5, 60.0, 240.0)
    np.testing.assert_allclose(
        p.duration(np.array([0.0, 5.0, 17.5, 30.0, 45.0])), [60, 60, 150, 240, 240]
    )


def test_apply_and_expire() -> None:
    until, factor = np.zeros(3), np.ones(3, np.float32)
    apply_penalty(until, factor, np.array([0, 1]), 100.0, np.array([300.0, 300.0], np.float32), 0.5)
    np.testing.assert_array_equal(until, [400.0, 400.0, 0.0])
    # Fully inside, straddling the end, expired.
    np.testing.assert_allclose(effective_factor(until, factor, 100.0, 200.0), [0.5, 0.5, 1.0])
    np.testing.assert_allclose(effective_factor(until, factor, 300.0, 200.0), [0.75, 0.75, 1.0])
    np.testing.assert_allclose(effective_factor(until, factor, 400.0, 200.0), [1.0, 1.0, 1.0])
    # A harsher penalty on top keeps the lower factor and the later end.
    apply_penalty(until, factor, np.array([0]), 200.0, np.array([60.0], np.float32), 0.2)
    assert factor[0] == pytest.approx(0.2) and until[0] == 400.0


def test_invalid_rules() -> None:
    with pytest.raises(ValueError, match="factor"):
        PenaltyRules(tack=Penalty(1.5, 60, 60))


def test_tack_penalty_in_a_race(land) -> None:
    line = (40.0, 5.0, 40.0, 5.0001)
    course = Course(
        "open sea",
        (
            Mark("start", "start", *line),
            Mark("far", "waypoint", 42.0, 6.0),
            Mark("finish", "finish", 38.0, 6.0, 38.0, 6.1),
        ),
    )
    rules = PenaltyRules(tack=Penalty(0.5, 600.0, 600.0))
    cfg = RaceConfig(
        course,
        n_boats=2,
        wind={"kind": "constant", "speed": 12.0, "from": 0.0},
        tick_s=300.0,
        bots=False,
        rules=rules,
    )
    race = Race(cfg, land=land)
    race.order(0, "twa", 50.0)
    race.order(1, "twa", 50.0)
    race.run(2)
    full = race.polar.speed(np.array([50.0]), np.array([12.0]))[0]
    np.testing.assert_allclose(race.state.speed, full, rtol=1e-6)
    race.order(0, "twa", -50.0)  # boat 0 tacks, boat 1 holds
    race.run(1)
    assert race.state.speed[0] == pytest.approx(full * 0.5, rel=1e-6)
    assert race.state.speed[1] == pytest.approx(full, rel=1e-6)
    race.run(1)
    assert race.state.speed[0] == pytest.approx(full * 0.5, rel=1e-6)
    race.run(1)  # 600 s later the penalty has expired
    assert race.state.speed[0] == pytest.approx(full, rel=1e-6)
