"""The index in one SQLite file: documents, chunks, FTS5 lexical index and vectors as blobs.

One transaction per document makes every write all-or-nothing, so a killed ingestion leaves the
previous consistent state (WAL journal). Vectors are searched exactly in RAM (numpy): at 100k × 384
that measured ~5 ms, faster than sqlite-vec, which the stdlib `sqlite3` cannot load anyway. Past
`LEXICAL_AUTO` / `DENSE_AUTO` chunks, a tantivy index and a faiss IVF index kept beside the file
(`sidecar.py`) answer the first stages, filtered or not; the file stays the only source of truth.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from calanque.config import SettingsError
from calanque.db.database import DatabaseError, Legacy, Migration, batched, marks, script
from calanque.db.sqlite import SQLiteDatabase
from calanque.index.analysis import fold
from calanque.index.rows import CHUNK_COLUMNS, insert_document, stored_chunk, stored_document
from calanque.index.sqlite_vectors import stored_vectors
from calanque.index.store import (
    ChunkRecord,
    DocumentRecord,
    Filters,
    StoredChunk,
    StoredDocument,
    VectorMatrix,
    filter_sql,
)

log = logging.getLogger(__name__)

LEXICAL_INDEXES = ("auto", "fts5", "tantivy")
VECTOR_INDEXES = ("auto", "exact", "ivf")
LEXICAL_AUTO = 50_000  # chunks from which `auto` uses tantivy (FTS5 10 ms at 100k, tantivy 0.4)
DENSE_AUTO = 300_000  # chunks from which `auto` uses IVF (exact 7 ms at 100k, 64 ms at 1M)
# per first stage: (sidecar, plain engine, module the sidecar needs)
_ENGINES = {"lexical": ("tantivy", "fts5", "tantivy"), "dense": ("ivf", "exact", "faiss")}
PREFILTER = 10  # with filters, the IVF's nearest PREFILTER × k are filtered first
EXACT_FILTERED = 20_000  # filtered chunks up to which IVF search scores them all exactly

MIGRATIONS: list[Migration] = []
migration = MIGRATIONS.append


@migration
def m001_initial(db: sqlite3.Connection) -> None:
    script(
        db,
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            uri TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            kind TEXT NOT NULL,
            lang TEXT,
            source TEXT NOT NULL,
            weight REAL NOT NULL DEFAULT 1.0,
            updated TEXT,
            meta TEXT NOT NULL DEFAULT '{{}}',
            content_hash TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        );
        CREATE TABLE chunks (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            heading TEXT NOT NULL,
            text TEXT NOT NULL,
            lang TEXT NOT NULL,
            communes TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            embedder TEXT,
            vector BLOB
        );
        CREATE INDEX chunks_doc ON chunks(doc_id);
        CREATE INDEX chunks_hash ON chunks(content_hash, embedder);
        CREATE TABLE chunk_communes (
            insee TEXT NOT NULL,
            chunk_id INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
            PRIMARY KEY (insee, chunk_id)
        ) WITHOUT ROWID;
        CREATE INDEX chunk_communes_chunk ON chunk_communes(chunk_id);
        CREATE VIRTUAL TABLE chunks_fts USING fts5(folded, stemmed, tokenize = 'unicode61');
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO settings VALUES ('generation', '0');
        """,
    )


@migration
def m002_vocabulary(db: sqlite3.Connection) -> None:
    """Document frequencies of indexed terms, for weighing question words by rarity."""
    db.execute("CREATE VIRTUAL TABLE chunks_vocab USING fts5vocab(chunks_fts, 'col')")


# m003 created the conversations' tables, which `calanque.conversations` now owns.


@migration
def m004_chunk_sequence(db: sqlite3.Connection) -> None:
    """The highest chunk id ever given. SQLite hands a new row `max(id) + 1`, so rewriting the
    document that holds the highest ids gave its new chunks the old ids, and the sidecars, which
    diff ids, kept the old text and vectors. Ids now only grow."""
    db.execute(
        "INSERT OR IGNORE INTO settings VALUES ('chunk_seq', "
        "(SELECT CAST(coalesce(max(id), 0) AS TEXT) FROM chunks))"
    )


class StoreError(DatabaseError):
    """A first-stage index that was asked for cannot be used."""


