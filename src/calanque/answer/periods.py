"""The months a text speaks of: its month names, seasons and the whole year.

A list asked for a time ("Quelles fêtes en hiver ?", "Which festivals in July?") is answered by
what happens then; the fête de la Saint-Jean "autour du 24 juin" is no winter feast, however
well its sentence matches "fêtes". Months are the common measure of the ways a time is said
(a month, a season, "toute l'année"), so both the question and a candidate sentence are read
into a set of months and compared.
"""

from __future__ import annotations

import re

from calanque.index.analysis import fold, tokens

_MONTHS = {
    name: month
    for month, names in enumerate(
        (
            "janvier january",
            "fevrier february",
            "mars march",
            "avril april",
            "mai",
            "juin june",
            "juillet july",
            "aout august",
            "septembre september",
            "octobre october",
            "novembre november",
            "decembre december noel christmas",
        ),
        start=1,
    )
    for name in names.split()
}
_SEASONS = {
    "hiver": (12, 1, 2),
    "winter": (12, 1, 2),
    "printemps": (3, 4, 5),
    "spring": (3, 4, 5),
    "ete": (6, 7, 8),
    "summer": (6, 7, 8),
    "automne": (9, 10, 11),
    "autumn": (9, 10, 11),
    "fall": (9, 10, 11),
}
_YEAR = tuple(range(1, 13))
_PERIOD = re.compile(
    r"\b(?:" + "|".join(_MONTHS) + r")\b"
    # "été" is a season after an article or a preposition only: "a été construite" is no summer
    r"|\b(?:en|l|cet|d|the|in|this|of) (?:ete|fall)\b"
    r"|\b(?:hiver|winter|printemps|spring|summer|automne|autumn)\b"
    # "May" is a month before or after a day's number, or after "in": "you may" is not
    r"|\b(?:in|early|late|mid) may\b|\b\d{1,2} may\b|\bmay \d{1,2}\b"
    r"|\b(?:toute l annee|tout au long de l annee|all year|year round|all year round)\b"
)


def months(text: str) -> frozenset[int]:
    """The months `text` speaks of; empty when it names no time of year."""
    found: set[int] = set()
    for match in _PERIOD.finditer(" ".join(fold(w) for w in tokens(text))):
        words = match.group().split()
        last = words[-1]
        if last in _MONTHS:
            found.add(_MONTHS[last])
        elif last in _SEASONS:
            found.update(_SEASONS[last])
        elif "may" in words:
            found.add(5)
        else:  # the whole year
            found.update(_YEAR)
    return frozenset(found)
