"""Race definitions for the race server: schedule, clock, fleet, wind, read from a file.

A race director writes them in TOML (or JSON), one `[[race]]` table each:

    [[race]]
    slug = "med-2027"
    name = "One Provence Méditerranée 2027"
    course = "mediterranee"          # a built-in course, or a table of marks
    boat = "class40"
    players = 5000                   # boats kept for players who join
    bots = 200                       # boats sailed by bots, labelled as such
    registration_opens = 2027-05-01T08:00:00Z
    start = 2027-05-08T12:00:00Z
    end = 2027-05-22T12:00:00Z
    tick_s = 300                     # race seconds per tick
    time_factor = 1                  # race seconds per real second (600 for a demo)
    wind = { kind = "scenario", name = "mistral", seed = 3, hours = 400 }
    weather_dir = "/srv/gfs/med"     # GRIB files dropped here are taken in

Every field is checked when the file is read, with one line naming the race and the
field at fault.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from calanque.errors import CalanqueError
from calanque.race.config import RaceConfig
from calanque.race.course import Course, CourseError
from calanque.race.demo import COURSES, demo_course
from calanque.race.polar import BUILTIN_POLARS

__all__ = ["RaceDefinition", "RaceDefinitionError", "demo_definition", "load_definitions"]

STATUSES = ("scheduled", "open", "racing", "finished")


class RaceDefinitionError(CalanqueError, ValueError):
    """A race definition the server cannot run."""


def _utc(value: Any, what: str) -> dt.datetime:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise RaceDefinitionError(f"{what}: {value!r} is not an ISO date and time") from None
    if not isinstance(value, dt.datetime):
        raise RaceDefinitionError(f"{what}: expected a date and time, got {value!r}")
    if value.tzinfo is None:
        raise RaceDefinitionError(f"{what}: give a time zone (for example 12:00:00Z)")
    return value.astimezone(dt.UTC)


@dataclass(frozen=True)
class RaceDefinition:
    """One race the server runs: what it is, when, and how fast its clock goes."""

    slug: str
    name: str
    course: str | dict[str, Any]
    registration_opens: dt.datetime
    start: dt.datetime
    end: dt.datetime
    boat: str = "class40"
    players: int = 1000
    bots: int = 0
    tick_s: float = 300.0
    time_factor: float = 1.0
    wind: dict[str, Any] = field(
        default_factory=lambda: {"kind": "scenario", "name": "mistral", "seed": 0, "hours": 400}
    )
    weather_dir: str | None = None
    weather_epoch: dt.datetime | None = None
    seed: int = 0
    track_every: int = 6  #: ticks between two stored track samples
    checkpoint_every: int = 12  #: ticks between two checkpoints

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RaceDefinition:
        slug = d.get("slug")
        where = f"race {slug!r}" if slug else "a race without a slug"
        if not isinstance(slug, str) or not slug.replace("-", "").isalnum() or len(slug) > 64:
            raise RaceDefinitionError(f"{where}: slug must be letters, digits and dashes")
        known = {f for f in cls.__dataclass_fields__}
        unknown = sorted(set(d) - known)
        if unknown:
            raise RaceDefinitionError(f"{where}: unknown field(s) {', '.join(unknown)}")
        missing = [
            k for k in ("name", "course", "registration_opens", "start", "end") if k not in d
        ]
        if missing:
            raise RaceDefinitionError(f"{where}: missing {', '.join(missing)}")
        values = dict(d)
        for key in ("registration_opens", "start", "end", "weather_epoch"):
            if values.get(key) is not None:
                values[key] = _utc(values[key], f"{where}, {key}")
        try:
            definition = cls(**values)
        except TypeError as exc:
            raise RaceDefinitionError(f"{where}: {exc}") from None
        definition._check(where)
        return definition

    def _check(self, where: str) -> None:
        if not (self.registration_opens <= self.start < self.end):
            raise RaceDefinitionError(f"{where}: needs registration_opens <= start < end")
        for key in ("players", "bots", "seed", "track_every", "checkpoint_every"):
            value = getattr(self, key)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise RaceDefinitionError(f"{where}: {key} must be a whole number >= 0")
        if self.players + self.bots < 1:
            raise RaceDefinitionError(f"{where}: a race needs players or bots")
        if self.track_every < 1 or self.checkpoint_every < 1:
            raise RaceDefinitionError(f"{where}: track_every and checkpoint_every must be >= 1")
        for key in ("tick_s", "time_factor"):
            value = getattr(self, key)
            if not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
                raise RaceDefinitionError(f"{where}: {key} must be a positive number")
        if self.boat not in BUILTIN_POLARS and not Path(self.boat).is_file():
            raise RaceDefinitionError(
                f"{where}: boat {self.boat!r} is not a built-in class "
                f"({', '.join(BUILTIN_POLARS)}) nor a polar file"
            )
        if self.weather_dir is not None and not Path(self.weather_dir).is_dir():
            raise RaceDefinitionError(f"{where}: weather_dir {self.weather_dir} is not a folder")
        try:
            self.config()
        except (ValueError, CourseError) as exc:
            raise RaceDefinitionError(f"{where}: {exc}") from None

    def course_object(self) -> Course:
        if isinstance(self.course, str):
            if self.course not in COURSES:
                raise CourseError(
                    f"unknown course {self.course!r}; built-in: {', '.join(COURSES)}, "
                    "or a table of marks"
                )
            return demo_course(self.course)
        return Course.from_dict({"name": self.name, **self.course})

    def config(self) -> RaceConfig:
        """The engine's configuration: bots first, then the players' boats."""
        return RaceConfig(
            self.course_object(),
            boat=self.boat,
            n_boats=self.bots + self.players,
            wind=self.wind,
            tick_s=float(self.tick_s),
            seed=self.seed,
            bots=self.bots > 0,
            players=self.players,
        )

    # -- the clock ------------------------------------------------------------------------

    @property
    def epoch(self) -> dt.datetime:
        """Calendar time of race time 0, for aligning forecasts."""
        return self.weather_epoch or self.start

    @property
    def duration_s(self) -> float:
        """Race seconds from the start to the end."""
        return (self.end - self.start).total_seconds() * self.time_factor

    @property
    def last_tick(self) -> int:
        return int(self.duration_s // self.tick_s)

    def race_time(self, now: dt.datetime) -> float:
        """Race seconds at wall time `now` (0 before the start, the duration after the end)."""
        elapsed = (now - self.start).total_seconds() * self.time_factor
        return min(max(elapsed, 0.0), self.duration_s)

    def tick_due(self, now: dt.datetime) -> int:
        """How many ticks the race should have sailed by `now`."""
        return min(int(self.race_time(now) // self.tick_s), self.last_tick)

    def wall_time(self, tick: int) -> dt.datetime:
        """When tick `tick` is due on the wall clock."""
        return self.start + dt.timedelta(seconds=tick * self.tick_s / self.time_factor)

    def status(self, now: dt.datetime, finished: bool = False) -> str:
        if now < self.registration_opens:
            return "scheduled"
        if now < self.start:
            return "open"
        if now < self.end and not finished:
            return "racing"
        return "finished"

    def to_json(self) -> str:
        d = asdict(self)
        for key in ("registration_opens", "start", "end", "weather_epoch"):
            if d[key] is not None:
                d[key] = d[key].isoformat()
        return json.dumps(d, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> RaceDefinition:
        return cls.from_dict(json.loads(text))


def load_definitions(path: str | Path) -> list[RaceDefinition]:
    """The races of a TOML or JSON file; RaceDefinitionError names the first fault."""
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RaceDefinitionError(f"cannot read the race file {p}: {exc}") from None
    try:
        data = json.loads(text) if p.suffix.lower() == ".json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise RaceDefinitionError(f"{p.name}: not valid {p.suffix[1:].upper()} ({exc})") from None
    races = data.get("race") if isinstance(data, dict) else None
    if not isinstance(races, list) or not all(isinstance(r, dict) for r in races):
        raise RaceDefinitionError(f"{p.name}: expected a list of [[race]] tables")
    out = [RaceDefinition.from_dict(r) for r in races]
    slugs = [r.slug for r in out]
    dupes = sorted({s for s in slugs if slugs.count(s) > 1})
    if dupes:
        raise RaceDefinitionError(f"{p.name}: race slug(s) used twice: {', '.join(dupes)}")
    return out


def demo_definition(now: dt.datetime, number: int = 1) -> RaceDefinition:
    """ "One Provence Méditerranée", accelerated (1 real second = 10 race minutes), with
    bots, starting a few seconds from `now`: boats move within a minute."""
    start = now.replace(microsecond=0) + dt.timedelta(seconds=5)
    factor = 600.0
    return RaceDefinition(
        slug=f"demo-mediterranee-{number}",
        name="One Provence Méditerranée (demo)",
        course="mediterranee",
        registration_opens=now.replace(microsecond=0),
        start=start,
        end=start + dt.timedelta(seconds=8 * 86400 / factor),
        boat="class40",
        players=1000,
        bots=300,
        tick_s=600.0,
        time_factor=factor,
        wind={"kind": "scenario", "name": "mistral", "seed": number, "hours": 8 * 24 + 24},
        seed=number,
        track_every=3,
        checkpoint_every=10,
    )
