"""The race server keeps the memory a tick frees for the next one. How many page faults that
saves is measured in bench/race.py (BENCHMARKS.md, "Race engine"): a count that depends on
glibc's adaptive thresholds and the machine is no test. What is tested: the setting takes on
glibc, and a race still ticks under it."""

from __future__ import annotations

import subprocess
import sys

import pytest

TICKS = """
from calanque.race.config import RaceConfig
from calanque.race.demo import demo_course
from calanque.race.memory import keep_freed_memory
from calanque.race.simulation import Race
from calanque.race.snapshot import build_frame
assert keep_freed_memory()
race = Race(RaceConfig(demo_course("mediterranee"), n_boats=2_000, seed=1, bots=True))
for _ in range(3):
    race.step()
frame = build_frame(race)
print(len(frame.snapshot) > 0, frame.tick)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_the_freed_memory_setting_takes_and_the_race_still_ticks() -> None:
    out = subprocess.run([sys.executable, "-c", TICKS], capture_output=True, text=True, check=True)
    built, tick = out.stdout.split()
    assert built == "True" and int(tick) == 3
