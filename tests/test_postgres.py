"""The PostgreSQL engine: what differs from SQLite (placeholders, pooled connections, migrations
across processes, connection failures) on the session's real server."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import numpy as np
import pytest

from calanque.conversations import Conversations
from calanque.crawl.state import CrawlState
from calanque.db import DatabaseError, open_database
from calanque.db.postgres import translate
from calanque.index.postgres_store import tsvector
from calanque.index.store import ChunkRecord, DocumentRecord, Filters, open_store
from databases import POSTGRES, database_url, new_database, new_store

needs_server = pytest.mark.skipif(not POSTGRES, reason="the PostgreSQL pass only")


def test_placeholders_are_translated_outside_quoted_text() -> None:
    assert translate("SELECT ? WHERE a = '?' AND b LIKE 'x%' AND \"c?\" = ?") == (
        "SELECT %s WHERE a = '?' AND b LIKE 'x%%' AND \"c?\" = %s"
    )
    assert translate("SELECT 'it''s ?', ?") == "SELECT 'it''s ?', %s"


def test_tsvector_literal_folds_like_fts5_and_keeps_positions() -> None:
    assert tsvector("électr port électr l'x") == "'electr':1,3 'port':2 'l''x':4"
    assert tsvector("a " + "b" * 3000) == "'a':1"  # PostgreSQL refuses lexemes past 2046 bytes


@needs_server
def test_components_record_their_migrations_in_one_table(tmp_path: Path) -> None:
    database = new_database(tmp_path)
    open_store(database)
    Conversations(database)
    CrawlState(database)
    rows = database.connection().execute(
        "SELECT component, name FROM schema_migrations ORDER BY component, name"
    )
    assert [tuple(r) for r in rows] == [
        ("conversations", "m003_conversations"),
        ("crawl", "m001_crawl"),
        ("crawl", "m002_page_sequence"),
        ("index", "m001_postgres_index"),
        ("index", "m002_vectors_inline"),
        ("index", "m003_postings"),
        ("index", "m004_ivf_half_precision"),
    ]
    database.close()


@needs_server
def test_rows_read_by_name_and_position_and_a_failed_transaction_leaves_nothing(
    tmp_path: Path,
) -> None:
    database = new_database(tmp_path)
    with database.transaction() as db:
        db.execute("CREATE TABLE t (x INTEGER, label TEXT)")
        db.execute("INSERT INTO t VALUES (?, ?)", (1, "un%"))
        assert database.connection().execute("SELECT count(*) FROM t").fetchone()[0] == 1
    with pytest.raises(ZeroDivisionError), database.transaction() as db:
        db.execute("INSERT INTO t VALUES (2, 'deux')")
        _ = 1 / 0
    row = database.connection().execute("SELECT x, label FROM t WHERE label LIKE 'un%'").fetchone()
    assert (row["x"], row[1], dict(row)) == (1, "un%", {"x": 1, "label": "un%"})
    assert database.connection().execute("SELECT count(*) FROM t").fetchone()[0] == 1
    database.close()


@needs_server
def test_a_newer_schema_is_refused_in_one_line(tmp_path: Path) -> None:
    database = new_database(tmp_path)
    Conversations(database)
    database.connection().execute(
        "INSERT INTO schema_migrations VALUES ('conversations', 'm999_future', 'then')"
    )
    with pytest.raises(DatabaseError, match="newer Calanque .conversations: m999_future"):
        Conversations(database)
    database.close()


def _migrate_in_a_process(url: str) -> None:
    database = open_database(url)
    open_store(database)
    Conversations(database)
    CrawlState(database)
    database.close()


@needs_server
def test_processes_opening_a_new_database_at_once_apply_each_step_once(tmp_path: Path) -> None:
    url = database_url(tmp_path)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_migrate_in_a_process, args=(url,)) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    database = open_database(url)
    assert (
        database.connection().execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == 7
    )
    database.close()


@needs_server
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://calanque@127.0.0.1:1/calanque", "cannot connect to .*127.0.0.1:1.*refused"),
        ("postgresql://a b", "cannot read the database URL"),
    ],
)
def test_an_unusable_url_is_one_line(url: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message) as error:
        open_database(url)
    assert "\n" not in str(error.value)


@needs_server
def test_a_wrong_password_is_one_line_without_the_password(tmp_path: Path) -> None:
    database = new_database(tmp_path)
    with database.transaction() as db:
        db.execute("CREATE ROLE visiteur LOGIN PASSWORD 'juste'")
    host = database_url(tmp_path).split("host=")[1].split("&")[0]
    # The test server trusts local connections: a TCP-less server cannot check a password, so the
    # refusal is the one of a role that may not connect.
    with database.transaction() as db:
        db.execute("ALTER ROLE visiteur NOLOGIN")
    try:
        with pytest.raises(DatabaseError, match="visiteur") as error:
            open_database(f"postgresql://visiteur:secret-word@/postgres?host={host}")
        assert "secret-word" not in str(error.value) and "\n" not in str(error.value)
    finally:
        with database.transaction() as db:
            db.execute("DROP ROLE visiteur")
        database.close()


@needs_server
def test_index_writers_in_threads_keep_counts_exact(tmp_path: Path) -> None:
    """Writers serialise on the generation row: concurrent documents keep the vocabulary and
    the totals that BM25 reads exact, and chunk ids only grow."""
    store = new_store(tmp_path)

    def write(worker: int) -> None:
        for i in range(10):
            words = f"calanque port{worker} phare{i}"
            store.replace_document(
                DocumentRecord(f"doc:{i % 5}", "T", "page", "fr", "test", 1.0, None, "h"),
                [ChunkRecord(0, (), words, "fr", [], words, words, f"c{worker}{i}")],
                "none",
            )

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.check() == []
    assert store.stats()["documents"] == 5
    df, total = store.document_frequencies(["calanque"])
    assert (df, total) == ({"calanque": 5}, 5)
    ids = sorted(store.chunks(list(range(1, 100))))
    assert len(ids) == 5 and ids[-1] > 5  # ids of replaced chunks are not given again
    store.close()


@needs_server
@pytest.mark.parametrize("exact_filtered", [20_000, 0])
def test_dense_search_uses_the_hnsw_index_and_filters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exact_filtered: int
) -> None:
    """Filtered searches sort the chunks that pass exactly when they are few, and go through
    the HNSW index in its order (no sort) when they are many: the same best hits either way."""
    from calanque.index import postgres_store

    monkeypatch.setattr(postgres_store, "EXACT_FILTERED", exact_filtered)
    store = new_store(tmp_path)
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(60, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    for i, v in enumerate(vectors):
        lang = "fr" if i % 2 else "en"
        store.replace_document(
            DocumentRecord(f"doc:{i}", "T", "page", lang, "test", 1.0, None, f"h{i}"),
            [ChunkRecord(0, (), f"texte {i}", lang, [], "texte", "text", f"c{i}", v)],
            "emb",
        )
    (name,) = store.db.execute(
        "SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING hnsw%'"
    ).fetchone()
    assert name.startswith("chunks_hnsw_")
    hits = store.dense("emb", vectors[7], 5, Filters())
    exact = np.argsort(-(vectors @ vectors[7]))[:5] + 1
    assert [h[0] for h in hits][:1] == [8] and abs(hits[0][1] - 1.0) < 1e-5
    assert len(set(h[0] for h in hits) & set(exact.tolist())) >= 4
    french = store.dense("emb", vectors[7], 5, Filters(langs=("fr",)))
    assert len(french) == 5 and all(store.chunks([i])[i].lang == "fr" for i, _ in french)
    odd = np.arange(1, 60, 2)
    best = (odd[np.argsort(-(vectors[odd] @ vectors[7]))[:5]] + 1).tolist()
    assert [i for i, _ in french][:3] == best[:3]
    assert [s for _, s in french] == sorted((s for _, s in french), reverse=True)
    sourced = store.dense("emb", vectors[7], 5, Filters(sources=("test",), kinds=("page",)))
    assert [i for i, _ in sourced][:3] == exact.tolist()[:3]
    assert store.dense("emb", vectors[7], 5, Filters(sources=("elsewhere",))) == []
    assert store.db.execute("SHOW enable_sort").fetchone()[0] == "on"
    store.close()


def test_workers_sharing_a_database_share_the_rate_limit(tmp_path: Path) -> None:
    """Two workers (two limiters on one database) count one visitor together; on either
    engine, though the web app uses this one only on PostgreSQL."""
    from calanque.web.ratelimit import DatabaseRateLimiter

    one = DatabaseRateLimiter(new_database(tmp_path), 3)
    two = DatabaseRateLimiter(new_database(tmp_path), 3)
    visitor = "198.51.100.7"
    assert one.key(visitor) == two.key(visitor) != visitor
    assert [one.check(visitor), two.check(visitor), one.check(visitor)] == [0, 0, 0]
    assert 0 < two.check(visitor) <= 60
    assert one.check("2001:db8::1") == 0  # another visitor
    rows = one.database.connection().execute("SELECT key FROM rate_limits").fetchall()
    assert all("198.51" not in r[0] for r in rows)  # no address stored
    orders = DatabaseRateLimiter(new_database(tmp_path), 1, scope="orders")
    assert orders.check(visitor) == 0, "another limit's budget is its own"
    assert orders.check(visitor) > 0
    one.reset()
    assert two.check(visitor) == 0
    assert orders.check(visitor) > 0, "resetting one limit leaves another's counts"


@needs_server
@pytest.mark.parametrize("exact_filtered", [20_000, 0])
def test_lexical_scores_are_fts5_s_bm25(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exact_filtered: int
) -> None:
    """The same chunks in both engines: the same ranking and the same BM25 scores for short
    queries and long ones, with filters (the chunks that pass kept first, or the best chunks
    checked), and again after chunks are deleted and documents rewritten."""
    from calanque.index import postgres_store
    from calanque.index.sqlite_store import SQLiteStore

    monkeypatch.setattr(postgres_store, "EXACT_FILTERED", exact_filtered)
    rng = np.random.default_rng(3)
    words = [f"mot{i}" for i in range(400)]
    zipf = 1 / np.arange(1, 401)
    zipf /= zipf.sum()
    sqlite = SQLiteStore(tmp_path / "same.sqlite3", lexical_index="fts5")
    postgres = new_store(tmp_path)

    def write(i: int, length: int) -> None:
        chunks = []
        for j in range(1 + i % 3):
            folded = " ".join(rng.choice(words, size=length, p=zipf))
            stemmed = folded.replace("mot1", "mot")
            communes = ["13001"] if (i + j) % 5 == 0 else []
            chunks.append(ChunkRecord(j, (), folded, "fr", communes, folded, stemmed, f"c{i}"))
        for store in (sqlite, postgres):
            store.replace_document(
                DocumentRecord(f"doc:{i}", "T", "page", "fr", f"s{i % 4}", 1.0, None, f"h{i}"),
                chunks,
                "none",
            )

    for i in range(200):
        write(i, int(rng.integers(5, 60)))

    def ranking(store: object, query: list[str], k: int, filters: Filters) -> list[tuple]:
        hits = store.lexical(query, query, k, filters)  # type: ignore[attr-defined]
        chunks = store.chunks([i for i, _ in hits])  # type: ignore[attr-defined]
        return [(chunks[i].uri, chunks[i].ordinal, s) for i, s in hits]

    queries = [
        list(rng.choice(words, size=int(rng.integers(6, 16)), p=zipf, replace=False))
        for _ in range(12)
    ]
    queries += [["mot0", "mot1", "mot250"], ["mot2", "mot3"], ["mot399", "mot0"], ["mot7"]]
    every = [Filters(), Filters(sources=("s1",)), Filters(communes=("13001",))]
    every += [Filters(langs=("fr",)), Filters(sources=("s2",), communes=("13001",))]

    def tied(hits: list[tuple]) -> list[set]:
        """The chunks of each score, best first, but the lowest score's: which of equal
        chunks make the cut at k is each engine's choice."""
        groups: dict[float, set] = {}
        for uri, ordinal, score in hits:
            groups.setdefault(round(score, 6), set()).add((uri, ordinal))
        return [groups[score] for score in sorted(groups, reverse=True)][:-1]

    def same_in_both() -> None:
        for query in queries:
            for k, filters in [(5, Filters()), *((50, f) for f in every)]:
                expected = ranking(sqlite, query, k, filters)
                got = ranking(postgres, query, k, filters)
                assert np.allclose([h[2] for h in got], [h[2] for h in expected], rtol=1e-6)
                # FTS5 orders equal scores as it finds them: compare chunks by score groups
                assert tied(got) == tied(expected), (query, filters)
                assert len(got) == k or len(got) < 50  # every chunk that matches, up to k

    same_in_both()
    for i in range(0, 200, 7):  # deleted: their chunks leave the postings
        for store in (sqlite, postgres):
            store.delete_document(f"doc:{i}")
    for i in range(3, 200, 11):  # rewritten: other chunks, other lengths
        write(i, int(rng.integers(5, 120)))
    for i in range(200, 230):  # new ones
        write(i, int(rng.integers(5, 60)))
    assert postgres.check() == []
    same_in_both()
    sqlite.close()
    postgres.close()


