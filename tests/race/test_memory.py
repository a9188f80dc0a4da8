"""The race server keeps the memory a tick frees for the next one (no page faults for it)."""

from __future__ import annotations

import subprocess
import sys

import pytest

TICKS = """
import resource, sys
from calanque.race.config import RaceConfig
from calanque.race.demo import demo_course
from calanque.race.memory import keep_freed_memory
from calanque.race.simulation import Race
from calanque.race.snapshot import build_frame
if sys.argv[1] == "keep":
    assert keep_freed_memory()
race = Race(RaceConfig(demo_course("mediterranee"), n_boats=300_000, seed=1, bots=True))
for _ in range(3):
    race.step(); build_frame(race)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(3):
    race.step(); build_frame(race)
print((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) // 3)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_ticks_fault_no_pages_in_again_once_memory_is_kept() -> None:
    def faults(mode: str) -> int:
        out = subprocess.run(
            [sys.executable, "-c", TICKS, mode], capture_output=True, text=True, check=True
        )
        return int(out.stdout)

    default, kept = faults("default"), faults("keep")
    assert default > 500, "each tick faults its temporaries in again (about 1,850 here)"
    assert kept < default / 20
