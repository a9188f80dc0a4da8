"""Documents and studies staff upload: through the engine's ingestion, with a log of what each
file became (passages, language, communes, or the reason it was refused, in plain words).

An uploaded document is known as `upload://<source>/<file name>`: uploading a file of the same
name again replaces it (only its changed passages are embedded again). A malformed file leaves
the index as it was; its refusal is logged and shown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from calanque.console import audit, schema
from calanque.console.audit import Actor
from calanque.db.database import now
from calanque.engine import Engine
from calanque.errors import CalanqueError
from calanque.index import catalog
from calanque.index.catalog import DocumentInfo
from calanque.ingest.loaders import SUFFIXES

ACCEPTED = tuple(sorted(SUFFIXES))  # what the upload form offers

UPLOADS = "agency"  # the source of documents uploaded without one
MAX_WEIGHT = 10.0
_SOURCE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


class UploadError(CalanqueError, ValueError):
    """A bad source name or weight; the message is for the user."""


@dataclass
class UploadResult:
    filename: str
    uri: str
    status: str  # added, updated, unchanged, refused
    message: str
    chunks: int
    document: DocumentInfo | None


def safe_name(filename: str) -> str:
    """A file name without folders or control characters, at most 120 characters."""
    name = unicodedata.normalize("NFC", filename.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if ch.isprintable()).strip().lstrip(".")
    return name[-120:] or "document"


def check_source(source: str) -> str:
    source = source.strip().lower() or UPLOADS
    if not _SOURCE.match(source):
        raise UploadError("a source name is lower-case letters, digits, . _ - (64 at most)")
    return source


def check_weight(weight: float) -> float:
    if not 0.0 <= weight <= MAX_WEIGHT:
        raise UploadError(f"a weight is between 0 and {MAX_WEIGHT:g}")
    return float(weight)


class Library:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.database = engine.database
        schema.migrate(self.database)

    def upload(
        self, filename: str, data: bytes, actor: Actor, *, source: str = UPLOADS, uri: str = ""
    ) -> UploadResult:
        """Index one file (replacing the document at `uri` when given, else the one uploaded
        under the same name); log what it became."""
        name = safe_name(filename)
        source = check_source(source)
        uri = uri or f"upload://{source}/{name}"
        report = self.engine.ingest_file(
            name,
            data,
            uri=uri,
            source=source,
            weight=self.source_weight(source),
            meta={"uploaded_by": actor.username, "filename": name},
        )
        if report.skipped:
            status, message = "refused", report.skipped[0][1]
        else:
            status = "added" if report.added else "updated" if report.updated else "unchanged"
            message = "; ".join(note for _, note in report.truncated)
        doc = catalog.document(self.database, uri) if status != "refused" else None
        chunks = doc.chunks if doc else 0
        with self.database.transaction() as db:
            db.execute(
                "INSERT INTO console_uploads (filename, uri, source, status, message, chunks, "
                "bytes, uploaded_by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (name, uri, source, status, message, chunks, len(data), actor.username, now()),
            )
            audit.record(db, actor, f"document.{status}", uri, bytes=len(data), message=message)
        return UploadResult(name, uri, status, message, chunks, doc)

    def remove(self, uri: str, actor: Actor) -> bool:
        removed = self.engine.remove_document(uri)
        if removed:
            with self.database.transaction() as db:
                self.engine.curation.forget_uri(db, uri)
                audit.record(db, actor, "document.remove", uri)
        return removed

    def documents(self, **filters: Any) -> list[DocumentInfo]:
        return catalog.documents(self.database, **filters)

    def document(self, uri: str) -> DocumentInfo | None:
        return catalog.document(self.database, uri)

    def uploads(self, limit: int = 100, uri: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM console_uploads"
        params: tuple[Any, ...] = ()
        if uri is not None:
            sql, params = sql + " WHERE uri = ?", (uri,)
        rows = self.database.connection().execute(
            sql + " ORDER BY id DESC LIMIT ?", (*params, limit)
        )
        return [dict(r) for r in rows]

    def sources(self) -> list[dict[str, Any]]:
        weights = self._weights()
        out = catalog.sources(self.database)
        for row in out:
            row["weight"] = weights.get(row["source"], row["max_weight"])
        return out

    def source_weight(self, source: str) -> float:
        return self._weights().get(source, 1.0)

    def _weights(self) -> dict[str, float]:
        rows = self.database.connection().execute(
            "SELECT source, weight FROM console_source_weights"
        )
        return {r[0]: float(r[1]) for r in rows}

    def set_source_weight(self, source: str, weight: float, actor: Actor) -> int:
        """The source's regional weight, for its documents now and its uploads to come."""
        weight = check_weight(weight)
        changed = catalog.set_source_weight(self.database, source, weight)
        with self.database.transaction() as db:
            db.execute(
                "INSERT INTO console_source_weights VALUES (?, ?, ?, ?) ON CONFLICT (source) "
                "DO UPDATE SET weight = excluded.weight, updated_by = excluded.updated_by, "
                "updated_at = excluded.updated_at",
                (source, weight, actor.username, now()),
            )
            audit.record(db, actor, "source.weight", source, weight=weight, documents=changed)
        return changed


_REASONS = [
    ("unsupported", re.compile(r"unsupported file type", re.I)),
    ("empty", re.compile(r"empty file|no extractable text", re.I)),
    ("encrypted", re.compile(r"encrypted|password", re.I)),
    ("too_large", re.compile(r"too large", re.I)),
    ("damaged", re.compile(r"unreadable|not a zip|malformed|corrupt|invalid|bad", re.I)),
]


def reason_key(reason: str) -> str:
    """What kind of refusal a loader's reason is (`unsupported`, `empty`, `encrypted`,
    `too_large`, `damaged` or `other`): the console says it in the editor's language, with the
    technical reason after it."""
    for key, pattern in _REASONS:
        if pattern.search(reason):
            return key
    return "other"