class SQLiteStore:
    """`Store` on a SQLite database; safe to share between threads (a connection per thread)."""

    def __init__(
        self,
        database: SQLiteDatabase | Path | str,
        *,
        lexical_index: str = "auto",
        vector_index: str = "auto",
        auto_sizes: tuple[int, int] = (LEXICAL_AUTO, DENSE_AUTO),
    ) -> None:
        if lexical_index not in LEXICAL_INDEXES or vector_index not in VECTOR_INDEXES:
            raise SettingsError(
                f"lexical index must be one of {LEXICAL_INDEXES}, vector index one of "
                f"{VECTOR_INDEXES}"
            )
        if not isinstance(database, SQLiteDatabase):
            database = SQLiteDatabase(database)
        database.migrate("index", MIGRATIONS, Legacy("_migrations", marker="chunks"))
        self.database = database
        self.path = database.path
        self.lexical_index = lexical_index
        self.vector_index = vector_index
        self.auto_sizes = auto_sizes  # chunks from which `auto` uses tantivy, then IVF
        self._matrix: dict[str, VectorMatrix] = {}
        self._sidecars: dict[tuple[str, str], Any] = {}
        self._warned: set[tuple[str, str]] = set()

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection, for reads."""
        return self.database.connection()

    def close(self) -> None:
        self.database.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write to the index: it bumps the generation that in-memory caches (the vector
        matrix, the sidecars) watch."""
        with self.database.transaction() as db:
            yield db
            db.execute("UPDATE settings SET value = value + 1 WHERE key = 'generation'")

    def generation(self) -> int:
        row = self.db.execute("SELECT value FROM settings WHERE key = 'generation'").fetchone()
        return int(row[0])

    def document_hash(self, uri: str) -> str | None:
        row = self.db.execute("SELECT content_hash FROM documents WHERE uri = ?", (uri,)).fetchone()
        return row[0] if row else None

    def vectors_by_hash(self, hashes: list[str], embedder_id: str) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for part in batched(hashes):
            rows = self.db.execute(
                f"SELECT content_hash, vector FROM chunks WHERE embedder = ? "
                f"AND vector IS NOT NULL AND content_hash IN ({marks(len(part))})",
                (embedder_id, *part),
            )
            for h, blob in rows:
                out[h] = np.frombuffer(blob, dtype=np.float32)
        return out

    def replace_document(
        self, doc: DocumentRecord, chunks: list[ChunkRecord], embedder_id: str
    ) -> None:
        with self.transaction() as db:
            self._delete(db, doc.uri)
            doc_id = insert_document(db, doc)
            chunk_id = _last_chunk_id(db)
            for c in chunks:
                blob = None if c.vector is None else np.asarray(c.vector, np.float32).tobytes()
                chunk_id += 1
                db.execute(
                    "INSERT INTO chunks (id, doc_id, ordinal, heading, text, lang, communes, "
                    "content_hash, embedder, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        chunk_id,
                        doc_id,
                        c.ordinal,
                        json.dumps(c.heading, ensure_ascii=False),
                        c.text,
                        c.lang,
                        json.dumps(c.communes),
                        c.content_hash,
                        embedder_id if blob else None,
                        blob,
                    ),
                )
                db.execute(
                    "INSERT INTO chunks_fts (rowid, folded, stemmed) VALUES (?, ?, ?)",
                    (chunk_id, c.folded, c.stemmed),
                )
                db.executemany(
                    "INSERT OR IGNORE INTO chunk_communes VALUES (?, ?)",
                    [(insee, chunk_id) for insee in c.communes],
                )
            db.execute("UPDATE settings SET value = ? WHERE key = 'chunk_seq'", (str(chunk_id),))

    def delete_document(self, uri: str) -> bool:
        with self.transaction() as db:
            return self._delete(db, uri)

    @staticmethod
    def _delete(db: sqlite3.Connection, uri: str) -> bool:
        row = db.execute("SELECT id FROM documents WHERE uri = ?", (uri,)).fetchone()
        if row is None:
            return False
        db.execute(
            "DELETE FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE doc_id = ?)",
            (row[0],),
        )
        db.execute("DELETE FROM documents WHERE id = ?", (row[0],))
        return True

    def source_vectors(self, source_prefix: str, embedder_id: str) -> dict[str, np.ndarray]:
        """Content hash → vector of the chunks of sources whose name starts with the prefix (the
        pack's passages, whose vectors ship with the pack)."""
        rows = self.db.execute(
            "SELECT c.content_hash, c.vector FROM chunks c JOIN documents d ON d.id = c.doc_id "
            "WHERE substr(d.source, 1, ?) = ? AND c.embedder = ? AND c.vector IS NOT NULL",
            (len(source_prefix), source_prefix, embedder_id),
        )
        return {r[0]: np.frombuffer(r[1], dtype=np.float32) for r in rows}

    def uris(self, prefix: str = "") -> list[str]:
        rows = self.db.execute(
            "SELECT uri FROM documents WHERE substr(uri, 1, ?) = ? ORDER BY uri",
            (len(prefix), prefix),
        )
        return [r[0] for r in rows]

    def lexical(
        self, folded: Sequence[str], stemmed: Sequence[str], k: int, filters: Filters
    ) -> list[tuple[int, float]]:
        """Any folded term in `folded` or any stem in `stemmed`, by BM25: tantivy when the index
        is large (it indexes the filter fields too), FTS5 otherwise and whenever tantivy is
        unavailable."""
        if (lexical := self._accelerator("lexical")) is not None:
            return lexical.search(folded, stemmed, k, filters)
        match = match_expression(folded, stemmed)
        if not match:
            return []
        where, params = filter_sql(filters)
        sql = (
            "SELECT f.rowid, bm25(chunks_fts) AS score FROM chunks_fts f "
            + (
                "JOIN chunks c ON c.id = f.rowid JOIN documents d ON d.id = c.doc_id "
                if where
                else ""
            )
            + "WHERE chunks_fts MATCH ? "
            + (f"AND {where} " if where else "")
            + "ORDER BY score LIMIT ?"
        )
        try:
            rows = self.db.execute(sql, (match, *params, k)).fetchall()
        except sqlite3.OperationalError:
            return []  # an unusable query (only punctuation) finds nothing
        return [(int(r[0]), -float(r[1])) for r in rows]

    def _accelerator(self, kind: str, embedder_id: str = "", *, persist: bool = False) -> Any:
        """The synchronised tantivy (`lexical`) or faiss (`dense`) sidecar to use now, or None
        for FTS5 / exact search. `auto` switches at a size where they measured faster."""
        setting, threshold = self._setting(kind)
        if setting == _ENGINES[kind][1]:
            return None
        if setting == "auto" and self._chunk_count() < threshold:
            return None
        key = (kind, embedder_id)
        try:
            sidecar = self._sidecars.get(key)
            if sidecar is None:
                sidecar = self._sidecars[key] = _make_sidecar(self.path, kind, embedder_id)
            sidecar.sync(self.db, self.generation(), persist=persist)
            return sidecar
        except ImportError as exc:
            if setting != "auto":
                raise StoreError(
                    f"{kind} index {setting!r} needs `pip install calanque[scale]`"
                ) from exc
            failure = f"{exc}; install calanque[scale]"
        except (OSError, ValueError, RuntimeError) as exc:  # e.g. another process holds the writer
            failure = str(exc)
        if key not in self._warned:
            self._warned.add(key)
            log.warning("%s sidecar unavailable, searching without it: %s", kind, failure)
        return None

    def dense(
        self, embedder_id: str, q: np.ndarray, k: int, filters: Filters
    ) -> list[tuple[int, float]]:
        ivf = self._accelerator("dense", embedder_id)
        if ivf is not None and filters:  # a broad filter: filter the nearest, not every chunk
            ids = ivf.search(q, PREFILTER * k)
            passing = self._passing(ids, filters)
            cos = self.cosines(embedder_id, q, [i for i in ids if i in passing])
            if len(cos) >= k:
                return sorted(cos.items(), key=lambda item: -item[1])[:k]
        allowed = self.allowed_ids(filters) if filters else None
        if ivf is not None:
            # A narrow filter (one commune) leaves few vectors, scattered over cells the probe
            # may not visit: score them all exactly instead.
            if allowed is not None and len(allowed) <= EXACT_FILTERED:
                ids = allowed.tolist()
            else:
                ids = ivf.search(q, 2 * k, allowed)
            cos = self.cosines(embedder_id, q, ids)
            return sorted(cos.items(), key=lambda item: -item[1])[:k]
        vectors = self.vector_matrix(embedder_id)
        if len(vectors.ids) == 0 or k <= 0:
            return []
        scores = vectors.matrix @ q
        if allowed is not None:
            scores = np.where(np.isin(vectors.ids, allowed), scores, -np.inf)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(vectors.ids[i]), float(scores[i])) for i in top if np.isfinite(scores[i])]

    def warm(self, embedder_id: str | None) -> None:
        """Build or patch the sidecars (or load the vector matrix) now, and write them to disk:
        after an ingestion or a crawl, before a server's first question, rather than during one
        (55 s at 1M chunks)."""
        self._accelerator("lexical", persist=True)
        if embedder_id and self._accelerator("dense", embedder_id, persist=True) is None:
            self.vector_matrix(embedder_id)

    def cosines(self, embedder_id: str, q: np.ndarray, ids: Sequence[int]) -> dict[int, float]:
        """Exact cosine of the query with each chunk that has a vector of this embedder."""
        found, matrix = stored_vectors(self.db, embedder_id, ids)
        return dict(zip(found.tolist(), (matrix @ q).tolist(), strict=True)) if len(found) else {}

    def document_frequencies(self, terms: list[str]) -> tuple[dict[str, int], int]:
        """How many chunks contain each term (in either field), and how many chunks there are.

        The FTS tokenizer folds accents, so terms are looked up folded."""
        total = self._chunk_count()
        folded = {t: fold(t) for t in terms}
        if not terms:
            return {}, total
        if (lexical := self._accelerator("lexical")) is not None:
            per_field = lexical.field_statistics(folded.values())
            return {
                t: n
                for t, f in folded.items()
                if (n := max(per_field.get(("folded", f), 0), per_field.get(("stemmed", f), 0)))
            }, total
        keys = sorted(set(folded.values()))
        rows = self.db.execute(
            f"SELECT term, max(doc) FROM chunks_vocab WHERE term IN ({marks(len(keys))}) "
            "GROUP BY term",
            keys,
        )
        df = {term: int(n) for term, n in rows}
        return {t: df[f] for t, f in folded.items() if f in df}, total

    def vector_matrix(self, embedder_id: str) -> VectorMatrix:
        generation = self.generation()
        cached = self._matrix.get(embedder_id)
        if cached is not None and cached.generation == generation:
            return cached
        rows = self.db.execute(
            "SELECT id, vector FROM chunks WHERE embedder = ? AND vector IS NOT NULL ORDER BY id",
            (embedder_id,),
        ).fetchall()
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        if rows:
            matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32)
            matrix = matrix.reshape(len(rows), -1)
        else:
            matrix = np.zeros((0, 1), dtype=np.float32)
        result = VectorMatrix(generation, ids, matrix)
        self._matrix[embedder_id] = result
        return result

    def analysed(self, ids: list[int]) -> dict[int, tuple[str, str]]:
        """The two indexed fields (folded, stemmed) of chunks, as written: the re-ranker reads
        term positions from them instead of analysing the chunk text again."""
        out: dict[int, tuple[str, str]] = {}
        for part in batched(ids):
            rows = self.db.execute(
                "SELECT rowid, folded, stemmed FROM chunks_fts "
                f"WHERE rowid IN ({marks(len(part))})",
                part,
            )
            out.update((int(r[0]), (r[1], r[2])) for r in rows)
        return out

    def field_statistics(self, terms: list[str]) -> tuple[dict[tuple[str, str], int], int]:
        """Chunks containing each term per field (`("folded"|"stemmed", term)` → count), and the
        number of chunks: per-field BM25 for re-ranking, where `document_frequencies` merges
        fields. Terms are looked up as given (indexed fields are already analysed)."""
        total = self._chunk_count()
        keys = sorted({fold(t) for t in terms})
        if not keys:
            return {}, total
        if (lexical := self._accelerator("lexical")) is not None:
            return lexical.field_statistics(keys), total
        rows = self.db.execute(
            f"SELECT col, term, doc FROM chunks_vocab WHERE term IN ({marks(len(keys))})", keys
        )
        return {(col, term): int(n) for col, term, n in rows}, total

    def _chunk_count(self) -> int:
        """Chunks in the index, cached per generation: `count(*)` scans the table (~1M rows)."""
        generation = self.generation()
        cached = getattr(self, "_count_cache", None)
        if cached is None or cached[0] != generation:
            cached = (generation, self.db.execute("SELECT count(*) FROM chunks").fetchone()[0])
            self._count_cache = cached
        return cached[1]

    def _passing(self, ids: list[int], filters: Filters) -> set[int]:
        """Those of `ids` that pass the filters."""
        where, params = filter_sql(filters)
        out: set[int] = set()
        for part in batched(ids):
            rows = self.db.execute(
                "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.doc_id "
                f"WHERE c.id IN ({marks(len(part))}) AND {where}",
                (*part, *params),
            )
            out.update(r[0] for r in rows)
        return out

    def allowed_ids(self, filters: Filters) -> np.ndarray:
        where, params = filter_sql(filters)
        rows = self.db.execute(
            "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.doc_id "
            + (f"WHERE {where} " if where else "")
            + "ORDER BY c.id",
            params,
        )
        return np.fromiter((r[0] for r in rows), dtype=np.int64)

    def chunks(self, ids: list[int]) -> dict[int, StoredChunk]:
        out: dict[int, StoredChunk] = {}
        for part in batched(ids):
            rows = self.db.execute(
                f"SELECT {CHUNK_COLUMNS} FROM chunks c "
                f"JOIN documents d ON d.id = c.doc_id WHERE c.id IN ({marks(len(part))})",
                part,
            )
            for r in rows:
                out[r["id"]] = stored_chunk(r)
        return out

    def document(self, uri: str) -> StoredDocument | None:
        return stored_document(self.db, uri)

    def stats(self) -> dict[str, Any]:
        db = self.db
        one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "path": str(self.path),
            "documents": one("SELECT count(*) FROM documents"),
            "chunks": one("SELECT count(*) FROM chunks"),
            "embedded_chunks": one("SELECT count(*) FROM chunks WHERE vector IS NOT NULL"),
            "communes_linked": one("SELECT count(DISTINCT insee) FROM chunk_communes"),
            "by_kind": dict(db.execute("SELECT kind, count(*) FROM documents GROUP BY kind")),
            "by_lang": dict(db.execute("SELECT lang, count(*) FROM chunks GROUP BY lang")),
            "by_source": dict(db.execute("SELECT source, count(*) FROM documents GROUP BY source")),
            "size_mb": round(self.path.stat().st_size / 1e6, 2) if self.path.exists() else 0.0,
            "lexical_index": self._engine_name("lexical"),
            "vector_index": self._engine_name("dense"),
        }

    def _setting(self, kind: str) -> tuple[str, int]:
        """The configured engine of a first stage (`lexical` or `dense`), and its `auto` size."""
        if kind == "lexical":
            return self.lexical_index, self.auto_sizes[0]
        return self.vector_index, self.auto_sizes[1]

    def _engine_name(self, kind: str) -> str:
        """Which first stage searches now, without building anything."""
        setting, size = self._setting(kind)
        sidecar, plain, module = _ENGINES[kind]
        if setting != "auto":
            return setting
        if self._chunk_count() < size:
            return f"{plain} (auto: {sidecar} from {size:,} chunks)"
        if importlib.util.find_spec(module) is None:
            return f"{plain} (auto: install calanque[scale] for {sidecar})"
        return f"{sidecar} (auto)"

    def check(self) -> list[str]:
        """Consistency problems (empty list when sound): used by tests after a killed ingestion."""
        db = self.db
        problems = [r[0] for r in db.execute("PRAGMA integrity_check") if r[0] != "ok"]
        fts = db.execute("SELECT count(*) FROM chunks_fts").fetchone()[0]
        chunks = db.execute("SELECT count(*) FROM chunks").fetchone()[0]
        if fts != chunks:
            problems.append(f"{fts} lexical rows for {chunks} chunks")
        orphans = db.execute(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM chunks c WHERE c.doc_id = d.id)"
        ).fetchone()[0]
        if orphans:
            problems.append(f"{orphans} documents without chunks")
        return problems


