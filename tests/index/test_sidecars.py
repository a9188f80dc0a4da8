"""The tantivy and faiss sidecars on a copy of the synthetic pack's real index: same answers as
FTS5 and exact search, kept in step with every change to the SQLite file, rebuilt when their files
are lost or damaged, and never in the way (a locked or unusable sidecar falls back)."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import numpy as np
import pytest
import tantivy

from calanque.engine import Engine
from calanque.index.analysis import analyse, query_terms
from calanque.index.sqlite_store import SQLiteStore
from calanque.index.store import ChunkRecord, DocumentRecord, Filters

pytestmark = pytest.mark.sqlite_only("tantivy and faiss sidecars beside a SQLite file")

QUERIES = [
    "phare lanterne marches",
    "fromagerie tommes de chèvre",
    "usine de batteries",
    "population",
]


@pytest.fixture
def index_copy(built_engine: Engine, tmp_path: Path) -> Path:
    path = tmp_path / "index.sqlite3"
    with sqlite3.connect(built_engine.settings.db_path) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    return path


def stores(path: Path) -> tuple[SQLiteStore, SQLiteStore]:
    plain = SQLiteStore(path, lexical_index="fts5", vector_index="exact")
    fast = SQLiteStore(path, lexical_index="tantivy", vector_index="ivf")
    return plain, fast


def lexical(store: SQLiteStore, query: str, k: int = 10) -> list[int]:
    return [cid for cid, _ in store.lexical(*query_terms(query, ("fr",)), k, Filters())]


def test_tantivy_finds_what_fts5_finds(index_copy: Path) -> None:
    plain, fast = stores(index_copy)
    for query in QUERIES:
        expected, found = lexical(plain, query), lexical(fast, query)
        assert expected, query
        assert found[0] == expected[0], query  # BM25 on the same terms agrees on the best
        assert len(set(found) & set(expected)) >= 0.7 * len(expected), query
    assert (index_copy.parent / "index.sqlite3.tantivy").is_dir()
    terms = query_terms("phare", ("fr",))[1]
    assert fast.field_statistics(terms) == plain.field_statistics(terms)


def test_ivf_returns_the_exact_neighbours_with_exact_cosines(
    index_copy: Path, built_engine: Engine
) -> None:
    plain, fast = stores(index_copy)
    embedder_id = built_engine.embedder.embedder_id
    for query in QUERIES:
        q = built_engine.embedder.embed_query(query)
        expected = plain.dense(embedder_id, q, 10, Filters())
        found = fast.dense(embedder_id, q, 10, Filters())
        # a small index has fewer cells than nprobe: the scan is exhaustive, re-scored exactly
        assert [cid for cid, _ in found] == [cid for cid, _ in expected]
        assert np.allclose([s for _, s in found], [s for _, s in expected], atol=1e-5)
    assert list(index_copy.parent.glob("index.sqlite3.ivf-*.faiss"))


def test_sidecars_follow_deletions_and_additions(index_copy: Path, built_engine: Engine) -> None:
    plain, fast = stores(index_copy)
    embedder_id = built_engine.embedder.embedder_id
    q = built_engine.embedder.embed_query("phare lanterne marches")
    top = fast.chunks([lexical(fast, "phare lanterne marches")[0]])
    (chunk,) = top.values()
    assert fast.delete_document(chunk.uri)
    assert chunk.id not in lexical(fast, "phare lanterne marches")
    assert chunk.id not in [cid for cid, _ in fast.dense(embedder_id, q, 20, Filters())]

    folded, stemmed = analyse("Le phare de Bréhat-sur-Lagune guide les chalutiers.", "fr")
    vector = q.astype(np.float32)  # the query itself: it must come first in dense search
    fast.replace_document(
        DocumentRecord("test://new", "Nouveau", "doc", "fr", "test", 1.0, None, "h-new"),
        [ChunkRecord(0, (), "Le phare de Bréhat.", "fr", [], folded, stemmed, "c-new", vector)],
        embedder_id,
    )
    (new_id,) = [
        c.id for c in plain.chunks(list(range(1, 10_000))).values() if c.uri == "test://new"
    ]
    assert new_id in lexical(fast, "phare")
    assert fast.dense(embedder_id, q, 1, Filters())[0][0] == new_id
    # a second store on the same file (another process) reuses the patched sidecars
    other = SQLiteStore(index_copy, lexical_index="tantivy", vector_index="ivf")
    assert lexical(other, "phare lanterne marches") == lexical(fast, "phare lanterne marches")


def test_lost_or_damaged_sidecars_are_rebuilt(index_copy: Path) -> None:
    _, fast = stores(index_copy)
    expected = lexical(fast, "phare lanterne marches")
    embedder_ids = fast.db.execute("SELECT DISTINCT embedder FROM chunks").fetchall()
    fast.dense(embedder_ids[0][0], np.ones(384, np.float32) / np.sqrt(384), 5, Filters())
    (index_copy.parent / "index.sqlite3.tantivy" / "calanque-state.json").unlink()
    for faiss_file in index_copy.parent.glob("index.sqlite3.ivf-*.faiss"):
        faiss_file.write_bytes(b"not a faiss index")
    again = SQLiteStore(index_copy, lexical_index="tantivy", vector_index="ivf")
    assert lexical(again, "phare lanterne marches") == expected
    found = again.dense(embedder_ids[0][0], np.ones(384, np.float32) / np.sqrt(384), 5, Filters())
    assert len(found) == 5


def test_a_locked_sidecar_falls_back_to_fts5(
    index_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    plain, fast = stores(index_copy)
    lexical(fast, "phare")  # builds the tantivy index
    fast.delete_document(fast.chunks([lexical(fast, "phare")[0]]).popitem()[1].uri)
    holder = tantivy.Index.open(str(index_copy.parent / "index.sqlite3.tantivy"))
    writer = holder.writer(heap_size=15_000_000, num_threads=1)  # another process writing
    assert lexical(fast, "phare lanterne marches") == lexical(plain, "phare lanterne marches")
    assert "lexical sidecar unavailable" in caplog.text
    writer.rollback()
    del writer


def test_filtered_searches_respect_filters(index_copy: Path) -> None:
    """tantivy indexes the filter fields: the same chunks as FTS5 with the filter in SQL, and
    the same best (the two BM25s may order near ties apart further down, as unfiltered)."""
    plain, fast = stores(index_copy)
    (commune,) = fast.db.execute(
        "SELECT insee FROM chunk_communes GROUP BY insee ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    (source,) = fast.db.execute("SELECT source FROM documents WHERE kind = 'place'").fetchone()
    for filters, query, lang in (
        (Filters(langs=("en",)), "ridge trail lagoon", "en"),
        (Filters(langs=("fr",)), "phare lanterne marches", "fr"),
        (Filters(communes=(commune,)), "population commune", "fr"),
        (Filters(sources=(source,), kinds=("place", "guide")), "phare fromagerie", "fr"),
    ):
        terms = query_terms(query, (lang,))
        found = fast.lexical(*terms, 10, filters)
        assert found, filters
        expected = [cid for cid, _ in plain.lexical(*terms, 10, filters)]
        assert {cid for cid, _ in found} == set(expected) and found[0][0] == expected[0]


def test_unknown_index_kinds_are_refused(index_copy: Path) -> None:
    with pytest.raises(ValueError, match="lexical index"):
        SQLiteStore(index_copy, lexical_index="lucene")


def test_searches_in_threads_while_the_index_changes(
    index_copy: Path, built_engine: Engine
) -> None:
    """A server's threads search while an ingestion rewrites documents: every search returns
    live chunks of the moment, none fails."""
    _, fast = stores(index_copy)
    embedder_id = built_engine.embedder.embedder_id
    q = built_engine.embedder.embed_query("phare lanterne marches")
    fast.dense(embedder_id, q, 5, Filters())
    uris = fast.uris()[:6]
    errors: list[BaseException] = []
    stop = threading.Event()

    def search() -> None:
        while not stop.is_set():
            try:
                assert fast.dense(embedder_id, q, 5, Filters())
                assert lexical(fast, "phare lanterne marches")
            except BaseException as exc:  # noqa: BLE001 - reported to the main thread
                errors.append(exc)
                return

    threads = [threading.Thread(target=search) for _ in range(3)]
    for t in threads:
        t.start()
    for uri in uris:
        fast.delete_document(uri)
    stop.set()
    for t in threads:
        t.join()
    assert errors == []
    live = {
        c.uri
        for c in fast.chunks([cid for cid, _ in fast.dense(embedder_id, q, 50, Filters())]).values()
    }
    assert live and not live & set(uris)


def test_warm_builds_the_sidecars_before_any_question(
    index_copy: Path, built_engine: Engine
) -> None:
    _, fast = stores(index_copy)
    fast.warm(built_engine.embedder.embedder_id)
    assert (index_copy.parent / "index.sqlite3.tantivy" / "calanque-state.json").is_file()
    (state,) = index_copy.parent.glob("index.sqlite3.ivf-*.faiss.json")
    embedded = fast.db.execute("SELECT count(*) FROM chunks WHERE vector IS NOT NULL")
    assert json.loads(state.read_text())["count"] == embedded.fetchone()[0]
    assert json.loads(state.read_text())["generation"] == fast.generation()


def test_auto_switches_to_the_sidecars_by_size(index_copy: Path, built_engine: Engine) -> None:
    embedder_id = built_engine.embedder.embedder_id
    n = SQLiteStore(index_copy).stats()["chunks"]
    small = SQLiteStore(index_copy)  # defaults: this index is far below both sizes
    small.warm(embedder_id)
    assert not list(index_copy.parent.glob("index.sqlite3.*"))
    assert small.stats()["lexical_index"] == "fts5 (auto: tantivy from 50,000 chunks)"
    lexical_only = SQLiteStore(index_copy, auto_sizes=(n, n + 1))
    lexical_only.warm(embedder_id)
    assert (index_copy.parent / "index.sqlite3.tantivy").is_dir()
    assert not list(index_copy.parent.glob("index.sqlite3.ivf-*"))
    both = SQLiteStore(index_copy, auto_sizes=(n, n))
    both.warm(embedder_id)
    assert (both.stats()["lexical_index"], both.stats()["vector_index"]) == (
        "tantivy (auto)",
        "ivf (auto)",
    )
    assert list(index_copy.parent.glob("index.sqlite3.ivf-*.faiss"))


def test_small_changes_patch_the_ivf_in_memory_until_warm(
    index_copy: Path, built_engine: Engine
) -> None:
    """A trickle of crawled pages must not rewrite a 0.4 GB index per question: the files stay an
    older consistent pair, which a restart patches the same way, until `warm` writes them."""
    _, fast = stores(index_copy)
    embedder_id = built_engine.embedder.embedder_id
    fast.warm(embedder_id)
    (faiss_file,) = index_copy.parent.glob("index.sqlite3.ivf-*.faiss")
    state_file = faiss_file.with_name(faiss_file.name + ".json")
    written = (faiss_file.stat().st_mtime_ns, json.loads(state_file.read_text())["generation"])
    fast._sidecars[("dense", embedder_id)].large_change = 1.0  # every change counts as small

    q = built_engine.embedder.embed_query("phare lanterne marches")
    victim = fast.dense(embedder_id, q, 1, Filters())[0][0]
    assert fast.delete_document(fast.chunks([victim])[victim].uri)
    assert victim not in dict(fast.dense(embedder_id, q, 20, Filters()))
    assert (
        faiss_file.stat().st_mtime_ns,
        json.loads(state_file.read_text())["generation"],
    ) == written

    restarted = SQLiteStore(index_copy, lexical_index="tantivy", vector_index="ivf")
    assert victim not in dict(restarted.dense(embedder_id, q, 20, Filters()))

    fast.warm(embedder_id)
    assert json.loads(state_file.read_text())["generation"] == fast.generation()
    assert faiss_file.stat().st_mtime_ns != written[0]


def test_filtered_dense_search_on_ivf_matches_exact(index_copy: Path, built_engine: Engine) -> None:
    """A commune filter leaves a few vectors that the IVF probe could miss: they are scored
    exactly, so the filtered results are those of exact search."""
    plain, fast = stores(index_copy)
    embedder_id = built_engine.embedder.embedder_id
    q = built_engine.embedder.embed_query("phare lanterne marches")
    (commune,) = fast.db.execute(
        "SELECT insee FROM chunk_communes GROUP BY insee ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    only = Filters(communes=(commune,))
    fast.warm(embedder_id)
    fast._sidecars[
        ("dense", embedder_id)
    ].nprobe = 1  # one cell: most filtered vectors lie elsewhere
    expected = plain.dense(embedder_id, q, 5, only)
    assert expected
    found = fast.dense(embedder_id, q, 5, only)
    assert [cid for cid, _ in found] == [cid for cid, _ in expected]
    assert np.allclose([c for _, c in found], [c for _, c in expected], atol=1e-5)


def test_a_rewritten_last_document_is_not_mistaken_for_the_old_one(
    index_copy: Path, built_engine: Engine
) -> None:
    """Rewriting the document that holds the highest chunk ids must not hand its new chunks the
    ids of the old ones: the sidecars diff ids, and would keep the old text and vector."""
    _, fast = stores(index_copy)
    embedder_id = built_engine.embedder.embedder_id
    (last_uri,) = fast.db.execute(
        "SELECT d.uri FROM documents d JOIN chunks c ON c.doc_id = d.id ORDER BY c.id DESC LIMIT 1"
    ).fetchone()
    fast.warm(embedder_id)
    folded, stemmed = analyse("Le zeppelin rouge survole la lagune.", "fr")
    q = built_engine.embedder.embed_query("zeppelin rouge")
    fast.replace_document(
        DocumentRecord(last_uri, "Réécrit", "doc", "fr", "test", 1.0, None, "h-rewritten"),
        [ChunkRecord(0, (), "Le zeppelin rouge.", "fr", [], folded, stemmed, "c-zep", q)],
        embedder_id,
    )
    (new_id,) = [c.id for c in fast.chunks(lexical(fast, "zeppelin")).values()]
    assert fast.chunks([new_id])[new_id].uri == last_uri
    assert fast.dense(embedder_id, q, 1, Filters())[0][0] == new_id
