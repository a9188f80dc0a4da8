"""The demo race "One Provence Méditerranée" and a short coastal sprint.

Marks are placed in open water off the landmarks of the shipped reference
points (`data/marseille_med_reference_points.csv`): a landmark is often on
land by definition, so each mark records the landmark it stands for and the
offset applied. Route waypoints keep legs off the coast; `Course.check_land`
proves every leg clear of Natural Earth 10 m land.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from calanque.race.course import Course, CourseError, Mark

__all__ = ["COURSES", "demo_course", "reference_points"]


@cache
def reference_points() -> dict[str, tuple[float, float]]:
    """Landmark name → (lat, lon) in degrees, from the shipped CSV."""
    ref = resources.files("calanque.race") / "data" / "marseille_med_reference_points.csv"
    rows = csv.DictReader(ref.read_text("utf-8").splitlines())
    return {r["name"]: (float(r["lat"]), float(r["lon"])) for r in rows}


def _off(name: str, dlat: float, dlon: float) -> tuple[float, float]:
    lat, lon = reference_points()[name]
    return round(lat + dlat, 4), round(lon + dlon, 4)


def _med() -> Course:
    planier = _off("Phare du Planier", -0.03, 0.0)  # start/finish line 1.8 nm south of Planier
    porq = _off("Île de Porquerolles", -0.07, 0.0)
    gir = _off("Giraglia (island off Cap Corse)", 0.055, 0.09)
    bon = reference_points()["Bouches de Bonifacio (strait)"]
    cap_bon = _off("Cap Bon (tip)", 0.11, 0.11)
    barca = _off("Port Vell (Barcelona)", -0.13, 0.22)
    marks = (
        Mark(
            "Start off Planier",
            "start",
            planier[0],
            planier[1] - 0.04,
            planier[0],
            planier[1] + 0.04,
        ),
        Mark("Porquerolles (S)", "waypoint", *porq, radius_nm=1.0),
        Mark("Giraglia (NE)", "waypoint", *gir, radius_nm=1.0),
        Mark("East of Corsica", "waypoint", 42.3, 9.8, radius_nm=2.0),
        Mark(
            "Bouches de Bonifacio gate",
            "gate",
            bon[0] + 0.04,
            bon[1] - 0.01,
            bon[0] - 0.04,
            bon[1] - 0.01,
        ),
        Mark("West of Bonifacio", "waypoint", 41.3, 8.7, radius_nm=2.0),
        Mark("Asinara offing", "waypoint", 41.1, 7.95, radius_nm=2.0),
        Mark("West of Sardinia", "waypoint", 39.6, 7.9, radius_nm=2.0),
        Mark("Capo Teulada offing", "waypoint", 38.5, 8.3, radius_nm=2.0),
        Mark("Cap Bon (NE)", "waypoint", *cap_bon, radius_nm=1.0),
        Mark("Barcelona (SE)", "waypoint", *barca, radius_nm=1.0),
        Mark("Cap de Creus offing", "waypoint", 42.2, 3.7, radius_nm=2.0),
        Mark(
            "Finish off Planier",
            "finish",
            planier[0],
            planier[1] - 0.04,
            planier[0],
            planier[1] + 0.04,
        ),
    )
    return Course("One Provence Méditerranée", marks)


def _sprint() -> Course:
    planier = _off("Phare du Planier", -0.03, 0.0)
    porq = _off("Île de Porquerolles", -0.07, 0.0)
    line = (planier[0], planier[1] - 0.04, planier[0], planier[1] + 0.04)
    marks = (
        Mark("Start off Planier", "start", *line),
        Mark("Porquerolles (S)", "waypoint", *porq, radius_nm=1.0),
        Mark("Finish off Planier", "finish", *line),
    )
    return Course("Planier–Porquerolles sprint", marks)


COURSES = {"mediterranee": _med, "sprint": _sprint}


def demo_course(name: str = "mediterranee") -> Course:
    """A built-in course: `mediterranee` (~1 200 nm) or `sprint` (~90 nm)."""
    if name not in COURSES:
        raise CourseError(f"unknown course {name!r}; choose one of {', '.join(COURSES)}")
    return COURSES[name]()
