"""A race definition file for tests that serve races: a sprint on an accelerated clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

SLUG = "sprint-live"


def race_file(path: Path, *, start_in: float = 2.0, factor: float = 3000.0, bots: int = 20) -> Path:
    """A sprint on an accelerated clock (a 600 s tick every 0.2 s)."""
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=start_in)
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    path.write_text(
        f"""
[[race]]
slug = "{SLUG}"
name = "Planier sprint"
course = "sprint"
players = 6
bots = {bots}
registration_opens = {(start - dt.timedelta(hours=1)).strftime(fmt)}
start = {start.strftime(fmt)}
end = {(start + dt.timedelta(minutes=10)).strftime(fmt)}
tick_s = 600
time_factor = {factor}
wind = {{ kind = "scenario", name = "mistral", seed = 4, hours = 200 }}
track_every = 2
checkpoint_every = 5
""",
        "utf-8",
    )
    return path
