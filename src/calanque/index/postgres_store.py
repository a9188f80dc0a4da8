"""The index in PostgreSQL: full-text search over our own analysis, pgvector for vectors.

Lexical search indexes the two fields the SQLite path indexes (`folded` surface forms and Snowball
`stemmed` forms, written by `analysis.py` in each chunk's own language) as `tsvector`s, in a
narrow `lexemes` table of their own, and ranks matches by the same BM25 as FTS5 (k1 1.2, b 0.75,
per-field IDF, length over both fields). The tsvectors are unnested by PostgreSQL into a
`postings` table, a term's postings packed into a few rows (chunk, term frequency, length), and
each search scores every posting of its terms in numpy. Matching through GIN cost a heap page and
a `ts_rank` call per matched chunk (2.3 s for a question of four common words at 1M).

Why not PostgreSQL's `french` configuration with `unaccent`, and `english`, over the raw text:
the learned re-ranker reads features computed from these fields (term positions, per-field
document frequencies) and was trained on FTS5's candidate lists; a second analysis would hand it
candidates and ranks it never saw, and would stem only French and English where the packs name
their languages. Lexemes are written verbatim (`'terme':1,4`), accent-folded as FTS5's tokenizer
folds them, so no PostgreSQL parser or dictionary stands between the analysis and the index.
Measured on PIAF: the same R@1 as SQLite to the third decimal (BENCHMARKS.md).

Document frequencies per field live in a `vocabulary` table kept up to date by each write (an
upsert from the new chunks' lexemes, a decrement for the removed ones), as are the postings:
the re-ranker asks for them at every question, and `ts_stat` scans every row. Totals (chunks,
tokens) live in `index_state` with the generation, which each write bumps first: that row lock
serialises index writers as SQLite's single writer does.

Vectors are a `vector` column (any dimension); each embedder gets a partial HNSW index on
`vector::vector(dim)` (`vector_cosine_ops`) when its first vector is written, or an IVFFlat one
on `vector::halfvec(dim)` when a bulk load brings it to IVF_FROM chunks: an IVFFlat search reads
every vector of the lists it probes, and half-precision halves what it reads for the same lists.
Candidates come back with their exact cosine and are sorted by it, as the SQLite path re-scores
its IVF's. Chunk ids come from a sequence, so they only grow.

`bulk_load` is the import path for large corpora (a million chunks): rows go in by COPY, the
vocabulary and the postings are counted once at the end, and when the load outgrows what the
index held, the vector indexes are dropped first and built once after (an HNSW insert per row is
what made a store-path copy of 100k chunks take 19 minutes).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from calanque.db.database import Database, DatabaseError, Migration, marks, now, script
from calanque.index.analysis import fold
from calanque.index.rows import CHUNK_COLUMNS, insert_document, stored_chunk, stored_document
from calanque.index.store import (
    ChunkRecord,
    DocumentRecord,
    Filters,
    StoredChunk,
    StoredDocument,
)

K1, B = 1.2, 0.75  # FTS5's bm25() constants
MAX_LEXEME = 2046  # bytes: PostgreSQL refuses longer lexemes
MAX_POSITION = 16383  # positions past this one are stored as it
# Chunk ids per `postings` row: a row holds one term's postings among 4,096 consecutive ids
# (at most 32 kB), so a common term at 1M is ~250 rows, and a write rewrites small rows.
BUCKET_BITS = 12
# One posting: the chunk id's offset in its bucket, the term's frequency there, the chunk's
# tokens in both fields (BM25's length); big-endian, as `int2send`/`int4send` write them.
POSTING = np.dtype([("offset", ">i2"), ("tf", ">i2"), ("tokens", ">i4")])
# HNSW candidates per query (pgvector's default is 40): recall@50 0.43 at 200, 0.87 at 1000
# on the synthetic 100k index of BENCHMARKS.md.
EF_SEARCH = 1000
# Filtered dense searches sort at most this many chunks exactly; more go through HNSW.
EXACT_FILTERED = 20_000
# Per sort or hash of a search (a filtered dense search's exact sort of 20,000 chunks).
WORK_MEMORY = "64MB"
BULK_BATCH = 5_000  # chunks per COPY batch of `bulk_load`
BUILD_MEMORY = 2 << 30  # bytes: the least maintenance_work_mem while `bulk_load` builds indexes
# Bytes of pgvector's in-memory HNSW graph per vector besides the vector itself (32 level-0
# neighbours of 16 B, the element, allocator headers: about 0.7 kB), with room to spare. A
# graph that outgrows maintenance_work_mem is finished on disk, one slow insert at a time.
HNSW_ELEMENT = 1024
VECTOR_INDEXES = ("auto", "exact", "ivf")  # the SQLite values: any but `exact` means an index
# From this many chunks, `bulk_load` gives the embedder an IVFFlat index (2√n lists, IVF_PROBES
# of them searched) instead of HNSW. At 1M synthetic chunks (noisy copies of 761 real vectors:
# 1,300 near-ties each, the hard case for a graph) HNSW found 0.38 of the exact top 50 at
# pgvector's largest `ef_search`; IVFFlat with 2,000 lists 0.98 at 120 probes in 80 ms p50, where
# 1,000 lists needed 80 probes and 135 ms for 0.95 (BENCHMARKS.md), and it builds in 2 minutes
# against HNSW's 6. At 100k HNSW finds 0.84 in 19 ms, the SQLite path's R@10, and is kept. The
# IVFFlat index holds half-precision vectors: the same recall at 120 probes, 40 ms instead of 70.
# 80 probes find 0.85 of the exact top 50 in 26 ms, and end to end the same R@1 and R@10 as 120
# (0.770 / 0.935 on 200 PIAF questions at 1M; 60 probes lost one question from the top 10).
IVF_FROM = 500_000
IVF_PROBES = 80

MIGRATIONS: list[Migration] = []
migration = MIGRATIONS.append


@migration
def m001_postgres_index(db: Any) -> None:
    script(
        db,
        """
        CREATE EXTENSION IF NOT EXISTS vector;
        CREATE TABLE documents (
            id {id},
            uri TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            kind TEXT NOT NULL,
            lang TEXT,
            source TEXT NOT NULL,
            weight {real} NOT NULL DEFAULT 1.0,
            updated TEXT,
            meta TEXT NOT NULL DEFAULT '{{}}',
            content_hash TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        );
        CREATE SEQUENCE chunk_ids;
        CREATE TABLE chunks (
            id BIGINT PRIMARY KEY DEFAULT nextval('chunk_ids'),
            doc_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            heading TEXT NOT NULL,
            text TEXT NOT NULL,
            lang TEXT NOT NULL,
            communes TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            embedder TEXT,
            vector vector,
            folded TEXT NOT NULL,
            stemmed TEXT NOT NULL
        );
        CREATE INDEX chunks_doc ON chunks(doc_id);
        CREATE INDEX chunks_hash ON chunks(content_hash, embedder);
        CREATE TABLE lexemes (
            id BIGINT PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE,
            doc_id BIGINT NOT NULL,
            lang TEXT NOT NULL,
            tokens INTEGER NOT NULL,
            folded_tsv tsvector NOT NULL,
            stemmed_tsv tsvector NOT NULL
        );
        CREATE INDEX lexemes_doc ON lexemes(doc_id);
        CREATE INDEX lexemes_folded ON lexemes USING gin (folded_tsv);
        CREATE INDEX lexemes_stemmed ON lexemes USING gin (stemmed_tsv);
        CREATE TABLE chunk_communes (
            insee TEXT NOT NULL,
            chunk_id BIGINT NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
            PRIMARY KEY (insee, chunk_id)
        );
        CREATE INDEX chunk_communes_chunk ON chunk_communes(chunk_id);
        CREATE TABLE vocabulary (
            field TEXT NOT NULL,
            term TEXT NOT NULL,
            chunks BIGINT NOT NULL,
            PRIMARY KEY (term, field)
        );
        CREATE TABLE index_state (key TEXT PRIMARY KEY, value BIGINT NOT NULL);
        INSERT INTO index_state VALUES ('generation', 0), ('chunks', 0), ('tokens', 0)
        """,
    )


@migration
def m002_vectors_inline(db: Any) -> None:
    """Vectors in the chunk's row, the texts out of it: pgvector stores a vector `external`, so
    a row past 2 kB (text, analysis and a 1.5 kB vector) sent the vector to TOAST, and sorting
    5,000 filtered chunks by exact distance read 7 pages per chunk (475 ms at 100k). Rows
    written from now on keep it inline; older ones move when rewritten."""
    db.execute("ALTER TABLE chunks ALTER COLUMN vector SET STORAGE MAIN")


@migration
def m003_postings(db: Any) -> None:
    """The lexical stage reads posting lists, not GIN matches: scoring 91,600 matched chunks
    through GIN read a heap page and ran `ts_rank` per chunk (1.6 s at 1M); the same postings
    packed per term read ~250 rows (see `PostgresStore.lexical`). GIN is then unused."""
    script(
        db,
        """
        CREATE TABLE postings (
            term TEXT NOT NULL,
            field TEXT NOT NULL,
            bucket BIGINT NOT NULL,
            entries BYTEA NOT NULL,
            PRIMARY KEY (term, field, bucket)
        );
        DROP INDEX IF EXISTS lexemes_folded;
        DROP INDEX IF EXISTS lexemes_stemmed
        """,
    )
    db.execute("SET LOCAL work_mem = '256MB'")
    db.execute(f"INSERT INTO postings {_POSTINGS.format(where='TRUE')}")
    db.execute("ANALYZE postings")


@migration
def m004_ivf_half_precision(db: Any) -> None:
    """IVFFlat indexes on half-precision vectors (see IVF_FROM): the lists an older one was
    trained with are trained again, once (75 s at 1M chunks)."""
    rows = db.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
        "AND indexname LIKE 'chunks\\_ivf\\_%' AND indexdef LIKE '%vector_cosine_ops%'"
    ).fetchall()
    if rows:
        db.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY >> 20}MB'")
    for name, definition in rows:
        db.execute(f'DROP INDEX "{name}"')
        db.execute(
            definition.replace("::vector(", "::halfvec(").replace(
                "vector_cosine_ops", "halfvec_cosine_ops"
            )
        )


# The postings of some chunks `c` of `lexemes` (`where`), as `postings` rows: per term, field
# and bucket, each chunk's `POSTING` (its term frequency is its positions, as FTS5 counts it).
_POSTINGS = f"""
    SELECT p.term, p.field, c.id >> {BUCKET_BITS},
        string_agg(int2send((c.id & {(1 << BUCKET_BITS) - 1})::int2) || int2send(p.tf::int2)
            || int4send(c.tokens), ''::bytea ORDER BY c.id)
    FROM lexemes c, LATERAL (
        SELECT lexeme AS term, 'folded' AS field, cardinality(positions) AS tf
        FROM unnest(c.folded_tsv)
        UNION ALL
        SELECT lexeme, 'stemmed', cardinality(positions) FROM unnest(c.stemmed_tsv)
    ) p
    WHERE {{where}}
    GROUP BY p.term, p.field, c.id >> {BUCKET_BITS}
