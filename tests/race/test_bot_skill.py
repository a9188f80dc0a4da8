"""Bots differ in skill, so a leaderboard of bots means something.

Before, every bot sailed the same polar with the same perfect autopilot: the top ten of the
default `calanque race simulate` were tied at 939.4 nm. Each bot now has a skill drawn from
the race seed, which sets its trim (share of the polar it gets) and its helm (heading noise).
"""

from __future__ import annotations

import numpy as np

from calanque.race.bots import Bots
from calanque.race.simulation import bot_skills


def _ranks(x: np.ndarray) -> np.ndarray:
    return np.argsort(np.argsort(x, kind="stable"), kind="stable").astype(float)


def _spearman(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(_ranks(a), _ranks(b))[0, 1])


def test_skills_are_seeded_and_only_bots_have_them(make_race) -> None:
    a, b = make_race(seed=3, n_boats=50), make_race(seed=3, n_boats=50)
    np.testing.assert_array_equal(a.state.trim, b.state.trim)
    np.testing.assert_array_equal(a.state.helm, b.state.helm)
    assert np.unique(a.state.trim).size == 50, "every bot its own trim"
    assert 0.85 <= a.state.trim.min() and a.state.trim.max() <= 1.0
    assert 0.0 < a.state.helm.min() and a.state.helm.max() <= 12.0
    skill = bot_skills(a.config)
    assert _spearman(skill, a.state.trim) > 0.99 and _spearman(skill, a.state.helm) < -0.99
    human = make_race(seed=3, n_boats=50, bots=False)
    assert np.all(human.state.trim == 1.0) and np.all(human.state.helm == 0.0)


def test_no_ties_at_the_top_of_a_bot_race(make_race, seed) -> None:
    race = make_race(seed=seed, n_boats=200, tick_s=900.0)
    bots = Bots(race)
    race.run(4 * 6, progress=lambda r: bots.act())  # 6 hours: mid-race, nobody finished
    st = race.state
    top = race.leaderboard(10)
    assert not st.finished[top].any()
    assert sorted(st.rank[top].tolist()) == list(range(1, 11)), "ten distinct ranks"
    # Not a clump: before, the top ten were within 0.07-0.23 nm of each other (20 m apart).
    spread = float(st.dtf[top].max() - st.dtf[top].min())
    assert spread > 0.3, f"top ten within {spread:.2f} nm"


def test_skill_roughly_predicts_the_finishing_order(make_race) -> None:
    rhos = []
    for seed in range(6):
        race = make_race(seed=seed, n_boats=40, tick_s=900.0)
        bots = Bots(race)
        race.run(400, progress=lambda r, b=bots: b.act())
        st = race.state
        assert st.finished.all()
        rhos.append(_spearman(bot_skills(race.config), st.finish_time))
    # Better bots finish sooner (negative correlation with finish time) in every race, and
    # strongly so on average; layline strategy and wind still shuffle the order somewhat.
    assert max(rhos) < -0.3, rhos
    assert np.mean(rhos) < -0.6, rhos
