"""A fact about another place, or about a name the sources only mention in passing, is a false
answer: the sentence that answers must speak of what the question names (`grounding.py`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from test_reading import _lagune, answer_scored, sources, written_weighted

from calanque.answer.extractive import ExtractiveBackend, _says_added
from calanque.answer.grounding import Grounding, ground
from calanque.answer.question import AnswerType, QuestionAnalysis, QuestionAnalyzer
from calanque.answer.reading import Reader, Sentence
from calanque.answer.refusal import FEATURES, Refusal, features
from calanque.answer.types import AnswerRequest, Source
from calanque.documents import Block, Document
from calanque.engine import Engine
from calanque.index.search import TermStats
from calanque.territory.gazetteer import Gazetteer
from calanque.territory.pack import load_pack
from databases import Postgres, copy_of_built


@pytest.fixture(scope="module")
def engine(
    tmp_path_factory: pytest.TempPathFactory, built_engine: Engine, postgres: Postgres | None
) -> Engine:
    """A copy of the built index, in a home (or schema) of its own: these tests add pages."""
    home = tmp_path_factory.mktemp("grounding")
    url = postgres.schema("grounding") if postgres else None
    engine = copy_of_built(built_engine, home, url)
    page = Document(
        "https://example.org/trains",
        "Les trains de la Lagune",
        [
            Block("Le train régional relie Port-Lumière à Toulon en une heure."),
            Block("Le phare de Port-Lumière a été conçu par l'ingénieur Léonce Reynaud."),
        ],
        lang="fr",
    )
    parks = Document(
        "https://example.org/parcs",
        "Loisirs de la Lagune",
        [
            Block(
                "La commune accueille le parc d'attractions Zorroland, sur le thème du Far West.",
                ("Loisirs de la Lagune", "Saint-Vent"),
            ),
            Block(
                "À Saint-Vent, le pont Kervella, un pont romain, enjambe la rivière.",
                ("Loisirs de la Lagune", "Saint-Vent"),
            ),
            Block(
                "À Saint-Vent, la zone d'activités du Grand-Large accueille des entreprises "
                "industrielles et artisanales.",
                ("Loisirs de la Lagune", "Saint-Vent"),
            ),
            Block(
                "À Saint-Vent, un sentier longe les falaises jusqu'à une petite calanque.",
                ("Loisirs de la Lagune", "Saint-Vent"),
            ),
        ],
        lang="fr",
    )
    coast = Document(
        "https://example.org/littoral",
        "Le littoral de la Lagune",
        [
            Block("Au large de Port-Lumière, les îles Maïre et Plane abritent des oiseaux marins."),
            Block(
                "Les mairies de la Lagune, de Port-Lumière à Saint-Vent, informent les habitants."
            ),
            Block("Bourg-Neuf abrite le plus petit port de pêche du monde."),
            Block("Le sentier des falaises compte parmi les plus belles randonnées au monde."),
        ],
        lang="fr",
    )
    town_hall = Document(
        "https://example.org/mairie",
        "La mairie de Saint-Vent",
        [Block("Le maire de Saint-Vent, Mireille Castagnola, a été élue en 2020.")],
        lang="fr",
    )
    engine.ingestor.ingest_documents([page, parks, coast, town_hall], source="web")
    return engine


@pytest.mark.parametrize(
    "question",
    [
        # Toulon is only mentioned in passing: its population is nowhere
        "Combien d'habitants à Toulon ?",
        # the lighthouse is at Port-Lumière: its 248 steps are not Saint-Vent's
        "Combien de marches compte le phare de Saint-Vent ?",
        # the fact sheet's population is today's
        "Combien d'habitants à Port-Lumière en 1900 ?",
        # an island whose name is the role's, accents apart, names no one
        "Qui est le maire de Port-Lumière ?",
        # a world record the sources do not hold, though they speak of the world
        "Quel est le plus long sentier de randonnée du monde ?",
        "Quel est le plus grand port de pêche du monde ?",
        "Quelle est la plus belle plage du monde ?",
    ],
)
def test_a_fact_about_something_else_is_refused(engine: Engine, question: str) -> None:
    answer = engine.answerer.ask(question)
    assert not answer.answered and answer.refusal == "out_of_scope", answer.text


def test_a_role_is_answered_by_the_person_who_holds_it(engine: Engine) -> None:
    answer = engine.answerer.ask("Qui est le maire de Saint-Vent ?")
    assert answer.answered and "Mireille Castagnola" in answer.text.split(".")[0], answer.text


def test_a_world_record_the_sources_hold_is_answered(engine: Engine) -> None:
    answer = engine.answerer.ask("Quel est le plus petit port de pêche du monde ?")
    assert answer.answered and "Bourg-Neuf" in answer.text.split(".")[0], answer.text


def test_the_asked_place_comes_first(engine: Engine) -> None:
    answer = engine.answerer.ask("Combien de marches compte le phare de Port-Lumière ?")
    assert answer.answered and "248 marches" in answer.text.split("[1]")[0]


def test_an_english_question_finds_the_french_words_it_means(engine: Engine) -> None:
    """ "designed" is "conçu" in the French page: the answer opens on the sentence naming the
    engineer, after saying that the source is in French."""
    answer = engine.answerer.ask("Who designed the lighthouse?")
    assert answer.answered and answer.lang == "en"
    assert "Léonce Reynaud" in answer.text.split("[1]")[0]
    assert "French" in answer.text.split("[1]")[0]


def test_a_place_question_is_told_the_commune_its_answer_leaves_unnamed(engine: Engine) -> None:
    """ "La commune accueille…" under the heading "Saint-Vent": the answer says which commune."""
    answer = engine.answerer.ask("Où se trouve le parc Zorroland ?")
    assert answer.answered and answer.text.startswith("Commune : Saint-Vent."), answer.text


def test_a_list_about_another_town_needs_pages_about_it(engine: Engine) -> None:
    """Toulon is named in passing by a page on trains: it does not say what to visit there.
    The Kervella bridge is what is asked about, not where: a page naming it answers."""
    for question in ("Que visiter à Toulon ?", "que visiter a toulon"):  # typed in lower case
        refused = engine.answerer.ask(question)
        assert not refused.answered and refused.refusal == "out_of_scope", refused.text
    answered = engine.answerer.ask("Where can I see the Kervella bridge?")
    assert answered.answered and "Kervella" in answered.text, answered.text


def test_what_to_do_somewhere_opens_on_things_to_see_and_do(engine: Engine) -> None:
    """Its Roman bridge, its trail to a cove: not its mayor, nor the town halls informing."""
    answer = engine.answerer.ask("Que faire à Saint-Vent ?")
    assert answer.answered, answer.text
    first = answer.text.split("[")[0]
    assert "pont romain" in first or "sentier" in first, answer.text
    assert "calanque" in answer.text, answer.text
    assert "maire" not in answer.text and "mairies" not in answer.text, answer.text


def test_a_part_of_a_commune_is_not_the_commune() -> None:
    """Asked the population of Marseille's 13th arrondissement, Marseille's own figure is no
    answer: the part the question names must be spoken of, not the commune it belongs to."""
    gazetteer = Gazetteer(load_pack("aix-marseille-provence"))
    analyzer = QuestionAnalyzer(gazetteer, default_lang="fr", languages=("fr", "en"))
    found = sources(
        "Marseille compte 886 040 habitants (population municipale).",
        "Le 13e arrondissement de Marseille compte 90 000 habitants.",
    )
    asked = analyzer.analyse("population du 13e arrondissement de Marseille")
    read = ground(asked, Reader(gazetteer=gazetteer).read(asked, found[:1]), gazetteer)
    assert not read.grounded
    read = ground(asked, Reader(gazetteer=gazetteer).read(asked, found), gazetteer)
    assert read.grounded and "90 000" in read.sentences[0].text


def test_opening_hours_are_said_by_a_time_of_day(pack_dir: Path) -> None:
    """A month or a year is not when the museum opens its doors."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("Quels sont les horaires du musée Kervella ?")
    found = sources(
        "Le musée Kervella a ouvert en 2013 sur le port.",
        "En juillet, le musée Kervella accueille le festival de la Lagune.",
    )
    assert not _grounded(gazetteer, asked, found)
    found = sources("Le musée Kervella est ouvert de 10 h à 18 h, sauf le lundi.")
    assert _grounded(gazetteer, asked, found)


def test_a_journey_is_grounded_without_its_verb(pack_dir: Path) -> None:
    """ "get" is how a journey is asked; where from and where to are what a sentence must say
    ("two hours from Kervella by train")."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("How do I get to Port-Lumière from Kervella?")
    assert asked.journey
    found = sources(("Port-Lumière station is two hours from Kervella by train.", "en"))
    assert _grounded(gazetteer, asked, found)
    found = sources(("Port-Lumière station is two hours from the capital by train.", "en"))
    assert not _grounded(gazetteer, asked, found)


def test_how_often_is_said_by_a_frequency(pack_dir: Path) -> None:
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("How often does the shuttle to Port-Lumière run?")
    assert asked.frequency
    found = sources(("A shuttle runs between the harbour and Port-Lumière station.", "en"))
    assert not _grounded(gazetteer, asked, found)
    found = sources(("The shuttle to Port-Lumière runs every twenty minutes.", "en"))
    assert _grounded(gazetteer, asked, found)
    # with no place or name to speak of, too
    asked = analyzer.analyse("How often does the harbour shuttle run?")
    found = sources(("A shuttle runs between the harbour and the station.", "en"))
    assert not _grounded(gazetteer, asked, found)


def test_a_sentence_naming_who_is_asked_about_may_say_it_in_other_words(pack_dir: Path) -> None:
    """ "quitte l'orchestre" answers "a-t-il démissionné": a sentence that names the person
    asked about and that the reader is sure of stands, though it shares no word of the topic.
    A count nowhere said is still refused."""
    analyzer, gazetteer = _lagune(pack_dir)
    found = sources(
        "L'orchestre de la Lagune a été fondé en 1902.",
        "En 1931, Ernest Vallardin quitte l'orchestre, estimant que ses œuvres y sont ignorées.",
        "Ernest Vallardin est né à Saint-Vent en 1880.",
    )
    asked = analyzer.analyse("Quand Ernest Vallardin a-t-il démissionné ?")
    assert asked.names == ("Ernest Vallardin",)
    read = ground(asked, Reader(gazetteer=gazetteer).read(asked, found), gazetteer)
    assert read.grounded and read.sentences[0].text.startswith("En 1931")
    asked = analyzer.analyse("Combien de symphonies a écrit Ernest Vallardin ?")
    assert not _grounded(gazetteer, asked, found)


def test_a_title_listing_subjects_names_none_of_its_sections(pack_dir: Path) -> None:
    """ "Quand a été construit le MuCEM ?" opened on the palais Longchamp "construit au XIXe
    siècle": the document's title lists the MuCEM among its subjects, not the section's."""
    analyzer, gazetteer = _lagune(pack_dir)
    title = "Saint-Vent : le phare, la Halle Morel et le port"
    found = sources(
        "L'entrepôt voisin, construit au XIXe siècle, abrite une brocante.",
        "La Halle Morel a ouvert en 1998 sur le quai.",
    )
    for source, heading in zip(found, ("D'autres lieux", "La Halle Morel"), strict=True):
        source.chunk = replace(source.chunk, title=title, heading=(title, heading))
    asked = analyzer.analyse("Quand a été construite la Halle Morel ?")
    assert asked.names == ("Halle Morel",)
    # (the reader prefers the sentence that says "construit")
    sentences = Reader(gazetteer=gazetteer).read(asked, found)
    for s in sentences:
        s.score = 0.99 if s.text.startswith("L'entrepôt") else 0.94
    sentences.sort(key=lambda s: -s.score)
    read = ground(asked, sentences, gazetteer)
    assert read.sentences[0].text.startswith("La Halle Morel"), read.sentences[0].text
    # … and asked after a question on the town, the sentence naming it answers
    after = analyzer.analyse("Quand a été construite la Halle Morel ?", ["Que voir à Saint-Vent ?"])
    assert after.places == ("Saint-Vent",)
    found = sources("La Halle Morel de Saint-Vent a ouvert en 1998 sur le quai.")
    sentences = Reader(gazetteer=gazetteer).read(after, found)
    sentences[0].score = 0.94
    assert ground(after, sentences, gazetteer).grounded
    # … while what the title says before its colon, every section speaks of
    title = "La Halle Morel : histoire, marché et concerts"
    (found,) = sources("Son marché couvert a été construit en 1898.")
    found.chunk = replace(found.chunk, title=title, heading=(title, "Le marché"))
    assert _grounded(gazetteer, asked, [found])


def test_a_question_about_a_quartier_is_answered_about_it() -> None:
    """Painters at L'Estaque: a sentence about painters elsewhere in Marseille (same commune,
    another quartier) is not the answer; the one naming L'Estaque is."""
    gazetteer = Gazetteer(load_pack("aix-marseille-provence"))
    analyzer = QuestionAnalyzer(gazetteer, default_lang="en", languages=("fr", "en"))
    asked = analyzer.analyse("Which painters worked at L'Estaque?")
    assert asked.parts == ("L'Estaque",)
    found = sources(
        ("Many painters worked in Marseille's Panier district, where painters had studios.", "en"),
        ("L'Estaque, a fishing port, inspired Cézanne and Braque.", "en"),
        communes=["13055"],
    )
    sentences = ground(asked, Reader(gazetteer=gazetteer).read(asked, found), gazetteer).sentences
    text = "".join(ExtractiveBackend().write(AnswerRequest(asked, found, sentences)))
    assert "Estaque" in text and "Panier" not in text, text


def test_what_to_see_in_a_place_is_answered_by_its_sights(engine: Engine) -> None:
    """ "Que voir à Saint-Vent ?" names nothing but the place: its sights (a bridge, a trail to
    a cove) answer it, though no word of the question is in them."""
    assert engine.answerer.analyse("Que voir à Saint-Vent ?").bare_visit
    answer = engine.answerer.ask("Que voir à Saint-Vent ?")
    assert answer.answered and "Saint-Vent" in answer.text, answer.text


def test_a_commune_sharing_a_word_with_the_asked_one_is_elsewhere() -> None:
    """ "Salon-de-Provence" and "bassin de Provence" say Provence, as Aix-en-Provence does; they
    are not Aix-en-Provence."""
    found = sources(
        "À Salon-de-Provence, le château de l'Empéri abrite un musée d'histoire militaire.",
        "Le musée Granet présente des œuvres de Cézanne parmi ses collections.",
        communes=["13001"],
    )
    text = _territory_answer("Quels musées à Aix-en-Provence ?", found)
    assert "Granet" in text and "Salon" not in text, text


def _fact_sheet(sentence: str, number: int) -> Source:
    """A commune's fact sheet sentence, cited as source `number`."""
    (fact,) = sources(sentence, kind="factsheet")
    fact.number = number
    return fact


Pack = tuple[Gazetteer, QuestionAnalyzer]


@pytest.fixture(scope="module")
def pack() -> Pack:
    """The default pack's gazetteer and a question analyser that knows its places."""
    gazetteer = Gazetteer(load_pack("aix-marseille-provence"))
    return gazetteer, QuestionAnalyzer(gazetteer, default_lang="fr", languages=("fr", "en"))


def _grounded(gazetteer: Gazetteer, asked: QuestionAnalysis, found: list[Source]) -> bool:
    """Some sentence of `found`, read for `asked`, speaks of what it names and asks."""
    return ground(asked, Reader(gazetteer=gazetteer).read(asked, found), gazetteer).grounded


def _written(gazetteer: Gazetteer, asked: QuestionAnalysis, found: list[Source]) -> str:
    """The extractive answer over `found`, read and grounded for `asked`."""
    read = ground(asked, Reader(gazetteer=gazetteer).read(asked, found), gazetteer)
    return "".join(ExtractiveBackend().write(AnswerRequest(asked, found, read.sentences)))


def _written_scored_first(
    gazetteer: Gazetteer, asked: QuestionAnalysis, found: list[Source], first: str
) -> str:
    """The extractive answer over `found` with the sentence that holds `first` scored best by
    a hair, as the reader sometimes scores the wrong one: the shaping must put it right."""
    read = Reader(gazetteer=gazetteer).read(asked, found)
    (best,) = [s for s in read if first in s.text]
    best.score = max(s.score for s in read) + 0.001
    read.sort(key=lambda s: -s.score)
    return "".join(ExtractiveBackend().write(AnswerRequest(asked, found, read)))


def _grounded_scored_first(
    gazetteer: Gazetteer, asked: QuestionAnalysis, found: list[Source], first: str
) -> str:
    """`_written_scored_first`, grounded before it is written."""
    read = Reader(gazetteer=gazetteer).read(asked, found)
    (best,) = [s for s in read if first in s.text]
    best.score = max(s.score for s in read) + 0.001
    read.sort(key=lambda s: -s.score)
    grounded = ground(asked, read, gazetteer)
    return "".join(ExtractiveBackend().write(AnswerRequest(asked, found, grounded.sentences)))


def _lead(pack_dir: Path, question: str, found: list[Source], first: str) -> str:
    """The lagoon pack's answer to `question` over `found`, `first` scored best by a hair."""
    analyzer, gazetteer = _lagune(pack_dir)
    return _grounded_scored_first(gazetteer, analyzer.analyse(question), found, first)


def _territory_answer(question: str, found: list[Source]) -> str:
    """The extractive answer over `found`, read and grounded with the default pack's places."""
    gazetteer = Gazetteer(load_pack("aix-marseille-provence"))
    asked = QuestionAnalyzer(gazetteer, default_lang="fr", languages=("fr", "en")).analyse(question)
    read = ground(asked, Reader(gazetteer=gazetteer).read(asked, found), gazetteer)
    return "".join(ExtractiveBackend().write(AnswerRequest(asked, found, read.sentences)))


