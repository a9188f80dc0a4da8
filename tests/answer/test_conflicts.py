"""Conflicting figures (issue 13 §2): a crawled page says "10 habitants" where the fact sheet says
8 100. The answer does not pick one silently: the higher-weight source leads, and the other
figure follows, said to disagree."""

from __future__ import annotations

import pytest

from calanque.documents import Block, Document
from calanque.engine import Engine
from databases import Postgres, copy_of_built

QUESTION = "Combien d'habitants à Saint-Vent ?"
CLAIM = "Saint-Vent compte 10 habitants, selon ce blog de voyage."


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory, built_engine: Engine, postgres: Postgres | None
) -> Engine:
    """A copy of the built index, in a home (or schema) of its own: these tests add pages."""
    home = tmp_path_factory.mktemp("conflicts")
    url = postgres.schema("conflicts") if postgres else None
    return copy_of_built(built_engine, home, url)


def _ask_with_claim(engine: Engine, weight: float) -> str:
    page = Document("https://blog.example/saint-vent", "Saint-Vent", [Block(CLAIM)], weight=weight)
    engine.ingestor.ingest_documents([page], source="web")
    return engine.answerer.ask(QUESTION).text


def test_the_agency_figure_leads_and_the_conflict_is_said(demo: Engine) -> None:
    text = _ask_with_claim(demo, weight=0.5)
    lead, _, rest = text.partition("[1]")
    assert "8 100" in lead and "10 habitants" not in lead
    assert "Les sources ne concordent pas sur ce chiffre" in rest and "10 habitants" in rest


def test_a_heavier_source_leads_but_the_other_figure_is_still_said(demo: Engine) -> None:
    text = _ask_with_claim(demo, weight=3.0)
    lead, _, rest = text.partition("[1]")
    assert "10 habitants" in lead
    assert "ne concordent pas" in rest and "8 100" in rest


def test_figures_that_agree_are_no_conflict(demo: Engine) -> None:
    page = Document(
        "https://blog.example/saint-vent",
        "Saint-Vent",
        [Block("Saint-Vent compte environ 8 000 habitants, selon ce blog de voyage.")],
        weight=0.5,
    )
    demo.ingestor.ingest_documents([page], source="web")
    assert "ne concordent pas" not in demo.answerer.ask(QUESTION).text


def test_a_figure_of_another_place_naming_the_asked_one_is_no_conflict(demo: Engine) -> None:
    """ "Port-Lumière… compte 40 000 habitants, et Saint-Vent…" is Port-Lumière's figure: it
    neither contradicts nor supports Saint-Vent's fact sheet."""
    page = Document(
        "https://blog.example/bassin",
        "Le bassin",
        [
            Block(
                "Port-Lumière est la ville principale du bassin et compte 40 000 habitants, "
                "tandis que Saint-Vent et ses habitants vivent au rythme du port."
            )
        ],
        weight=0.5,
    )
    demo.ingestor.ingest_documents([page], source="web")
    text = demo.answerer.ask(QUESTION).text
    assert "8 100" in text.partition("[1]")[0], text
    assert "ne concordent pas" not in text and "40 000" not in text, text
