"""Place linking traps on the real bundled pack (it loads in a fraction of a second)."""

from __future__ import annotations

from pathlib import Path

import pytest

from calanque.territory.gazetteer import Gazetteer
from calanque.territory.pack import load_pack

EVAL = Path(__file__).resolve().parents[2] / "bench" / "data" / "gazetteer_eval.tsv"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer(load_pack("aix-marseille-provence"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Common words that are also communes.
        ("Une crème de cassis et un sorbet à la framboise.", []),
        ("Cassis et framboise parfument ce gâteau.", []),
        ("Cassis est un petit port de pêche.", ["13022"]),
        ("Les calanques de Cassis attirent les marcheurs.", ["13022"]),
        ("Cassis et La Ciotat partagent la route des Crêtes.", ["13022", "13028"]),
        ("Les venelles du vieux village sont étroites.", []),
        ("Venelles est une commune du plateau.", ["13113"]),
        ("Nous aurons besoin d'une voiture.", []),
        ("Hikers should carry water.", []),
        ("Carry is a small harbour on the Côte Bleue.", ["13021"]),
        ("Le salon est meublé d'un canapé.", []),
        ("Le Salon du livre se tient au printemps.", []),
        ("Elle expose au Salon de l'agriculture.", []),
        ("À Salon, la Patrouille de France s'entraîne.", ["13103"]),
        ("Le pertuis d'Antioche sépare deux îles.", []),
        ("La couronne du roi était sertie de rubis.", []),
        # Streets named after a commune.
        ("Il loue un studio rue de Gardanne, à Marseille.", ["13055"]),
        ("Prenez l'avenue d'Aix puis la deuxième à droite.", []),
        ("Le restaurant est boulevard de la Ciotat, à Aubagne.", ["13005"]),
        # A landform named after one: the cape at Carry-le-Rouet, not Rousset.
        ("À Carry-le-Rouet, la plage du Cap Rousset entoure le port.", ["13021"]),
        ("Le cap de Rousset n'existe pas, Rousset est une commune.", ["13087"]),
        # Other places with our names inside, and names of areas that are not communes.
        ("Aix-les-Bains est une station thermale.", []),
        ("Marseille-en-Beauvaisis est un village de l'Oise.", []),
        ("La cathédrale du Puy-en-Velay.", []),
        ("L'étang de Berre est un grand étang salé.", []),
        ("Le public a chanté La Marseillaise.", []),
        ("Le Pays d'Aix regroupe trente-six communes.", []),
        ("La métropole Aix-Marseille-Provence compte 92 communes.", []),
        # Near names, articles, elisions, hyphens, demonyms, sub-areas.
        ("Saint-Chamas et Saint-Cannat", ["13092", "13091"]),
        ("Port-de-Bouc et Bouc-Bel-Air", ["13077", "13015"]),
        ("On monte au Rove par la Nerthe.", ["13088"]),
        ("La mairie des Pennes-Mirabeau.", ["13071"]),
        ("Le festival de la Roque d'Anthéron.", ["13084"]),
        ("À cinq minutes d'Aubagne.", ["13005"]),
        ("Les Istréens et les Martégaux.", ["13047", "13056"]),
        ("Les Ciotadens ont vu naître la pétanque.", ["13028"]),
        ("SALON DE PROVENCE, saint chamas, Berre l'Etang", ["13103", "13092", "13014"]),
        ("Nous avons passé l'après-midi à la plage.", []),
        ("Le soir, on dîne à La Pointe Rouge.", ["13055"]),
        ("Aix, Marseille et Aubagne", ["13001", "13055", "13005"]),
        ("On atterrit à l'aéroport Marseille Provence.", ["13054"]),
    ],
)
def test_traps(gaz: Gazetteer, text: str, expected: list[str]) -> None:
    assert gaz.communes(text) == expected


def test_a_bare_name_is_the_place(gaz: Gazetteer) -> None:
    """A commune filter box holds just a name, in any case."""
    assert gaz.communes("cassis") == ["13022"]
    assert gaz.communes("venelles") == ["13113"]


def test_groups_and_territory_are_reported_apart(gaz: Gazetteer) -> None:
    assert gaz.groups("Dans le Pays d'Aix et le Pays Salonais") == ["Pays d'Aix", "Pays Salonais"]
    assert gaz.territory_named("Where to hike around Aix-Marseille?")
    assert not gaz.territory_named("De Marseille à Aix")


def test_mentions_keep_their_surface(gaz: Gazetteer) -> None:
    text = "Près du Rove, à Salon."
    found = [(m.surface, m.place.insee, text[m.start : m.end]) for m in gaz.find(text)]
    assert found == [("Rove", "13088", "Rove"), ("Salon", "13103", "Salon")]


def test_eval_set_scores(gaz: Gazetteer) -> None:
    rows = EVAL.read_text("utf-8").splitlines()[1:]
    assert len(rows) >= 200
    tp = fp = fn = 0
    for line in rows:
        gold_text, text = line.split("\t")
        gold, got = set(gold_text.split()), set(gaz.communes(text))
        tp, fp, fn = tp + len(gold & got), fp + len(got - gold), fn + len(gold - got)
    assert tp / (tp + fp) >= 0.97 and tp / (tp + fn) >= 0.97