"""
_ADD_POSTINGS = (
    "INSERT INTO postings (term, field, bucket, entries) "
    + _POSTINGS
    + " ON CONFLICT (term, field, bucket) DO UPDATE SET entries = postings.entries "
    "|| excluded.entries"
)

# Lexemes of the chunks of one document, per field, for the vocabulary's counts.
_DOC_LEXEMES = """
    SELECT field, term, count(*) AS n FROM (
        SELECT 'folded' AS field, unnest(tsvector_to_array(folded_tsv)) AS term
        FROM lexemes WHERE doc_id = ?
        UNION ALL
        SELECT 'stemmed', unnest(tsvector_to_array(stemmed_tsv)) FROM lexemes WHERE doc_id = ?
    ) lexemes GROUP BY field, term ORDER BY term, field
"""


class PostgresStore:
    """`Store` on a PostgreSQL database (see the module's docstring); safe to share between
    threads and processes."""

    def __init__(self, database: Database, *, vector_index: str = "auto") -> None:
        if database.dialect != "postgresql":
            raise ValueError(f"{database.location} is not a PostgreSQL database")
        if vector_index not in VECTOR_INDEXES:
            raise ValueError(f"vector index must be one of {VECTOR_INDEXES}")
        database.migrate("index", MIGRATIONS)
        database.adapt(_adapt)  # type: ignore[attr-defined]
        self.database = database
        self.vector_index = vector_index
        self._indexed: set[str] = set()  # embedders whose vector index is known to exist
        # the kind of each embedder's vector index ("hnsw", "ivf"), read at its first search:
        # the search must name the index's expression. Another process's bulk load may change
        # it; this one sees the change when it reopens the store (until then, exact searches).
        self._kinds: dict[str, str] = {}

    @property
    def db(self) -> Any:
        """A connection for reads (the thread's transaction if one is open)."""
        return self.database.connection()

    def close(self) -> None:
        self.database.close()

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """A write to the index. It bumps the generation first: the row's lock makes index
        writers wait for each other, as SQLite's single writer does."""
        with self.database.transaction() as db:
            db.execute("UPDATE index_state SET value = value + 1 WHERE key = 'generation'")
            yield db

    def generation(self) -> int:
        return int(self._state()["generation"])

    def _state(self) -> dict[str, int]:
        return {r[0]: int(r[1]) for r in self.db.execute("SELECT key, value FROM index_state")}

    # -- writing ---------------------------------------------------------------------------

    def document_hash(self, uri: str) -> str | None:
        row = self.db.execute("SELECT content_hash FROM documents WHERE uri = ?", (uri,)).fetchone()
        return row[0] if row else None

    def vectors_by_hash(self, hashes: list[str], embedder_id: str) -> dict[str, np.ndarray]:
        if not hashes:
            return {}
        rows = self.db.execute(
            "SELECT content_hash, vector FROM chunks WHERE embedder = ? "
            "AND vector IS NOT NULL AND content_hash = ANY(?)",
            (embedder_id, list(hashes)),
        )
        return {r[0]: _array(r[1]) for r in rows}

    def replace_document(
        self, doc: DocumentRecord, chunks: list[ChunkRecord], embedder_id: str
    ) -> None:
        with self.transaction() as db:
            self._delete(db, doc.uri)
            doc_id = insert_document(db, doc)
            if not chunks:
                return
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT nextval('chunk_ids') FROM generate_series(1, ?)", (len(chunks),)
                )
            ]
            rows, lexemes, tokens = [], [], 0
            for chunk_id, c in zip(ids, chunks, strict=True):
                vector = None if c.vector is None else np.asarray(c.vector, np.float32)
                if vector is not None:
                    self._ensure_vector_index(db, embedder_id, len(vector))
                size = len(c.folded.split()) + len(c.stemmed.split())
                tokens += size
                rows.append(
                    (
                        chunk_id,
                        doc_id,
                        c.ordinal,
                        json.dumps(c.heading, ensure_ascii=False),
                        c.text,
                        c.lang,
                        json.dumps(c.communes),
                        c.content_hash,
                        embedder_id if vector is not None else None,
                        vector,
                        c.folded,
                        c.stemmed,
                    )
                )
                lexemes.append(
                    (chunk_id, doc_id, c.lang, size, tsvector(c.folded), tsvector(c.stemmed))
                )
            db.executemany(
                "INSERT INTO chunks (id, doc_id, ordinal, heading, text, lang, communes, "
                "content_hash, embedder, vector, folded, stemmed) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            db.executemany(
                "INSERT INTO lexemes VALUES (?, ?, ?, ?, ?::tsvector, ?::tsvector)", lexemes
            )
            db.execute(_ADD_POSTINGS.format(where="c.doc_id = ?"), (doc_id,))
            links = [(insee, i) for i, c in zip(ids, chunks, strict=True) for insee in c.communes]
            if links:
                db.executemany(
                    "INSERT INTO chunk_communes VALUES (?, ?) ON CONFLICT DO NOTHING", links
                )
            db.execute(
                "INSERT INTO vocabulary (field, term, chunks) "
                + _DOC_LEXEMES
                + " ON CONFLICT (term, field) DO UPDATE SET chunks = vocabulary.chunks "
                "+ excluded.chunks",
                (doc_id, doc_id),
            )
            self._count(db, len(chunks), tokens)

    def bulk_load(
        self,
        documents: Iterable[tuple[DocumentRecord, list[ChunkRecord]]],
        embedder_id: str,
        progress: Any = None,
    ) -> int:
        """Write many documents in one transaction by COPY; return the chunks written.

        Documents already in the index are replaced. Readers see the index as it was until the
        commit; when the load holds more chunks than the index did, its vector indexes are
        dropped and built once at the end, and searches wait for the commit meanwhile.
        `progress(chunks_written)` is called after each batch."""
        with self.transaction() as db:
            (held,) = db.execute("SELECT count(*) FROM chunks").fetchone()
            rebuild: list[str] | None = None
            written, tokens, first, dim = 0, 0, None, 0
            batch: list[tuple[DocumentRecord, list[ChunkRecord]]] = []
            for item in documents:
                batch.append(item)
                if sum(len(c) for _, c in batch) >= BULK_BATCH:
                    n, t, start, dim = self._copy_batch(db, batch, embedder_id, dim)
                    first = start if first is None else first
                    written, tokens = written + n, tokens + t
                    batch = []
                    if rebuild is None and written > held:
                        rebuild = self._drop_vector_indexes(db, embedder_id)
                    if progress is not None:
                        progress(written)
            if batch:
                n, t, start, dim = self._copy_batch(db, batch, embedder_id, dim)
                first = start if first is None else first
                written, tokens = written + n, tokens + t
                if progress is not None:
                    progress(written)
            if first is not None:
                db.execute(
                    "INSERT INTO vocabulary (field, term, chunks) SELECT field, term, count(*) "
                    "FROM (SELECT 'folded' AS field, unnest(tsvector_to_array(folded_tsv)) AS "
                    "term FROM lexemes WHERE id >= ? UNION ALL SELECT 'stemmed', "
                    "unnest(tsvector_to_array(stemmed_tsv)) FROM lexemes WHERE id >= ?) new "
                    "GROUP BY field, term ON CONFLICT (term, field) DO UPDATE "
                    "SET chunks = vocabulary.chunks + excluded.chunks",
                    (first, first),
                )
                db.execute(_ADD_POSTINGS.format(where="c.id >= ?"), (first,))
            self._count(db, written, tokens)
            memory = build_memory(held + written, dim)
            db.execute(f"SET LOCAL maintenance_work_mem = '{memory // 2**20}MB'")
            for statement in rebuild or ():
                db.execute(statement)
            if dim:
                self._ensure_vector_index(db, embedder_id, dim, held + written)
            db.execute("ANALYZE chunks")
            db.execute("ANALYZE lexemes")
            db.execute("ANALYZE postings")
        return written

    def _copy_batch(
        self,
        db: Any,
        batch: list[tuple[DocumentRecord, list[ChunkRecord]]],
        embedder_id: str,
        dim: int,
    ) -> tuple[int, int, int | None, int]:
        """COPY one batch of documents (replacing those already stored); (chunks, tokens,
        first chunk id, vector dimension)."""
        uris = [d.uri for d, _ in batch]
        for (uri,) in db.execute("SELECT uri FROM documents WHERE uri = ANY(?)", (uris,)):
            self._delete(db, uri)
        n_chunks = sum(len(c) for _, c in batch)
        doc_ids = _reserve(db, "pg_get_serial_sequence('documents', 'id')", len(batch))
        chunk_ids = _reserve(db, "'chunk_ids'", n_chunks) if n_chunks else []
        stamp = now()
        tokens = 0
        with db.raw.cursor().copy(
            "COPY documents (id, uri, title, kind, lang, source, weight, updated, meta, "
            "content_hash, ingested_at) FROM STDIN"
        ) as copy:
            for doc_id, (d, _) in zip(doc_ids, batch, strict=True):
                meta = json.dumps(d.meta, ensure_ascii=False, default=str)
                copy.write_row(
                    (doc_id, d.uri, d.title, d.kind, d.lang, d.source, d.weight, d.updated, meta)
                    + (d.content_hash, stamp)
                )
        ids = iter(chunk_ids)
        lexemes: list[tuple] = []
        links: list[tuple[str, int]] = []
        with db.raw.cursor().copy(
            "COPY chunks (id, doc_id, ordinal, heading, text, lang, communes, content_hash, "
            "embedder, vector, folded, stemmed) FROM STDIN"
        ) as copy:
            for doc_id, (_, chunks) in zip(doc_ids, batch, strict=True):
                for c in chunks:
                    chunk_id = next(ids)
                    vector = None if c.vector is None else np.asarray(c.vector, np.float32)
                    if vector is not None:
                        dim = len(vector)
                    size = len(c.folded.split()) + len(c.stemmed.split())
                    tokens += size
                    copy.write_row(
                        (chunk_id, doc_id, c.ordinal, json.dumps(c.heading, ensure_ascii=False))
                        + (c.text, c.lang, json.dumps(c.communes), c.content_hash)
                        + (embedder_id if vector is not None else None, vector)
                        + (c.folded, c.stemmed)
                    )
                    lexemes.append(
                        (chunk_id, doc_id, c.lang, size, tsvector(c.folded), tsvector(c.stemmed))
                    )
                    links.extend((insee, chunk_id) for insee in dict.fromkeys(c.communes))
        with db.raw.cursor().copy("COPY lexemes FROM STDIN") as copy:
            for row in lexemes:
                copy.write_row(row)
        with db.raw.cursor().copy("COPY chunk_communes FROM STDIN") as copy:
            for row in links:
                copy.write_row(row)
        return n_chunks, tokens, (chunk_ids[0] if chunk_ids else None), dim

    def delete_document(self, uri: str) -> bool:
        with self.transaction() as db:
            return self._delete(db, uri)

    def _delete(self, db: Any, uri: str) -> bool:
        row = db.execute("SELECT id FROM documents WHERE uri = ?", (uri,)).fetchone()
        if row is None:
            return False
        doc_id = row[0]
        db.execute(
            "UPDATE vocabulary v SET chunks = v.chunks - gone.n FROM ("
            + _DOC_LEXEMES
            + ") gone WHERE v.term = gone.term AND v.field = gone.field",
            (doc_id, doc_id),
        )
        n, tokens = db.execute(
            "SELECT count(*), coalesce(sum(tokens), 0) FROM lexemes WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        self._unpost(db, doc_id)
        db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        self._count(db, -int(n), -int(tokens))
        return True

    @staticmethod
    def _unpost(db: Any, doc_id: int) -> None:
        """Take a document's chunks out of the postings rows that hold them (rows left empty
        go). Rows are cut here, not in SQL: a row of a common term holds 4,096 postings."""
        gone = np.array(
            [r[0] for r in db.execute("SELECT id FROM lexemes WHERE doc_id = ?", (doc_id,))],
            np.int64,
        )
        rows = db.execute(
            "SELECT p.term, p.field, p.bucket, p.entries FROM postings p JOIN ("
            f"SELECT DISTINCT term, field, bucket FROM ({_POSTINGS.format(where='c.doc_id = ?')})"
            " doc (term, field, bucket, entries)) doc USING (term, field, bucket)",
            (doc_id,),
        ).fetchall()
        kept, emptied = [], []
        for term, field, bucket, entries in rows:
            postings = np.frombuffer(entries, POSTING)
            ids = (int(bucket) << BUCKET_BITS) + postings["offset"].astype(np.int64)
            left = postings[~np.isin(ids, gone)]
            if len(left):
                kept.append((left.tobytes(), term, field, bucket))
            else:
                emptied.append((term, field, bucket))
        if kept:
            db.executemany(
                "UPDATE postings SET entries = ? WHERE term = ? AND field = ? AND bucket = ?", kept
            )
        if emptied:
            db.executemany(
                "DELETE FROM postings WHERE term = ? AND field = ? AND bucket = ?", emptied
            )

    @staticmethod
    def _count(db: Any, chunks: int, tokens: int) -> None:
        db.execute(
            "UPDATE index_state SET value = value + CASE key WHEN 'chunks' THEN ? ELSE ? END "
            "WHERE key IN ('chunks', 'tokens')",
            (chunks, tokens),
        )

    def _ensure_vector_index(self, db: Any, embedder_id: str, dim: int, chunks: int = 0) -> None:
        """The embedder's vector index, created with its first vector (HNSW), or after a bulk
        load of `chunks` (IVFFlat from IVF_FROM: its lists are trained on the vectors)."""
        if embedder_id in self._indexed:
            return
        names = [_index_name(embedder_id, kind) for kind in ("hnsw", "ivf")]
        if any(db.execute("SELECT to_regclass(?)", (n,)).fetchone()[0] for n in names):
            self._indexed.add(embedder_id)  # committed: it stays
            return
        where = f"WHERE embedder = {_literal(embedder_id)}"
        if chunks >= IVF_FROM:
            lists = round(2 * math.sqrt(chunks))
            db.execute(
                f"CREATE INDEX IF NOT EXISTS {names[1]} ON chunks USING ivfflat "
                f"((vector::halfvec({int(dim)})) halfvec_cosine_ops) WITH (lists = {lists}) "
                f"{where}"
            )
        else:
            db.execute(
                f"CREATE INDEX IF NOT EXISTS {names[0]} ON chunks USING hnsw "
                f"((vector::vector({int(dim)})) vector_cosine_ops) {where}"
            )
        self._kinds.pop(embedder_id, None)

    def _drop_vector_indexes(self, db: Any, embedder_id: str) -> list[str]:
        """Drop the vector indexes, to be built once after a bulk load; the statements that
        build those of other embedders again (the loaded one's gets the kind its size calls
        for)."""
        rows = db.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND (indexname LIKE 'chunks\\_hnsw\\_%' OR indexname LIKE 'chunks\\_ivf\\_%')"
        ).fetchall()
        for name, _ in rows:
            db.execute(f'DROP INDEX "{name}"')
        self._indexed.discard(embedder_id)
        self._kinds.pop(embedder_id, None)
        own = {_index_name(embedder_id, kind) for kind in ("hnsw", "ivf")}
        return [definition for name, definition in rows if name not in own]

    # -- lexical ---------------------------------------------------------------------------

    def lexical(
        self, folded: Sequence[str], stemmed: Sequence[str], k: int, filters: Filters
    ) -> list[tuple[int, float]]:
        """Chunks with any folded term in `folded` or any stem in `stemmed`, by FTS5's BM25.

        Every posting of every query term is scored, in numpy, from the `postings` rows the
        tsvectors were packed into: exact, with no pruning to get wrong. At 1M a common term is
        245 rows of 3 kB read by primary key, against a heap page and a `ts_rank` call per
        matched chunk through GIN (12 µs each; 91,600 chunks for one word). A filter is checked
        on the best 4·k chunks; when fewer than k of them pass and the filter lets at most
        EXACT_FILTERED chunks through, only those are kept, else more of the best are checked
        each time until k pass."""
        terms = {
            "folded": [t for t in dict.fromkeys(fold(t) for t in folded) if _indexable(t)],
            "stemmed": [t for t in dict.fromkeys(fold(t) for t in stemmed) if _indexable(t)],
        }
        if not (terms["folded"] or terms["stemmed"]) or k <= 0:
            return []
        _, total, tokens = self._counts()
        frequencies = self._frequencies([*terms["folded"], *terms["stemmed"]])
        avgdl = max(tokens / total, 1e-9) if total else 1.0
        scored = [
            (field, t, max(math.log((total - n + 0.5) / (n + 0.5)), 1e-6))
            for field, words in terms.items()
            for t in words
            if (n := frequencies.get((field, t), 0))
        ]
        if not scored:
            return []
        ids, scores = self._scores(scored, avgdl)
        where, params = _filters(filters)
        if not where:
            return _best(ids, scores, k)
        want = 4 * k
        while True:
            best = _best(ids, scores, want)
            passed = {
                r[0]
                for r in self.db.execute(
                    f"SELECT c.id FROM lexemes c WHERE c.id = ANY(?) AND {where}",
                    ([i for i, _ in best], *params),
                )
            }
            hits = [(i, s) for i, s in best if i in passed]
            if len(hits) >= k or len(best) == len(ids):
                return hits[:k]
            if want == 4 * k and (passing := self._passing(filters)) is not None:
                keep = np.isin(ids, np.asarray(passing, np.int64))
                return _best(ids[keep], scores[keep], k)
            want *= 8

    def _scores(
        self, scored: list[tuple[str, str, float]], avgdl: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """The chunks holding any (field, term, idf) of `scored`, and their BM25 scores."""
        rows = self.db.execute(
            "SELECT p.field, p.term, p.bucket, p.entries FROM postings p "
            "JOIN unnest(?::text[], ?::text[]) q (term, field) USING (term, field)",
            ([t for _, t, _ in scored], [f for f, _, _ in scored]),
        )
        lists: dict[tuple[str, str], list[tuple[int, bytes]]] = {}
        for field, term, bucket, entries in rows:
            lists.setdefault((field, term), []).append((int(bucket), entries))
        ids, contributions = [], []
        for field, term, idf in scored:
            packed = lists.get((field, term), [])
            postings = np.frombuffer(b"".join(e for _, e in packed), POSTING)
            buckets = np.array([b for b, _ in packed], np.int64) << BUCKET_BITS
            counts = [len(e) // POSTING.itemsize for _, e in packed]
            ids.append(np.repeat(buckets, counts) + postings["offset"])
            tf = postings["tf"].astype(np.float64)
            norm = K1 * ((1 - B) + B * postings["tokens"] / avgdl)
            contributions.append(idf * tf * (K1 + 1) / (tf + norm))
        every, weights = np.concatenate(ids), np.concatenate(contributions)
        if not len(every):
            return every, weights
        low = int(every.min())
        span = int(every.max()) - low + 1
        if span <= 16 * len(every):  # ids close together: one slot per id, no sort
            sums = np.bincount(every - low, weights=weights, minlength=span)
            held = np.zeros(span, bool)
            held[every - low] = True
            found = np.flatnonzero(held)
            return found + low, sums[found]
        found, slot = np.unique(every, return_inverse=True)
        return found, np.bincount(slot, weights=weights, minlength=len(found))

    def document_frequencies(self, terms: list[str]) -> tuple[dict[str, int], int]:
        """Chunks containing each term in either field (folded, as indexed), and the number of
        chunks."""
        per_field, total = self.field_statistics(terms)
        out = {}
        for t in terms:
            f = fold(t)
            n = max(per_field.get(("folded", f), 0), per_field.get(("stemmed", f), 0))
            if n:
                out[t] = n
        return out, total

    def field_statistics(self, terms: list[str]) -> tuple[dict[tuple[str, str], int], int]:
        """Chunks containing each term per field (`("folded"|"stemmed", term)` → count), from
        the vocabulary table, and the number of chunks."""
        return self._frequencies(terms), self._counts()[1]

    def _frequencies(self, terms: list[str]) -> dict[tuple[str, str], int]:
        keys = sorted({fold(t) for t in terms})
        if not keys:
            return {}
        rows = self.db.execute(
            "SELECT field, term, chunks FROM vocabulary WHERE term = ANY(?) AND chunks > 0",
            (keys,),
        )
        return {(r[0], r[1]): int(r[2]) for r in rows}

    def _counts(self) -> tuple[int, int, int]:
        """(generation, chunks, tokens): one indexed read, no scan."""
        state = self._state()
        return state["generation"], state["chunks"], state["tokens"]

    # -- dense -----------------------------------------------------------------------------

    def dense(
        self, embedder_id: str, q: np.ndarray, k: int, filters: Filters
    ) -> list[tuple[int, float]]:
        """Nearest chunks by the embedder's HNSW or IVFFlat index (or every vector, `exact`),
        with the exact cosine of each, best first.

        A filter decides the plan here, not the planner: the planner estimates a source's or
        kind's chunks from its share of documents (5 synthetic documents out of 766 hold 99 % of
        the chunks of the bench index), and sorted every chunk that passed by exact distance
        (950 ms at 100k), or walked the HNSW graph for a few hundred chunks it could sort
        exactly in a millisecond. So the chunks that pass are counted, up to EXACT_FILTERED:
        that few are sorted exactly (perfect recall), more are searched through the index,
        which keeps scanning until k pass (`hnsw.iterative_scan`)."""
        if k <= 0:
            return []
        q = np.asarray(q, np.float32)
        where, params = _filters(filters)
        literal = _literal(embedder_id)
        if where and self.vector_index != "exact":
            passing = self._passing(filters)
            if passing is not None:  # few: sorted exactly, found by id
                rows = self.db.execute(
                    f"SELECT id, 1 - (vector <=> ?) FROM chunks WHERE id = ANY(?) "
                    f"AND embedder = {literal} AND vector IS NOT NULL ORDER BY vector <=> ? "
                    "LIMIT ?",
                    (q, passing, q, k),
                ).fetchall()
                return [(int(r[0]), float(r[1])) for r in rows]
        # The partial index is used only when the query names its predicate and its expression
        # literally (a parameter would hide them from a generic plan).
        sql = (
            f"SELECT c.id, 1 - (c.vector <=> ?) FROM chunks c WHERE c.embedder = {literal} "
            + (f"AND {where} " if where else "")
            + f"ORDER BY {self._distance(embedder_id, len(q))} LIMIT ?"
        )
        if where and self.vector_index != "exact":
            with self.database.transaction() as db:  # no sort: the index's order, filtered
                db.execute("SET LOCAL enable_sort = off")
                rows = db.execute(sql, (q, *params, q, k)).fetchall()
                db.execute("RESET enable_sort")  # in a caller's transaction too
        else:
            rows = self.db.execute(sql, (q, *params, q, k)).fetchall()
        found = [(int(r[0]), float(r[1])) for r in rows]
        return sorted(found, key=lambda item: -item[1])

    def _distance(self, embedder_id: str, dim: int) -> str:
        """The ORDER BY of a dense search, the expression of the embedder's index: IVFFlat
        orders half-precision vectors (the exact cosine is computed beside it)."""
        if self.vector_index == "exact":
            return "c.vector <=> ?"
        if embedder_id not in self._kinds:
            (ivf,) = self.db.execute(
                "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() "
                "AND indexname = ?",
                (_index_name(embedder_id, "ivf"),),
            ).fetchone()
            self._kinds[embedder_id] = "ivf" if ivf else "hnsw"
        if self._kinds[embedder_id] == "ivf":
            return f"c.vector::halfvec({dim}) <=> ?::halfvec({dim})"
        return f"c.vector::vector({dim}) <=> ?"

    def _passing(self, filters: Filters) -> list[int] | None:
        """The ids of the chunks a filter lets through, when there are at most EXACT_FILTERED.

        Read from the narrow `lexemes` rows, with a source or kind resolved to its documents'
        ids first: given the ids, the planner reads their frequencies in its statistics
        (a semi-join on documents hid them, and it scanned every chunk for 761 of them)."""
        clauses: list[str] = []
        params: list[Any] = []
        if filters.sources or filters.kinds:
            inner = [
                f"{column} IN ({marks(len(values))})"
                for column, values in (("source", filters.sources), ("kind", filters.kinds))
                if values
            ]
            docs = [
                r[0]
                for r in self.db.execute(
                    f"SELECT id FROM documents WHERE {' AND '.join(inner)}",
                    (*filters.sources, *filters.kinds),
                )
            ]
            clauses.append("c.doc_id = ANY(?)")
            params.append(docs)
        if filters.langs:
            clauses.append(f"c.lang IN ({marks(len(filters.langs))})")
            params.extend(filters.langs)
        if filters.communes:
            clauses.append(
                "c.id IN (SELECT chunk_id FROM chunk_communes "
                f"WHERE insee IN ({marks(len(filters.communes))}))"
            )
            params.extend(filters.communes)
        sql = f"SELECT c.id FROM lexemes c WHERE {' AND '.join(clauses)}"
        # The planner's estimate rules out the filters that pass many chunks: counting those
        # of a filter every chunk passes read 20,000 rows (70 ms) for nothing. Its sample of
        # 30,000 rows misses small documents, though (it put the 761 chunks of a source's 761
        # documents at 25,372 at 1M): a filter on documents gets a tenfold margin.
        (plan,) = self.db.execute(f"EXPLAIN (FORMAT JSON) {sql}", params).fetchone()
        margin = 10 if filters.sources or filters.kinds else 1
        if plan[0]["Plan"]["Plan Rows"] > margin * EXACT_FILTERED:
            return None
        (ids,) = self.db.execute(  # one array: 20,000 rows cost 40 ms in Python alone
            f"SELECT array_agg(id) FROM ({sql} LIMIT ?) passing", (*params, EXACT_FILTERED + 1)
        ).fetchone()
        ids = ids or []
        return ids if len(ids) <= EXACT_FILTERED else None

    def cosines(self, embedder_id: str, q: np.ndarray, ids: Sequence[int]) -> dict[int, float]:
        if not len(ids):
            return {}
        rows = self.db.execute(
            "SELECT id, 1 - (vector <=> ?) FROM chunks WHERE embedder = ? AND id = ANY(?) "
            "AND vector IS NOT NULL",
            (np.asarray(q, np.float32), embedder_id, [int(i) for i in ids]),
        )
        return {int(r[0]): float(r[1]) for r in rows}

    def warm(self, embedder_id: str | None) -> None:
        """Nothing to build: the server keeps its indexes and caches. One query per first
        stage loads the connection's types and plans before a visitor's question does."""
        self.lexical(["calanque"], [], 1, Filters())
        if embedder_id:
            dim = self.db.execute(
                "SELECT vector_dims(vector) FROM chunks WHERE embedder = ? "
                "AND vector IS NOT NULL LIMIT 1",
                (embedder_id,),
            ).fetchone()
            if dim is not None:
                self.dense(embedder_id, np.ones(dim[0], np.float32), 1, Filters())

    # -- reading ---------------------------------------------------------------------------

    def analysed(self, ids: list[int]) -> dict[int, tuple[str, str]]:
        if not ids:
            return {}
        rows = self.db.execute(
            "SELECT id, folded, stemmed FROM chunks WHERE id = ANY(?)", ([int(i) for i in ids],)
        )
        return {int(r[0]): (r[1], r[2]) for r in rows}

    def chunks(self, ids: list[int]) -> dict[int, StoredChunk]:
        if not ids:
            return {}
        rows = self.db.execute(
            f"SELECT {CHUNK_COLUMNS} FROM chunks c "
            "JOIN documents d ON d.id = c.doc_id WHERE c.id = ANY(?)",
            ([int(i) for i in ids],),
        )
        return {r["id"]: stored_chunk(r) for r in rows}

    def document(self, uri: str) -> StoredDocument | None:
        return stored_document(self.db, uri)

    def source_vectors(self, source_prefix: str, embedder_id: str) -> dict[str, np.ndarray]:
        """Content hash → vector of the chunks of sources whose name starts with the prefix."""
        rows = self.db.execute(
            "SELECT c.content_hash, c.vector FROM chunks c JOIN documents d ON d.id = c.doc_id "
            "WHERE starts_with(d.source, ?) AND c.embedder = ? AND c.vector IS NOT NULL",
            (source_prefix, embedder_id),
        )
        return {r[0]: _array(r[1]) for r in rows}

    def uris(self, prefix: str = "") -> list[str]:
        rows = self.db.execute(
            "SELECT uri FROM documents WHERE starts_with(uri, ?) ORDER BY uri", (prefix,)
        )
        return [r[0] for r in rows]

    def stats(self) -> dict[str, Any]:
        db = self.db
        one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        size = one(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = current_schema() "
            "AND c.relname IN ('documents', 'chunks', 'lexemes', 'chunk_communes', 'vocabulary', "
            "'postings')"
        )
        return {
            "path": self.database.location,
            "documents": one("SELECT count(*) FROM documents"),
            "chunks": one("SELECT count(*) FROM chunks"),
            "embedded_chunks": one("SELECT count(*) FROM chunks WHERE vector IS NOT NULL"),
            "communes_linked": one("SELECT count(DISTINCT insee) FROM chunk_communes"),
            "by_kind": dict(db.execute("SELECT kind, count(*) FROM documents GROUP BY kind")),
            "by_lang": dict(db.execute("SELECT lang, count(*) FROM chunks GROUP BY lang")),
            "by_source": dict(db.execute("SELECT source, count(*) FROM documents GROUP BY source")),
            "size_mb": round(int(size or 0) / 1e6, 2),
            "lexical_index": "postgresql tsvectors, packed postings",
            "vector_index": "exact" if self.vector_index == "exact" else self._vector_index_kind(),
        }

    def _vector_index_kind(self) -> str:
        rows = self.db.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
            "AND indexname LIKE 'chunks\\_ivf\\_%' LIMIT 1"
        ).fetchall()
        return "pgvector ivfflat" if rows else "pgvector hnsw"

    def check(self) -> list[str]:
        """Consistency problems (empty list when sound): used by tests after a killed ingestion."""
        db = self.db
        problems = []
        orphans = db.execute(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM chunks c WHERE c.doc_id = d.id)"
        ).fetchone()[0]
        if orphans:
            problems.append(f"{orphans} documents without chunks")
        n, tokens = db.execute(
            "SELECT (SELECT count(*) FROM chunks), coalesce(sum(tokens), 0) FROM lexemes"
        ).fetchone()
        _, counted, counted_tokens = self._counts()
        if (n, tokens) != (counted, counted_tokens):
            problems.append(f"index_state counts {counted} chunks, the table holds {n}")
        drift = db.execute(
            "SELECT count(*) FROM (SELECT field, term, count(*) AS n FROM ("
            "SELECT 'folded' AS field, unnest(tsvector_to_array(folded_tsv)) AS term FROM lexemes "
            "UNION ALL SELECT 'stemmed', unnest(tsvector_to_array(stemmed_tsv)) FROM lexemes) l "
            "GROUP BY field, term) actual FULL JOIN (SELECT * FROM vocabulary WHERE chunks > 0) v "
            "USING (field, term) WHERE actual.n IS DISTINCT FROM v.chunks"
        ).fetchone()[0]
        if drift:
            problems.append(f"{drift} vocabulary terms with a wrong count")
        unposted = db.execute(
            "SELECT count(*) FROM (SELECT field, term, sum(length(entries)) / "
            f"{POSTING.itemsize} AS n FROM postings GROUP BY field, term) p "
            "FULL JOIN (SELECT * FROM vocabulary WHERE chunks > 0) v USING (field, term) "
            "WHERE p.n IS DISTINCT FROM v.chunks"
        ).fetchone()[0]
        if unposted:
            problems.append(f"{unposted} terms whose postings do not match the vocabulary")
        return problems


