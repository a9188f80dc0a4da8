"""The index's rows read back as records, the same on every engine (portable SQL, rows by name)."""

from __future__ import annotations

import json
from typing import Any

from calanque.db.database import now
from calanque.index.store import DocumentRecord, StoredChunk, StoredDocument

# The columns `stored_chunk` reads: a chunk joined to its document.
CHUNK_COLUMNS = (
    "c.id, c.doc_id, c.ordinal, c.heading, c.text, c.lang, c.communes, d.uri, d.title, d.kind, "
    "d.source, d.weight, d.updated, d.meta"
)


def stored_chunk(r: Any) -> StoredChunk:
    return StoredChunk(
        id=r["id"],
        doc_id=r["doc_id"],
        ordinal=r["ordinal"],
        heading=tuple(json.loads(r["heading"])),
        text=r["text"],
        lang=r["lang"],
        communes=json.loads(r["communes"]),
        uri=r["uri"],
        title=r["title"],
        kind=r["kind"],
        source=r["source"],
        weight=r["weight"],
        updated=r["updated"],
        meta=json.loads(r["meta"]),
    )


def stored_document(db: Any, uri: str) -> StoredDocument | None:
    """A document and its chunks' text in order, for the page that shows a source."""
    doc = db.execute(
        "SELECT id, uri, title, kind, source, updated, meta FROM documents WHERE uri = ?", (uri,)
    ).fetchone()
    if doc is None:
        return None
    rows = db.execute(
        "SELECT heading, text FROM chunks WHERE doc_id = ? ORDER BY ordinal", (doc["id"],)
    )
    return StoredDocument(
        doc["uri"],
        doc["title"],
        doc["kind"],
        doc["source"],
        doc["updated"],
        json.loads(doc["meta"]),
        [(tuple(json.loads(r["heading"])), r["text"]) for r in rows],
    )


def insert_document(db: Any, doc: DocumentRecord) -> int:
    """Write a document's row (in the caller's transaction); its new id."""
    (doc_id,) = db.execute(
        "INSERT INTO documents (uri, title, kind, lang, source, weight, updated, meta, "
        "content_hash, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            doc.uri,
            doc.title,
            doc.kind,
            doc.lang,
            doc.source,
            doc.weight,
            doc.updated,
            json.dumps(doc.meta, ensure_ascii=False, default=str),
            doc.content_hash,
            now(),
        ),
    ).fetchone()
    return int(doc_id)