def test_a_list_about_a_named_thing_keeps_to_what_is_asked_of_it() -> None:
    """Hikes on the Kervella ridge: not the vineyards at its foot, nor hikes elsewhere."""
    found = sources(
        "La montée à la croix du Kervella est la randonnée la plus connue du massif.",
        "Les coteaux au pied du Kervella sont plantés de vignes depuis l'Antiquité.",
        "À Bourg-Neuf, le sentier des douaniers est une randonnée facile le long de la mer.",
    )
    analysis = QuestionAnalyzer(None).analyse("Quelles randonnées autour du Kervella ?")
    assert analysis.names == ("Kervella",)
    text = "".join(
        ExtractiveBackend().write(AnswerRequest(analysis, found, Reader().read(analysis, found)))
    )
    assert "croix du Kervella" in text and "vignes" not in text and "douaniers" not in text, text


def test_a_visitor_s_question_is_answered_from_pages_for_visitors() -> None:
    """ "Que faire à Aubagne ?": the santons and the Garlaban, not the business park of a page
    the agency wrote for companies (its declared audience)."""
    found = sources(
        "À Aubagne, la zone d'activités des Paluds accueille des entreprises industrielles.",
        "À Aubagne, les foires aux santons rythment la période de Noël.",
        "À Aubagne, les sentiers du Garlaban suivent les souvenirs de Marcel Pagnol.",
        communes=["13005"],
    )
    audiences = (["companies", "talent"], ["visitors", "residents"], ["visitors"])
    for source, audience in zip(found, audiences, strict=True):
        source.chunk.meta["audience"] = audience
    text = _territory_answer("Que faire à Aubagne ?", found)
    assert "santons" in text and "Garlaban" in text and "Paluds" not in text, text


def test_advice_to_check_the_hours_is_no_sight_to_set_the_bar() -> None:
    """ "Que visiter à Salon-de-Provence ?" opened on advice to check the museums' hours, the
    reader's best by three times, and the château de l'Empéri fell below the share of it a
    list item needs: the air base and where the town lies were listed instead."""
    found = sources(
        "Les horaires du musée de l'Empéri sont à vérifier auprès de l'office de tourisme de"
        " Salon-de-Provence.",
        "À Salon-de-Provence, la base aérienne 701 accueille l'École de l'air et de l'espace."
        " Le château de l'Empéri domine la vieille ville de Salon-de-Provence depuis un rocher.",
        "Salon-de-Provence est la ville-centre du Pays Salonais, au nord-ouest de la métropole."
        " Nostradamus est mort à Salon-de-Provence, et son tombeau est dans la collégiale.",
        communes=["13103"],
    )
    gazetteer = Gazetteer(load_pack("aix-marseille-provence"))
    asked = QuestionAnalyzer(gazetteer, default_lang="fr", languages=("fr", "en")).analyse(
        "Que visiter à Salon-de-Provence ?"
    )
    read = ground(asked, Reader(gazetteer=gazetteer).read(asked, found), gazetteer).sentences
    scores = {"horaires": 0.95, "base": 0.35, "ville-centre": 0.31, "Empéri domine": 0.28}
    for sentence in read:  # the reader's scores on the demo index
        sentence.score = next((v for k, v in scores.items() if k in sentence.text), 0.29)
    read.sort(key=lambda s: -s.score)
    text = "".join(ExtractiveBackend().write(AnswerRequest(asked, found, read)))
    assert "Empéri domine" in text and "collégiale" in text, text
    assert "base aérienne" not in text and "ville-centre" not in text, text


def test_parking_is_not_a_railway_station() -> None:
    """ "se garer" and "gare" share a stem: asked where to park, the station is no answer."""
    found = sources(
        "À Aubagne, la gare est desservie par les trains régionaux vers Marseille.",
        "À Aubagne, le stationnement est gratuit le dimanche sur le cours Foch.",
        communes=["13005"],
    )
    text = _territory_answer("Où se garer à Aubagne ?", found)
    assert "stationnement" in text and "gare " not in text, text


def test_the_weather_is_asked_as_the_climate() -> None:
    """ "Quel temps fait-il ?" asks about the weather, not a time: the climate, not a fair held
    in winter; in the question's language, from a sentence on the whole territory, when the
    place's own sentence on it is in another."""
    found = sources(
        "À Aubagne, la foire aux santons se tient en hiver, de fin novembre à fin décembre.",
        "À Aubagne, le climat est doux en hiver et chaud en été.",
        communes=["13005"],
    )
    first = _territory_answer("Quel temps fait-il en hiver à Aubagne ?", found).split("[1]")[0]
    assert "climat" in first, first
    found = sources(
        "Le territoire bénéficie d'un climat méditerranéen, avec des hivers doux.",
        ("The Mediterranean climate brings hot, dry summers and mild winters.", "en"),
        communes=["13005"],
    )
    found[0].chunk.communes.clear()  # a page on the whole territory
    first = _territory_answer("Quel temps fait-il à Aubagne ?", found).split("[1]")[0]
    assert "Le territoire" in first, first


def test_worth_a_visit_is_asked_what_to_see() -> None:
    found = sources(
        ("In Aubagne, the santon fairs bring the Christmas season to life.", "en"),
        ("In Aubagne, trails on the Garlaban follow the memories of Marcel Pagnol.", "en"),
        communes=["13005"],
    )
    for question in ("Is Aubagne worth a visit?", "Aubagne vaut-elle le détour ?"):
        text = _territory_answer(question, found)
        assert "- In Aubagne, the santon" in text and "- In Aubagne, trails" in text, text


def test_how_long_between_two_places_is_a_span_between_both() -> None:
    """A duration asked from Marseille to Aix: twenty minutes from Rousset, or congested roads
    between the two, do not say it; a coach's forty minutes between them does."""
    question = "Combien de temps pour aller de Marseille à Aix-en-Provence ?"
    wrong = (
        "Aix-en-Provence, à vingt minutes de Rousset par l'autoroute, offre des logements.",
        "Les routes entre Aix-en-Provence et Marseille sont souvent encombrées aux heures "
        "de pointe, et deux lignes de car les relient.",
    )
    assert _territory_answer(question, sources(*wrong, communes=["13001", "13055"])) == ""
    right = "Le car express relie Marseille à Aix-en-Provence en quarante minutes."
    found = sources(*wrong, right, communes=["13001", "13055"])
    assert "quarante minutes" in _territory_answer(question, found).split("[")[0]


def test_where_to_live_is_housing_not_inhabitants() -> None:
    found = sources(
        "Aubagne compte 47 000 habitants et fait partie du Pays d'Aubagne et de l'Étoile.",
        "À Aubagne, le logement est moins cher qu'à Marseille, près de la gare comme au centre.",
        communes=["13005"],
    )
    question = "Je m'installe à Aubagne pour un emploi. Où habiter ?"
    assert "logement" in _territory_answer(question, found).split("[1]")[0]


def test_is_it_far_is_answered_by_the_distance() -> None:
    found = sources(
        "À Aubagne, les foires aux santons rythment la période de Noël, loin des foules.",
        "Aubagne est à 17 km de Marseille à vol d'oiseau.",
        communes=["13005"],
    )
    text = _territory_answer("C'est loin, Aubagne, depuis Marseille ?", found)
    assert "17 km" in text.split("[")[0], text


def test_a_named_thing_is_answered_in_the_language_that_names_it() -> None:
    """ "How do I get to the Château d'If?": the French sentence naming it, not an English one
    naming Château-Gombert, though English is the question's language."""
    found = sources(
        ("To get to the Château-Gombert campus, take the metro then a bus.", "en"),
        "Des bateaux desservent le Château d'If depuis le Vieux-Port.",
        communes=["13055"],
    )
    text = _territory_answer("How do I get to the Château d'If?", found)
    assert "Des bateaux" in text and "Gombert" not in text, text


def test_a_place_s_sights_are_said_by_their_names_first() -> None:
    """What to see in Aix: the cours Mirabeau, before a sentence on the many visits nearby."""
    found = sources(
        "Les environs d'Aix-en-Provence offrent de nombreuses visites.",
        "Le cours Mirabeau est la grande promenade d'Aix-en-Provence, bordée de platanes.",
        communes=["13001"],
    )
    text = _territory_answer("Que voir à Aix-en-Provence ?", found)
    assert text.startswith("- Le cours Mirabeau"), text


def test_a_sentence_naming_no_place_speaks_of_the_one_before() -> None:
    """ "His house is now a museum" follows Salon-de-Provence: it is no sight of Cassis."""
    found = sources(
        (
            "Salon-de-Provence is where the astrologer Nostradamus lived and died. His house is "
            "now a museum, and the castle houses a museum of military history.",
            "en",
        ),
        ("Cassis is a small fishing port famous for boat trips to the Calanques.", "en"),
        communes=["13022", "13103"],
    )
    text = _territory_answer("Things to do in Cassis?", found)
    assert "fishing port" in text and "museum" not in text, text


def test_a_bare_visit_question_also_searches_for_what_visitors_see() -> None:
    analyzer = QuestionAnalyzer(
        Gazetteer(load_pack("aix-marseille-provence")), default_lang="fr", languages=("fr", "en")
    )
    sights = analyzer.analyse("Que voir à Aix-en-Provence ?").sights
    assert "Aix-en-Provence" in sights and "promenade" in sights
    english = analyzer.analyse("What should I see in Aix-en-Provence?").sights
    assert "old town" in english
    # (and, among one commune's passages, what a village shows: "Que visiter à Meyrargues ?"
    # found nothing, its château not being "visited")
    assert "château" in sights and "castle" in english
    assert "château" not in analyzer.analyse("Que voir dans la métropole ?").sights
    assert not analyzer.analyse("Quels musées à Aix-en-Provence ?").sights  # it has a topic


def test_what_is_there_comes_before_what_is_near() -> None:
    """ "Que faire à Istres ?": Istres' own walk before a village "entre Istres et Salon"."""
    found = sources(
        "Cornillon-Confoux, village perché entre Istres et Salon-de-Provence, est le point de "
        "départ de randonnées avec vue sur l'étang de Berre.",
        "À Istres, le tour de l'étang de l'Olivier est une promenade facile.",
        communes=["13118", "13028"],
    )
    text = _territory_answer("Que faire à Istres ?", found)
    assert text.startswith("- À Istres"), text


def test_an_item_opening_on_a_possessive_is_not_a_sight_of_the_asked_place() -> None:
    """ "His house is now a museum" is Nostradamus' in Salon, though the sentence before names
    Aix-en-Provence."""
    found = sources(
        (
            "Salon-de-Provence, north-west of Aix-en-Provence, is where Nostradamus lived. His "
            "house is now a museum, and the castle houses a museum of military history.",
            "en",
        ),
        ("In Aix-en-Provence, visitors stroll along the Cours Mirabeau.", "en"),
        communes=["13001", "13103"],
    )
    text = _territory_answer("What should I see in Aix-en-Provence?", found)
    assert "Cours Mirabeau" in text and "His house" not in text, text


def test_what_to_visit_somewhere_lists_its_sights_though_they_do_not_say_visit() -> None:
    found = sources(
        "Conseils de visite : le Vieux-Port de La Ciotat se visite à pied.",
        "À La Ciotat, l'Eden Théâtre est l'une des plus anciennes salles de cinéma au monde.",
        communes=["13028"],
    )
    text = _territory_answer("Que visiter à La Ciotat ?", found)
    assert "Eden Théâtre" in text, text


def test_a_document_titled_on_the_place_is_about_it() -> None:
    """The guide titled "Aix-en-Provence : cours Mirabeau…" before the villages of its
    surroundings, which score higher on "découvrir"."""
    found = sources(
        "Les villages du Pays d'Aix se découvrent en voiture depuis Aix-en-Provence.",
        "Le cours Mirabeau est la grande promenade d'Aix-en-Provence, bordée de platanes.",
        communes=["13001"],
    )
    titles = ("Les villes et villages du Pays d'Aix", "Aix-en-Provence : cours Mirabeau")
    for source, title in zip(found, titles, strict=True):
        source.chunk = replace(source.chunk, title=title, heading=(title, "Promenades"))
    text = _territory_answer("Que voir à Aix-en-Provence ?", found)
    assert text.startswith("- Le cours Mirabeau"), text


def test_what_the_agency_says_of_the_territory_is_no_sight_of_a_town() -> None:
    """The mission "donner envie… de visiter le territoire" is no answer to what to visit in
    La Ciotat, though it speaks of the whole territory."""
    found = sources(
        "À La Ciotat, le parc du Mugel est un jardin en bord de mer.",
        "Une agence d'attractivité donne envie de visiter le territoire de la métropole.",
        communes=["13028"],
    )
    found[1].chunk = replace(found[1].chunk, communes=["13055"], title="L'agence d'attractivité")
    text = _territory_answer("Que visiter à La Ciotat ?", found)
    assert "Mugel" in text and "agence" not in text, text


def test_a_list_s_items_name_what_it_lists() -> None:
    found = sources(
        ("In Martigues, the Ziem museum shows the works of the painter Félix Ziem.", "en"),
        ("Public schools are free, and registration is done at the town hall.", "en"),
        ("A free shuttle bus links the terminals with the railway station.", "en"),
    )
    text = _territory_answer("Which museums are free?", found)
    assert "Ziem" in text and "schools" not in text and "shuttle" not in text, text


def test_what_a_list_is_of_is_the_noun_after_which() -> None:
    analyzer = QuestionAnalyzer(None, default_lang="fr", languages=("fr", "en"))
    assert "restaurant" in analyzer.analyse("Quels sont les meilleurs restaurants ?").listed
    abbeys = analyzer.analyse("What are the three great Cistercian abbeys of Provence?").listed
    assert "abbeys" in abbeys and "three" not in abbeys
    assert not analyzer.analyse("Qui dirige One Provence ?").listed  # no list


def test_around_a_place_its_neighbours_answer() -> None:
    """ "Quels villages visiter autour d'Aix ?": Éguilles is what is asked, not elsewhere."""
    found = sources(
        "À Éguilles, le village perché offre une vue étendue sur la plaine d'Aix-en-Provence.",
        "Les villages du Pays d'Aix se découvrent en voiture depuis Aix-en-Provence.",
        communes=["13001", "13032"],
    )
    text = _territory_answer("Quels villages visiter autour d'Aix-en-Provence ?", found)
    assert text.startswith("- À Éguilles"), text


def test_a_yes_or_no_question_no_sentence_speaks_of_is_refused() -> None:
    """ "Is Marseille safe?" and the beach page's safety section on smoking and jellyfish."""
    found = sources(
        ("Smoking is prohibited on many beaches in Marseille.", "en"),
        ("Jellyfish can appear in some summers, so water shoes are useful.", "en"),
        communes=["13055"],
    )
    for source in found:
        source.chunk = replace(source.chunk, heading=("Beaches", "Staying safe at the beach"))
    assert _territory_answer("Is Marseille safe?", found) == ""
    assert "lifeguards" in _territory_answer(
        "Is it safe to swim in Marseille?",
        sources(("Swimming is safe on beaches with lifeguards in Marseille.", "en")),
    )


def test_a_bike_to_rent_is_a_shared_one_not_a_flat_s_rent() -> None:
    found = sources(
        ("Rents in central Marseille are high, and students often share flats.", "en"),
        "Marseille dispose d'un service de vélos en libre-service et d'aménagements cyclables.",
        communes=["13055"],
    )
    assert "libre-service" in _territory_answer("Can I rent a bike in Marseille?", found)
    assert "libre-service" in _territory_answer("Où louer un vélo à Marseille ?", found)


def test_with_a_topic_a_sight_must_speak_of_it() -> None:
    """ "Que faire avec des enfants à Marseille ?": the activities for children, not the view
    from a forecourt that only says what visitors see."""
    found = sources(
        "À Marseille, le parvis offre un panorama sur la ville, les îles et les massifs.",
        "La Ville de Marseille propose des activités nautiques pour les enfants.",
        communes=["13055"],
    )
    text = _territory_answer("Que faire avec des enfants à Marseille ?", found)
    assert text.startswith(("- La Ville de Marseille", "La Ville")), text


def test_the_best_season_the_territory_has_is_the_place_s() -> None:
    """When to hike around Marseille: the territory's seasons, not where Marseille's hikes are."""
    found = sources(
        (
            "The best hiking areas for every season include the Calanques between Marseille and "
            "Cassis.",
            "en",
        ),
        ("Spring and autumn are the best seasons for hiking in the area.", "en"),
        communes=["13055"],
    )
    title = "Hiking in the Aix-Marseille-Provence metropolis"
    found[1].chunk = replace(found[1].chunk, communes=[], title=title, heading=(title,))
    text = _territory_answer("What is the best season for hiking around Marseille?", found)
    assert text.startswith("Spring and autumn"), text


def test_a_list_about_a_place_opens_on_what_is_there() -> None:
    """Fish from the fishermen in Marseille: the Vieux-Port's fish market, not Cassis, "a
    fishing port east of Marseille"."""
    found = sources(
        ("Cassis, east of Marseille, is a fishing port where you buy fish from fishermen.", "en"),
        ("In Marseille, the Vieux-Port fish market sells fish from the fishermen.", "en"),
        communes=["13055", "13022"],
    )
    text = _territory_answer("Where can I buy fish from the fishermen in Marseille?", found)
    assert text.lstrip("- ").startswith("In Marseille"), text


def test_a_sentence_about_other_towns_does_not_support_the_asked_one() -> None:
    found = sources(
        "Des écoles internationales existent à Marseille et à Aix-en-Provence. Istres et "
        "Salon-de-Provence offrent des écoles internationales, moins chères qu'à Marseille.",
        communes=["13055", "13047"],
    )
    text = _territory_answer("Y a-t-il des écoles internationales à Marseille ?", found)
    assert text.startswith("Des écoles internationales") and "Istres" not in text, text


def test_snorkelling_is_no_hike() -> None:
    """The demo's first question, "Où faire de la randonnée dans la métropole ?", listed "la
    randonnée palmée" at the cap Couronne."""
    found = sources(
        "Au cap Couronne, la plongée sous-marine et la randonnée palmée permettent d'observer "
        "une faune abondante.",
        "Les sentiers de l'Étoile et du Garlaban sont balisés par les comités de randonnée.",
        "La chaîne de l'Estaque offre des randonnées entre garrigue et pinèdes.",
    )
    text = _territory_answer("Où faire de la randonnée ?", found)
    assert "Garlaban" in text and "palmée" not in text, text
    assert "palmée" in _territory_answer("Où faire de la randonnée palmée ?", found)


