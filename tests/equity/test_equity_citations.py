"""Citing across groups: the extractive backend's spread, its order, and its word matching."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from calanque.answer.extractive import ExtractiveBackend, fair_order
from calanque.answer.types import AnswerRequest, Source
from calanque.equity.metrics import awrf
from calanque.index.store import StoredChunk

GROUPS = ["A", "B", "C", "D", "E", "F"]


def source(number: int, text: str, group: str) -> Source:
    chunk = StoredChunk(
        number, number, 0, (), text, "fr", [group], f"doc{number}", "T", "guide", "s", 1.0, None, {}
    )
    return Source(number, chunk, 1.0 / number)


def test_fair_order_puts_the_lone_group_first() -> None:
    rows = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    target = np.array([0.5, 0.5])
    order = fair_order(rows, target)
    assert order == [2, 0, 1]
    assert awrf(rows[order], target) > awrf(rows, target)


def test_fair_order_keeps_the_lead_first() -> None:
    """The most relevant sentence opens the answer; only the others are ordered for fairness."""
    rows = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    target = np.array([0.5, 0.5])
    assert fair_order(rows, target, lead=0) == [0, 2, 1]
    many = np.vstack([np.eye(4)] * 2)  # eight items: the greedy path
    order = fair_order(many, np.full(4, 0.25), lead=5)
    assert order[0] == 5 and sorted(order) == list(range(8))
    assert awrf(many[order], np.full(4, 0.25)) >= awrf(many[[5, *range(5), 6, 7]], np.full(4, 0.25))


def test_fair_order_keeps_the_given_order_on_ties() -> None:
    assert fair_order(np.eye(3), np.full(3, 1 / 3))[:1] == [0]
    assert fair_order(np.zeros((2, 3)), np.full(3, 1 / 3)) == [0, 1]


def test_territory_answer_cites_one_source_per_group() -> None:
    """Six relevant passages from six groups, the first three from one group: the answer cites
    six distinct groups, not the top three, and their order scores near the target."""
    sources = [
        source(1, "Le marché du samedi réunit les producteurs de la vallée.", "A"),
        source(2, "Un second marché du mardi se tient sur le cours principal.", "A"),
        source(3, "Le marché paysan du jeudi accueille les maraîchers.", "A"),
        source(4, "Le marché aux poissons vend la pêche du jour sur le port.", "B"),
        source(5, "Le marché provençal anime la place du village chaque matin.", "C"),
        source(6, "Un marché de producteurs se tient devant la mairie en été.", "D"),
        source(7, "Le grand marché hebdomadaire occupe les rues du centre ancien.", "E"),
        source(8, "Le marché nocturne de l'été attire les familles sur les quais.", "F"),
    ]
    target = {g: 1 / 6 for g in GROUPS}
    request = AnswerRequest(
        "Où trouver des marchés dans la région ?",
        "fr",
        sources,
        area_words=["région"],
        spread={s.number: {s.chunk.communes[0]: 1.0} for s in sources},
        exposure_target=target,
    )
    chosen = ExtractiveBackend().select(request)
    cited_groups = [c.source.chunk.communes[0] for c in chosen]
    assert sorted(cited_groups) == GROUPS
    rows = np.array([[g == h for h in GROUPS] for g in cited_groups], dtype=float)
    assert awrf(rows, np.full(6, 1 / 6)) > 0.97


def test_a_question_word_counts_once_whatever_its_form() -> None:
    """`festival` answers "festivals" as much as the plural does: the singular sentence from
    another group is not filtered out as off-topic."""
    sources = [
        source(1, "Pour découvrir les festivals de musique, suivez les soirées du port.", "A"),
        source(2, "Chaque année, le festival de danse réunit des troupes du monde entier.", "B"),
    ]
    request = AnswerRequest(
        "Quels festivals de musique découvrir dans la région ?",
        "fr",
        sources,
        area_words=["région"],
        spread={1: {"A": 1.0}, 2: {"B": 1.0}},
        exposure_target={"A": 0.5, "B": 0.5},
    )
    chosen = ExtractiveBackend().select(request)
    assert {c.source.number for c in chosen} == {1, 2}


def test_the_citations_are_chosen_as_a_sequence_not_one_at_a_time() -> None:
    """Three passages on B, one on A and C, one on D, one on C. Choosing position by position
    stopped after three citations (a fourth looked like piling onto C); seen as a whole
    sequence, citing the C passage as well, and ordering the four well, is fairer."""
    texts = [
        "Le marché du samedi réunit les producteurs de la vallée.",
        "Un marché du mardi se tient sur le cours principal.",
        "Le marché paysan du jeudi accueille les maraîchers.",
        "Le marché aux poissons vend la pêche du jour sur le port.",
        "Le marché provençal anime la place du village chaque matin.",
        "Un marché de producteurs se tient devant la mairie en été.",
    ]
    spread = [{"B": 1.0}, {"B": 1.0}, {"B": 1.0}, {"C": 0.5, "A": 0.5}, {"D": 1.0}, {"C": 1.0}]
    sources = [source(i + 1, text, "A") for i, text in enumerate(texts)]
    groups = ["A", "B", "C", "D"]
    request = AnswerRequest(
        "Où trouver des marchés dans la région ?",
        "fr",
        sources,
        area_words=["région"],
        spread={i + 1: s for i, s in enumerate(spread)},
        exposure_target={g: 0.25 for g in groups},
    )
    chosen = [c.source.number for c in ExtractiveBackend().select(request)]
    assert chosen[0] == 1 and sorted(chosen) == [1, 4, 5, 6]  # the lead, then one per group
    rows = np.array([[spread[n - 1].get(g, 0.0) for g in groups] for n in chosen])
    target = np.full(4, 0.25)
    best = max(
        awrf(rows[[0, *rest]], target) for rest in itertools.permutations(range(1, len(chosen)))
    )
    assert awrf(rows, target) == pytest.approx(best)