@needs_server
def test_bulk_load_writes_what_replace_document_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The COPY path and the per-document path give the same index: rows, vocabulary, totals,
    postings, lexical scores and dense hits; its HNSW index is built again after the load, and
    a document already stored is replaced, not doubled."""
    from calanque.index import postgres_store

    monkeypatch.setattr(postgres_store, "BULK_BATCH", 7)  # several batches, indexes dropped
    rng = np.random.default_rng(5)
    words = [f"mot{i}" for i in range(60)]
    docs = []
    for i in range(12):
        chunks = []
        for j in range(int(rng.integers(1, 4))):
            folded = " ".join(rng.choice(words, size=int(rng.integers(3, 20))))
            vector = rng.normal(size=16).astype(np.float32)
            communes = ["13001", "13055"][: int(rng.integers(0, 3))]
            chunk = ChunkRecord(j, ("Titre",), folded, "fr", communes, folded, folded, f"c{i}-{j}")
            chunk.vector = vector / np.linalg.norm(vector)
            chunks.append(chunk)
        meta = {"n": i}
        docs.append(
            (
                DocumentRecord(f"doc:{i}", f"T{i}", "page", "fr", "s", 1.0, None, f"h{i}", meta),
                chunks,
            )
        )
    one = new_store(tmp_path)
    for doc, chunks in docs:
        one.replace_document(doc, chunks, "emb")
    two = new_store(tmp_path, "bulk.sqlite3")
    two.replace_document(*docs[3], "emb")
    assert two.bulk_load(iter(docs), "emb") == sum(len(c) for _, c in docs)

    def snapshot(store: object) -> tuple:
        db = store.db  # type: ignore[attr-defined]
        vocabulary = sorted(tuple(r) for r in db.execute("SELECT * FROM vocabulary"))
        chunks = sorted(
            tuple(r)
            for r in db.execute(
                "SELECT d.uri, d.meta, c.ordinal, c.text, c.communes, c.content_hash, l.tokens, "
                "l.folded_tsv::text FROM chunks c JOIN documents d ON d.id = c.doc_id "
                "JOIN lexemes l ON l.id = c.id"
            )
        )
        links = db.execute("SELECT count(*) FROM chunk_communes").fetchone()[0]
        postings = sorted(
            (r[0], r[1], sorted(np.frombuffer(r[2], postgres_store.POSTING)["tf"].tolist()))
            for r in db.execute("SELECT term, field, entries FROM postings")
        )
        indexes = sorted(
            r[0][:13]
            for r in db.execute(
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND "
                "indexdef LIKE '%USING hnsw%'"
            )
        )
        stats = store.stats()  # type: ignore[attr-defined]
        return vocabulary, chunks, links, postings, indexes, stats["chunks"], stats["documents"]

    assert snapshot(two) == snapshot(one)
    assert two.check() == []
    query = ["mot1", "mot7", "mot33"]
    lexical = [two.lexical(query, query, 10, Filters()), one.lexical(query, query, 10, Filters())]
    uris = [
        {i: c.uri for i, c in s.chunks([i for i, _ in h]).items()}
        for s, h in zip((two, one), lexical, strict=True)
    ]
    ranked = [
        [(u[i], round(score, 6)) for i, score in h] for u, h in zip(uris, lexical, strict=True)
    ]
    assert ranked[0] == ranked[1] and len(ranked[0]) == 10
    q = docs[5][1][0].vector
    dense = [s.dense("emb", q, 3, Filters(communes=("13055",))) for s in (two, one)]
    hashes = [
        [(s.chunks([i])[i].uri, s.chunks([i])[i].text) for i, _ in h]
        for s, h in zip((two, one), dense, strict=True)
    ]
    assert hashes[0] == hashes[1] and hashes[0]
    one.close()
    two.close()


@needs_server
def test_index_builds_get_memory_for_the_whole_hnsw_graph(tmp_path: Path) -> None:
    """pgvector finishes a graph that outgrows maintenance_work_mem on disk, one slow insert at
    a time: a million 384-float vectors (1.5 GB of floats alone) get more than the 2 GB floor,
    in a setting the server takes."""
    from calanque.index.postgres_store import BUILD_MEMORY, build_memory

    assert build_memory(100_000, 384) == BUILD_MEMORY
    million = build_memory(1_000_000, 384)
    assert million > BUILD_MEMORY and million > 1_000_000 * (4 * 384 + 512)
    database = new_database(tmp_path)
    with database.transaction() as db:
        db.execute(f"SET LOCAL maintenance_work_mem = '{million // 2**20}MB'")
        (shown,) = db.execute("SHOW maintenance_work_mem").fetchone()
    assert shown == f"{million // 2**20}MB"
    database.close()


@needs_server
def test_a_large_bulk_load_gets_an_ivfflat_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From IVF_FROM chunks a bulk load builds IVFFlat (2√n lists) in place of HNSW: searches go
    through it, with or without filters, and documents written after it are found too."""
    from calanque.index import postgres_store

    monkeypatch.setattr(postgres_store, "IVF_FROM", 100)
    monkeypatch.setattr(postgres_store, "BULK_BATCH", 20)  # several batches, indexes dropped
    rng = np.random.default_rng(8)
    vectors = rng.normal(size=(150, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)

    def document(i: int) -> tuple[DocumentRecord, list[ChunkRecord]]:
        lang = "fr" if i % 2 else "en"
        chunk = ChunkRecord(0, (), f"texte {i}", lang, [], "texte", "text", f"c{i}", vectors[i])
        return DocumentRecord(f"doc:{i}", "T", "page", lang, "test", 1.0, None, f"h{i}"), [chunk]

    store = new_store(tmp_path)
    store.replace_document(*document(0), "emb")  # small: HNSW
    assert store.stats()["vector_index"] == "pgvector hnsw"
    store.bulk_load((document(i) for i in range(1, 140)), "emb")
    (definition,) = store.db.execute(
        "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND "
        "(indexdef LIKE '%USING hnsw%' OR indexdef LIKE '%USING ivfflat%')"
    ).fetchone()
    assert "USING ivfflat" in definition and "lists='24'" in definition.replace(" ", "")
    assert "halfvec_cosine_ops" in definition  # half the bytes read per probed vector
    assert store.stats()["vector_index"] == "pgvector ivfflat"
    store.replace_document(*document(145), "emb")  # after the load, into the lists
    held = [*range(140), 145]
    for i in (7, 145):  # every list probed (24 < IVF_PROBES): the exact neighbours
        hits = store.dense("emb", vectors[i], 5, Filters())
        uris = [store.chunks([j])[j].uri for j, _ in hits]
        exact = [held[j] for j in np.argsort(-(vectors[held] @ vectors[i]))[:5]]
        assert uris == [f"doc:{j}" for j in exact] and abs(hits[0][1] - 1.0) < 1e-5
    french = store.dense("emb", vectors[7], 5, Filters(langs=("fr",)))
    assert len(french) == 5 and all(store.chunks([i])[i].lang == "fr" for i, _ in french)

    # an IVFFlat index an older version built on full-precision vectors is rebuilt on half
    # precision when the store opens, and searched as before
    with store.database.transaction() as db:
        (name,) = db.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
            "AND indexname LIKE 'chunks\\_ivf\\_%'"
        ).fetchone()
        db.execute(f'DROP INDEX "{name}"')
        db.execute(
            f"CREATE INDEX {name} ON chunks USING ivfflat ((vector::vector(16)) "
            "vector_cosine_ops) WITH (lists = 24) WHERE embedder = 'emb'"
        )
        db.execute("DELETE FROM schema_migrations WHERE name = 'm004_ivf_half_precision'")
    reopened = postgres_store.PostgresStore(store.database)
    (definition,) = reopened.db.execute(
        "SELECT indexdef FROM pg_indexes WHERE indexname = ?", (name,)
    ).fetchone()
    assert "halfvec_cosine_ops" in definition and "lists='24'" in definition.replace(" ", "")
    hits = reopened.dense("emb", vectors[7], 1, Filters())
    assert store.chunks([hits[0][0]])[hits[0][0]].uri == "doc:7"
    store.close()
