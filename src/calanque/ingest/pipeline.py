"""Ingestion: documents in, chunks with places, language, lexical terms and vectors out.

Idempotent by content hash at two levels: an unchanged document costs one lookup; a changed one
re-embeds only the chunks whose text changed. Each document is written in its own transaction, so an
interruption keeps what was done and loses nothing already in the index.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
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
from calanque.ingest.language import detect, without_names
from calanque.ingest.loaders import MAX_TEXT_CHARS, SUFFIXES, LoadError, load_bytes
from calanque.territory.gazetteer import Gazetteer

Progress = Callable[[int, int, str], None]

# Bump when chunking, analysis or place linking changes what a document becomes in the index:
# unchanged documents are then re-analysed (their vectors are reused, not recomputed).
PIPELINE_VERSION = "5"


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
    truncated: list[tuple[str, str]] = field(default_factory=list)  # indexed in part, and why
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
        self.truncated.extend(other.truncated)


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
        max_text_chars: int = MAX_TEXT_CHARS,
        batch_chunks: int = 64,
        vector_cache: Mapping[str, np.ndarray] | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.gazetteer = gazetteer
        self.default_lang = default_lang
        self.max_file_bytes = max_file_bytes
        self.max_text_chars = max_text_chars
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
            report.truncated.extend((doc.uri, note) for note in doc.notes)
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
        doc_lang = doc.lang or detect(without_names(doc.text[:2000]), self.default_lang)
        # the communes a document says it is about, if it says (an empty list: none, as the
        # territory's own sheet, which names its largest communes but is about all of them)
        said = "communes" in doc.meta
        forced = [str(c) for c in doc.meta.get("communes", []) if isinstance(c, str | int)]
        records: list[ChunkRecord] = []
        texts: list[str] = []
        for chunk in chunk_document(doc):
            text = chunk.embedding_text(doc.title)
            lang = detect(without_names(chunk.text), doc_lang) if len(chunk.text) > 80 else doc_lang
            # a passage is about the communes it or its headings name; its document's title
            # speaks for it only when it names none ("… Pays Salonais, Istres, Pays de
            # Martigues, Pays d'Aubagne" does not put the Pays Salonais' walks at Aubagne)
            places = (
                self.gazetteer.communes(chunk.embedding_text("")) or self.gazetteer.communes(text)
                if self.gazetteer
                else []
            )
            folded, stemmed = analyse(text, lang)
            records.append(
                ChunkRecord(
                    ordinal=chunk.ordinal,
                    heading=chunk.heading,
                    text=chunk.text,
                    lang=lang,
                    # Generated sheets name their communes; their mentions of neighbours are not
                    # what they are about.
                    communes=forced if said else places,
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

        Inside a folder, symbolic links are never followed (to files or to folders, inside the
        folder or out of it: each is reported as skipped), and only regular files are read: a
        FIFO, a socket or a device is reported, never opened for reading. A path named on the
        command line is followed when it is a link (the user chose it), and must lead to a regular
        file or a folder. Every file is read with a hard cap of `max_file_bytes`, whatever its
        size claims to be.
        """
        files = sorted({entry for p in paths for entry in _expand(Path(p))})
        skipped: list[tuple[str, str]] = []

        def documents() -> Iterator[Document]:
            for path, root, named in files:
                try:
                    doc = self.read_file(path, follow_symlinks=named)
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

    def read_file(self, path: Path, *, follow_symlinks: bool = True) -> Document:
        """One file as a document: a regular file, at most `max_file_bytes` bytes read.

        With `follow_symlinks=False` a symbolic link is refused, even if the file is replaced by
        one between the check and the opening (`O_NOFOLLOW`). The file is opened non-blocking
        (a FIFO put in its place cannot hang the run) and checked again once open.
        """
        if not follow_symlinks and path.is_symlink():
            raise LoadError(f"{path}: symbolic link, not followed")
        if path.suffix.lower() not in SUFFIXES:
            raise LoadError(f"{path}: unsupported file type {path.suffix or '(none)'}")
        data = _read_regular(path, self.max_file_bytes, follow_symlinks)
        doc = load_bytes(data, str(path), max_chars=self.max_text_chars)
        doc.uri = str(path.resolve())
        return doc

    def remove(self, uri: str) -> bool:
        """Forget a document (a path is resolved the way ingestion stored it)."""
        if self.store.delete_document(uri):
            return True
        return self.store.delete_document(str(Path(uri).resolve()))


def _expand(path: Path) -> Iterator[tuple[Path, Path, bool]]:
    """(file, the folder it was found under, whether the user named it).

    Folders are walked without following links; every entry that is not a folder is listed
    (links, FIFOs and devices included) so that `read_file` refuses it by name.
    """
    if path.is_dir():
        for root, dirs, names in os.walk(path):
            kept = []
            for d in dirs:
                if d.startswith("."):
                    continue
                if os.path.islink(os.path.join(root, d)):
                    names.append(d)  # a link to a folder: reported, not walked
                else:
                    kept.append(d)
            dirs[:] = kept
            for name in names:
                if not name.startswith("."):
                    yield Path(root) / name, path, False
    else:
        yield path, path.parent, True


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _read_regular(path: Path, max_bytes: int, follow_symlinks: bool) -> bytes:
    """The bytes of a regular file, refusing links (unless followed), special files and more
    than `max_bytes` bytes: the size is checked before reading and the read itself stops there
    (a file may grow, and `/proc`-like files claim a size of 0)."""

    def refuse(why: str) -> LoadError:
        return LoadError(f"{path}: {why}")

    try:
        info = os.stat(path) if follow_symlinks else os.lstat(path)
    except OSError as exc:
        raise refuse(f"cannot read ({exc.strerror})") from exc
    if stat.S_ISLNK(info.st_mode):
        raise refuse("symbolic link, not followed")
    if not stat.S_ISREG(info.st_mode):
        raise refuse(f"{_kind(info.st_mode)}, not a regular file: not read")
    if info.st_size > max_bytes:
        raise refuse(f"too large ({info.st_size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB)")
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise refuse("symbolic link, not followed") from exc
        raise refuse(f"cannot read ({exc.strerror})") from exc
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):  # replaced since the check
            raise refuse(f"{_kind(opened.st_mode)}, not a regular file: not read")
        parts: list[bytes] = []
        size = 0
        while True:
            part = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not part:
                break
            parts.append(part)
            size += len(part)
            if size > max_bytes:
                raise refuse(f"too large (more than {max_bytes / 1e6:.0f} MB read)")
        return b"".join(parts)
    except OSError as exc:
        raise refuse(f"cannot read ({exc.strerror})") from exc
    finally:
        os.close(fd)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
