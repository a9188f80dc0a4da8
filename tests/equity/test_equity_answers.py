"""The equity policy inside the answerer, and the report, on the small synthetic pack."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from calanque.answer.answerer import Answerer
from calanque.cli import app
from calanque.engine import Engine
from calanque.equity.chart import exposure_chart
from calanque.equity.geo import commune_points, feature_collection
from calanque.equity.policy import EquityPolicy, group_target


def answerer(engine: Engine, equity: EquityPolicy | None) -> Answerer:
    return Answerer(
        engine.searcher, gazetteer=engine.gazetteer, top_k=3, relevance_floor=0.82, equity=equity
    )


def ranking(engine: Engine, question: str, equity: EquityPolicy | None) -> list[int]:
    return [s.chunk.id for s in answerer(engine, equity).ask(question).sources]


@pytest.mark.parametrize(
    "question",
    [
        "Combien de marches pour monter au phare ?",  # no place: scope none
        "How long is the hike on the ridge trail?",
        "Que visiter à Port-Lumière ?",  # a named place
        "Où se trouve la fromagerie des Oliviers-Hauts ?",
    ],
)
def test_questions_not_about_the_whole_territory_keep_their_ranking(
    built_engine: Engine, question: str
) -> None:
    """R@10 on PIAF cannot move: questions about no place (and about one place) are not
    re-ranked, the sources are exactly those of retrieval without the policy."""
    with_policy = answerer(built_engine, EquityPolicy("uniform", relevance_floor=0.0))
    assert with_policy.ask(question).scope in ("none", "place")
    assert ranking(built_engine, question, EquityPolicy()) == ranking(built_engine, question, None)


def test_territory_question_is_rebalanced(built_engine: Engine) -> None:
    question = "Que visiter dans la région ?"
    before = answerer(built_engine, None).ask(question)
    after = answerer(built_engine, EquityPolicy("uniform", relevance_floor=0.0)).ask(question)
    assert before.scope == after.scope == "territory"
    assert set(after.awrf) == {"retrieved", "cited"}
    assert after.awrf["retrieved"] >= before.awrf["retrieved"]
    groups = {built_engine.pack.communes[c].group for s in after.sources for c in s.chunk.communes}
    assert groups == {"Côte", "Collines"}


def test_relevance_floor_bars_weak_passages(built_engine: Engine) -> None:
    question = "Where to hike in the region?"
    strict = answerer(built_engine, EquityPolicy("uniform", relevance_floor=1.0)).ask(question)
    plain = answerer(built_engine, None).ask(question)
    # With a floor of 1, only the best passage is eligible: nothing is promoted above it.
    assert strict.sources[0].chunk.id == plain.sources[0].chunk.id


def test_report_and_chart(built_engine: Engine, tmp_path: Path) -> None:
    questions = [
        "Quels villages visiter dans la région ?",
        "Where to hike in the region?",
        "Où travailler dans l'industrie sur le territoire ?",
        "Combien de marches pour monter au phare ?",
    ]
    report = built_engine.equity_report(questions, answerer(built_engine, EquityPolicy()))
    assert report.questions == 4
    assert [g.group for g in report.groups] == ["Côte", "Collines"]
    assert [g.target for g in report.groups] == [0.5, 0.5]
    assert sum(g.exposure for g in report.groups) == pytest.approx(1.0, abs=1e-3)
    assert 0 < report.coverage <= 1 and 0 <= report.gini <= 1
    assert report.scopes["territory"] == 3
    png = exposure_chart(report, tmp_path / "equity.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_population_target_follows_population(built_engine: Engine) -> None:
    target = group_target(built_engine.pack, "population")
    # Côte: 52000 + 8100; Collines: 3100 + 2050 + 12400.
    assert target == pytest.approx([60100 / 77650, 17550 / 77650])
    blend = group_target(built_engine.pack, "blend", 0.5)
    assert blend == pytest.approx(0.5 * target + 0.25)


def test_cli_report(built_engine: Engine, pack_dir: Path, tmp_path: Path) -> None:
    questions = tmp_path / "q.txt"
    questions.write_text("# a comment\nQuels villages visiter dans la région ?\n", "utf-8")
    png = tmp_path / "chart.png"
    result = CliRunner().invoke(
        app,
        [
            "equity",
            "report",
            "--questions",
            str(questions),
            "--png",
            str(png),
            "--home",
            str(built_engine.settings.home),
            "--pack",
            str(pack_dir),
        ],
        env={"CALANQUE_DATABASE_URL": built_engine.settings.database_url},
    )
    assert result.exit_code == 0, result.output
    assert "AWRF cited" in result.output and "Collines" in result.output
    assert png.is_file()


def test_commune_points(built_engine: Engine) -> None:
    points = commune_points(built_engine.pack, ["99002", "nope", "99001", "99002"])
    assert [p["insee"] for p in points] == ["99002", "99001"]
    assert points[1] == {
        "insee": "99001",
        "name": "Port-Lumière",
        "group": "Côte",
        "lat": 43.10,
        "lon": 5.00,
        "population": 52000,
    }
    geo = feature_collection(built_engine.pack, ["99001"])
    assert geo["features"][0]["geometry"]["coordinates"] == [5.00, 43.10]


def test_commune_targets_split_each_group(built_engine: Engine) -> None:
    pack = built_engine.pack
    uniform = EquityPolicy("uniform").commune_target(pack)
    assert sum(uniform.values()) == pytest.approx(1.0)
    assert uniform["99001"] == pytest.approx(0.25) and uniform["99003"] == pytest.approx(1 / 6)
    population = EquityPolicy("population").commune_target(pack)
    assert population["99001"] == pytest.approx(52000 / 77650)


def test_bad_policies_are_refused() -> None:
    with pytest.raises(ValueError):
        EquityPolicy("marseille-first")
    with pytest.raises(ValueError):
        EquityPolicy("blend", blend=1.5)
    with pytest.raises(ValueError):
        EquityPolicy(breadth=0.5)


def test_default_policy_rebalances_whatever_the_searcher_scores(built_engine: Engine) -> None:
    # The default floor (0.4) is on ranks: the learned re-ranker's peaked scores must not switch
    # the rebalancing off (they once did, silently).
    question = "Where to hike in the region?"
    before = answerer(built_engine, None).ask(question)
    after = answerer(built_engine, EquityPolicy("uniform")).ask(question)
    assert after.awrf["retrieved"] > before.awrf["retrieved"]
    groups = {built_engine.pack.communes[c].group for s in after.sources for c in s.chunk.communes}
    assert groups == {"Côte", "Collines"}


def test_territory_answer_is_given_more_passages(
    built_engine: Engine,
) -> None:
    # (Not "Quels villages…": the synthetic corpus never says "village", and a question whose
    # topic the sources never name is not answered.)
    question = "Que visiter dans la région ?"
    plain = answerer(built_engine, None).ask(question)
    fair = answerer(built_engine, EquityPolicy("uniform", relevance_floor=0.0)).ask(question)
    assert len(plain.sources) <= 3 < len(fair.sources) <= round(3 * EquityPolicy().breadth)
    assert fair.cited and fair.awrf["cited"] is not None


def test_passages_under_the_floor_are_not_given_to_be_cited_fairly(built_engine: Engine) -> None:
    question = "Que visiter dans la région ?"
    # top_k 3, 4 × 3 candidates; a floor of 0.8 leaves ranks 0–2 eligible (1/(11 + r) ≥ 0.8/11).
    policy = EquityPolicy("uniform", relevance_floor=0.8)
    fair = answerer(built_engine, policy).ask(question)
    # what the answerer searches: "Que visiter dans la région ?" asks what visitors see
    searched = built_engine.answerer.analyse(question).searched
    hits = built_engine.searcher.search(searched, k=3 * policy.candidates)
    allowed = {h.chunk.id for h in hits[:3]}
    # Only eligible passages (or the plain top 3) reach the answer, whose citations are ordered
    # for fairness: the rest would be promoted above passages more relevant than them.
    assert {s.chunk.id for s in fair.sources} <= allowed
    loose = answerer(built_engine, EquityPolicy("uniform", relevance_floor=0.0)).ask(question)
    assert len(loose.sources) > len(fair.sources)


@pytest.mark.parametrize(
    "question",
    ["Combien de marches pour monter au phare ?", "How long is the hike on the ridge trail?"],
)
def test_no_place_answers_are_byte_identical(built_engine: Engine, question: str) -> None:
    on = answerer(built_engine, EquityPolicy()).ask(question)
    off = answerer(built_engine, None).ask(question)
    assert on.scope == "none"
    assert on.text == off.text and [s.number for s in on.cited] == [s.number for s in off.cited]


def test_report_lists_the_questions_that_leave_a_group_out(pack_dir: Path) -> None:
    from calanque.equity.report import AnswerRecord, aggregate_records
    from calanque.territory.pack import load_pack

    pack = load_pack(pack_dir)
    coast_only = AnswerRecord("Où se baigner ?", "territory", True, {}, [["99001"]], [["99001"]])
    both = AnswerRecord("Où marcher ?", "territory", True, {}, [["99001"], ["99003"]], [])
    named = AnswerRecord("Que voir à Port-Lumière ?", "place", True, {}, [["99001"]], [])
    refused = AnswerRecord("Où camper ?", "territory", False, {}, [], [])
    records = [coast_only, both, named, refused, coast_only]
    report = aggregate_records(records, pack, group_target(pack, "uniform"))
    groups = {g.group: g for g in report.groups}
    # Asked twice, listed once; a place question or a refusal is no gap.
    assert groups["Collines"].absent_from == ["Où se baigner ?"]
    assert groups["Côte"].absent_from == []
