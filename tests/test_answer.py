from __future__ import annotations

import pytest

from calanque.answer.answerer import QuestionError
from calanque.answer.citations import CitationFilter, cited_numbers, clean_markers
from calanque.answer.types import Turn
from calanque.engine import Engine


def test_extractive_answer_cites_its_sources(built_engine: Engine) -> None:
    answer = built_engine.answerer.ask("Combien de marches pour monter au phare ?")
    assert answer.answered and answer.backend == "extractive"
    assert "248 marches" in answer.text
    assert answer.cited and answer.cited[0].chunk.title == "Le phare de Port-Lumière"
    for n in cited_numbers(answer.text):
        assert n in {s.number for s in answer.sources}
    assert "248 marches" in answer.cited[0].snippet
    assert "erreurs" in answer.disclaimer  # the accuracy notice, in French


def test_answer_follows_the_question_language(built_engine: Engine) -> None:
    answer = built_engine.answerer.ask("How long is the hike on the ridge trail?")
    assert answer.lang == "en"
    assert answer.text.startswith("According to the available sources")
    assert "six-hour loop" in answer.text
    assert "errors" in answer.disclaimer


def test_unanswerable_question_is_refused_without_sources(built_engine: Engine) -> None:
    answer = built_engine.answerer.ask("Quelle est la recette de la bouillabaisse ?")
    assert not answer.answered
    assert answer.cited == []
    assert "pas trouvé" in answer.text
    assert "[" not in answer.text


def test_place_questions_quote_that_place(built_engine: Engine) -> None:
    answer = built_engine.answerer.ask("Combien d'habitants à Saint-Vent ?")
    assert answer.text.splitlines()[2].startswith("- Saint-Vent compte 8 100 habitants")
    assert "99002" in answer.cited[0].chunk.communes


def test_follow_up_carries_the_topic_over(built_engine: Engine) -> None:
    history = [Turn("Combien d'habitants à Saint-Vent ?", "8 100 [1]")]
    query = built_engine.answerer.standalone_query("Et à Bourg-Neuf ?", history)
    assert "habitants" in query and "Bourg-Neuf" in query and "vent" not in query.lower()
    answer = built_engine.answerer.ask("Et à Bourg-Neuf ?", history)
    assert "12 400 habitants" in answer.text


def test_follow_up_carries_the_place_over(built_engine: Engine) -> None:
    history = [Turn("Que voir à La Roche-d'Azur ?")]
    query = built_engine.answerer.standalone_query(
        "Is there water on the hiking trail above the village?", history
    )
    assert "La Roche-d'Azur" in query


def test_events_stream_in_order(built_engine: Engine) -> None:
    kinds = [e.kind for e in built_engine.answerer.stream("Quand le phare a-t-il été allumé ?")]
    assert kinds[0] == "sources" and kinds[-1] == "done"
    assert set(kinds[1:-1]) == {"delta"}


@pytest.mark.parametrize("question", ["", "   ", "x" * 5000])
def test_bad_questions(built_engine: Engine, question: str) -> None:
    with pytest.raises(QuestionError):
        built_engine.answerer.ask(question)


def test_citation_markers_are_cleaned() -> None:
    assert clean_markers("A [1]. B [2, 9]. C [7].", 3) == "A [1]. B [2]. C ."
    assert cited_numbers("x [2] y [1][2] z [3; 4]") == [2, 1, 3, 4]
    f = CitationFilter(2)
    streamed = (
        f.feed("Le port [") + f.feed("1") + f.feed("] et la gare [1") + f.feed("2]") + f.flush()
    )
    assert streamed == "Le port [1] et la gare "