def match_expression(folded: Sequence[str], stemmed: Sequence[str]) -> str:
    """FTS5 expression: any folded term in `folded`, or any stem in `stemmed`; quoted, so no
    character of the query can be read as FTS5 syntax."""
    parts = []
    if folded:
        parts.append("folded : (" + " OR ".join(_quote(t) for t in folded) + ")")
    if stemmed:
        parts.append("stemmed : (" + " OR ".join(_quote(t) for t in stemmed) + ")")
    return " OR ".join(parts)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _make_sidecar(path: Path, kind: str, embedder_id: str) -> Any:
    """Imported on first use: tantivy and faiss are the optional `scale` extra."""
    if kind == "lexical":
        from calanque.index.tantivy_lexical import TantivyLexical

        return TantivyLexical(path.with_name(path.name + ".tantivy"))
    from calanque.index.ivf import IVFIndex

    return IVFIndex(path, embedder_id)


def _last_chunk_id(db: sqlite3.Connection) -> int:
    """The highest chunk id ever given (ids are never reused: see `m004_chunk_sequence`)."""
    seq = db.execute("SELECT value FROM settings WHERE key = 'chunk_seq'").fetchone()[0]
    top = db.execute("SELECT coalesce(max(id), 0) FROM chunks").fetchone()[0]
    return max(int(seq), int(top))
