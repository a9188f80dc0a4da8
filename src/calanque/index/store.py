"""The storage protocol the ingestion pipeline and the searcher speak, and its records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np


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
class VectorMatrix:
    """All vectors of one embedder in RAM, for exact search: ids (n,), matrix (n, dim)."""

    generation: int
    ids: np.ndarray
    matrix: np.ndarray


class Store(Protocol):
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

    def lexical(self, match: str, k: int, filters: Filters) -> list[tuple[int, float]]:
        """(chunk id, score) for an FTS5 match expression, best first."""

    def document_frequencies(self, terms: list[str]) -> tuple[dict[str, int], int]:
        """Chunks containing each term, and the number of chunks."""

    def vector_matrix(self, embedder_id: str) -> VectorMatrix:
        """The vectors of an embedder, reloaded only when the index changed."""

    def analysed(self, ids: list[int]) -> dict[int, tuple[str, str]]:
        """The indexed fields (folded, stemmed) of chunks, for the re-ranker's features."""

    def field_statistics(self, terms: list[str]) -> tuple[dict[tuple[str, str], int], int]:
        """Chunks containing each term per field, and the number of chunks."""

    def allowed_ids(self, filters: Filters) -> np.ndarray:
        """Chunk ids passing the filters, sorted."""

    def chunks(self, ids: list[int]) -> dict[int, StoredChunk]:
        """Chunks with their document fields."""

    def stats(self) -> dict[str, Any]:
        """Counts for `calanque stats`."""
