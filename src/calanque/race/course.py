"""Race courses: a start line, ordered gates and waypoints, a finish line.

Marks are stored as flat arrays so the tick can gather each boat's next mark
with one `take`. A waypoint is rounded when a step passes within its radius;
a gate (and the finish) when a step crosses its line.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from calanque.errors import CalanqueError
from calanque.race.geo import haversine_nm
from calanque.race.land import LandMask

__all__ = ["Course", "CourseError", "Mark", "crosses_line", "passes_within"]

KIND_WAYPOINT, KIND_GATE = 0, 1
MarkKind = Literal["start", "gate", "waypoint", "finish"]


class CourseError(CalanqueError, ValueError):
    """A course that cannot be raced (bad marks, legs across land)."""


@dataclass(frozen=True)
class Mark:
    """One mark. Lines (start, gate, finish) use both points; a waypoint only the first.

    lat, lon, lat2, lon2 in degrees; radius_nm for waypoints.
    """

    name: str
    kind: MarkKind
    lat: float
    lon: float
    lat2: float | None = None
    lon2: float | None = None
    radius_nm: float = 1.0

    @property
    def target(self) -> tuple[float, float]:
        """Point a boat heads for and distances are measured to (line midpoint)."""
        if self.kind == "waypoint":
            return self.lat, self.lon
        return (self.lat + self.lat2) / 2, (self.lon + self.lon2) / 2  # type: ignore[operator]


@dataclass(frozen=True, eq=False)
class Course:
    """An ordered course: marks[0] is the start line, marks[-1] the finish line."""

    name: str
    marks: tuple[Mark, ...]

    def __post_init__(self) -> None:
        _check_marks(self.marks)
        tl = np.array([m.target for m in self.marks])
        lines = np.array(
            [
                [
                    m.lat,
                    m.lon,
                    m.lat2 if m.lat2 is not None else m.lat,
                    m.lon2 if m.lon2 is not None else m.lon,
                ]
                for m in self.marks
            ]
        )
        legs = haversine_nm(tl[:-1, 0], tl[:-1, 1], tl[1:, 0], tl[1:, 1])
        # remaining[i]: distance from mark i's target to the finish along the course.
        remaining = np.concatenate((np.cumsum(legs[::-1])[::-1], [0.0]))
        object.__setattr__(self, "target_lat", tl[:, 0])
        object.__setattr__(self, "target_lon", tl[:, 1])
        object.__setattr__(self, "line", lines)
        object.__setattr__(
            self,
            "kind",
            np.array(
                [KIND_WAYPOINT if m.kind == "waypoint" else KIND_GATE for m in self.marks], np.int8
            ),
        )
        object.__setattr__(self, "radius_nm", np.array([m.radius_nm for m in self.marks]))
        object.__setattr__(self, "legs_nm", legs)
        object.__setattr__(self, "remaining_nm", remaining)

    target_lat: NDArray[np.float64] = field(init=False, repr=False)
    target_lon: NDArray[np.float64] = field(init=False, repr=False)
    line: NDArray[np.float64] = field(
        init=False, repr=False
    )  #: (n_marks, 4) lat1, lon1, lat2, lon2
    kind: NDArray[np.int8] = field(init=False, repr=False)
    radius_nm: NDArray[np.float64] = field(init=False, repr=False)
    legs_nm: NDArray[np.float64] = field(init=False, repr=False)
    remaining_nm: NDArray[np.float64] = field(init=False, repr=False)

    @property
    def length_nm(self) -> float:
        return float(self.remaining_nm[0])

    def to_dict(self) -> dict:
        return {"name": self.name, "marks": [asdict(m) for m in self.marks]}

    @classmethod
    def from_dict(cls, data: dict) -> Course:
        try:
            return cls(data["name"], tuple(Mark(**m) for m in data["marks"]))
        except (KeyError, TypeError) as exc:
            raise CourseError(f"malformed course description: {exc}") from None

    def check_land(self, land: LandMask) -> None:
        """Raise CourseError if a mark is on land or a leg crosses land."""
        pts = [(m.name, m.lat, m.lon) for m in self.marks]
        pts += [
            (m.name, m.lat2, m.lon2)
            for m in self.marks
            if m.lat2 is not None and m.lon2 is not None
        ]
        on_land = land.is_land(np.array([p[1] for p in pts]), np.array([p[2] for p in pts]))
        for (name, lat, lon), bad in zip(pts, on_land, strict=True):
            if bad:
                raise CourseError(f"mark {name!r} at {lat:.4f}N {lon:.4f}E is on land")
        for m in self.marks:
            if (
                m.lat2 is not None
                and m.lon2 is not None
                and np.isfinite(
                    land.segment_hits_land(
                        np.array([m.lat]), np.array([m.lon]), np.array([m.lat2]), np.array([m.lon2])
                    )
                )[0]
            ):
                raise CourseError(f"line of mark {m.name!r} crosses land")
        t = land.segment_hits_land(
            self.target_lat[:-1], self.target_lon[:-1], self.target_lat[1:], self.target_lon[1:]
        )
        for i in np.flatnonzero(np.isfinite(t)):
            a, b = self.marks[i].name, self.marks[i + 1].name
            raise CourseError(f"leg {a!r} → {b!r} crosses land; add a waypoint in open water")


def _check_marks(marks: tuple[Mark, ...]) -> None:
    if len(marks) < 2:
        raise CourseError("a course needs at least a start and a finish")
    if marks[0].kind != "start" or marks[-1].kind != "finish":
        raise CourseError("the first mark must be the start and the last the finish")
    for m in marks:
        if m.kind not in ("start", "gate", "waypoint", "finish"):
            raise CourseError(f"mark {m.name!r}: unknown kind {m.kind!r}")
        if m.kind in ("start", "finish") and m is not marks[0] and m is not marks[-1]:
            raise CourseError(f"mark {m.name!r}: start/finish only at the ends of the course")
        coords = [m.lat, m.lon] + ([m.lat2, m.lon2] if m.kind != "waypoint" else [])
        if any(c is None or not np.isfinite(c) for c in coords):
            raise CourseError(f"mark {m.name!r}: missing coordinates ({m.kind} needs two points)")
        if not (-80 <= m.lat <= 80 and -180 <= m.lon <= 180):
            raise CourseError(f"mark {m.name!r}: coordinates out of range")
        if m.kind == "waypoint" and not m.radius_nm > 0:
            raise CourseError(f"mark {m.name!r}: radius must be positive")


def crosses_line(
    lat0: NDArray, lon0: NDArray, lat1: NDArray, lon1: NDArray, line: NDArray
) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    """Does each step cross its line, and at which fraction of the step; shapes (k,).

    line : ndarray of shape (k, 4), lat1, lon1, lat2, lon2 (degrees).
    """
    rx, ry = lon1 - lon0, lat1 - lat0
    sx, sy = line[:, 3] - line[:, 1], line[:, 2] - line[:, 0]
    wx, wy = line[:, 1] - lon0, line[:, 0] - lat0
    den = rx * sy - ry * sx
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (wx * sy - wy * sx) / den
        u = (wx * ry - wy * rx) / den
    ok = (den != 0) & (t >= 0) & (t <= 1) & (u >= 0) & (u <= 1)
    return ok, np.where(ok, t, 1.0)


def passes_within(
    lat0: NDArray,
    lon0: NDArray,
    lat1: NDArray,
    lon1: NDArray,
    plat: NDArray,
    plon: NDArray,
    radius_nm: NDArray,
) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    """Whether each step comes within `radius_nm` of its point; step fraction of closest approach.

    Local equirectangular frame in nautical miles, exact enough over one step.
    """
    k = np.cos(np.deg2rad(plat)) * 60.0
    ax, ay = (lon0 - plon) * k, (lat0 - plat) * 60.0
    dx, dy = (lon1 - lon0) * k, (lat1 - lat0) * 60.0
    dd = dx * dx + dy * dy
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.clip(-(ax * dx + ay * dy) / dd, 0.0, 1.0)
    t = np.where(dd > 0, t, 0.0)
    cx, cy = ax + t * dx, ay + t * dy
    return cx * cx + cy * cy <= radius_nm * radius_nm, t
