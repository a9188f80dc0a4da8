from __future__ import annotations

import pytest

from calanque.equity.scope import classify
from calanque.territory.gazetteer import Gazetteer
from calanque.territory.pack import load_pack


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer(load_pack("aix-marseille-provence"))


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Où faire de la randonnée dans la métropole ?", "territory"),
        ("Where can I go hiking around Aix-Marseille?", "territory"),
        ("Which towns suit a young family moving for work?", "territory"),
        ("Quelles communes choisir pour s'installer avec des enfants ?", "territory"),
        ("Where to swim with children?", "territory"),
        ("Que visiter à Salon-de-Provence ?", "place"),
        ("Where can I go hiking around Marseille?", "place"),
        ("Que faire autour de Marseille ?", "place"),
        ("Quels villages visiter dans le Pays d'Aix ?", "place"),
        ("Dans la métropole, que faire à Cassis ?", "place"),
        ("Les Aixois aiment-ils le calisson ?", "place"),
        ("Qui a écrit les Prophéties ?", "none"),
        ("Où est né Napoléon ?", "none"),
        ("What is a calisson made of?", "none"),
        ("Comment créer son entreprise ?", "none"),
        # a council of the territory is one of its parts
        ("Which territory council?", "none"),
        ("Quel conseil de territoire ?", "none"),
        ("Que faire sur le territoire ?", "territory"),
        # a word of a hyphened name is the name's: another department, not Provence
        ("Une école a été créée à Manosque, dans les Alpes-de-Haute-Provence.", "none"),
        ("Que faire en Provence ?", "territory"),
        ("Where to hike in the Bouches-du-Rhône?", "territory"),
    ],
)
def test_scope(gaz: Gazetteer, question: str, kind: str) -> None:
    assert classify(question, gaz.read(question), gaz.pack.name).kind == kind


def test_place_scope_carries_the_places(gaz: Gazetteer) -> None:
    scope = classify(q := "De Martigues à Istres, où se baigner ?", gaz.read(q), gaz.pack.name)
    assert (scope.kind, scope.communes) == ("place", ("13056", "13047"))


def test_the_territory_s_names_come_from_its_pack(gaz: Gazetteer) -> None:
    """ "Provence", "provençales", "Bouches-du-Rhône" are the pack's (`ambiguous.csv`), not the
    code's: they locate a question and are no words of what it asks."""
    q = "Quelles spécialités provençales goûter ?"
    scope = classify(q, gaz.read(q), gaz.pack.name)
    assert scope.kind == "territory" and "provençales" in scope.area_words
    # without the pack, they are words like any other
    assert classify("Que faire en Provence ?").kind == "none"
    # a region holding the territory makes it territory-wide, and its words stay asked: "Combien
    # de communes compte le département des Bouches-du-Rhône ?" is not the metropolis' 92
    q = "Combien de communes compte le département des Bouches-du-Rhône ?"
    scope = classify(q, gaz.read(q), gaz.pack.name)
    assert scope.kind == "territory" and "rhône" not in scope.area_words


def test_without_a_gazetteer_only_cues_count() -> None:
    assert classify("Where to hike in the region?").kind == "territory"
    assert classify("What is the mistral?").kind == "none"
