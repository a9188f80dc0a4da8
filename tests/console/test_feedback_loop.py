"""The loop closes in the core: a thumbs-down, a correction, and the next answer cites the note."""

from __future__ import annotations

from calanque.console.audit import Actor
from calanque.console.feedback import FeedbackDesk
from calanque.engine import Engine

EDITOR = Actor(1, "eve", "editor")


def _ask(engine: Engine, question: str):
    answer = engine.answerer.ask(question)
    sources = [
        {**s.to_dict(engine.answerer.commune_names), "cited": s in answer.cited}
        for s in answer.sources
    ]
    cid, turn = engine.conversations.record(None, answer, sources)
    return answer, cid, turn


def test_correction_is_cited_next_time(engine: Engine) -> None:
    answer, cid, turn = _ask(engine, "Combien d'habitants à Saint-Vent ?")
    assert "8 100" in answer.text
    engine.conversations.feedback(turn, -1, "chiffre périmé", conversation_id=cid)
    desk = FeedbackDesk(engine)
    (item,) = desk.items()
    assert item.feedback["comment"] == "chiffre périmé" and "99002" in item.communes
    uri = desk.correct(turn, "Saint-Vent compte 9 300 habitants au recensement de 2024.", EDITOR)
    again = engine.answerer.ask("Combien d'habitants à Saint-Vent ?")
    assert "9 300" in again.text and "8 100" not in again.text
    assert again.cited[0].chunk.uri == uri
    # a question like it finds the note first (the reader then picks the sentences)
    assert engine.searcher.search("Quelle est la population de Saint-Vent ?")[0].chunk.uri == uri
    other = engine.answerer.ask("Combien d'habitants à Bourg-Neuf ?")
    assert uri not in {s.chunk.uri for s in other.cited}


def test_excluded_source_leaves_the_answers(engine: Engine) -> None:
    answer, cid, turn = _ask(engine, "Quand le phare a-t-il été allumé ?")
    cited = answer.cited[0].chunk.uri
    FeedbackDesk(engine).mark(turn, cited, "exclude", EDITOR)
    again = engine.answerer.ask("Quand le phare a-t-il été allumé ?")
    assert cited not in {s.chunk.uri for s in again.sources}