def test_a_sentence_pointing_elsewhere_in_its_page_does_not_support() -> None:
    found = sources(
        (
            "Spring and autumn are the best seasons for hiking in the area. Summer hiking is "
            "limited by heat and by the wildfire rules described below.",
            "en",
        ),
    )
    text = _territory_answer("When is the best season for hiking?", found)
    assert text.startswith("Spring and autumn") and "below" not in text, text


def test_a_list_about_a_place_opens_on_a_passage_about_it() -> None:
    """The companies of Rousset: not what the page on the metropolis' business parks, which
    names Rousset in passing, says of all its companies."""
    found = sources(
        "La métropole ne concentre pas ses entreprises dans un seul quartier d'affaires.",
        "D'autres entreprises de la microélectronique, de la conception de circuits aux services "
        "pour salles blanches, se sont installées à Rousset et à Peynier au fil des décennies.",
    )
    found[0].chunk = replace(found[0].chunk, communes=["13001", "13087"])
    found[1].chunk = replace(found[1].chunk, communes=["13087", "13072"])
    text = _territory_answer("Quelles entreprises à Rousset ?", found)
    assert text.startswith("- D'autres entreprises"), text


def test_where_a_thing_is_based_asks_where_not_about_bases() -> None:
    analyzer = QuestionAnalyzer(Gazetteer(load_pack("aix-marseille-provence")))
    assert analyzer.analyse("Which companies are based in Rousset?").focus == ("companies",)
    assert analyzer.analyse("Quels musées sont situés à Aix ?").focus == ("musées",)


def test_when_to_go_is_no_century() -> None:
    """ "Quand visiter Marseille ?" opened on the Château d'If, "forteresse du XVIe siècle"."""
    found = sources(
        "Au large, le Château d'If, forteresse du XVIe siècle, se visite en bateau depuis le "
        "Vieux-Port.",
        "Marseille se visite toute l'année, mais le printemps et l'automne sont plus agréables.",
        communes=["13055"],
    )
    text = _territory_answer("Quand visiter Marseille ?", found)
    assert text.startswith("Marseille se visite toute l'année"), text


def test_a_list_item_leaning_back_reads_after_its_antecedent_even_naming_the_place() -> None:
    """ "His house is now a museum" opened the list of things to do in Salon-de-Provence, its
    antecedent ("…is where Nostradamus lived") left out for naming Salon."""
    found = sources(
        (
            "Salon-de-Provence is where the astrologer Nostradamus lived. His house is now a "
            "museum, and the castle houses a museum of military history.",
            "en",
        ),
        communes=["13103"],
    )
    text = _territory_answer("What is there to do in Salon-de-Provence?", found)
    assert text.startswith("Salon-de-Provence is where"), text


def test_a_place_with_enough_of_its_own_lists_no_other_place() -> None:
    """ "Que faire à Gardanne ?" listed the agency's note that its answers cite "la
    microélectronique de Rousset et de Gardanne"; and a commune's rank by population is
    nothing to do there."""
    found = sources(
        "À Gardanne, le musée de la mine retrace l'exploitation du charbon.",
        "Les réponses de l'agence citent la microélectronique de Rousset et de Gardanne.",
        "À Gardanne, le sentier des crêtes offre une vue sur la Sainte-Victoire.",
        communes=["13041"],
    )
    fact = _fact_sheet("Gardanne est la commune n° 4 du Pays d'Aix par la population.", 4)
    text = _territory_answer("Que faire à Gardanne ?", [*found, fact])
    assert "musée de la mine" in text and "sentier des crêtes" in text, text
    assert "Rousset" not in text and "population" not in text, text


def test_the_best_of_a_kind_are_named_ones() -> None:
    """ "What are the best beaches near Marseille?" listed "Parking near the most popular
    beaches is limited" and "Smoking is prohibited on many beaches in Marseille"."""
    found = sources(
        ("In Marseille, the Prado seaside park is the largest beach area of the city.", "en"),
        ("Parking near the best beaches of Marseille is limited and often full.", "en"),
        ("In Marseille, the Catalans beach is a short walk from the Vieux-Port.", "en"),
    )
    text = _territory_answer("What are the best beaches in Marseille?", found)
    assert "Prado" in text and "Catalans" in text and "Parking" not in text, text
    analyzer = QuestionAnalyzer(None)
    assert analyzer.analyse("Quelles sont les trois plus belles plages ?").ranked
    assert not analyzer.analyse("Quelles règles sur les plages ?").ranked


def test_the_three_of_a_kind_may_be_told_by_their_rank() -> None:
    """ "Quels sont les trois publics de l'agence ?": one passage says them by their rank, "le
    premier public", "le deuxième public", naming none by a proper name; all three are listed,
    not only the first."""
    found = sources(
        "Les entreprises constituent le premier public de l'agence : elle les aide à "
        "s'implanter. Les talents, salariés et étudiants, forment le deuxième public de "
        "l'agence. Les visiteurs constituent le troisième public. L'agence publie aussi des "
        "études."
    )
    text = _territory_answer("Quels sont les trois publics de l'agence ?", found)
    assert "deuxième public" in text and "troisième public" in text, text
    assert "études" not in text, text


def test_a_list_of_rules_is_made_of_rules_that_do_not_say_rule() -> None:
    found = sources(
        "Du 1er juin au 30 septembre, l'accès aux massifs forestiers est réglementé selon le "
        "risque d'incendie.",
        "Les mairies informent les habitants sur les règles applicables.",
        "Jeter un mégot par la fenêtre d'une voiture peut déclencher un incendie.",
    )
    text = _territory_answer("Quelles sont les règles contre les incendies en été ?", found)
    assert "Du 1er juin au 30 septembre" in text and "mégot" in text, text


def test_a_territory_wide_section_answers_for_a_place_whose_own_lines_do_not() -> None:
    """ "Quelles démarches pour s'installer à Marseille ?": the living guide's section "Les
    démarches à l'arrivée" (no commune named) says it; Marseille's engineering schools do not."""
    found = sources(
        "Les mairies de chaque commune sont le premier point de contact pour l'état civil.",
        "Les écoles d'ingénieurs de Marseille forment aux métiers recherchés.",
    )
    title = "Vivre dans la métropole Aix-Marseille-Provence"
    found[0].chunk = replace(
        found[0].chunk, communes=[], title=title, heading=(title, "Les démarches à l'arrivée")
    )
    found[1].chunk = replace(found[1].chunk, communes=["13055"])
    text = _territory_answer("Quelles démarches pour s'installer à Marseille ?", found)
    assert text.startswith("Les mairies"), text


def test_where_to_find_a_thing_lists_that_thing() -> None:
    """ "Where can foreign students find housing?" listed the Foreign Legion's museum."""
    found = sources(
        ("Private student residences and shared flats offer housing to students.", "en"),
        ("In Aubagne, the museum of the Foreign Legion tells the story of foreign soldiers.", "en"),
        ("In Aix-en-Provence, the CROUS runs student housing near the campus.", "en"),
    )
    text = _territory_answer("Where can foreign students find housing?", found)
    assert "CROUS" in text and "Legion" not in text, text


def test_a_telephone_number_is_answered_by_a_number_or_refused(pack: Pack) -> None:
    """ "le numéro de téléphone de l'office de tourisme" is not answered by what the office
    does: a contact is the number, address or website itself, which a sentence holds or not."""
    gazetteer, analyzer = pack
    question = "numéro de téléphone de l'office de tourisme de Cassis"
    asked = analyzer.analyse(question)
    assert asked.answer_type is AnswerType.CONTACT
    said = sources("L'office de tourisme de Cassis accueille les visiteurs sur le port.")
    read = Reader(gazetteer=gazetteer).read(asked, said)
    verdict = Refusal.rule(asked, said, read)
    assert verdict is not None and verdict.reason == "out_of_scope"

    called = sources(
        "L'office de tourisme de Cassis accueille les visiteurs sur le port.",
        "L'office de tourisme de Cassis répond au 04 42 01 71 17 tous les jours.",
    )
    read = Reader(gazetteer=gazetteer).read(asked, called)
    assert Refusal.rule(asked, called, read) is None
    assert "04 42 01 71 17" in _territory_answer(question, called).split("[")[0]
    site = sources(("The museum's website is www.mucem.org, where tickets are sold.", "en"))
    assert "www.mucem.org" in _territory_answer("What is the MuCEM's website?", site)


def test_a_time_of_year_is_not_answered_by_sentences_of_another() -> None:
    """Asked about October, the beaches' summer lines say nothing of it; asked about summer,
    they do."""
    analyzer = QuestionAnalyzer(None)
    beaches = sources(
        ("Jellyfish can appear in some summers, and sea urchins are common.", "en"),
        ("Smoking is prohibited on many beaches.", "en"),
        ("Beaches with lifeguards in summer display a flag system.", "en"),
    )
    for question, refused in (
        ("Can I swim in the sea in October?", True),
        ("Can I swim in the sea in July?", False),
    ):
        asked = analyzer.analyse(question)
        verdict = Refusal.rule(asked, beaches, Reader().read(asked, beaches))
        assert (verdict is not None and verdict.reason == "out_of_scope") is refused, question


def test_what_is_on_tonight_or_the_latest_is_not_answered_by_the_series() -> None:
    """A page cannot say what is on tonight; the latest of a series is answered by a sentence
    that says which is the latest, not by what the series is."""
    gazetteer = Gazetteer(load_pack("aix-marseille-provence"))
    analyzer = QuestionAnalyzer(gazetteer, default_lang="fr", languages=("fr", "en"))
    eden = sources(
        ("The Eden Théâtre in La Ciotat shows films every evening of the year.", "en"),
        communes=["13028"],
    )
    tonight = analyzer.analyse("What film is showing at the Eden Théâtre in La Ciotat tonight?")
    assert (
        tonight.live
        and not analyzer.analyse("Combien d'habitants compte aujourd'hui Aubagne ?").live
    )
    verdict = Refusal.rule(tonight, eden, Reader(gazetteer=gazetteer).read(tonight, eden))
    assert verdict is not None and verdict.reason == "out_of_scope"
    # … nor this weekend's events; what there is to see this weekend it can
    festival = sources(
        "Chaque été, le festival de La Ciotat présente des films en plein air sur le port.",
        communes=["13028"],
    )
    events = analyzer.analyse("Quels événements ce week-end à La Ciotat ?")
    verdict = Refusal.rule(events, festival, Reader(gazetteer=gazetteer).read(events, festival))
    assert verdict is not None and verdict.reason == "out_of_scope"
    visit = analyzer.analyse("Que faire ce week-end à La Ciotat ?")
    assert visit.live and visit.bare_visit
    assert Refusal.rule(visit, festival, Reader(gazetteer=gazetteer).read(visit, festival)) is None
    # (with whom too: "J'habite Aubagne, que faire ce week-end avec les enfants ?" was refused)
    visit = analyzer.analyse("J'habite La Ciotat, que faire ce week-end avec les enfants ?")
    assert visit.live and visit.visit
    families = sources(
        "À La Ciotat, les familles passent le week-end à la plage, bien adaptée aux enfants.",
        communes=["13028"],
    )
    assert Refusal.rule(visit, families, Reader(gazetteer=gazetteer).read(visit, families)) is None
    # … and how to find out tomorrow's
    how = analyzer.analyse("Comment savoir si le festival de La Ciotat a lieu demain ?")
    assert how.live
    assert Refusal.rule(how, festival, Reader(gazetteer=gazetteer).read(how, festival)) is None

    question = "Qui a gagné le dernier festival international du film d'Aubagne ?"
    latest = analyzer.analyse(question)
    assert latest.latest
    series = sources(
        "Le festival international du film d'Aubagne est consacré à la musique de film.",
        communes=["13005"],
    )
    assert not _grounded(gazetteer, latest, series)
    said = sources(
        "Le festival international du film d'Aubagne est consacré à la musique de film.",
        "La dernière édition du festival du film d'Aubagne a été remportée par Léa Marchetti.",
        communes=["13005"],
    )
    read = ground(latest, Reader(gazetteer=gazetteer).read(latest, said), gazetteer)
    assert read.grounded and "Léa Marchetti" in read.sentences[0].text


@pytest.mark.parametrize(
    "question", ["Qui dirige la fromagerie Kervella ?", "Who is the CEO of the Kervella dairy?"]
)
def test_who_heads_something_is_answered_by_a_person_in_that_role(question: str) -> None:
    """ "Qui dirige CMA CGM ?" is not answered by where its headquarters are: a role asked by
    its verb or its acronym needs someone the sentence names in it."""
    analyzer = QuestionAnalyzer(None, default_lang="fr", languages=("fr", "en"))
    asked = analyzer.analyse(question)
    about = sources(
        "La fromagerie Kervella, fondée en 1920, produit des tommes au pied de la crête.",
        ("The Kervella dairy, founded in 1920, makes tommes below the ridge.", "en"),
    )
    assert not ground(asked, Reader().read(asked, about), None).grounded
    headed = sources(
        "La fromagerie Kervella, fondée en 1920, produit des tommes au pied de la crête.",
        "Laurent Kervella dirige la fromagerie depuis 2010, comme directeur général.",
    )
    read = ground(asked, Reader().read(asked, headed), None)
    assert read.grounded and "Laurent Kervella" in read.sentences[0].text


def test_a_measure_of_something_else_does_not_answer() -> None:
    """ "La vitesse de la lumière" is not "la vitesse des embarcations": what is measured is
    asked of something, and with no place or name to say it, its words must be there."""
    analyzer = QuestionAnalyzer(None, default_lang="fr", languages=("fr", "en"))
    asked = analyzer.analyse("Quelle est la vitesse de la lumière ?")
    boats = sources(
        "Dans la bande des 300 mètres, la vitesse des embarcations est limitée à 5 nœuds."
    )
    assert not ground(asked, Reader().read(asked, boats), None).grounded
    light = sources(
        "Dans la bande des 300 mètres, la vitesse des embarcations est limitée à 5 nœuds.",
        "La lumière se propage dans le vide à la vitesse de 300 000 km par seconde.",
    )
    read = ground(asked, Reader().read(asked, light), None)
    assert read.grounded and "300 000 km" in read.sentences[0].text


def test_the_year_asked_is_the_item_not_a_word_the_answer_must_say() -> None:
    """ "In which year was Saint-Paul-lès-Durance chosen…?" and a French sentence with 2005 in
    it: "year" says how the question asks; across languages it left no word to match."""
    gazetteer = Gazetteer(load_pack("aix-marseille-provence"))
    analyzer = QuestionAnalyzer(gazetteer, default_lang="fr", languages=("fr", "en"))
    asked = analyzer.analyse("In which year was Saint-Paul-lès-Durance chosen to host the reactor?")
    found = sources(
        "En 2005, les partenaires ont choisi d'implanter le réacteur à Saint-Paul-lès-Durance.",
        communes=["13099"],
    )
    read = ground(asked, Reader(gazetteer=gazetteer).read(asked, found), gazetteer)
    assert read.grounded and "2005" in read.sentences[0].text


def test_what_to_do_in_the_territory_lists_sights_that_read_alone() -> None:
    """ "Que faire dans la métropole ?": what there is to see, each item saying where. Advice
    to check the museums' opening hours is no sight, and "Au nord du cours…" says nothing of
    which town, read without the cours Mirabeau two sentences before."""
    found = sources(
        "Les horaires de visite de l'abbaye de Silvacane et des musées doivent être vérifiés "
        "avant de partir.",
        "Le cours Mirabeau est la grande promenade d'Aix-en-Provence, bordée de platanes. "
        "Il relie la fontaine de la Rotonde à la fontaine du Roi René. Au nord du cours s'étend "
        "la vieille ville, avec la place des Cardeurs et la cathédrale Saint-Sauveur.",
        "Le château de l'Empéri domine la vieille ville de Salon-de-Provence depuis un rocher.",
    )
    text = _territory_answer("Que faire dans la métropole ?", found)
    assert "Empéri" in text and "cours Mirabeau" in text, text
    assert "horaires" not in text and "Au nord du cours" not in text, text


def test_a_list_from_few_passages_takes_each_one_s_items() -> None:
    """One passage names Marseille's beaches, one sentence each: a list of its first sentence
    alone answers "Quelles plages à Marseille ?" with one beach."""
    found = sources(
        "À Marseille, le parc balnéaire du Prado est le plus grand espace de baignade de la "
        "ville. Les parkings sont souvent pleins l'été. La plage des Catalans, la "
        "plus proche du Vieux-Port, est appréciée des habitants. Les îles du Frioul, accessibles "
        "en bateau, ont elles aussi de petites plages.",
        communes=["13055"],
    )
    text = _territory_answer("Quelles plages à Marseille ?", found)
    assert "Prado" in text and "Catalans" in text and "Frioul" in text, text
    assert "parkings" not in text, text


def test_a_list_does_not_open_on_a_chain_of_pronouns() -> None:
    """ "Elle aide à trouver un logement" reads after "Elle travaille avec la Métropole", which
    reads after the sentence naming the agency: quoted with the one before it, the lead would
    still not say who "Elle" is."""
    found = sources(
        "L'agence d'attractivité accompagne les entreprises qui s'installent. Elle travaille "
        "avec la Métropole et les communes. Elle aide à trouver un logement près de Rousset.",
        "Près de Rousset, Trets et Fuveau offrent un logement dans un cadre de village au pied "
        "de la Sainte-Victoire.",
        communes=["13087"],
    )
    text = _territory_answer("Où trouver un logement près de Rousset ?", found)
    assert "Trets" in text and "Elle" not in text, text


