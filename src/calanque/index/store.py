"""The storage protocol the ingestion pipeline and the searcher speak, and its records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    from calanque.db.database import Database


@dataclass(frozen=True)
class Filters:
    """Restrict a search; empty fields mean no restriction."""

    langs: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.langs or self.communes or self.sources or self.kinds)


@dataclass
class ChunkRecord:
    """A chunk ready to be written: text, analysis, places and vector."""

    ordinal: int
    heading: tuple[str, ...]
    text: str
    lang: str
    communes: list[str]
    folded: str
    stemmed: str
    content_hash: str
    vector: np.ndarray | None = None


@dataclass
class DocumentRecord:
    uri: str
    title: str
    kind: str
    lang: str | None
    source: str
    weight: float
    updated: str | None
    content_hash: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class StoredChunk:
    """A chunk as search results and citations show it."""

    id: int
    doc_id: int
    ordinal: int
    heading: tuple[str, ...]
    text: str
    lang: str
    communes: list[str]
    uri: str
    title: str
    kind: str
    source: str
    weight: float
    updated: str | None
    meta: dict[str, Any]


@dataclass
class StoredDocument:
    """A document as indexed: its fields and its chunks' text, in order."""

    uri: str
    title: str
    kind: str
    source: str
    updated: str | None
    meta: dict[str, Any]
    chunks: list[tuple[tuple[str, ...], str]]  # (heading, text)


@dataclass
class VectorMatrix:
    """All vectors of one embedder in RAM, for exact search: ids (n,), matrix (n, dim)."""

    generation: int
    ids: np.ndarray
    matrix: np.ndarray


class Store(Protocol):
    database: Database  # where the index's tables live, shared with the other components

    def document_hash(self, uri: str) -> str | None:
        """Content hash of the stored version of a document, if any."""

    def vectors_by_hash(self, hashes: list[str], embedder_id: str) -> dict[str, np.ndarray]:
        """Already computed vectors for chunk hashes, so unchanged chunks are not re-embedded."""

    def replace_document(
        self, doc: DocumentRecord, chunks: list[ChunkRecord], embedder_id: str
    ) -> None:
        """Write a document and its chunks, replacing any previous version, atomically."""

    def delete_document(self, uri: str) -> bool:
        """Remove a document and its chunks; False if it was not there."""

    def lexical(
        self, folded: Sequence[str], stemmed: Sequence[str], k: int, filters: Filters
    ) -> list[tuple[int, float]]:
        """(chunk id, BM25) of chunks with any folded word or stem of the query, best first."""

    def document_frequencies(self, terms: list[str]) -> tuple[dict[str, int], int]:
        """Chunks containing each term, and the number of chunks."""

    def dense(
        self, embedder_id: str, q: np.ndarray, k: int, filters: Filters
    ) -> list[tuple[int, float]]:
        """(chunk id, cosine) of the nearest vectors of an embedder, best first; exact or
        approximate, but the cosines are exact."""

    def warm(self, embedder_id: str | None) -> None:
        """Prepare search structures now rather than at the first question."""

    def cosines(self, embedder_id: str, q: np.ndarray, ids: Sequence[int]) -> dict[int, float]:
        """Exact cosine of the query with chunks that have a vector of this embedder."""

    def analysed(self, ids: list[int]) -> dict[int, tuple[str, str]]:
        """The indexed fields (folded, stemmed) of chunks, for the re-ranker's features."""

    def field_statistics(self, terms: list[str]) -> tuple[dict[tuple[str, str], int], int]:
        """Chunks containing each term per field, and the number of chunks."""

    def chunks(self, ids: list[int]) -> dict[int, StoredChunk]:
        """Chunks with their document fields."""

    def document(self, uri: str) -> StoredDocument | None:
        """A document and its chunks' text, for the page that shows a source."""

    def stats(self) -> dict[str, Any]:
        """Counts for `calanque stats`."""


def filter_sql(filters: Filters) -> tuple[str, list[Any]]:
    """A WHERE clause on chunks `c` and documents `d` (both engines), and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    for column, values in (
        ("c.lang", filters.langs),
        ("d.source", filters.sources),
        ("d.kind", filters.kinds),
    ):
        if values:
            clauses.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)
    if filters.communes:
        marks = ",".join("?" * len(filters.communes))
        clauses.append(f"c.id IN (SELECT chunk_id FROM chunk_communes WHERE insee IN ({marks}))")
        params.extend(filters.communes)
    return " AND ".join(clauses), params


def open_store(
    database: Database, *, lexical_index: str = "auto", vector_index: str = "auto"
) -> Any:
    """The index on a database, by its engine: `SQLiteStore` (FTS5, numpy, optional tantivy and
    faiss sidecars) or `PostgresStore` (full-text search, pgvector)."""
    if database.dialect == "postgresql":
        from calanque.index.postgres_store import PostgresStore

        return PostgresStore(database, vector_index=vector_index)
    from calanque.db.sqlite import SQLiteDatabase
    from calanque.index.sqlite_store import SQLiteStore

    if not isinstance(database, SQLiteDatabase):
        raise ValueError(f"no index store for a {database.dialect} database")
    return SQLiteStore(database, lexical_index=lexical_index, vector_index=vector_index)
