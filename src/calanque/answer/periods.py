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

# Each month's names, French then English, folded: what a date says ("en juillet", "in May").
MONTH_NAMES = (
    "janvier january",
    "fevrier february",
    "mars march",
    "avril april",
    "mai may",
    "juin june",
    "juillet july",
    "aout august",
    "septembre september",
    "octobre october",
    "novembre november",
    "decembre december",
)
# … and the feast that names a month; not "may", which is a month only as a date says it (below)
_MONTHS = {
    name: month
    for month, names in enumerate((*MONTH_NAMES[:-1], MONTH_NAMES[-1] + " noel christmas"), 1)
    for name in names.split()
    if name != "may"
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
    # (in the plural, "in some summers", "des hivers doux", unless another word: "springs")
    "hivers": (12, 1, 2),
    "winters": (12, 1, 2),
    "summers": (6, 7, 8),
    "etes": (6, 7, 8),
    "autumns": (9, 10, 11),
    "automnes": (9, 10, 11),
    **dict.fromkeys("estival estivale estivales estivaux".split(), (6, 7, 8)),
    **dict.fromkeys("hivernal hivernale hivernales hivernaux".split(), (12, 1, 2)),
    **dict.fromkeys("printanier printaniere printaniers printanieres".split(), (3, 4, 5)),
    **dict.fromkeys("automnal automnale automnales automnaux".split(), (9, 10, 11)),
}
_YEAR = tuple(range(1, 13))
_PERIOD = re.compile(
    r"\b(?:" + "|".join(_MONTHS) + r")\b"
    # "été" is a season after an article or a preposition only: "a été construite" is no summer
    r"|\b(?:en|l|cet|d|the|in|this|of) (?:ete|fall)\b"
    # … and "étés" after a plural article: "des étés chauds", not "vous êtes"
    r"|\b(?:les|des|ces|nos|leurs) etes\b"
    r"|\b(?:hivers?|winters?|printemps|spring|summers?|automnes?|autumns?|estival|estivale"
    r"|estivales"
    r"|estivaux|hivernal|hivernale|hivernales|hivernaux|printanier|printaniere|printaniers"
    r"|printanieres|automnal|automnale|automnales|automnaux)\b"
    # "May" is a month before or after a day's number, or after "in": "you may" is not
    r"|\b(?:in|early|late|mid) may\b|\b\d{1,2} may\b|\bmay \d{1,2}\b"
    r"|\b(?:toute l annee|tout au long de l annee|all year|year round|throughout the year)\b"
)


# what joins the two ends of a span of months: "du 1er juin au 30 septembre", "from June to
# September", "de la fin novembre à la fin décembre"
_SPAN = re.compile(r"^(?:\s+\S+){0,3}?\s+(?:au|a|to|until|till|jusqu)\s+(?:\S+\s+){0,3}?$")


def months(text: str) -> frozenset[int]:
    """The months `text` speaks of; empty when it names no time of year."""
    folded = " ".join(fold(w) for w in tokens(text))
    found: set[int] = set()
    month_end = -1
    month = 0
    for match in _PERIOD.finditer(folded):
        words = match.group().split()
        last = words[-1]
        if last in _MONTHS:
            this = _MONTHS[last]
            if month and _SPAN.match(folded[month_end : match.start()]):
                # every month of the span, across the new year too
                found.update((month + k) % 12 + 1 for k in range((this - month) % 12))
            found.add(this)
            month, month_end = this, match.end()
        elif last in _SEASONS:
            found.update(_SEASONS[last])
        elif "may" in words:
            found.add(5)
        else:  # the whole year
            found.update(_YEAR)
    return frozenset(found)
