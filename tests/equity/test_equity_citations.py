"""Citing across groups: the extractive backend's spread, its order, and its word matching."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from calanque.answer.extractive import ExtractiveBackend
from calanque.answer.question import QuestionAnalyzer
from calanque.answer.reading import Reader
from calanque.answer.types import AnswerRequest, Source
from calanque.equity.citations import fair_order
from calanque.equity.exposure import Equity
from calanque.equity.metrics import awrf
from calanque.equity.policy import EquityPolicy
from calanque.index.store import StoredChunk
from calanque.territory.pack import Commune, TerritoryPack

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


def _pack(groups: list[str]) -> TerritoryPack:
    """One commune per group, named after it."""
    communes = {g: Commune(g, g, 1000, 0.0, 0.0, 1.0, (), g) for g in groups}
    return TerritoryPack("t", "T", Path("."), "", ("fr",), "fr", {}, tuple(groups), communes)


def cited(question: str, sources: list[Source], groups: list[str]) -> list[int]:
    """Source numbers the extractive answer cites, in order, under the uniform policy."""
    analysis = QuestionAnalyzer(None).analyse(question)
    request = AnswerRequest(
        analysis,
        sources,
        Reader().read(analysis, sources),
        equity=Equity(_pack(groups), EquityPolicy("uniform")),
    )
    return list(dict.fromkeys(q.source for q in ExtractiveBackend().compose(request).quotes))


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
    numbers = cited("Où trouver des marchés dans la région ?", sources, GROUPS)
    cited_groups = [sources[n - 1].chunk.communes[0] for n in numbers]
    assert sorted(cited_groups) == GROUPS
    rows = np.array([[g == h for h in GROUPS] for g in cited_groups], dtype=float)
    assert awrf(rows, np.full(6, 1 / 6)) > 0.97


def test_a_question_word_counts_once_whatever_its_form() -> None:
    """`festival` answers "festivals" as much as the plural does: the singular sentence from
    another group is not filtered out as off-topic."""
    sources = [
        source(1, "Pour découvrir les festivals de musique, suivez les soirées du port.", "A"),
        source(2, "Chaque année, le festival de musique réunit des troupes du monde entier.", "B"),
    ]
    numbers = cited("Quels festivals de musique découvrir dans la région ?", sources, ["A", "B"])
    assert set(numbers) == {1, 2}


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
    where = [["B"], ["B"], ["B"], ["C", "A"], ["D"], ["C"]]
    sources = [source(i + 1, text, "A") for i, text in enumerate(texts)]
    for s, communes in zip(sources, where, strict=True):
        s.chunk.communes[:] = communes
    groups = ["A", "B", "C", "D"]
    chosen = cited("Où trouver des marchés dans la région ?", sources, groups)
    assert chosen[0] == 1 and sorted(chosen) == [1, 4, 5, 6]  # the lead, then one per group
    rows = np.array([[where[n - 1].count(g) / len(where[n - 1]) for g in groups] for n in chosen])
    target = np.full(4, 0.25)
    best = max(
        awrf(rows[[0, *rest]], target) for rest in itertools.permutations(range(1, len(chosen)))
    )
    assert awrf(rows, target) == pytest.approx(best)


def test_the_finest_of_a_kind_opens_a_territory_list() -> None:
    """ "Quelle est la plus belle calanque ?" opened on a garden at La Ciotat, the fair order's
    first group: the one said to be among the finest comes first, the others fairly after."""
    sources = [
        source(1, "La plage du Port offre du sable fin au pied du village.", "A"),
        source(2, "La plage du Lido offre du sable fin et des cabines.", "A"),
        source(3, "La plage des Pins est l'une des plus belles de la côte, loin du port.", "A"),
        source(4, "La plage du Cap offre des galets et une eau claire.", "B"),
        source(5, "La plage de la Pointe offre une crique de sable.", "C"),
    ]
    numbers = cited("Quelle est la plus belle plage de la région ?", sources, ["A", "B", "C"])
    assert numbers[0] == 3 and {4, 5} <= set(numbers), numbers