def test_a_list_of_companies_names_them() -> None:
    """ "Quelles entreprises de la microélectronique à Rousset ?": STMicroelectronics, named in
    the same passage as the subcontractors, before a sentence that only echoes "entreprises"
    (and a diploma, "BTS", is no company)."""
    found = sources(
        "À Rousset comme à Gardanne, les entreprises de la microélectronique recrutent des "
        "techniciens formés en BTS. À Rousset, STMicroelectronics exploite une usine de "
        "fabrication de plaquettes de silicium.",
        "Les pôles de compétitivité aident les entreprises de la microélectronique à monter des "
        "projets avec des laboratoires.",
        communes=["13087"],
    )
    text = _territory_answer("Quelles entreprises de la microélectronique à Rousset ?", found)
    assert text.startswith("- À Rousset, STMicroelectronics"), text


def test_a_list_item_saying_there_comes_with_where() -> None:
    """ "Dassault Aviation y a installé son centre d'essais": where is in the sentence before,
    when the question names no place."""
    found = sources(
        "À Istres, la base aérienne dispose de l'une des plus longues pistes d'Europe. Dassault "
        "Aviation y a installé son centre d'essais en vol.",
        communes=["13047"],
    )
    text = _territory_answer("Quelles entreprises dans l'aéronautique ?", found)
    assert "Dassault" in text and "À Istres" in text, text


def test_a_commune_s_rank_is_nothing_to_do_even_beside_one_sight() -> None:
    """ "Que faire à Aubagne ?" with one thing to do found: the answer is it, not it and
    Aubagne's rank by population; with only the rank, nothing answers."""
    found = sources(
        "Aubagne est réputée pour ses ateliers de santonniers et de céramistes.",
        communes=["13005"],
    )
    fact = _fact_sheet("Aubagne est la commune n° 1 du Pays d'Aubagne par la population.", 2)
    text = _territory_answer("Que faire à Aubagne ?", [*found, fact])
    assert "santonniers" in text and "population" not in text, text
    assert _territory_answer("Que faire à Aubagne ?", [fact]) == ""


def test_what_to_do_in_the_whole_territory_is_answered_by_its_sights(engine: Engine) -> None:
    """ "Que faire dans la région ?" names no topic; this pack's pages do not say "promenade"
    or "monuments", the words such a question is searched with: what they say there is to
    see answers it, not a refusal."""
    answer = engine.answerer.ask("Que faire dans la région ?")
    assert answer.answered and answer.scope == "territory", answer.text


def test_what_to_do_across_the_territory_names_things_to_do() -> None:
    """ "Que faire avec des enfants dans la métropole ?": a school for a research centre's
    children says "enfants", and is nothing to do."""
    found = sources(
        "Une école internationale accueille les enfants des chercheurs de Cadarache.",
        "À La Ciotat, la plage de sable fin de la baie convient aux jeunes enfants.",
        "À Aubagne, les enfants aiment le petit musée des santons.",
    )
    text = _territory_answer("Que faire avec des enfants dans la métropole ?", found)
    assert "plage" in text and "santons" in text and "école" not in text, text


def test_what_there_is_to_see_in_a_place_is_its_sights() -> None:
    """ "What is there to see in Aix-en-Provence?" lists no "see", and its TGV station is
    nothing to see."""
    found = sources(
        ("In Aix-en-Provence, visitors walk along the Cours Mirabeau and the old town.", "en"),
        ("The Aix-en-Provence TGV station opened in 2001 on the Arbois plateau.", "en"),
        ("In Aix-en-Provence, the Granet museum shows works by Cézanne.", "en"),
        communes=["13001"],
    )
    text = _territory_answer("What is there to see in Aix-en-Provence?", found)
    assert "Cours Mirabeau" in text and "Granet" in text and "TGV" not in text, text


def test_a_list_item_naming_a_person_by_a_role_alone_is_left_out() -> None:
    """ "L'écrivain et cinéaste a décrit…" says who only after "Marcel Pagnol est né…"."""
    found = sources(
        "Aubagne est la ville natale de Marcel Pagnol. L'écrivain et cinéaste a décrit dans ses "
        "films les collines d'Aubagne, le Garlaban et les sentiers de son enfance.",
        "À Aubagne, des foires aux santons rythment la période de Noël.",
        "À Aubagne, le musée de la Légion étrangère retrace l'histoire de la Légion.",
        communes=["13005"],
    )
    text = _territory_answer("Que faire à Aubagne ?", found)
    assert "santons" in text and not any(
        line.startswith("- L'écrivain") for line in text.splitlines()
    ), text


def test_a_list_about_a_town_outside_needs_a_sentence_set_there() -> None:
    """ "Best beaches in Saint-Cyr-sur-Mer" and La Ciotat's beaches "en direction de Saint-Cyr":
    the name is in the sentence, but the beaches are La Ciotat's. Set there, it answers."""
    gazetteer = Gazetteer(load_pack("aix-marseille-provence"))
    analyzer = QuestionAnalyzer(gazetteer, default_lang="fr", languages=("fr", "en"))
    asked = analyzer.analyse("Best beaches in Saint-Cyr-sur-Mer")
    assert asked.whereabouts == ("Saint-Cyr-sur-Mer",)
    passing = sources(
        "À La Ciotat, les plages de sable fin s'étendent en direction de Saint-Cyr-sur-Mer.",
        communes=["13028"],
    )
    assert not _grounded(gazetteer, asked, passing)
    there = sources("À Saint-Cyr-sur-Mer, la plage des Lecques est une longue plage de sable.")
    assert _grounded(gazetteer, asked, there)
    # … in its opening phrase too (PIAF: "En grande Kabylie, … les bijoutiers produisent…")
    asked = analyzer.analyse("Quels bijoux fabrique-t-on en Kabylie ?")
    jewels = sources("En grande Kabylie, les bijoutiers fabriquent des bijoux en argent.")
    assert _grounded(gazetteer, asked, jewels)
    # "l'archipel de Riou" says what, not where: a sentence naming it in passing may answer
    assert analyzer.analyse("Quelles îles composent l'archipel de Riou ?").whereabouts == ()


def test_what_to_do_in_a_town_nothing_says_is_not_answered() -> None:
    """ "Que faire à Vitrolles ?" and a notice the lagoon's towns publish, the train that
    reaches the town, or who may sail: nothing to do there is said, so nothing answers."""
    for notice in (
        "Les informations sur la qualité des eaux de baignade sont publiées par les communes.",
        "La ligne de train du littoral permet de rejoindre Vitrolles sans voiture.",
        "À Vitrolles, la navigation sur l'étang est réservée aux pratiquants expérimentés.",
    ):
        found = sources(notice, communes=["13117"])
        assert _territory_answer("Que faire à Vitrolles ?", found) == "", notice
    rock = sources("À Vitrolles, le rocher domine la ville et se visite.", communes=["13117"])
    assert "rocher" in _territory_answer("Que faire à Vitrolles ?", rock)


def test_what_to_do_at_a_time_is_what_is_done_then() -> None:
    """ "Que faire à Marseille en hiver ?" asks what to do there (the sights), and when: what
    happens in winter leads, and when several things do, they are the list."""
    gazetteer = Gazetteer(load_pack("aix-marseille-provence"))
    analyzer = QuestionAnalyzer(gazetteer, default_lang="fr", languages=("fr", "en"))
    asked = analyzer.analyse("What is there to do in Provence in winter?")
    assert asked.bare_visit and asked.period == frozenset({12, 1, 2}) and "winter" in asked.focus
    found = sources(
        "À Marseille, le MuCEM présente les civilisations de la Méditerranée.",
        "À Marseille, la Foire aux santons se tient chaque année en décembre.",
        "À Marseille, les crèches de Noël des églises se visitent en hiver.",
        "À Marseille, les règles d'accès aux calanques changent en hiver.",
        communes=["13055"],
    )
    text = _territory_answer("Que faire à Marseille en hiver ?", found)
    assert "santons" in text and "crèches" in text, text
    assert "MuCEM" not in text and "règles" not in text, text


def test_a_lead_led_by_another_town_gives_way_to_one_on_the_asked_town() -> None:
    """ "who founded marseille" scored the Aix sentence 0.996 and Marseille's 0.946: a sentence
    whose subject is another town of the territory is further from the answer than a tie. Not
    to the coach line that only follows it: that one does not say it."""
    gazetteer = Gazetteer(load_pack("aix-marseille-provence"))
    analyzer = QuestionAnalyzer(gazetteer, default_lang="fr", languages=("fr", "en"))
    found = sources(
        (
            "Aix-en-Provence, founded by the Romans in 122 BC, is a day trip from Marseille. "
            "The coach from Marseille Saint-Charles reaches Aix in under an hour.",
            "en",
        ),
        ("Marseille a été fondée vers 600 avant notre ère par des marins grecs.", "fr"),
        communes=["13055"],
    )
    scores = {"Aix-en-Provence": 0.996, "The coach": 0.97, "Marseille a été": 0.946}

    def score(s: Sentence) -> float:
        return next(v for k, v in scores.items() if s.text.startswith(k))

    text = answer_scored(analyzer.analyse("who founded marseille"), found, score, gazetteer)
    assert "marins grecs" in text.split("[1]")[0], text


def test_a_town_named_among_many_is_nothing_to_do_there() -> None:
    """ "Que faire à Rognac ?" was answered by the lagoon's ten bordering communes, Rognac
    among them: a list of places says nothing of what to do in one of them."""
    shores = sources(
        "Ses rives sont partagées entre des communes : Martigues, Istres, Miramas, Rognac, "
        "Vitrolles et Marignane.",
        communes=["13081"],
    )
    assert _territory_answer("Que faire à Rognac ?", shores) == ""
    walk = sources(
        "À Rognac, le sentier du plateau se parcourt à pied au départ du village.",
        communes=["13081"],
    )
    assert "sentier" in _territory_answer("Que faire à Rognac ?", walk)


def test_who_did_a_thing_is_not_answered_by_the_thing_done_by_no_one(pack: Pack) -> None:
    """ "Qui a fondé Innate Pharma ?" and "Innate Pharma, … fondée en 1999": the act is said,
    who did it is not. Said with its doer, in the passive or the active, it answers."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Qui a fondé Innate Pharma ?")
    assert asked.agent >= {"fonde", "fondee"}
    assert analyzer.analyse("Qui a été élu maire de Marseille ?").agent == frozenset()
    assert analyzer.analyse("Who founded Carnoux-en-Provence?").agent == {"founded"}
    alone = sources(
        "Innate Pharma, spécialisée en immunologie du cancer et fondée en 1999, s'est "
        "développée à Marseille."
    )
    assert not _grounded(gazetteer, asked, alone)
    for said in (
        "Innate Pharma a été fondée en 1999 par des chercheurs du centre d'immunologie.",
        "Des chercheurs du centre d'immunologie ont fondé Innate Pharma en 1999.",
    ):
        read = Reader(gazetteer=gazetteer).read(asked, sources(said))
        assert ground(asked, read, gazetteer).grounded, said


def test_which_company_is_answered_by_a_named_one_or_refused(pack: Pack) -> None:
    """ "Quelle compagnie de ferry dessert la Corse ?" and "des ferries relient la Corse": no
    company is named where the sources speak of it. A name answers, even one the recogniser
    takes for a person's ("Corsica Linea")."""
    gazetteer, analyzer = pack
    question = "Quelle compagnie de ferry dessert la Corse depuis Marseille ?"
    asked = analyzer.analyse(question)
    assert asked.answer_type is AnswerType.ORGANISATION
    ferries = sources("Depuis le port de Marseille, des ferries relient la Corse et la Sardaigne.")
    verdict = Refusal.rule(asked, ferries, Reader(gazetteer=gazetteer).read(asked, ferries))
    assert verdict is not None and verdict.reason == "out_of_scope"
    named = sources("La compagnie Corsica Linea dessert la Corse depuis le port de Marseille.")
    assert Refusal.rule(asked, named, Reader(gazetteer=gazetteer).read(asked, named)) is None
    assert "Corsica Linea" in _territory_answer(question, named)


def test_a_count_of_a_kind_is_not_answered_by_a_count_of_another(pack: Pack) -> None:
    """ "Combien de lignes de bus…?" counts bus lines: "deux lignes de métro, trois lignes de
    tramway" does not say how many, nor the airport's kilometres from the city how many
    kilometres of cycle paths. A place after the head says where, not what kind."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Combien de lignes de bus exploite la RTM à Marseille ?")
    assert "bus" in asked.qualifier
    assert analyzer.analyse("Peypin est à combien de km d'Aix ?").qualifier == frozenset()
    other = sources(
        "À Marseille, la RTM exploite deux lignes de métro, trois lignes de tramway et un "
        "vaste réseau de bus.",
        communes=["13055"],
    )
    assert not _grounded(gazetteer, asked, other)
    bus = sources("À Marseille, la RTM exploite 80 lignes de bus.", communes=["13055"])
    assert _grounded(gazetteer, asked, bus)
    paths = analyzer.analyse("Combien de kilomètres de pistes cyclables à Marseille ?")
    airport = sources(
        "L'aéroport est à 25 kilomètres au nord-ouest de Marseille.", communes=["13055"]
    )
    assert not _grounded(gazetteer, paths, airport)


def test_a_name_is_not_the_place_whose_name_holds_its_words(pack: Pack) -> None:
    """ "Quelle est la superficie de l'Étang de Berre ?" asks about the lagoon: the commune of
    Berre-l'Étang's fact sheet holds both words, and its area is not the lagoon's."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Quelle est la superficie de l'Étang de Berre en km² ?")
    commune = sources(
        "Berre-l'Étang compte 13 832 habitants sur 43,9 km², soit 315 habitants par km².",
        communes=["13014"],
    )
    assert not _grounded(gazetteer, asked, commune)
    # … and with the lagoon in lower case, where the name is "Berre" and completes "étang"
    lower = analyzer.analyse("Quelle est la superficie de l'étang de Berre en km² ?")
    assert not _grounded(gazetteer, lower, commune)
    lagoon = sources("L'Étang de Berre couvre 155 km² entre Marignane et Istres.")
    assert _grounded(gazetteer, asked, lagoon)


def test_what_a_thing_is_called_is_answered_by_a_name_or_refused(pack: Pack) -> None:
    """ "Comment s'appelle le service de vélos… ?" and "Marseille dispose d'un service de vélos
    en libre-service": no name is said. "les Gardannais", "le tokamak WEST" are names."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Comment s'appelle le service de vélos en libre-service ?")
    assert asked.naming
    assert analyzer.analyse("What is the bike-sharing scheme in Marseille called?").naming
    unnamed = sources("Marseille dispose d'un service de vélos en libre-service.")
    verdict = Refusal.rule(asked, unnamed, Reader(gazetteer=gazetteer).read(asked, unnamed))
    assert verdict is not None and verdict.reason == "out_of_scope"
    named = sources("À Marseille, le service de vélos en libre-service s'appelle Levélo.")
    assert Refusal.rule(asked, named, Reader(gazetteer=gazetteer).read(asked, named)) is None
    # … or said as one, in brackets or after "appelé"
    lid = analyzer.analyse("Comment s'appelle le couvercle de l'arche ?")
    bracket = sources("Deux chérubins ornent le couvercle (propitiatoire) de l'arche.")
    assert Refusal.rule(lid, bracket, Reader(gazetteer=gazetteer).read(lid, bracket)) is None
    people = analyzer.analyse("Comment s'appellent les habitants de Gardanne ?")
    said = sources("Les habitants de Gardanne s'appellent les Gardannais.", communes=["13041"])
    assert Refusal.rule(people, said, Reader(gazetteer=gazetteer).read(people, said)) is None


def test_a_name_set_apart_by_a_common_word_is_found_as_written(pack: Pack) -> None:
    """ "the Hôpital Nord": "nord" is in many sources, so a passage on the northern districts
    naming "l'Hôpital européen" holds both words; only "Hôpital Nord" names it."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("En quelle année l'Hôpital Nord a-t-il ouvert ?")
    stats = TermStats({"hopital": 2, "nord": 40}, 100)
    other = sources(
        "Dans les quartiers nord, l'Hôpital européen a ouvert en 2013.", communes=["13055"]
    )
    read = Reader(gazetteer=gazetteer).read(asked, other)
    assert not ground(asked, read, gazetteer, stats).grounded
    named = sources("L'Hôpital Nord a ouvert ses portes en 1965.", communes=["13055"])
    read = Reader(gazetteer=gazetteer).read(asked, named)
    assert ground(asked, read, gazetteer, stats).grounded
    # what follows a particle says where: "l'Ombrière du Vieux-Port" is the Ombrière
    shade = analyzer.analyse("Qui a conçu l'Ombrière du Vieux-Port ?")
    stats = TermStats({"ombriere": 1, "vieux": 40, "port": 60}, 100)
    said = sources("Le quai abrite l'Ombrière, un auvent conçu par l'architecte Norman Foster.")
    read = Reader(gazetteer=gazetteer).read(shade, said)
    assert ground(shade, read, gazetteer, stats).grounded


def test_a_count_of_things_is_said_by_a_number_of_them(pack: Pack) -> None:
    """ "Combien d'hélicoptères…?" and "trois pôles : la construction d'hélicoptères…": the
    number counts poles. A number of the things asked, or a number said alone, may answer; a
    number of kilometres measures rather than counts."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Combien d'hélicoptères sont fabriqués à Marignane par an ?")
    assert asked.counted
    assert not analyzer.analyse("Quelle est la largeur du pont ?").counted
    poles = sources(
        "Elle s'organise autour de trois pôles : la construction d'hélicoptères à Marignane, "
        "les essais en vol à Istres et la formation à Salon-de-Provence.",
        communes=["13054"],
    )
    assert not _grounded(gazetteer, asked, poles)
    for said in (
        "À Marignane, l'usine livre environ 300 hélicoptères par an.",
        "À Marignane, l'usine livre environ 300 nouveaux hélicoptères par an.",
        "Les hélicoptères livrés par l'usine de Marignane sont environ 300 par an.",
    ):
        found = sources(said, communes=["13054"])
        assert _grounded(gazetteer, asked, found), said
    coast = analyzer.analyse("Combien de kilomètres de côte compte Marseille ?")
    measured = sources("Marseille compte 57 km de côte.", communes=["13055"])
    assert _grounded(gazetteer, coast, measured)


def test_a_count_of_another_thing_is_no_answer_in_the_asker_s_language(pack: Pack) -> None:
    """ "How many arrondissements does Marseille have?": the French sentence that counts them
    is not given up for an English one on a station "in the 1st arrondissement… two metro
    stops" away, whose number counts stops."""
    question = "How many arrondissements does Marseille have?"
    found = sources(
        "Marseille, deuxième ville de France, est divisée en seize arrondissements.",
        (
            "Marseille Saint-Charles is the main railway station, in the 1st arrondissement "
            "of Marseille, two metro stops from the Vieux-Port.",
            "en",
        ),
        communes=["13055"],
    )
    answer = _territory_answer(question, found)
    assert "seize arrondissements" in answer
    assert "Saint-Charles" not in answer


