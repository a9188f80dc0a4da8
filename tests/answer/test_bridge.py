"""A question asked in English is answered from the French passage that answers it, though
English pages that mention its words in passing outrank that passage for the question's own
words: a second search by the question said in French words (`QuestionAnalysis.bridge`) finds it."""

from __future__ import annotations

from calanque.answer.question import QuestionAnalyzer
from calanque.answer.types import Turn
from calanque.documents import Block, Document
from calanque.engine import Engine

CLUBS = (
    "sailing club",
    "rowing club",
    "jazz festival",
    "film society",
    "chess club",
    "choir",
    "diving school",
    "rugby team",
    "book fair",
    "surf school",
)


def test_an_english_question_finds_the_french_passage_that_answers(engine: Engine) -> None:
    passing = [
        Document(
            f"https://example.org/en/{n}",
            f"Port-Lumière {name}",
            [Block(f"The Saint-Vent {name}, founded in {1950 + n}, meets in Port-Lumière.")],
            lang="en",
        )
        for n, name in enumerate(CLUBS)
    ]
    history = Document(
        "https://example.org/fr/histoire",
        "Histoire de la Lagune",
        [Block("Port-Lumière a été fondée en 1720 par des pêcheurs de corail venus de Gênes.")],
        lang="fr",
    )
    engine.ingestor.ingest_documents([*passing, history], source="web")
    answer = engine.answerer.ask("Who founded Port-Lumière?")
    assert answer.answered and "pêcheurs de corail" in answer.text, answer.text
    assert answer.text.startswith("The sources that answer this question are in French")
    # the English clubs "founded in 1950… in Port-Lumière" neither lead nor follow in French prose
    assert "club" not in answer.text, answer.text


def test_the_bridge_says_the_question_in_the_corpus_language(engine: Engine) -> None:
    analyzer: QuestionAnalyzer = engine.answerer.analyzer
    bridge = analyzer.analyse("Who founded Port-Lumière?").bridge
    assert {"fondée", "founded", "Port-Lumière"} <= set(bridge.split())
    assert analyzer.analyse("Qui a fondé Port-Lumière ?").bridge == ""  # the corpus's language
    assert analyzer.analyse("Who is Léonce Reynaud?").bridge == ""  # nothing to translate


def test_an_english_visit_finds_the_sights_said_in_french(engine: Engine) -> None:
    """ "What to see in Saint-Vent?": the English pages that name Saint-Vent speak of its clubs
    and shops; what there is to see there is said in a French page, found by the sights' French
    words and quoted among the items."""
    places = ["rowing club", "chess club", "choir", "rugby team", "bakery", "pharmacy", "library"]
    passing = [
        Document(
            f"https://example.org/en/sv-{n}",
            f"Saint-Vent {name}",
            [Block(f"The Saint-Vent {name} opened in {1960 + n} near the station of Saint-Vent.")],
            lang="en",
        )
        for n, name in enumerate(places)
    ]
    sights = Document(
        "https://example.org/fr/saint-vent-patrimoine",
        "Saint-Vent : patrimoine et promenades",
        [
            Block(
                "À Saint-Vent, le musée de la Pêche et la vieille ville se découvrent à pied.",
                ("Saint-Vent : patrimoine et promenades", "Saint-Vent"),
            ),
            Block(
                "La chapelle Sainte-Anne, monument du XVIIe siècle, domine le port de Saint-Vent.",
                ("Saint-Vent : patrimoine et promenades", "Saint-Vent"),
            ),
        ],
        lang="fr",
    )
    engine.ingestor.ingest_documents([*passing, sights], source="web")
    answer = engine.answerer.ask("What to see in Saint-Vent?")
    assert answer.answered and "musée de la Pêche" in answer.text, answer.text


def test_a_visit_with_a_topic_finds_it_said_at_the_place_in_the_other_language(
    engine: Engine,
) -> None:
    """ "Et pour les enfants ?" after "Que faire à Saint-Vent ?", end to end: only an English
    guide says what families do at Saint-Vent, among pages on children elsewhere and on the
    place's other sights (in the demo, the search at the place by the topic's words in both
    languages is what finds it: `QuestionAnalysis.sights_bridge`)."""
    places = ["Port-Lumière", "Bourg-Neuf", "La Roche-d'Azur"] * 8
    things = ["la mairie", "la poste", "la médiathèque", "le marché", "la gare"] * 3
    pages = [
        *(
            _page(f"fr/enfants-{n}", f"À {p}, les enfants apprennent la voile, l'été {2000 + n}.")
            for n, p in enumerate(places)
        ),
        *(
            _page(f"en/children-{n}", f"In {p}, families with young children love the beach.")
            for n, p in enumerate(places)
        ),
        # … and the place's own pages, on anything but children
        *(
            _page(f"fr/saint-vent-{n}", f"À Saint-Vent, {t} accueille le public depuis {1900 + n}.")
            for n, t in enumerate(things)
        ),
        _page(
            "en/family-life",
            "At weekends, families often walk the harbour wall of Saint-Vent, which young "
            "children love.",
        ),
        _page(
            "fr/saint-vent",
            "À Saint-Vent, le musée de la Pêche et la vieille ville se découvrent à pied.",
        ),
    ]
    engine.ingestor.ingest_documents(pages, source="web")
    first = engine.answerer.ask("Que faire à Saint-Vent ?")
    answer = engine.answerer.ask(
        "Et pour les enfants ?", [Turn("Que faire à Saint-Vent ?", first.text)]
    )
    assert answer.answered and "harbour wall of Saint-Vent" in answer.text, answer.text


def _page(path: str, text: str) -> Document:
    """A one-sentence page, in the language its path opens on, titled by its first words."""
    return Document(
        f"https://example.org/{path}", " ".join(text.split()[:6]), [Block(text)], lang=path[:2]
    )
