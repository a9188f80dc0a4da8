"""The months a text speaks of (`periods.py`)."""

from __future__ import annotations

import pytest

from calanque.answer.periods import months


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quelles fêtes en hiver ?", {12, 1, 2}),
        ("Which festivals take place in summer?", {6, 7, 8}),
        ("à la fin de l'été ou au début de l'automne", {6, 7, 8, 9, 10, 11}),
        ("les fêtes du 14 Juillet", {7}),
        ("les traditions provençales de Noël", {12}),
        ("tout au long de l'année", set(range(1, 13))),
        ("open all year round", set(range(1, 13))),
        ("festivals throughout the year", set(range(1, 13))),
        ("the market opens in May", {5}),
        ("le 1er mai", {5}),
        ("du 1er juin au 30 septembre", {6, 7, 8, 9}),  # a span, every month of it
        ("from November to February", {11, 12, 1, 2}),
        ("en juin et en septembre", {6, 9}),  # two months, no span
        ("les festivités estivales", {6, 7, 8}),
        ("des étés chauds et secs", {6, 7, 8}),  # "étés" after a plural article
    ],
)
def test_a_time_of_year_is_read_as_its_months(text: str, expected: set[int]) -> None:
    assert months(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "L'aqueduc a été construit au XIXe siècle.",  # "été", the verb
        "Visitors may enter the park at any time.",  # "may", the verb
        "Heavy rains fall on the hills.",  # "fall", the verb
        "Vous êtes les bienvenus au musée.",  # "êtes", the verb
        "Marseille, fondée en 600 av. J.-C.",  # a year is no time of year
    ],
)
def test_a_text_naming_no_time_of_year_has_no_months(text: str) -> None:
    assert months(text) == frozenset()