def test_a_name_ended_by_a_quarter_of_the_compass_is_found_whole(pack: Pack) -> None:
    """ "Où skier dans les Alpes du Nord ?" is not answered by skiing "dans les
    Alpes-de-Haute-Provence" after a sentence on "le nord du Pays d'Aix": both words are
    there, the name is not."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Où skier dans les Alpes du Nord ?")
    apart = sources(
        "La présence d'ITER a fait venir dans le nord du Pays d'Aix des chercheurs. Le "
        "week-end, ils vont skier dans les Alpes-de-Haute-Provence."
    )
    assert not _grounded(gazetteer, asked, apart)
    whole = sources("Dans les Alpes du Nord, on peut skier dans de grandes stations.")
    assert _grounded(gazetteer, asked, whole)


def test_who_did_a_thing_is_not_answered_where_no_one_does_it(pack: Pack) -> None:
    """ "Who won the sailing gold medals…?" and "Marseille a accueilli les épreuves de voile":
    the sentence neither says the act nor names anyone. One that says who did it answers."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse(
        "Qui a gagné les médailles d'or de voile aux Jeux olympiques de 2024 ?"
    )
    assert asked.agent
    hosted = sources(
        "Marseille a accueilli les épreuves de voile des Jeux olympiques de 2024, à la marina "
        "du Roucas-Blanc."
    )
    assert not _grounded(gazetteer, asked, hosted)
    founded = analyzer.analyse("Qui a fondé Marseille ?")
    said = sources(
        "Marseille a été fondée vers 600 avant notre ère par des marins venus de Phocée.",
        communes=["13055"],
    )
    assert _grounded(gazetteer, founded, said)


def test_a_list_about_a_name_leaves_out_the_pages_of_a_place_named_alike() -> None:
    """ "Quelles communes bordent l'étang de Berre ?": the commune of Berre-l'Étang's fact
    sheet is about the commune (its rank by population is no shore); the lagoon's page names
    the communes."""
    sheet, lagoon = sources(
        "Dans le conseil de territoire Pays Salonais, qui regroupe 17 communes, Berre-l'Étang "
        "est la commune n° 2 par la population.",
        "Ses rives sont partagées entre dix communes : Martigues, Istres, Saint-Chamas, "
        "Berre-l'Étang, Rognac, Vitrolles et Marignane.",
    )
    sheet.chunk = replace(sheet.chunk, title="Berre-l'Étang — fiche commune", kind="factsheet")
    lagoon.chunk = replace(lagoon.chunk, title="L'Étang de Berre, une mer intérieure")
    text = _territory_answer("Quelles communes bordent l'étang de Berre ?", [sheet, lagoon])
    assert "Ses rives" in text and "n° 2" not in text, text


def test_a_group_of_communes_is_answered_by_its_own_figures() -> None:
    """ "How many municipalities are in the Pays d'Aix…?": "It groups 3 municipalities" under
    the Pays de Martigues' title is another group's; and the metropolis' 1.9 million
    inhabitants, which names no group, is no rival of the Pays d'Aix's figure, nor is a rank
    among its communes."""
    martigues, aix, metropolis = sources(
        (
            "The territory council Pays de Martigues is part of the metropolis. It groups 3 "
            "municipalities and 70,275 inhabitants.",
            "en",
        ),
        (
            "The territory council Pays d'Aix is part of the metropolis. It groups 36 "
            "municipalities and 410,916 inhabitants.",
            "en",
        ),
        (
            "The Aix-Marseille-Provence metropolis brings together 92 communes and around 1.9 "
            "million inhabitants.",
            "en",
        ),
    )
    martigues.chunk = replace(martigues.chunk, title="Pays de Martigues — territory council")
    aix.chunk = replace(aix.chunk, title="Pays d'Aix — territory council")
    metropolis.chunk = replace(metropolis.chunk, title="Moving to the metropolis")
    found = [martigues, aix, metropolis]
    text = _territory_answer(
        "How many municipalities are in the Pays d'Aix territory council?", found
    )
    assert "36 municipalities" in text and "3 municipalities" not in text, text
    (rank,) = sources(
        (
            "Among the 36 municipalities of the territory council Pays d'Aix, Peynier ranks "
            "number 27 by population.",
            "en",
        )
    )
    rank.number = 4
    found.append(rank)
    text = _territory_answer("How many people live in the Pays d'Aix territory council?", found)
    assert "410,916" in text and "disagree" not in text and "1.9" not in text, text
    assert "ranks number 27" not in text, text  # a rank counts no one


def test_one_commune_s_figure_does_not_support_its_group_s() -> None:
    """ "Combien d'habitants compte le Pays d'Aix ?": the council's sheet answers; a commune's
    sheet, though it names the council, gives the commune's population."""
    group, town = sources(
        "Le conseil de territoire Pays d'Aix fait partie de la métropole. Il regroupe 36 "
        "communes et 410 916 habitants.",
        "Pertuis est une commune de la métropole, membre du conseil de territoire Pays d'Aix. "
        "Pertuis compte 20 000 habitants.",
    )
    group.chunk = replace(group.chunk, title="Pays d'Aix — conseil de territoire")
    group.chunk = replace(group.chunk, communes=["13001", "13071"])
    town.chunk = replace(town.chunk, title="Pertuis — fiche commune", communes=["13071"])
    text = _territory_answer("Combien d'habitants compte le Pays d'Aix ?", [group, town])
    assert text.startswith("[Le conseil de territoire Pays d'Aix]"), text
    assert "20 000" not in text, text


def test_a_group_s_figure_is_not_read_in_one_commune_s_sheet() -> None:
    """ "How many municipalities are in the Pays d'Aix territory council?": Aix-en-Provence's
    sheet, "Among the 36 municipalities… ranks number 1", is about the commune; the council's
    sheet says the figure of the group."""
    group, commune = sources(
        (
            "The territory council Pays d'Aix is part of the metropolis. It groups 36 "
            "municipalities and 410,916 inhabitants.",
            "en",
        ),
        (
            "Among the 36 municipalities of the territory council Pays d'Aix, Aix-en-Provence "
            "ranks number 1 by population.",
            "en",
        ),
    )
    group.chunk = replace(
        group.chunk, title="Pays d'Aix — territory council", communes=["13001", "13071"]
    )
    commune.chunk = replace(
        commune.chunk, title="Aix-en-Provence — municipality fact sheet", communes=["13001"]
    )
    question = "How many municipalities are in the Pays d'Aix territory council?"
    text = _territory_answer(question, [commune, group])
    assert "410,916" in text and "ranks number 1" not in text, text


def test_a_list_asked_of_a_place_is_refused_when_no_sentence_there_says_it(pack: Pack) -> None:
    """ "Où manger à Martigues ?": a sentence on Martigues that says nothing of eating, and one
    on eating that names no commune, answer nothing; a restaurant there does."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Où manger à Martigues ?")
    apart = sources(
        "Martigues est accessible depuis Marseille par l'autoroute A55.",
        "Chaque commune a ses spécialités et ses fêtes gourmandes.",
    )
    verdict = Refusal.rule(asked, apart, Reader(gazetteer=gazetteer).read(asked, apart))
    assert verdict is not None and verdict.reason == "out_of_scope"
    there = sources("À Martigues, les restaurants du quartier de l'Île servent la poutargue.")
    assert Refusal.rule(asked, there, Reader(gazetteer=gazetteer).read(asked, there)) is None


def test_what_one_recommends_is_how_a_question_asks(pack: Pack) -> None:
    _, analyzer = pack
    assert analyzer.analyse("Quel hôtel me conseillez-vous à Cassis ?").focus == ("hôtel",)


def test_going_to_a_place_is_not_leaving_it(pack: Pack) -> None:
    """ "Comment aller à Cassis ?" is not answered by the boats leaving its port, though the
    reader scores them first."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Comment aller à Cassis ?")
    found = sources(
        "Depuis le port de Cassis, des bateaux partent vers les calanques.",
        "Cassis est desservie par la ligne TER Marseille–Toulon.",
    )
    text = _written_scored_first(gazetteer, asked, found, "Depuis")
    assert text.startswith("Cassis est desservie"), text


def test_the_way_between_two_places_is_a_line_not_a_view(pack: Pack) -> None:
    """Both sentences name Marseille and Cassis; "depuis la mer" is where the calanques are seen
    from, "desservie par la ligne" is how one goes from one to the other."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Comment aller de Marseille à Cassis ?")
    found = sources(
        "Les bateaux de promenade au départ de Marseille et de Cassis permettent de découvrir "
        "les calanques depuis la mer.",
        "Cassis est desservie par la ligne TER Marseille–Toulon.",
    )
    text = _written_scored_first(gazetteer, asked, found, "Les bateaux")
    assert text.startswith("Cassis est desservie"), text


def test_a_question_naming_the_agency_is_searched_as_the_pack_calls_it(pack_dir: Path) -> None:
    """The demo corpus describes "une agence d'attractivité" without its name: "One Provence"
    is searched with the words it is called by, in the question's language, and kept."""
    pack = replace(
        load_pack(pack_dir),
        agency="Lagune Boost (démo)",
        agency_called={"fr": "l'agence d'attractivité", "en": "the attractiveness agency"},
    )
    analyzer = QuestionAnalyzer(Gazetteer(pack), default_lang="fr", languages=pack.languages)
    query = analyzer.analyse("Quelle est la mission de lagune boost ?").query
    assert "lagune boost, l'agence d'attractivité," in query
    assert "the attractiveness agency" in analyzer.analyse("What does Lagune Boost do?").query
    assert load_pack("aix-marseille-provence").agency_called["fr"] == "l'agence d'attractivité"
    plain = QuestionAnalyzer(Gazetteer(load_pack(pack_dir)), default_lang="fr")
    asked = "Que fait l'Agence de la Lagune ?"
    assert plain.analyse(asked).query == asked


def test_a_ranking_of_places_disputes_no_figure(pack: Pack) -> None:
    """The territory sheet ranks the communes by population: its figures are each commune's,
    not another count of the metropolis' inhabitants."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Combien d'habitants dans la métropole ?")
    found = sources(
        "La métropole compte environ 1,9 million d'habitants.",
        "Les communes les plus peuplées de la métropole : Marseille (886 040 habitants), "
        "Aix-en-Provence (149 695 habitants), Martigues (48 298 habitants), Aubagne (47 529 "
        "habitants).",
    )
    text = _written(gazetteer, asked, found)
    assert text.startswith("La métropole compte environ 1,9 million"), text
    assert "concordent" not in text and "Aubagne" not in text, text  # nor does it support


def test_a_group_s_count_disputes_no_count_of_the_territory(pack: Pack) -> None:
    """ "Dans le conseil de territoire Pays d'Aix, qui regroupe 36 communes" says "Aix", and
    counts the Pays d'Aix, not the métropole Aix-Marseille-Provence."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Combien de communes compte la métropole Aix-Marseille-Provence ?")
    found = sources(
        "La métropole Aix-Marseille-Provence réunit 92 communes.",
        "Dans le conseil de territoire Pays d'Aix, qui regroupe 36 communes, Aix-en-Provence "
        "est la commune n° 1 par la population.",
    )
    text = _written(gazetteer, asked, found)
    assert text.startswith("La métropole Aix-Marseille-Provence réunit 92 communes"), text
    assert "concordent" not in text, text


def test_a_group_is_spoken_of_by_its_whole_name(pack: Pack) -> None:
    """The Pays de Martigues "of the Aix-Marseille-Provence metropolis" says "pays" and "Aix",
    and does not support the Pays d'Aix's figure."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("What share of the metropolis population lives in the Pays d'Aix?")
    found = sources(
        (
            "The territory council Pays d'Aix groups 36 municipalities and 410,916 inhabitants, "
            "21.2% of the population of the Aix-Marseille-Provence metropolis.",
            "en",
        ),
        (
            "The territory council Pays de Martigues groups 3 municipalities and 70,275 "
            "inhabitants, 3.6% of the population of the Aix-Marseille-Provence metropolis.",
            "en",
        ),
    )
    text = _written(gazetteer, asked, found)
    assert text.startswith("The territory council Pays d'Aix groups"), text
    assert "Martigues" not in text, text


def test_an_acronym_of_a_place_outside_the_pack_is_two_names(pack: Pack) -> None:
    """ "TGV de Lyon" is no one thing a source must name: Lyon must be spoken of, and the
    Paris line's "three hours from Paris by TGV" does not. The CCI of a pack place is one."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Combien de temps en TGV de Lyon à Marseille ?")
    assert asked.names == ("TGV", "Lyon")
    found = sources(
        ("Marseille is a little over three hours from Paris by TGV.", "en"),
        ("Direct high-speed trains also serve Lyon, Lille and Nice.", "en"),
    )
    assert not _grounded(gazetteer, asked, found)
    assert analyzer.analyse("Où est la CCI de Marseille ?").names == ("CCI de Marseille",)


def test_a_ranking_says_which_comes_first_not_how_many_live_in_one(pack_dir: Path) -> None:
    """Places ranked by their figures answer a question that ranks; asked how many live in
    one place, neither the ranking nor a figure said of another place after its name answers."""
    analyzer, gazetteer = _lagune(pack_dir)
    ranking = (
        "Les communes les plus peuplées de la Lagune : Port-Lumière (52 000 habitants), "
        "Bourg-Neuf (12 400 habitants), Saint-Vent (8 100 habitants)."
    )
    asked = analyzer.analyse("Combien d'habitants à Saint-Vent ?")
    assert not _grounded(gazetteer, asked, sources(ranking))
    least = "La commune la moins peuplée de la Lagune est La Roche-d'Azur (2 050 habitants)."
    assert not _grounded(gazetteer, asked, sources(f"Saint-Vent est au bord de l'eau. {least}"))
    # the largest and the smallest, said with their figures, rank too: they count no bassin
    extremes = (
        "La plus grande ville du bassin Collines est Bourg-Neuf par la population (12 400 "
        "habitants) ; la plus petite commune est La Roche-d'Azur (2 050 habitants)."
    )
    assert not _grounded(
        gazetteer,
        analyzer.analyse("Combien d'habitants compte le bassin Collines ?"),
        sources(extremes),
    )
    ranked = analyzer.analyse("Quelle est la commune la plus peuplée après Port-Lumière ?")
    assert _grounded(gazetteer, ranked, sources(ranking))


def test_a_yes_or_no_for_a_time_of_year_is_said_of_that_time(pack_dir: Path) -> None:
    """Swimming said at no time, and a winter fair, do not say whether one swims in winter."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("Peut-on se baigner en hiver à Port-Lumière ?")
    found = sources(
        "En hiver, la fête de la Lagune réunit les habitants de Port-Lumière sur le port.",
        "À Port-Lumière, on se baigne à la plage du phare.",
    )
    verdict = Refusal.rule(asked, found, Reader(gazetteer=gazetteer).read(asked, found))
    assert verdict is not None and verdict.reason == "out_of_scope"
    found = sources("À Port-Lumière, on se baigne en hiver à la piscine d'eau de mer.")
    assert Refusal.rule(asked, found, Reader(gazetteer=gazetteer).read(asked, found)) is None


def test_a_yes_or_no_for_a_time_of_year_may_be_said_by_the_eighth_sentence(
    pack_dir: Path,
) -> None:
    """ "Est-ce qu'on peut randonner dans les calanques en été ?": the summer rules came sixth,
    after the trails' stones and the buses to them, and the question was refused."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("Peut-on se baigner en hiver à Port-Lumière ?")
    found = sources(
        *[f"À Port-Lumière, la plage numéro {n} accueille les baigneurs." for n in range(7)]
    )
    found += sources("En hiver, à Port-Lumière, on se baigne à la piscine d'eau de mer.")
    read = Reader(gazetteer=gazetteer).read(asked, found)
    read.sort(key=lambda s: "hiver" in s.text)  # the winter sentence eighth
    assert "hiver" in read[7].text
    assert Refusal.rule(asked, found, read) is None


def test_a_definition_may_say_where_first(pack: Pack) -> None:
    """ "À Marseille, les navettes, biscuits parfumés…" says what a navette is, after where;
    the ferry-boat, scored a little higher, does not."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Qu'est-ce que la navette marseillaise ?")
    found = sources(
        "À Marseille, le ferry-boat traverse le Vieux-Port entre deux quais, comme une navette.",
        "À Marseille, les navettes, biscuits parfumés à la fleur d'oranger, sont liées à la "
        "Chandeleur.",
    )
    text = _written_scored_first(gazetteer, asked, found, "ferry")
    assert text.startswith("À Marseille, les navettes, biscuits"), text


def test_a_yes_or_no_for_a_time_of_year_opens_on_that_time(pack_dir: Path) -> None:
    """Port-Lumière's hot springs, scored first, say nothing of summer; the summers do."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("Fait-il chaud l'été à Port-Lumière ?")
    found = sources(
        "Port-Lumière doit son nom antique à ses sources chaudes.",
        "À Port-Lumière, les étés sont chauds et secs.",
    )
    text = _written_scored_first(gazetteer, asked, found, "sources")
    assert text.startswith("À Port-Lumière, les étés sont chauds"), text
    # … and what the whole territory's summers are, each of its places' are
    found = sources(
        "Port-Lumière doit son nom antique à ses sources chaudes.",
        "Sur tout le territoire de la Lagune, les étés sont chauds et secs.",
    )
    text = _written_scored_first(gazetteer, asked, found, "sources")
    assert text.startswith("Sur tout le territoire de la Lagune, les étés sont chauds"), text


