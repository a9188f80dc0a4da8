from __future__ import annotations

from pathlib import Path

import pytest

from calanque.config import Settings
from calanque.documents import Block, Document
from calanque.engine import Engine
from calanque.index.embedders import E5Embedder
from calanque.index.search import Searcher
from calanque.index.store import Filters


@pytest.mark.parametrize("mode", ["lexical", "dense", "hybrid"])
@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("Combien de marches faut-il monter dans le phare ?", "Le phare de Port-Lumière"),
        ("fromage de chèvre affiné en cave", "La fromagerie des Oliviers-Hauts"),
        ("ridge trail loop duration", "Hiking the Roche-d'Azur ridge"),
        ("usine de batteries électriques", "L'usine de batteries de Bourg-Neuf"),
    ],
)
def test_expected_document_ranks_first(
    built_engine: Engine, mode: str, query: str, title: str
) -> None:
    hits = built_engine.searcher.search(query, k=5, mode=mode)
    assert hits[0].chunk.title == title


def test_dense_search_crosses_languages(built_engine: Engine) -> None:
    hits = built_engine.searcher.search("lighthouse opening year", k=3, mode="dense")
    assert "Le phare de Port-Lumière" in [h.chunk.title for h in hits]


def test_accents_do_not_matter_lexically(built_engine: Engine) -> None:
    hits = built_engine.searcher.search("electricite batteries electriques", k=3, mode="lexical")
    assert hits[0].chunk.title == "L'usine de batteries de Bourg-Neuf"


def test_filters(built_engine: Engine) -> None:
    s = built_engine.searcher
    english = s.search("phare", k=10, filters=Filters(langs=("en",)))
    assert english and all(h.chunk.lang == "en" for h in english)
    here = s.search("commune", k=20, filters=Filters(communes=("99004",)))
    assert here and all("99004" in h.chunk.communes for h in here)
    corpus = s.search("phare", k=20, filters=Filters(sources=("pack:corpus",)))
    assert corpus and all(h.chunk.source == "pack:corpus" for h in corpus)
    assert s.search("phare", filters=Filters(sources=("nowhere",))) == []


@pytest.mark.parametrize(
    "query", ['"', "NEAR(a b) AND OR NOT *", "((((", "'; DROP TABLE chunks;--"]
)
def test_query_syntax_cannot_break_search(built_engine: Engine, query: str) -> None:
    built_engine.searcher.search(query, k=3)
    assert built_engine.store.check() == []


def test_unknown_mode(built_engine: Engine) -> None:
    with pytest.raises(ValueError, match="unknown search mode"):
        built_engine.searcher.search("phare", mode="psychic")


def test_a_passage_repeated_across_documents_is_shown_once(
    tmp_path: Path, pack_dir: Path, embedder: E5Embedder
) -> None:
    engine = Engine(Settings.load({"home": tmp_path, "pack": str(pack_dir)}), embedder=embedder)
    notice = "Vérifiez les horaires d'ouverture auprès de l'office de tourisme avant de partir."
    docs = [
        Document(
            uri=f"page-{i}",
            title=f"Page {i}",
            blocks=[Block(text, ("S",)), Block(notice, ("Note",))],
        )
        for i, text in enumerate(
            [
                "Le musée de la marine ouvre ses salles sur l'histoire du port.",
                "Le jardin botanique présente les plantes de la garrigue.",
                "L'office de tourisme propose des visites guidées du vieux port.",
            ]
        )
    ]
    engine.ingestor.ingest_documents(docs)
    for mode in ("lexical", "dense", "hybrid"):
        hits = engine.searcher.search("horaires de l'office de tourisme", k=5, mode=mode)
        texts = [h.chunk.text for h in hits]
        assert texts.count(notice) == 1, mode
        assert "L'office de tourisme propose des visites guidées du vieux port." in texts
    engine.close()


def test_hybrid_search_finds_the_same_with_its_first_stages_side_by_side(
    built_engine: Engine,
) -> None:
    """The lexical stage runs in another thread while the query is embedded and searched
    densely; the hits and scores are those of the stages run in turn, filtered or not."""
    overlapping = built_engine.searcher
    assert overlapping.overlap
    in_turn = Searcher(overlapping.store, overlapping.embedder, overlap=False)
    for query, filters in [
        ("Combien de marches faut-il monter dans le phare ?", Filters()),
        ("ridge trail loop duration", Filters()),
        ("phare", Filters(langs=("en",))),
        ("commune", Filters(communes=("99004",))),
    ]:
        got = overlapping.search(query, k=5, filters=filters)
        expected = in_turn.search(query, k=5, filters=filters)
        assert got
        assert [(h.chunk.id, round(h.score, 6)) for h in got] == [
            (h.chunk.id, round(h.score, 6)) for h in expected
        ]
        stages = overlapping.last_timings
        assert {"embed", "lexical", "dense", "first stages", "features", "rank"} <= set(stages)
        assert stages["first stages"] >= max(stages["lexical"], stages["embed"] + stages["dense"])
