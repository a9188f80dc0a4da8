"""Ingestion: documents in, chunks with places, language, lexical terms and vectors out.

Idempotent by content hash at two levels: an unchanged document costs one lookup; a changed one
re-embeds only the chunks whose text changed. Each document is written in its own transaction, so an
interruption keeps what was done and loses nothing already in the index.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from calanque.documents import Document
from calanque.index.analysis import analyse
from calanque.index.embedders import Embedder
from calanque.index.store import ChunkRecord, DocumentRecord, Store
from calanque.ingest.chunking import chunk_document
from calanque.ingest.language import detect
from calanque.ingest.loaders import SUFFIXES, LoadError, load_bytes
from calanque.territory.gazetteer import Gazetteer

Progress = Callable[[int, int, str], None]

# Bump when chunking, analysis or place linking changes what a document becomes in the index:
# unchanged documents are then re-analysed (their vectors are reused, not recomputed).
PIPELINE_VERSION = "3"


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks: int = 0
    embedded: int = 0
    reused_vectors: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def documents(self) -> int:
        return self.added + self.updated + self.unchanged

    def merge(self, other: IngestReport) -> None:
        for name in (
            "added",
            "updated",
            "unchanged",
            "removed",
            "chunks",
            "embedded",
            "reused_vectors",
            "seconds",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.skipped.extend(other.skipped)


@dataclass
class _Prepared:
    record: DocumentRecord
    chunks: list[ChunkRecord]
    texts: list[str]
    is_new: bool


class Ingestor:
    """Writes documents to a store; `embedder=None` builds a lexical-only index."""

    def __init__(
        self,
        store: Store,
        embedder: Embedder | None,
        gazetteer: Gazetteer | None = None,
        *,
        default_lang: str = "fr",
        max_file_bytes: int = 50_000_000,
        batch_chunks: int = 64,
        vector_cache: Mapping[str, np.ndarray] | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.gazetteer = gazetteer
        self.default_lang = default_lang
        self.max_file_bytes = max_file_bytes
        self.batch_chunks = batch_chunks
        # Vectors computed elsewhere for this embedder, by chunk hash (a pack ships its demo's).
        self.vector_cache = vector_cache or {}

    @property
    def fingerprint(self) -> str:
        """What, besides a document, decides its chunks: the pipeline and the pack's places."""
        places = self.gazetteer.pack.fingerprint if self.gazetteer else ""
        return f"{PIPELINE_VERSION}:{places}"

    @property
    def embedder_id(self) -> str:
        return self.embedder.embedder_id if self.embedder else ""

    def ingest_documents(
        self,
        docs: Iterable[Document],
        *,
        source: str = "local",
        total: int = 0,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Index documents; writes happen in batches of about `batch_chunks` chunks to embed."""
        report = IngestReport()
        started = time.perf_counter()
        pending: list[_Prepared] = []
        done = 0
        for doc in docs:
            prepared = self._prepare(doc, source)
            done += 1
            if prepared is None:
                report.unchanged += 1
            else:
                pending.append(prepared)
                if sum(len(p.texts) for p in pending) >= self.batch_chunks:
                    self._flush(pending, report)
            if progress:
                progress(done, total, doc.uri)
        self._flush(pending, report)
        report.seconds = time.perf_counter() - started
        return report

    def _prepare(self, doc: Document, source: str) -> _Prepared | None:
        doc_hash = _sha(
            f"{source}\x00{doc.content_hash()}\x00{self.embedder_id}\x00{self.fingerprint}"
        )
        previous = self.store.document_hash(doc.uri)
        if previous == doc_hash:
            return None
        doc_lang = doc.lang or detect(doc.text[:2000], self.default_lang)
        forced = [str(c) for c in doc.meta.get("communes", []) if isinstance(c, str | int)]
        records: list[ChunkRecord] = []
        texts: list[str] = []
        for chunk in chunk_document(doc):
            text = chunk.embedding_text(doc.title)
            lang = detect(chunk.text, doc_lang) if len(chunk.text) > 80 else doc_lang
            places = self.gazetteer.communes(text) if self.gazetteer else []
            folded, stemmed = analyse(text, lang)
            records.append(
                ChunkRecord(
                    ordinal=chunk.ordinal,
                    heading=chunk.heading,
                    text=chunk.text,
                    lang=lang,
                    # Generated sheets name their communes; their mentions of neighbours are not
                    # what they are about.
                    communes=forced or places,
                    folded=folded,
                    stemmed=stemmed,
                    content_hash=_sha(text),
                )
            )
            texts.append(text)
        record = DocumentRecord(
            uri=doc.uri,
            title=doc.title,
            kind=doc.kind,
            lang=doc_lang,
            source=source,
            weight=doc.weight,
            updated=doc.updated,
            content_hash=doc_hash,
            meta=doc.meta,
        )
        return _Prepared(record, records, texts, previous is None)

    def _flush(self, pending: list[_Prepared], report: IngestReport) -> None:
        if not pending:
            return
        if self.embedder is not None:
            chunks = [c for p in pending for c in p.chunks]
            texts = [t for p in pending for t in p.texts]
            hashes = [c.content_hash for c in chunks]
            known = {h: self.vector_cache[h] for h in hashes if h in self.vector_cache}
            known |= self.store.vectors_by_hash(hashes, self.embedder_id)
            todo = [i for i, c in enumerate(chunks) if c.content_hash not in known]
            vectors = self.embedder.embed_passages([texts[i] for i in todo])
            fresh = dict(zip((chunks[i].content_hash for i in todo), vectors, strict=True))
            for c in chunks:
                c.vector = known.get(c.content_hash, fresh.get(c.content_hash))
            report.embedded += len(todo)
            report.reused_vectors += len(chunks) - len(todo)
        for p in pending:
            self.store.replace_document(p.record, p.chunks, self.embedder_id)
            report.chunks += len(p.chunks)
            if p.is_new:
                report.added += 1
            else:
                report.updated += 1
        pending.clear()

    def ingest_paths(
        self,
        paths: Iterable[Path],
        *,
        source: str = "local",
        weight: float = 1.0,
        uri_prefix: str | None = None,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Files and folders (recursively); unreadable files are reported and skipped.

        Documents are known by their absolute path, or by `uri_prefix` + the path relative to the
        folder given (for corpora shipped with a pack, whose install path varies).
        """
        files = sorted({pair for p in paths for pair in _expand(Path(p))})
        skipped: list[tuple[str, str]] = []

        def documents() -> Iterator[Document]:
            for path, root in files:
                try:
                    doc = self.read_file(path)
                except LoadError as exc:
                    skipped.append((str(path), str(exc).removeprefix(f"{path}: ")))
                    continue
                if uri_prefix is not None:
                    doc.uri = uri_prefix + path.relative_to(root).as_posix()
                doc.weight = weight if doc.weight == 1.0 else doc.weight
                yield doc

        report = self.ingest_documents(
            documents(), source=source, total=len(files), progress=progress
        )
        report.skipped.extend(skipped)
        return report

    def read_file(self, path: Path) -> Document:
        """One file as a document, with the size cap checked before reading."""
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise LoadError(f"{path}: cannot read ({exc.strerror})") from exc
        if size > self.max_file_bytes:
            raise LoadError(
                f"{path}: too large ({size / 1e6:.1f} MB > {self.max_file_bytes / 1e6:.0f} MB)"
            )
        if path.suffix.lower() not in SUFFIXES:
            raise LoadError(f"{path}: unsupported file type {path.suffix or '(none)'}")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise LoadError(f"{path}: cannot read ({exc.strerror})") from exc
        doc = load_bytes(data, str(path))
        doc.uri = str(path.resolve())
        if doc.meta.get("weight") is not None:
            doc.weight = float(doc.meta["weight"])
        return doc

    def remove(self, uri: str) -> bool:
        """Forget a document (a path is resolved the way ingestion stored it)."""
        if self.store.delete_document(uri):
            return True
        return self.store.delete_document(str(Path(uri).resolve()))


def _expand(path: Path) -> Iterator[tuple[Path, Path]]:
    """(file, the folder it was found under)."""
    if path.is_dir():
        for root, dirs, names in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                if not name.startswith("."):
                    yield Path(root) / name, path
    else:
        yield path, path.parent


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