def test_a_yes_or_no_is_said_of_what_its_subject_is(pack_dir: Path) -> None:
    """Tourist offices do not say whether the town is safe for tourists; a paying visit says
    whether it is free. Whether it is open is left to the rest: a source says it as often by
    when it closes."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("Is Port-Lumière safe for tourists?")
    found = sources(("Tourist offices in Port-Lumière provide maps and guided tours.", "en"))
    assert not _grounded(gazetteer, asked, found)
    found = sources(("Port-Lumière is a safe town for tourists, day and night.", "en"))
    assert _grounded(gazetteer, asked, found)
    asked = analyzer.analyse("Le phare de Port-Lumière est-il gratuit ?")
    assert _grounded(gazetteer, asked, sources("À Port-Lumière, la visite du phare est payante."))
    asked = analyzer.analyse("Le phare de Port-Lumière est-il ouvert ?")
    assert _grounded(gazetteer, asked, sources("À Port-Lumière, le phare ferme le lundi."))


_AMBASSADORS = "À Port-Lumière, les ambassadeurs parlent du territoire dans leurs propres réseaux."


@pytest.mark.parametrize(
    ("question", "not_said", "said"),
    [
        # … not by the agency's ambassadors "dans leurs propres réseaux", which say no beach
        (
            "Les plages de Port-Lumière sont-elles propres ?",
            _AMBASSADORS,
            "À Port-Lumière, les plages sont propres et nettoyées chaque matin en été.",
        ),
        # (a place alone is no such thing)
        ("Port-Lumière est-elle sûre ?", None, "Port-Lumière est une ville sûre, de jour."),
        # … in the words the focus was read from: the public transport asked is its buses
        (
            "Les transports en commun de Port-Lumière sont-ils gratuits ?",
            "À Port-Lumière, l'entrée des musées est gratuite le dimanche.",
            "À Port-Lumière, le réseau de bus est gratuit pour les usagers.",
        ),
        # water is clean by its quality
        (
            "L'étang de Port-Lumière est-il propre ?",
            None,
            "À Port-Lumière, la qualité de l'eau de l'étang s'est améliorée depuis 2000.",
        ),
        # "propre" after a possessive is one's own, not clean
        (
            "Port-Lumière est-elle propre ?",
            _AMBASSADORS,
            "Port-Lumière est une ville propre et calme.",
        ),
    ],
)
def test_a_yes_or_no_is_said_of_the_thing_it_asks_about(
    pack_dir: Path, question: str, not_said: str | None, said: str
) -> None:
    """A yes or no whether a thing is so is said of that thing: "Les plages de Marseille
    sont-elles propres ?" was answered by the agency's ambassadors."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse(question)
    if not_said is not None:
        assert not _grounded(gazetteer, asked, sources(not_said))
    assert _grounded(gazetteer, asked, sources(said))


def test_whether_a_kind_of_thing_is_there_is_said_of_that_kind(pack_dir: Path) -> None:
    """An airport shuttle bus is no night bus; a night bus is."""
    analyzer, gazetteer = _lagune(pack_dir)
    shuttle = ("A free shuttle bus links the airport with Port-Lumière's railway station.", "en")
    night = ("In Port-Lumière, a night bus runs from the harbour until 2 a.m.", "en")
    for question in (
        "Is there a night bus in Port-Lumière?",
        "Y a-t-il un bus de nuit à Port-Lumière ?",
    ):
        asked = analyzer.analyse(question)
        assert not _grounded(gazetteer, asked, sources(shuttle)), question
        assert _grounded(gazetteer, asked, sources(night)), question
    asked = analyzer.analyse("Is there a beach in Port-Lumière?")
    assert _grounded(gazetteer, asked, sources(("Port-Lumière has a sandy beach.", "en")))
    # (one thing of one word is that thing, not its article, and how much of it is asked is no
    # thing: "Is there a metro in Marseille?", "Is there enough sun?")
    for question, said, not_said in (
        (
            "Is there a metro in Port-Lumière?",
            "Port-Lumière has two metro lines.",
            "Port-Lumière has two tram lines.",
        ),
        (
            "Is there enough sun in Port-Lumière?",
            "Port-Lumière has one of the sunniest climates, with plenty of sunshine.",
            "Port-Lumière has enough parking for everyone.",
        ),
    ):
        asked = analyzer.analyse(question)
        assert not _grounded(gazetteer, asked, sources((not_said, "en"))), question
        assert _grounded(gazetteer, asked, sources((said, "en"))), question


def test_whether_a_thing_is_so_is_said_of_that_thing(pack_dir: Path) -> None:
    """ "Les transports en commun sont-ils gratuits à Marseille ?" was answered by the museums'
    "tarifs", after a sentence on a church "accessible en bus": a sentence naming its own
    subject says nothing of the one before's."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("Les transports en commun sont-ils gratuits à Port-Lumière ?")
    found = sources(
        "Le phare de Port-Lumière est accessible en bus depuis le port. Les musées de "
        "Port-Lumière ont chacun leurs horaires et leurs tarifs."
    )
    assert not _grounded(gazetteer, asked, found)
    # (nor where another sentence is grounded: it is no answer of its own)
    found = sources(
        "Le phare de Port-Lumière est accessible en bus depuis le port. Les musées de "
        "Port-Lumière ont chacun leurs horaires et leurs tarifs.",
        "À Port-Lumière, le réseau de bus est gratuit pour les usagers.",
    )
    read = ground(asked, Reader(gazetteer=gazetteer).read(asked, found), gazetteer)
    assert read.grounded and not any("musées" in s.text for s in read.sentences)
    # … nor asked whether there is one so: "Y a-t-il des transports gratuits ?"
    asked = analyzer.analyse("Y a-t-il des transports gratuits à Port-Lumière ?")
    read = ground(asked, Reader(gazetteer=gazetteer).read(asked, found), gazetteer)
    assert read.grounded and not any("musées" in s.text for s in read.sentences)
    # (a sentence opening on a pronoun speaks of the one before's, even read as impersonal)
    asked = analyzer.analyse("Le parc du Sable est-il surveillé ?")
    found = sources(
        "À Port-Lumière, le parc du Sable est le plus grand espace de baignade. Il est facile "
        "d'y aller en bus, et la baignade y est surveillée l'été."
    )
    assert _grounded(gazetteer, asked, found)


def test_a_way_there_is_said_by_how_one_goes(pack_dir: Path) -> None:
    """ "Comment y aller depuis Aix ?" after ITER was answered by where its staff live, "Pour
    une personne qui rejoint Cadarache ou ITER, Pertuis… sont des lieux de vie"."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("Comment aller à Port-Lumière ?")
    assert asked.journey
    homes = "Pour une personne qui rejoint Port-Lumière, Saint-Vent est un lieu de vie choisi."
    assert not _grounded(gazetteer, asked, sources(homes))
    assert _grounded(gazetteer, asked, sources("Un bus relie Saint-Vent à Port-Lumière."))
    assert _grounded(gazetteer, asked, sources("Port-Lumière se rejoint à pied par la plage."))


@pytest.mark.parametrize(
    ("question", "elsewhere", "said"),
    [
        (
            "Is the metro open at night in Port-Lumière?",
            "In Port-Lumière, the metro serves the harbour and the station.",
            "In Port-Lumière, the metro runs until 1 a.m. every night.",
        ),
        # "Is the MuCEM accessible by wheelchair?" was answered by its opening hours
        (
            "Is the lighthouse of Port-Lumière accessible by wheelchair?",
            "The lighthouse of Port-Lumière opens at 10 a.m., and it is accessible on foot.",
            "In Port-Lumière, a ramp makes the lighthouse accessible by wheelchair.",
        ),
        # "Is there a bike path along the coast?" by the businesses along the coast
        (
            "Is there a bike path along the coast of Port-Lumière?",
            "In Port-Lumière, sailing schools and dive shops line the coast.",
            "In Port-Lumière, a bike path follows the coast to the lighthouse.",
        ),
    ],
)
def test_a_yes_or_no_is_said_of_when_by_or_along_what_it_asks(
    pack_dir: Path, question: str, elsewhere: str, said: str
) -> None:
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse(question)
    assert not _grounded(gazetteer, asked, sources((elsewhere, "en")))
    assert _grounded(gazetteer, asked, sources((said, "en")))


def test_a_yes_or_no_asked_with_est_ce_que_or_of_a_day_is_said_of_it(pack_dir: Path) -> None:
    """ "Est-ce que le parc… est payant ?" was answered by when the park was created, "Est-ce
    que le MuCEM est ouvert le lundi ?" by when it opened."""
    analyzer, gazetteer = _lagune(pack_dir)
    created = sources("Le phare de Port-Lumière a été allumé en 1911.")
    asked = analyzer.analyse("Est-ce que le phare de Port-Lumière est payant ?")
    assert not _grounded(gazetteer, asked, created)
    assert _grounded(gazetteer, asked, sources("À Port-Lumière, la visite du phare est payante."))
    asked = analyzer.analyse("Est-ce que le phare de Port-Lumière est ouvert le lundi ?")
    assert not _grounded(gazetteer, asked, created)
    assert _grounded(gazetteer, asked, sources("À Port-Lumière, le phare ferme le lundi."))


def test_a_yes_or_no_is_said_by_the_sentence_not_its_heading(pack_dir: Path) -> None:
    """ "Peut-on se baigner dans l'étang de Berre ?" was answered by the sailing on it, under a
    heading naming its beaches."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("Peut-on se baigner à Port-Lumière ?")
    (found,) = sources("À Port-Lumière, le plan d'eau se prête à la voile légère.")
    found.chunk = replace(found.chunk, heading=("Port-Lumière", "Plages et voile"))
    assert not _grounded(gazetteer, asked, [found])
    (found,) = sources("À Port-Lumière, des plages surveillées sont aménagées en été.")
    assert _grounded(gazetteer, asked, [found])


def test_what_one_needs_is_said_of_that_thing(pack_dir: Path) -> None:
    """The papers newcomers need are no answer to whether one needs a permit to fish."""
    analyzer, gazetteer = _lagune(pack_dir)
    for question, papers, permit in (
        (
            "Do I need a permit to fish in Port-Lumière?",
            ("In Port-Lumière, health insurance and a phone number are needed early on.", "en"),
            ("In Port-Lumière, anglers need a fishing permit from the harbour office.", "en"),
        ),
        (
            "Faut-il un permis pour pêcher à Port-Lumière ?",
            "À Port-Lumière, une assurance et un numéro de téléphone sont nécessaires.",
            "À Port-Lumière, les pêcheurs doivent demander un permis à la capitainerie.",
        ),
    ):
        asked = analyzer.analyse(question)
        assert not _grounded(gazetteer, asked, sources(papers)), question
        assert _grounded(gazetteer, asked, sources(permit)), question


def test_a_price_is_not_said_by_the_word_pays(pack_dir: Path) -> None:
    """ "paying" stems to "pay" in English, and so does the French "pays": a rent is not
    said by "la plus grande commune du pays"."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("Combien coûte un loyer à Port-Lumière ?")
    found = sources(
        "Port-Lumière, qui compte 52 000 habitants, est la plus grande commune du pays."
    )
    assert not _grounded(gazetteer, asked, found)
    assert _grounded(
        gazetteer, asked, sources("À Port-Lumière, un loyer coûte 900 euros par mois.")
    )


def test_what_one_must_do_is_said_of_what_is_asked(pack_dir: Path) -> None:
    """ "Faut-il réserver… ?" is said by a booking; of two, the one about the asked visit."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("Faut-il réserver pour visiter le phare de Port-Lumière ?")
    found = sources("À Port-Lumière, le phare se visite le samedi.")
    assert not _grounded(gazetteer, asked, found)
    asked = analyzer.analyse("Do I need to book to visit the lighthouse of Port-Lumière?")
    found = sources(
        "À Port-Lumière, pour le festival, il est conseillé de réserver ses places.",
        "À Port-Lumière, la visite du phare se fait sur réservation.",
    )
    read = ground(asked, Reader(gazetteer=gazetteer).read(asked, found), gazetteer)
    assert read.grounded and "phare" in read.sentences[0].text, read.sentences[0].text


def test_a_place_and_a_common_word_name_an_organisation(pack_dir: Path) -> None:
    """ "What does Marseille Innovation do?" was answered by the French Tech label, which
    "fédère les acteurs… de l'innovation": a place and a capitalised common word name an
    organisation, said by its name, not by the word."""
    analyzer, gazetteer = _lagune(pack_dir)
    for question in (
        "What does Saint-Vent Innovation do?",
        "Qu'est-ce que Saint-Vent Innovation ?",
    ):
        asked = analyzer.analyse(question)
        assert asked.names == ("Saint-Vent Innovation",), asked.names
        word = sources("À Saint-Vent, le label fédère les acteurs de l'innovation et les start-up.")
        assert not _grounded(gazetteer, asked, word), question
        name = sources("Saint-Vent Innovation accompagne les jeunes entreprises de la lagune.")
        assert _grounded(gazetteer, asked, name), question


def test_what_a_follow_up_narrows_a_visit_to_is_said_by_each_thing(pack_dir: Path) -> None:
    """ "What about with kids?" after what to do in Aix-en-Provence listed its TGV station:
    each thing listed says the children, or none answers (a "familier" object is no family)."""
    analyzer, gazetteer = _lagune(pack_dir)
    sights = (
        "À Port-Lumière, le phare se visite toute l'année.",
        "À Port-Lumière, la promenade du port longe les bateaux de pêche.",
        "À Port-Lumière, le musée conserve les objets familiers des pêcheurs.",
    )
    for question in ("Et avec des enfants ?", "Et en famille ?", "What about with kids?"):
        asked = analyzer.analyse(question, ["Que faire à Port-Lumière ?"])
        kids = "À Port-Lumière, la plage de la Lagune convient aux enfants et aux familles."
        written = _written(gazetteer, asked, sources(*sights, kids))
        assert "plage" in written and "phare" not in written, (question, written)
        assert "familiers" not in written, written
        assert not _written(gazetteer, asked, sources(*sights)), question
    # (an outing families enjoy is one for children)
    asked = analyzer.analyse("Anything for kids?", ["What is there to see in Port-Lumière?"])
    families = "À Port-Lumière, le tour du port est une promenade appréciée des familles."
    read = Reader(gazetteer=gazetteer).read(asked, sources(*sights, families))
    (walk,) = [s for s in read if "tour du port" in s.text]
    assert _says_added(walk, list(asked.added)), asked.added
    assert not any(_says_added(s, list(asked.added)) for s in read if s is not walk)


def test_the_season_asked_is_no_topic(pack_dir: Path) -> None:
    """ "What season is best?" after "Where can I go birdwatching?" was answered by the best
    seasons for hiking: the season is what is asked, the birds what it is asked of."""
    analyzer, gazetteer = _lagune(pack_dir)
    for question, before in (
        ("What season is best?", "Where can I go birdwatching in Port-Lumière?"),
        ("À quelle saison ?", "Où observer les oiseaux à Port-Lumière ?"),
        ("What season is best?", "Where can I go birdwatching?"),
        ("À quelle saison ?", "Où observer les oiseaux ?"),
    ):
        asked = analyzer.analyse(question, [before])
        hiking = sources(
            ("Spring and autumn are the best seasons for hiking in Port-Lumière.", "en"),
            "Au printemps et en automne, la randonnée est la plus agréable à Port-Lumière.",
        )
        assert not _grounded(gazetteer, asked, hiking), question
        birds = sources(
            ("In Port-Lumière, birdwatching is best in spring and autumn.", "en"),
            "À Port-Lumière, on observe les oiseaux surtout au printemps et en automne.",
        )
        assert _grounded(gazetteer, asked, birds), question


def test_a_booking_asked_alone_is_said_by_a_booking(pack_dir: Path) -> None:
    """ "Il faut réserver ?" after a boat tour of the calanques repeated the tour: the park's
    bookings were the fifth sentence."""
    analyzer, gazetteer = _lagune(pack_dir)
    for question in ("Il faut réserver ?", "Faut-il réserver ?", "Do we need to book?"):
        asked = analyzer.analyse(question, ["Je voudrais visiter le phare de Port-Lumière"])
        found_texts = (
            "À Port-Lumière, on peut visiter le phare à pied depuis le port ou en bateau.",
            "Visiter le phare de Port-Lumière en bateau offre une vue sur la baie.",
            "Le phare de Port-Lumière, que l'on peut visiter, domine la baie.",
            "À Port-Lumière, le phare demande une réservation en été.",
        )
        found = sources(*found_texts)
        read = ground(asked, Reader(gazetteer=gazetteer).read(asked, found), gazetteer)
        assert read.grounded and "réservation" in read.sentences[0].text, (question, asked.query)
        assert not _grounded(gazetteer, asked, sources(*found_texts[:3])), question


def test_a_yes_or_no_keeps_to_what_it_asks(pack_dir: Path) -> None:
    """Whether one needs a car is not answered by the visa newcomers need, and the pronoun of
    what is said of a car keeps its sentence: the station, not the town, is reached by car."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("Do I need a car to live in Port-Lumière?")
    assert "car" in asked.focus
    found = sources(
        ("Newcomers to Port-Lumière need a visa that allows them to work.", "en"),
        (
            "The Port-Lumière TGV station opened in 2001 on the plateau. It serves only "
            "high-speed trains, so it is reached by coach or by car.",
            "en",
        ),
        communes=["99001"],
    )
    text = _grounded_scored_first(gazetteer, asked, found, "visa")
    assert "visa" not in text, text
    assert text.startswith("The Port-Lumière TGV station opened in 2001"), text


