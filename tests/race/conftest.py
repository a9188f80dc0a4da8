"""Fixtures for the race engine tests: shared land, small fleets, a seed range."""

from __future__ import annotations

from pathlib import Path

import pytest

from calanque.race.config import RaceConfig
from calanque.race.demo import demo_course
from calanque.race.land import LandMask, load_land
from calanque.race.simulation import Race

DATA = Path(__file__).parent / "data"
SEEDS = range(8)


@pytest.fixture(scope="session")
def land() -> LandMask:
    return load_land()


@pytest.fixture(params=SEEDS)
def seed(request: pytest.FixtureRequest) -> int:
    """Simulation invariants must hold for every seed in the range."""
    return request.param


@pytest.fixture
def make_race(land: LandMask):  # noqa: ANN201 - a factory
    """Factory for small races on the shared land mask."""
    return lambda **kw: build_race(land, **kw)


def build_race(
    land: LandMask,
    *,
    seed: int = 0,
    n_boats: int = 60,
    scenario: str = "mistral",
    course: str = "sprint",
    tick_s: float = 600.0,
    bots: bool = True,
) -> Race:
    wind = {"kind": "scenario", "name": scenario, "seed": seed, "hours": 48}
    cfg = RaceConfig(
        demo_course(course), n_boats=n_boats, wind=wind, tick_s=tick_s, seed=seed, bots=bots
    )
    return Race(cfg, land=land)
