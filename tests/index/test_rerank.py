"""The learned re-ranker: its features on hand-made passages, its model file, and its invariants
on the synthetic pack's real index (real SQLite, real e5 embedder)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from calanque.engine import Engine
from calanque.index.analysis import analyse, fold, fold_text, query_terms
from calanque.index.features import FEATURES, Candidate, QueryTerms, feature_matrix
from calanque.index.rerank import Ranker, bundled_ranker
from calanque.index.search import Searcher
from calanque.index.store import Filters


def candidate(cid: int, text: str, title: str = "Titre", cos: float = 0.8) -> Candidate:
    folded, stemmed = analyse(f"{title}\n{text}", "fr")
    return Candidate(cid, title, "fr", folded, stemmed, cos, lexical_rank=None)


def column(x: np.ndarray, name: str) -> np.ndarray:
    return x[:, FEATURES.index(name)]


def features_of(query: str, candidates: list[Candidate]) -> np.ndarray:
    terms = QueryTerms.of(*query_terms(query, ("fr",)))
    return feature_matrix(terms, candidates, {}, total=100)


def test_features_prefer_the_passage_that_holds_the_question_words_together() -> None:
    close = candidate(1, "Le phare de Port-Lumière compte 212 marches jusqu'à la lanterne.")
    apart = candidate(
        2,
        "Le phare est blanc. Bien plus loin, après la plage, le sentier côtier, la digue, le port "
        "et la criée, on trouve un escalier de 212 marches.",
    )
    unrelated = candidate(3, "La fromagerie affine ses tommes de chèvre en cave.")
    x = features_of("les marches du phare", [close, apart, unrelated])
    assert x.shape == (3, len(FEATURES))
    assert column(x, "cov_stemmed")[0] == pytest.approx(1.0)
    assert column(x, "cov_stemmed")[2] == 0.0
    assert column(x, "window")[0] > column(x, "window")[1]
    assert column(x, "bm25_stemmed")[2] == 0.0
    assert column(x, "bm25_rel").max() == pytest.approx(1.0)


def test_accents_and_title_are_matched() -> None:
    x = features_of(
        "usine de batteries electriques",
        [candidate(1, "Production d'accumulateurs.", title="L'usine de batteries électriques")],
    )
    assert column(x, "title_cov")[0] == pytest.approx(1.0)
    assert column(x, "cov_folded")[0] == pytest.approx(1.0)


def test_bigrams_count_query_pairs_found_side_by_side() -> None:
    x = features_of(
        "vieux port marseille",
        [
            candidate(1, "Le vieux port, loin du centre de Marseille."),  # one pair of two
            candidate(2, "Un port vieux, loin de Marseille."),  # the same words, no pair
        ],
    )
    assert column(x, "bigram").tolist() == pytest.approx([0.5, 0.0])


@pytest.mark.parametrize(
    "text", ["Œuvres de l'Étang-de-Berre, à Aix", "Ἀθῆναι ist Athen", "Ⅻ ﬁnal Ǣ"]
)
def test_a_passage_folds_as_its_words_do(text: str) -> None:
    assert fold_text(text).split() == [fold(word) for word in text.split()]


def test_dense_features_are_relative_to_the_best_candidate() -> None:
    x = features_of("phare", [candidate(1, "a", cos=0.81), candidate(2, "b", cos=0.86)])
    assert column(x, "dense_gap").tolist() == pytest.approx([-0.05, 0.0], abs=1e-6)
    assert column(x, "dense_rr").tolist() == [0.5, 1.0]


def test_no_candidates_no_rows() -> None:
    assert features_of("phare", []).shape == (0, len(FEATURES))


def test_bundled_model_round_trips(tmp_path: Path) -> None:
    ranker = bundled_ranker()
    assert ranker is not None, "src/calanque/index/models/ranker.json is missing"
    assert ranker.meta["script"] == "bench/train_ranker.py"
    ranker.save(tmp_path / "r.json")
    again = Ranker.load(tmp_path / "r.json")
    x = np.random.default_rng(0).normal(size=(7, len(FEATURES)))
    assert np.allclose(ranker.score(x), again.score(x))


def test_a_model_for_other_features_is_refused() -> None:
    data = bundled_ranker().to_json()  # type: ignore[union-attr]
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="trained on features"):
        Ranker.from_json(data)


QUERIES = [
    "Combien de marches faut-il monter dans le phare ?",
    "fromage de chèvre affiné en cave",
    "ridge trail loop duration",
    "usine de batteries électriques",
    "lighthouse opening year",
    "plage",
]


@pytest.mark.parametrize("query", QUERIES)
def test_reranker_keeps_what_both_first_stages_put_first(built_engine: Engine, query: str) -> None:
    searcher = built_engine.searcher
    assert searcher.ranker is not None
    lexical = searcher.lexical_ranking(query, 50, Filters())
    dense = searcher.dense_ranking(query, 50, Filters())
    hits = searcher.search(query, k=3)
    if lexical and dense and lexical[0][0] == dense[0][0]:
        assert lexical[0][0] in [h.chunk.id for h in hits]
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    for h in hits:  # the answerer's relevance floor reads a cosine
        assert h.dense_score is None or -1.0 <= h.dense_score <= 1.0
        assert h.dense_rank is None or dense[h.dense_rank][0] == h.chunk.id


def test_without_ranker_hybrid_is_rank_fusion(built_engine: Engine) -> None:
    plain = Searcher(built_engine.store, built_engine.embedder, ranker=None)
    hits = plain.search("phare lanterne", k=5)
    assert hits and hits[0].chunk.title == "Le phare de Port-Lumière"


def test_without_embedder_hybrid_is_lexical(built_engine: Engine) -> None:
    lexical_only = Searcher(built_engine.store, None)
    hits = lexical_only.search("usine de batteries", k=3)
    assert hits[0].chunk.title == "L'usine de batteries de Bourg-Neuf"
    assert all(h.dense_score is None for h in hits)