def test_a_yes_is_not_supported_by_a_no_said_of_other_places(pack_dir: Path) -> None:
    """Coaches to "Port-Lumière… and many towns that trains do not serve" say no train of
    Port-Lumière: the line that serves it does, and the no does not follow it. "Desservie par
    le train" asks the train, and a line "dessert" the town."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("Port-Lumière est-elle desservie par le train ?")
    found = sources(
        "Des cars relient Port-Lumière, Saint-Vent et de nombreuses communes qui ne sont pas "
        "desservies par le train.",
        "La ligne de la côte, un train régional, dessert notamment Saint-Vent et Port-Lumière.",
    )
    text = _grounded_scored_first(gazetteer, asked, found, "Des cars")
    assert text.startswith("La ligne de la côte"), text
    assert "ne sont pas" not in text, text
    # … and "the most suited" is no "not": "les plus adaptées" answers yes
    asked = analyzer.analyse("Les plages de Port-Lumière sont-elles adaptées aux jeunes enfants ?")
    found = sources(
        "À Port-Lumière, les plages en pente douce sont les plus adaptées aux jeunes enfants.",
        "À Port-Lumière, la calanque offre des baignades plus sauvages aux jeunes nageurs.",
    )
    text = _grounded_scored_first(gazetteer, asked, found, "les plus adaptées")
    assert text.startswith("À Port-Lumière, les plages en pente douce"), text


def test_a_name_of_common_words_is_said_as_it_is_written(pack_dir: Path) -> None:
    """The summer's music festivals are not the Fête de la Musique."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("Quand a lieu la Fête de la Musique ?")
    stats = TermStats({}, 100)
    festivals = sources("L'été, Port-Lumière accueille les grands festivals de musique.")
    read = Reader(gazetteer=gazetteer).read(asked, festivals)
    assert not ground(asked, read, gazetteer, stats).grounded
    day = sources("À Port-Lumière, la Fête de la Musique a lieu le 21 juin sur le port.")
    read = Reader(gazetteer=gazetteer).read(asked, day)
    assert ground(asked, read, gazetteer, stats).grounded


def test_an_unnamed_town_and_an_owner_of_the_whole_territory_come_with_their_name(
    pack_dir: Path,
) -> None:
    """ "La ville a été la capitale des comtes" says which town only by the sentence naming
    it, whose subject names it; asked of the whole territory, "Son point culminant" whose only
    after its range. A question about one text's subject reads its possessive alone."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("Quelle était la capitale des comtes ?")
    found = sources(
        "Port-Lumière a été fondée en 122 avant notre ère. La ville a ensuite été la capitale "
        "des comtes jusqu'à la Révolution."
    )
    text = _grounded_scored_first(gazetteer, asked, found, "capitale")
    assert text.startswith("[Port-Lumière] a ensuite été la capitale des comtes"), text
    asked = analyzer.analyse("Quel est le plus haut sommet du territoire ?")
    assert asked.scope.kind == "territory"
    found = sources(
        "La chaîne du Kervella s'étend au nord de Port-Lumière. Son point culminant, le pic "
        "Kervella, atteint 900 mètres."
    )
    text = _grounded_scored_first(gazetteer, asked, found, "culminant")
    assert text.startswith("La chaîne du Kervella"), text
    asked = analyzer.analyse("Pourquoi le toit est-il vert ?")
    found = sources(
        "Le bâtiment est construit en béton. Son toit, en cuivre, s'est oxydé avec le temps."
    )
    text = _grounded_scored_first(gazetteer, asked, found, "toit")
    assert text.startswith("Son toit"), text


def test_a_compound_the_index_holds_in_parts_is_no_unknown_word(pack_dir: Path) -> None:
    """ "data centers" is read as the one word the sources' "centres de données" are: the
    index holds "centres" and "données", never the compound, which is not gibberish."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("Pourquoi les data centers s'installent-ils à Port-Lumière ?")
    assert "datacentre" in asked.focus
    found = sources("L'arrivée des câbles a attiré à Port-Lumière des centres de données.")
    read = Reader(gazetteer=gazetteer).read(asked, found)
    assert "datacentre" in read[0].terms
    stats = TermStats({"centres": 3, "donnees": 3, "attire": 2}, 100)
    assert Refusal().rule(asked, found, read, stats) is None
    # … nor is it unknown to the decision: "jeunes entreprises technologiques" are start-ups
    asked = analyzer.analyse("Où installer une startup à Port-Lumière ?")
    found = sources("À Port-Lumière, des pépinières accueillent les jeunes entreprises innovantes.")
    read = Reader(gazetteer=gazetteer).read(asked, found)
    assert "startup" in asked.focus and "startup" in read[0].terms
    unknown = FEATURES.index("unknown")
    assert features(asked, found, read, TermStats({"pepinieres": 2}, 100), 0.0)[unknown] == 0.0


def test_a_narrowed_topic_is_said_with_what_it_narrows(pack_dir: Path) -> None:
    """ "Et pour les débutants ?" after climbing is not answered by the sailing schools'
    "stages d'initiation": what it narrows is said by none of the best sentences."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("Et pour les débutants ?", ["Où faire de l'escalade à Port-Lumière ?"])
    assert "escalade" in asked.focus and asked.added, (asked.focus, asked.added)
    sailing = sources("À Port-Lumière, les écoles de voile proposent des stages d'initiation.")
    read = Reader(gazetteer=gazetteer).read(asked, sailing)
    assert Refusal().rule(asked, sailing, read, None) is not None
    climbing = sources("À Port-Lumière, un club d'escalade propose des stages d'initiation.")
    read = Reader(gazetteer=gazetteer).read(asked, climbing)
    assert Refusal().rule(asked, climbing, read, None) is None


def test_a_list_at_a_place_is_not_led_by_a_line_of_the_whole_territory(pack_dir: Path) -> None:
    """Where to go kayaking near Port-Lumière: the sea kayaks at Port-Lumière (in French), not
    the students' sports services of an English guide to the whole territory, though the
    answer would be in the question's language."""
    found = sources(
        ("University sports services offer sailing, climbing and kayaking at student rates.", "en"),
        "À Port-Lumière, le kayak de mer permet de découvrir les criques depuis l'eau.",
    )
    guide = "Studying in the Lagune territory"
    found[0].chunk = replace(found[0].chunk, title=guide, heading=(guide, "Student life"))
    found[1].chunk = replace(found[1].chunk, communes=["99001"])
    text = _lead(pack_dir, "Where can I go kayaking near Port-Lumière?", found, "University")
    assert "kayak de mer" in text, text
    assert "University" not in text, text


def test_the_companies_of_a_place_come_before_the_services_to_companies_anywhere(
    pack_dir: Path,
) -> None:
    """ "Quelles entreprises à Saint-Vent ?": the makers at Saint-Vent ("des industriels"
    are companies) lead, not the chamber of commerce a passage about Saint-Vent also names."""
    found = sources(
        "Les entreprises qui cherchent des locaux peuvent s'adresser à la CCI de la Lagune.",
        "À Saint-Vent, des industriels fabriquent des batteries et des cosmétiques.",
        communes=["99002"],
    )
    text = _lead(pack_dir, "Quelles entreprises à Saint-Vent ?", found, "CCI")
    assert text.lstrip("- ").startswith("À Saint-Vent, des industriels"), text


def test_a_measure_asked_is_said_by_a_figure_of_it(pack_dir: Path) -> None:
    """ "Quelle est la superficie de la Lagune ?": its km², not its 5 communes nor the year it
    was created, whose figures dispute nothing."""
    found = sources(
        "La Lagune, créée en 2016, réunit 5 communes et 90 000 habitants, la première par la "
        "superficie.",
        "La superficie de la Lagune est de 140 km².",
    )
    text = _lead(pack_dir, "Quelle est la superficie de la Lagune ?", found, "créée en 2016")
    assert text.startswith("La superficie de la Lagune est de 140 km²"), text
    assert "concordent" not in text, text


def test_what_a_place_is_known_for_is_not_its_fact_sheet(pack_dir: Path) -> None:
    found = sources(
        ("Saint-Vent is a municipality of the Lagune territory, in the Côte basin.", "en"),
        ("Saint-Vent is the town where the first kite festival of France was held.", "en"),
        communes=["99002"],
    )
    found[0].chunk = replace(found[0].chunk, kind="factsheet")
    text = _lead(pack_dir, "What is Saint-Vent famous for?", found, "municipality")
    assert text.startswith("Saint-Vent is the town where the first kite festival"), text


def test_what_is_near_a_place_is_not_led_by_the_place_as_subject(pack_dir: Path) -> None:
    """ "Are there international schools near Port-Lumière?": the schools with international
    sections, not the institute named after the town that trains for international careers."""
    found = sources(
        (
            "Several public schools in Saint-Vent and Port-Lumière offer international sections.",
            "en",
        ),
        ("Port-Lumière Institute trains students for international careers.", "en"),
        communes=["99001"],
    )
    text = _lead(pack_dir, "Are there international schools near Port-Lumière?", found, "Institute")
    assert text.startswith("Several public schools"), text


def test_a_how_to_naming_a_country_is_answered_by_what_it_asks(pack_dir: Path) -> None:
    """ "How do I open a bank account in France?": the line saying to open one, not the one
    naming Business France."""
    found = sources(
        ("Companies can contact Business France, the national agency for investment.", "en"),
        ("Every new resident should open a bank account and register with the town hall.", "en"),
    )
    text = _lead(pack_dir, "How do I open a bank account in France?", found, "Business France")
    assert text.startswith("Every new resident should open a bank account"), text


def test_the_towns_of_a_group_are_its_list_of_them() -> None:
    """ "Which towns are in the Pays Salonais?" listed mid-sized towns, Aubagne's market and
    the largest commune of the council: the council's sheet lists its communes (three of them
    or more), not the métropole's list of its councils."""
    councils, ranked, towns, sheet = sources(
        "La métropole est organisée en six conseils de territoire : Marseille Provence, Pays "
        "d'Aix, Pays Salonais, Pays de Martigues.",
        "Salon-de-Provence est la plus grande commune du conseil de territoire Pays Salonais "
        "par la population, Aurons la plus petite.",
        "Istres, Miramas et Salon-de-Provence sont des villes moyennes, avec des écoles et des "
        "parcs.",
        "Le conseil de territoire Pays Salonais fait partie de la métropole. Il regroupe 17 "
        "communes. Ses communes, de la plus peuplée à la moins peuplée : Salon-de-Provence, "
        "Berre-l'Étang, Rognac.",
    )
    sheet.chunk = replace(sheet.chunk, title="Pays Salonais — conseil de territoire")
    for question in (
        "Quelles sont les communes du Pays Salonais ?",
        "Quelles villes composent le Pays Salonais ?",
    ):
        text = _territory_answer(question, [councils, ranked, towns, sheet])
        assert "Berre-l'Étang, Rognac" in text and "villes moyennes" not in text, text
        assert "six conseils" not in text, text


def test_the_way_to_a_place_outside_the_pack_is_said_from_elsewhere() -> None:
    """ "Quels sont les transports pour aller à Luminy ?" was refused: "les bus de la RTM
    desservent Luminy" is not set at Luminy, as "Best beaches in Saint-Cyr-sur-Mer" needs a
    sentence set there; the way to it is said from where one leaves."""
    gazetteer = Gazetteer(load_pack("aix-marseille-provence"))
    analyzer = QuestionAnalyzer(gazetteer, default_lang="fr", languages=("fr", "en"))
    asked = analyzer.analyse("Quels sont les transports pour aller à Luminy ?")
    assert "bus" in asked.focus and asked.whereabouts, (asked.focus, asked.whereabouts)
    found = sources(
        "À Marseille, les bus de la RTM desservent Luminy, les Baumettes et Callelongue.",
        "À Cassis, la gare est éloignée du port.",
    )
    read = Reader(gazetteer=gazetteer).read(asked, found)
    assert ground(asked, read, gazetteer).grounded


def test_what_one_may_do_is_said_or_nothing_is() -> None:
    """ "Peut-on y camper ?" after the park opened on "Le Parc national… a été créé en 2012":
    what one may do there is said ("le camping… interdit"), or the question is refused."""
    analyzer = QuestionAnalyzer(None)
    asked = analyzer.analyse("Peut-on camper dans le parc du Kervella ?")
    found = sources(
        "Le parc du Kervella a été créé en 2012 au-dessus de Port-Lumière.",
        "Dans le parc du Kervella, le feu, le camping et la cueillette sont interdits.",
    )
    read = ground(asked, Reader().read(asked, found), None)
    assert read.grounded and read.sentences[0].text.startswith("Dans le parc"), read.sentences
    asked = analyzer.analyse("Peut-on pêcher dans le parc du Kervella ?")
    assert not ground(asked, Reader().read(asked, found), None).grounded
    # … said as a statement, of the thing before: "On peut le visiter ?" after the largest
    # port was answered by the port's tonnage
    for question in ("On peut le pêcher ?", "Peut-on le pêcher ?", "Est-ce qu'on peut y pêcher ?"):
        asked = analyzer.analyse(question, ["Qu'est-ce que le parc du Kervella ?"])
        assert not ground(asked, Reader().read(asked, found), None).grounded, asked.query
    # a verb that says nothing of what is asked is no predicate: "Can I take a regional
    # train…?" was refused for want of "take"
    asked = analyzer.analyse("Can I take a boat to the Kervella park?")
    boats = sources(("Boats leave Port-Lumière for the Kervella park every hour.", "en"))
    assert ground(asked, Reader().read(asked, boats), None).grounded


def test_where_a_thing_is_may_be_said_with_little_of_what_is_asked(pack: Pack) -> None:
    """ "Where is the Camp des Milles memorial?" by "Aux Milles, quartier d'Aix-en-Provence,
    une ancienne tuilerie a servi de camp…", though the memorial's opening says more of the
    question's words (weights as the reader gave them there)."""
    gazetteer, analyzer = pack
    found = sources(
        "Le site-mémorial du Camp des Milles, ouvert en 2012, est présenté comme le seul grand "
        "camp français d'internement et de déportation resté intact.",
        "Aux Milles, quartier d'Aix-en-Provence, une ancienne tuilerie a servi de camp "
        "d'internement puis de déportation entre 1939 et 1942.",
    )
    asked = analyzer.analyse("Where is the Camp des Milles memorial?")
    weights = {"Le site": (1.0, 0.99), "Aux Milles": (0.3, 0.985)}
    text = written_weighted(asked, found, weights, gazetteer)
    assert "Aux Milles" in text.split("[1]")[0], text


def test_a_way_there_opens_on_a_means_of_going(pack: Pack) -> None:
    """ "Comment rejoindre les villages de la Sainte-Victoire sans voiture ?" opened on "Pour
    une personne qui rejoint la filière, Rousset, Trets… offrent un cadre de village" (weights
    as the reader gave them there)."""
    gazetteer, analyzer = pack
    found = sources(
        "Pour une personne qui rejoint la filière, Rousset, Trets, Peynier et Fuveau offrent un "
        "cadre de village provençal au pied de la Sainte-Victoire.",
        "Des cars métropolitains relient Aix-en-Provence au Tholonet, à Vauvenargues et aux "
        "villages du versant sud, avec une fréquence variable selon les saisons.",
    )
    titles = (
        "Microélectronique : le pôle de Rousset, Gardanne et la vallée de l'Arc",
        "La montagne Sainte-Victoire : randonnées, villages et paysages de Cézanne",
    )
    for source, title in zip(found, titles, strict=True):
        source.chunk = replace(source.chunk, title=title, heading=(title,))
    asked = analyzer.analyse("Comment rejoindre les villages de la Sainte-Victoire sans voiture ?")
    weights = {"Pour une": (0.55, 0.95), "Des cars": (0.17, 0.90)}
    text = written_weighted(asked, found, weights, gazetteer)
    assert text.startswith("Des cars métropolitains"), text


def test_one_thing_of_a_kind_is_answered_by_a_sentence_on_that_kind(pack: Pack) -> None:
    """ "Which airport serves Marseille?" was answered by the TGV stations "desservies" (the
    reader scored that sentence first), and after that by the coaches from the TGV station "à
    l'aéroport": a sentence opening on an airport answers."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Quel aéroport dessert Marseille ?")
    assert "aeroport" in asked.kind and "airport" in asked.kind, sorted(asked.kind)
    found = sources(
        "Le territoire compte deux gares desservies par le TGV, dont Marseille Saint-Charles. "
        "La gare d'Aix-en-Provence TGV est reliée par des cars à Marseille et à l'aéroport. "
        "L'aéroport Marseille Provence, à Marignane, dessert Marseille et toute la métropole."
    )
    text = _written_scored_first(gazetteer, asked, found, "deux gares")
    assert text.startswith("L'aéroport Marseille Provence"), text
    # (no kind is asked by "Quel est…"; English says the kind after its modifiers, a name
    # among them; a style or a name is no kind of thing)
    assert not analyzer.analyse("Quel est l'aéroport de Marseille ?").kind
    assert "museum" in analyzer.analyse("Which Marseille museum is free?").kind
    assert "company" in analyzer.analyse("Which biotech company was founded in 1999?").kind
    assert not analyzer.analyse("Quel style de musique est joué à Marseille ?").kind


def test_what_a_place_is_renowned_for_is_its_speciality(pack: Pack) -> None:
    """ "Quelle est la spécialité de Cassis ?" was refused: no sentence on Cassis said
    "spécialité", and its wine is what it is renowned for."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Quelle est la spécialité de Cassis ?")
    found = sources(
        "Au Rove, la brousse est une spécialité reconnue.",
        "Le vignoble de Cassis est surtout réputé pour ses vins blancs, parmi les plus "
        "anciennes appellations de France.",
    )
    assert _grounded(gazetteer, asked, found)


