"""Race configuration: everything needed to rebuild a race identically.

A configuration is plain JSON (stored with the race), so a crashed race or a
replay rebuilds the same course, boat, wind and rules from it. Wind is named
by its source (scenario and seed, GRIB file and checksum, or constant) rather
than stored, since it is large and fully reproducible.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from calanque.errors import CalanqueError
from calanque.race.course import Course
from calanque.race.penalties import PenaltyRules
from calanque.race.wind import WindField

__all__ = ["ConfigError", "RaceConfig", "build_wind", "file_sha256"]


class ConfigError(CalanqueError, ValueError):
    """A race configuration that cannot be run."""


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass(frozen=True)
class RaceConfig:
    """A race: course, boat class, fleet size, wind source, tick and rules.

    wind : {"kind": "scenario", "name": "mistral", "seed": 1, "hours": 72}
        or {"kind": "grib", "path": "...", "sha256": "..."}
        or {"kind": "constant", "speed": 15.0, "from": 320.0}.
    tick_s : seconds per tick; seed : seeds the bots and the start spread.
    players : boats kept for players who join (the last `players` of `n_boats`): idle,
        unranked and no bot's until their player joins; the others race from the start,
        as bots when `bots` is set.
    """

    course: Course
    boat: str = "class40"
    n_boats: int = 100
    wind: dict[str, Any] = field(
        default_factory=lambda: {"kind": "scenario", "name": "mistral", "seed": 0, "hours": 72}
    )
    tick_s: float = 600.0
    seed: int = 0
    bots: bool = True
    rules: PenaltyRules = field(default_factory=PenaltyRules)
    players: int = 0

    def __post_init__(self) -> None:
        if not (isinstance(self.n_boats, int) and 1 <= self.n_boats <= 20_000_000):
            raise ConfigError(f"number of boats {self.n_boats!r} outside 1..20 000 000")
        if not 10.0 <= float(self.tick_s) <= 3600.0:
            raise ConfigError(f"tick {self.tick_s} s outside 10..3600 s")
        if not (isinstance(self.players, int) and 0 <= self.players <= self.n_boats):
            raise ConfigError(f"player slots {self.players!r} outside 0..{self.n_boats}")
        if self.wind.get("kind") not in ("scenario", "grib", "constant"):
            raise ConfigError(f"unknown wind source {self.wind.get('kind')!r}")

    def to_json(self) -> str:
        return json.dumps(
            {
                "course": self.course.to_dict(),
                "boat": self.boat,
                "n_boats": self.n_boats,
                "wind": self.wind,
                "tick_s": self.tick_s,
                "seed": self.seed,
                "bots": self.bots,
                "rules": self.rules.to_dict(),
                **({"players": self.players} if self.players else {}),
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> RaceConfig:
        try:
            d = json.loads(text)
            return cls(
                Course.from_dict(d["course"]),
                d["boat"],
                int(d["n_boats"]),
                d["wind"],
                float(d["tick_s"]),
                int(d["seed"]),
                bool(d["bots"]),
                PenaltyRules.from_dict(d["rules"]),
                int(d.get("players", 0)),
            )
        except (KeyError, TypeError, ValueError, json.JSONDecodeError) as exc:
            if isinstance(exc, ConfigError):
                raise
            raise ConfigError(f"malformed race configuration: {exc}") from None


def build_wind(spec: dict[str, Any]) -> WindField:
    """The wind field a configuration names (checks a GRIB file's checksum if given)."""
    kind = spec.get("kind")
    if kind == "constant":
        return WindField.constant(float(spec["speed"]), float(spec["from"]))
    if kind == "scenario":
        from calanque.race.scenarios import make_scenario

        return make_scenario(spec["name"], seed=spec.get("seed"), hours=spec.get("hours", 72))
    if kind == "grib":
        from calanque.race.grib import read_grib

        path = Path(spec["path"])
        if not path.is_file():
            raise ConfigError(f"GRIB file {path} not found")
        if spec.get("sha256") and file_sha256(path) != spec["sha256"]:
            raise ConfigError(f"GRIB file {path} changed since the race started")
        return read_grib(path)
    raise ConfigError(f"unknown wind source {kind!r}")