def _best(ids: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k best (id, score), best first, ties by id."""
    if len(ids) > k:
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        keep = scores >= kth
        ids, scores = ids[keep], scores[keep]
    order = np.lexsort((ids, -scores))[:k]
    return [(int(ids[i]), float(scores[i])) for i in order]


def _filters(filters: Filters) -> tuple[str, list[Any]]:
    """A WHERE clause on chunks (or lexemes) `c` with semi-joins, never a join: joined to
    documents, the planner gave up the HNSW and GIN indexes (2.6 s for a source filter)."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters.langs:
        clauses.append(f"c.lang IN ({marks(len(filters.langs))})")
        params.extend(filters.langs)
    documents = [
        (column, values)
        for column, values in (("source", filters.sources), ("kind", filters.kinds))
        if values
    ]
    if documents:
        inner = " AND ".join(
            f"d.{column} IN ({marks(len(values))})" for column, values in documents
        )
        clauses.append(f"c.doc_id IN (SELECT d.id FROM documents d WHERE {inner})")
        for _, values in documents:
            params.extend(values)
    if filters.communes:
        clauses.append(
            "c.id IN (SELECT chunk_id FROM chunk_communes "
            f"WHERE insee IN ({marks(len(filters.communes))}))"
        )
        params.extend(filters.communes)
    return " AND ".join(clauses), params


def build_memory(vectors: int, dim: int) -> int:
    """Bytes of maintenance_work_mem for building the indexes of `vectors` vectors of `dim`
    floats: the HNSW graph of them all, a quarter more, and at least BUILD_MEMORY."""
    return max(BUILD_MEMORY, int(vectors * (4 * dim + HNSW_ELEMENT) * 1.25))


def _reserve(db: Any, sequence: str, n: int) -> list[int]:
    """n consecutive ids from a sequence (callers hold the index's write lock, and nothing else
    draws from these sequences)."""
    (first,) = db.execute(f"SELECT nextval({sequence})").fetchone()
    db.execute(f"SELECT setval({sequence}, ?)", (int(first) + n - 1,))
    return list(range(int(first), int(first) + n))


def tsvector(text: str) -> str:
    """A `tsvector` literal of analysed text: its tokens, accent-folded as FTS5 folds them,
    with their positions (the term frequencies BM25 reads)."""
    positions: dict[str, list[int]] = {}
    for i, token in enumerate(text.split(), 1):
        lexeme = fold(token)
        if not _indexable(lexeme):
            continue
        seen = positions.setdefault(lexeme, [])
        if len(seen) < 256:  # PostgreSQL keeps 256 positions per lexeme
            seen.append(min(i, MAX_POSITION))
    return " ".join(
        f"{_quote(lexeme)}:{','.join(map(str, dict.fromkeys(p)))}"
        for lexeme, p in positions.items()
    )


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _indexable(lexeme: str) -> bool:
    return 0 < len(lexeme.encode()) <= MAX_LEXEME


def _literal(text: str) -> str:
    """A SQL string literal (standard_conforming_strings is on since PostgreSQL 9.1)."""
    if "\x00" in text:
        raise DatabaseError("a NUL character cannot be stored in PostgreSQL text")
    return "'" + text.replace("'", "''") + "'"


def _array(vector: Any) -> np.ndarray:
    """A pgvector value as float32 numpy."""
    return np.asarray(vector.to_numpy() if hasattr(vector, "to_numpy") else vector, np.float32)


def _index_name(embedder_id: str, kind: str) -> str:
    return f"chunks_{kind}_" + hashlib.sha256(embedder_id.encode()).hexdigest()[:12]


def _adapt(conn: Any) -> None:
    """pgvector's types on a connection, room for a search's sorts, and HNSW and IVFFlat search
    parameters: enough candidates for our first stage, and filtered searches that keep scanning
    until they have them."""
    from pgvector.psycopg import register_vector

    register_vector(conn)
    conn.execute(f"SET work_mem = '{WORK_MEMORY}'")
    conn.execute(f"SET hnsw.ef_search = {EF_SEARCH}")
    conn.execute("SET hnsw.iterative_scan = relaxed_order")
    conn.execute(f"SET ivfflat.probes = {IVF_PROBES}")
    conn.execute("SET ivfflat.iterative_scan = relaxed_order")