def test_going_up_a_mountain_in_summer_is_answered_by_its_summer_access(pack: Pack) -> None:
    """ "Peut-on y monter en été ?" after "Qu'est-ce que la Sainte-Victoire ?" was refused: the
    sentence on the massif's summer rules says "accès", not "monter"."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Peut-on y monter en été ?", ["Qu'est-ce que la Sainte-Victoire ?"])
    found = sources(
        "La montagne Sainte-Victoire domine Aix-en-Provence. Du 1er juin au 30 septembre, "
        "l'accès au massif dépend du niveau de risque d'incendie publié chaque jour."
    )
    read = ground(asked, Reader(gazetteer=gazetteer).read(asked, found), gazetteer)
    assert Refusal.rule(asked, found, read.sentences, grounded=read.grounded) is None


def test_a_sentence_naming_the_place_beside_another_is_led_by_both(pack: Pack) -> None:
    """ "Où trouver un logement étudiant à Marseille ?" was answered by the advice to test the
    commute: the CROUS's residences "sur les principaux campus d'Aix-en-Provence et de
    Marseille" were sorted with sentences about Aix, and housing is had in residences. A place
    named apart, after the first, or in a list of more, leaves the sentence led by the first."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Où trouver un logement étudiant à Marseille ?")
    assert "residences" in asked.listed, sorted(asked.listed)
    found = sources(
        "Le CROUS gère des résidences universitaires sur les principaux campus "
        "d'Aix-en-Provence et de Marseille. Aix-en-Provence, à 30 km de Marseille, "
        "attire de nombreux étudiants. Les étudiants d'Aix-en-Provence logent aussi à "
        "Marseille. Les zones de Fos-sur-Mer, Grans et Marseille relèvent de la métropole."
    )
    read = {s.text[:12]: s for s in Reader(gazetteer=gazetteer).read(asked, found)}
    assert not read["Le CROUS gèr"].led_elsewhere
    assert read["Aix-en-Prove"].led_elsewhere and read["Les étudiant"].led_elsewhere
    assert read["Les zones de"].led_elsewhere  # (a list of more places leads nowhere)


def test_a_place_named_like_a_stopword_is_its_own_focus(pack: Pack) -> None:
    """ "Où se trouve Aurons ?" ("aurons" is a French verb form) kept "trouve" alone and was
    answered by another commune that "se trouve au confluent…"."""
    _, analyzer = pack
    asked = analyzer.analyse("Où se trouve Aurons ?")
    assert asked.places == ("Aurons",) and "trouve" not in asked.focus, asked.focus


def test_who_did_it_is_refused_when_no_one_is_said_to_have_done_it(pack: Pack) -> None:
    """ "Qui a construit la basilique Notre-Dame-de-la-Garde ?" was answered by where the
    basilica stands: its sources say when it was built, not by whom. "Qui a fondé Marseille ?"
    is answered by the Greeks, a people no recogniser tags as a person."""
    gazetteer, analyzer = pack
    said = sources(
        "La basilique Notre-Dame-de-la-Garde domine le centre de Marseille depuis une colline.",
        "L'édifice actuel, de style romano-byzantin, a été construit au XIXe siècle.",
        "Les Marseillais la surnomment « la Bonne Mère ».",
    )
    # (asked without "la basilique", the word before the name is the act, not what it names)
    for question in (
        "Qui a construit la basilique Notre-Dame-de-la-Garde ?",
        "Qui a construit Notre-Dame-de-la-Garde ?",
    ):
        asked = analyzer.analyse(question)
        verdict = Refusal.rule(asked, said, Reader(gazetteer=gazetteer).read(asked, said))
        assert verdict is not None and verdict.reason == "out_of_scope", question
    asked = analyzer.analyse("Qui a fondé Marseille ?")
    said = sources(
        "Le Vieux-Port de Marseille occupe la calanque du Lacydon, où les Grecs ont fondé la ville."
    )
    assert Refusal.rule(asked, said, Reader(gazetteer=gazetteer).read(asked, said)) is None


@pytest.mark.parametrize(
    ("history", "question", "said"),
    [
        (
            [],
            "Is student housing easy to find?",
            "Finding a room is often the main challenge for students arriving in Aix-en-Provence.",
        ),
        (
            ["What is Pagnol known for?"],
            "Where was he born?",
            "Aubagne is the birthplace of the writer and filmmaker Marcel Pagnol.",
        ),
    ],
)
def test_what_is_asked_is_said_in_other_words(
    pack: Pack, history: list[str], question: str, said: str
) -> None:
    """Easy is said by how hard, housing is a room, and a birthplace is where one was born (and
    "he" is the person the turn before asked about): "Is student housing easy to find?" was
    refused."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse(question, history)
    assert _grounded(gazetteer, asked, sources(said))


def test_beginners_are_answered_by_where_one_learns(pack: Pack) -> None:
    """ "Et pour débuter ?" after "Où faire du kitesurf ?" repeated the lido du Jaï, "un spot
    réputé", where the lagoon "idéal pour apprendre" answers it."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Et pour débuter ?", ["Où faire du kitesurf ?"])
    found = sources(
        "Le lido du Jaï, à Marignane, est un spot réputé pour la planche à voile et le kitesurf.",
        "L'Étang de Berre, vaste et peu profond, offre un plan d'eau abrité, idéal pour "
        "apprendre le kitesurf.",
    )
    assert _written(gazetteer, asked, found).startswith("L'Étang de Berre")


def test_a_winery_is_an_estate(pack: Pack) -> None:
    """ "Can I visit a winery?" after "Which wines are made around Aix?" was refused: the
    sources speak of estates ("domaines")."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Can I visit a winery?", ["Which wines are made around Aix?"])
    found = sources(
        "Le centre d'Aix-en-Provence se visite à pied.",
        "Autour d'Aix-en-Provence, les domaines des Coteaux d'Aix accueillent les visiteurs.",
    )
    assert "Autour d'Aix-en-Provence, les domaines" in _written(gazetteer, asked, found)


def test_who_wrote_it_is_answered_by_its_author(pack: Pack) -> None:
    """ "Qui a écrit le code Napoléon ?" was refused once who did it must be said: its source
    says "Portalis, auteur du Code Napoléon"."""
    gazetteer, analyzer = pack
    asked = analyzer.analyse("Qui a écrit le code Napoléon ?")
    said = sources(
        "L'École de droit d'Aix bénéficie de la présence de grands juristes comme Portalis, "
        "auteur du Code Napoléon."
    )
    assert Refusal.rule(asked, said, Reader(gazetteer=gazetteer).read(asked, said)) is None


def test_how_long_is_asked_of_what_lasts(pack_dir: Path) -> None:
    """ "Combien de temps ?" after "Comment aller à l'aéroport depuis Aix ?" was answered by
    "Aix-en-Provence, à environ vingt minutes de Rousset par l'autoroute", which names Aix and
    a time and no airport: the time is the answer's type, the airport its topic."""
    analyzer, gazetteer = _lagune(pack_dir)
    asked = analyzer.analyse("Combien de temps ?", ["Comment aller au phare depuis Saint-Vent ?"])
    assert "phare" in asked.focus and asked.answer_type is AnswerType.NUMBER, asked
    found = sources(
        "Saint-Vent, à environ vingt minutes de Bourg-Neuf par la route, offre de nombreux "
        "commerces."
    )
    assert not ground(asked, Reader(gazetteer=gazetteer).read(asked, found), gazetteer).grounded
    found = sources("Depuis Saint-Vent, on rejoint le phare en vingt minutes de marche.")
    assert ground(asked, Reader(gazetteer=gazetteer).read(asked, found), gazetteer).grounded
    # ("long" alone asks a length: "How long is the Rove tunnel?" keeps it in the topic)
    asked = analyzer.analyse("How long is the Saint-Vent tunnel?")
    found = sources(("Saint-Vent has 8,100 inhabitants on 12 km².", "en"))
    assert not ground(asked, Reader(gazetteer=gazetteer).read(asked, found), gazetteer).grounded


def _ground_scored(
    question: str, found: list[Source], scores: dict[str, float], other: float
) -> tuple[QuestionAnalysis, Grounding]:
    """The question asked of the Aix-Marseille-Provence pack, its sentences scored as the reader
    scored them in the case a test recalls (by how they open; `other` for the rest), then
    grounded."""
    gazetteer = Gazetteer(load_pack("aix-marseille-provence"))
    asked = QuestionAnalyzer(gazetteer, default_lang="fr", languages=("fr", "en")).analyse(question)
    sentences = Reader(gazetteer=gazetteer).read(asked, found)
    for s in sentences:
        s.score = next((v for k, v in scores.items() if s.text.startswith(k)), other)
    sentences.sort(key=lambda s: -s.score)
    return asked, ground(asked, sentences, gazetteer)


@pytest.mark.parametrize(
    "question",
    [
        "Y a-t-il un aéroport près de Marseille ?",
        # … and at Marseille: the airport named after it is its own, wherever it lies
        "Y a-t-il un aéroport à Marseille ?",
    ],
)
def test_whether_there_is_one_near_a_place_is_said_of_it_around_the_place(question: str) -> None:
    """ "Y a-t-il un aéroport près de Marseille ?" opened on the coaches from the TGV station
    "à Marseille et à l'aéroport": the airport is at Marignane, near Marseille, and the answer
    opens on it (scores as the reader gave them)."""
    found = sources(
        "La gare TGV est reliée par des cars au centre d'Aix-en-Provence, à Marseille et à "
        "l'aéroport.",
        "L'aéroport Marseille Provence est situé sur la commune de Marignane.",
    )
    asked, read = _ground_scored(question, found, {"L'aéroport": 0.994}, 0.988)
    request = AnswerRequest(asked, found, read.sentences)
    text = "".join(ExtractiveBackend().write(request))
    assert read.grounded and text.startswith("L'aéroport Marseille Provence"), text


def test_what_is_near_a_place_may_be_a_little_further_when_nothing_around_says_it() -> None:
    """ "Where can I go kitesurfing near Marseille?" was refused: the sources say it of the
    Étang de Berre from Istres, 40 km away, and of nothing within 25 km. Within a day's outing
    it answers; what is said around the place keeps coming first when there is some."""
    far = ("The Étang de Berre suits windsurfing and kitesurfing, especially from Istres.", "en")
    near = ("In Marignane, the Jaï beach is a spot for kitesurfing.", "en")
    reachable = ("In Arles, the Camargue beaches attract kitesurfers.", "en")
    for found, lead in (
        (sources(far), "The Étang de Berre"),
        (sources(far, near), "In Marignane"),
        (sources(reachable), None),  # (Arles is not in the territory)
    ):
        asked, read = _ground_scored(
            "Where can I go kitesurfing near Marseille?", found, {"In Marignane": 0.96}, 0.97
        )
        verdict = Refusal.rule(asked, found, read.sentences)
        if lead is None:
            assert verdict is not None and verdict.reason == "out_of_scope"
            continue
        assert verdict is None, read.sentences
        request = AnswerRequest(asked, found, read.sentences)
        text = "".join(ExtractiveBackend().write(request))
        assert text.startswith(lead), text


def test_whether_there_is_one_thing_is_said_by_a_sentence_on_it() -> None:
    """ "Is there a metro in Marseille?" opened on the railway station, "two metro stops from
    the Vieux-Port": the one word after "is there a" is the thing asked about (it was read as
    the article), and a sentence whose subject says it comes first."""
    found = sources(
        (
            "Marseille Saint-Charles is the main railway station of the metropolis, a short "
            "walk or two metro stops from the Vieux-Port.",
            "en",
        ),
        ("Marseille has two metro lines and several tram lines.", "en"),
    )
    asked, read = _ground_scored(
        "Is there a metro in Marseille?", found, {"Marseille Saint-Charles": 0.997}, 0.97
    )
    request = AnswerRequest(asked, found, read.sentences)
    text = "".join(ExtractiveBackend().write(request))
    assert read.grounded and text.startswith("Marseille has two metro lines"), text
    # (not of a thing going there: "Y a-t-il des bus vers Aubagne ?" opened on the buses
    # "Depuis Aubagne", which go elsewhere)
    found = sources(
        "Les villages d'Allauch et d'Aubagne sont reliés au centre de Marseille par des lignes "
        "de bus.",
        "Depuis Aubagne, des bus desservent Gémenos et Roquevaire.",
    )
    asked, read = _ground_scored(
        "Y a-t-il des bus vers Aubagne ?", found, {"Les villages": 0.99}, 0.97
    )
    assert read.sentences[0].text.startswith("Les villages"), read.sentences


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        # "Y a-t-il un lac pour se baigner près d'Aix ?" was answered by where the bathing
        # water's quality is published
        ("Y a-t-il un lac pour se baigner près de Saint-Vent ?", False),
        ("Y a-t-il une fromagerie près de Saint-Vent ?", True),
        # what the asker needs is said, or nothing answers them: "Je suis végétarien, où
        # manger à Marseille ?" was answered by the bouillabaisse
        ("Je suis végétarien, que manger à Saint-Vent ?", False),
        ("Can I bring my dog to the lighthouse of Port-Lumière?", False),
    ],
)
def test_whether_there_is_one_or_what_the_asker_needs_is_said(
    engine: Engine, question: str, answered: bool
) -> None:
    answer = engine.answerer.ask(question)
    assert answer.answered is answered, answer.text


def test_whether_there_are_such_things_is_said_by_what_they_are() -> None:
    """ "Y a-t-il des écoles internationales à Marseille ?" is answered by "Des sections
    internationales et des établissements bilingues existent à Marseille" (asked whether there
    is a thing, a sentence must say it, or what it is said to be)."""
    found = sources(
        "Des sections internationales et des établissements bilingues existent à Marseille.",
        "À Marseille, la marina accueille les clubs, les écoles et les compétitions.",
    )
    _, read = _ground_scored(
        "Y a-t-il des écoles internationales à Marseille ?", found, {"Des sections": 0.95}, 0.97
    )
    kept = [s.text for s in read.sentences]
    assert read.grounded and any(t.startswith("Des sections") for t in kept), kept


@pytest.mark.parametrize(
    ("question", "lang", "busiest"),
    [
        (
            "Quelles sont les plages les moins fréquentées de Martigues ?",
            "fr",
            "La plage de Sainte-Croix, dans une anse abritée, est l'une des plus fréquentées de "
            "Martigues.",
        ),
        (
            "Which are the least crowded beaches in Martigues?",
            "en",
            "At Martigues, Sainte-Croix is one of the most crowded beaches.",
        ),
    ],
)
def test_the_least_so_is_not_said_by_the_most_so(question: str, lang: str, busiest: str) -> None:
    """ "Et les moins fréquentées ?" after the finest beaches opened on "La plage de
    Sainte-Croix… est l'une des plus fréquentées de Martigues": the opposite of what is asked.
    Such a sentence comes after the others, whatever its score."""
    quieter = {
        "fr": "À Martigues, les plages de l'ouest sont en général moins fréquentées que celles "
        "de l'est.",
        "en": "At Martigues, the western beaches are usually less crowded than the eastern ones.",
    }[lang]
    found = sources((busiest, lang), (quieter, lang))
    _, read = _ground_scored(question, found, {busiest[:20]: 0.99}, 0.9)
    assert read.sentences[0].text == quieter, read.sentences


@pytest.mark.parametrize(
    "question",
    [
        "Quelles communes de la métropole sont au bord de l'étang de Berre ?",
        "Which towns of the metropolis are on the Étang de Berre?",
    ],
)
def test_which_towns_is_said_by_the_sentence_naming_them(question: str) -> None:
    """ "Quelles communes de la métropole sont au bord de l'étang de Berre ?" opened on the
    beaches "plusieurs communes riveraines" open, and the sentence naming the ten came sixth:
    asked which towns, a sentence naming many of them, nearly as good, comes first."""
    found = sources(
        "Plusieurs communes riveraines aménagent en été des plages surveillées sur les bords de "
        "l'étang de Berre.",
        "Les rives de l'étang de Berre sont partagées entre dix communes : Martigues, "
        "Saint-Mitre-les-Remparts, Istres, Miramas, Saint-Chamas, Berre-l'Étang, Rognac, "
        "Vitrolles, Marignane et Châteauneuf-les-Martigues.",
    )
    _, read = _ground_scored(question, found, {"Plusieurs": 0.98}, 0.92)
    assert read.sentences[0].text.startswith("Les rives"), read.sentences


def test_a_ranking_from_the_most_to_the_least_is_not_the_contrary() -> None:
    """ "de la plus peuplée à la moins peuplée" says both degrees: set last as the contrary of
    "la plus peuplée", "Quelle est la commune la plus peuplée du Pays d'Aix après
    Aix-en-Provence ?" lost Vitrolles."""
    ranked, sheet = sources(
        "Aix-en-Provence est la plus grande commune du conseil de territoire Pays d'Aix par la "
        "population, Saint-Antonin-sur-Bayon la plus petite.",
        "Le conseil de territoire Pays d'Aix regroupe 36 communes. Ses communes, de la plus "
        "peuplée à la moins peuplée : Aix-en-Provence, Vitrolles, Les Pennes-Mirabeau.",
    )
    sheet.chunk = replace(sheet.chunk, title="Pays d'Aix — conseil de territoire")
    question = "Quelle est la commune la plus peuplée du Pays d'Aix après Aix-en-Provence ?"
    asked, read = _ground_scored(question, [ranked, sheet], {"Ses communes": 0.99}, 0.97)
    text = "".join(ExtractiveBackend().write(AnswerRequest(asked, [ranked, sheet], read.sentences)))
    assert "Vitrolles" in text.split("[")[0], text


def test_which_towns_is_said_by_towns_of_what_is_asked() -> None:
    """ "Quelles villes de la métropole ont un tramway ?" opened on the towns with bus networks,
    which name five towns and no tram: the towns named must be said of what is asked."""
    found = sources(
        "Les villes de Martigues, Istres, Salon-de-Provence, La Ciotat et Vitrolles disposent "
        "de réseaux de bus urbains.",
        "Aubagne est desservie par le TER, et la ville dispose d'un tramway depuis 2014.",
    )
    question = "Quelles villes de la métropole ont un tramway ?"
    _, read = _ground_scored(question, found, {"Aubagne": 0.98}, 0.97)
    assert read.sentences[0].text.startswith("Aubagne"), read.sentences


def test_sport_in_the_open_air_is_hiking_or_sailing_not_an_open_air_concert() -> None:
    """ "J'habite Aubagne, où faire du sport en plein air ?" was answered by the towns'
    "concerts en plein air", and at Martigues by the feasts of the Saint-Jean."""
    found = sources(
        "À Aubagne, la ville propose des concerts en plein air et des cinémas sous les étoiles.",
        "Autour d'Aubagne, les familles font de la randonnée dans le massif du Garlaban.",
        communes=["13005"],
    )
    for question in (
        "J'habite Aubagne, où faire du sport en plein air ?",
        "Where can I do outdoor sports in Aubagne?",
    ):
        assert "randonnée" in _territory_answer(question, found), question
