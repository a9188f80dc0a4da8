"""The index's documents as staff see them: what each became (chunks, language, communes), by
source, and each source's regional weight.

Reads and one small write on the index's `documents` and `chunks` tables with portable SQL (`?`
placeholders, rows by name), so any engine that holds those tables answers. Search reads a
document's weight with its chunks at every query: a new weight counts from the next question.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from calanque.db.database import Database


@dataclass
class DocumentInfo:
    uri: str
    title: str
    kind: str
    lang: str | None
    source: str
    weight: float
    updated: str | None
    ingested_at: str
    chunks: int
    langs: dict[str, int] = field(default_factory=dict)  # chunks per language
    communes: list[str] = field(default_factory=list)  # INSEE codes linked, most chunks first
    meta: dict[str, Any] = field(default_factory=dict)


def documents(
    database: Database, *, source: str = "", query: str = "", limit: int = 200, offset: int = 0
) -> list[DocumentInfo]:
    """Documents, newest first; `source` keeps one source, `query` a title or URI fragment."""
    where, params = ["1 = 1"], []
    if source:
        where.append("d.source = ?")
        params.append(source)
    if query:
        where.append("(lower(d.title) LIKE ? OR lower(d.uri) LIKE ?)")
        needle = f"%{query.lower()}%"
        params += [needle, needle]
    db = database.connection()
    rows = db.execute(
        "SELECT d.id, d.uri, d.title, d.kind, d.lang, d.source, d.weight, d.updated, "
        "d.ingested_at, d.meta FROM documents d WHERE "
        + " AND ".join(where)
        + " ORDER BY d.ingested_at DESC, d.id DESC LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    return [_info(db, r) for r in rows]


def document(database: Database, uri: str) -> DocumentInfo | None:
    db = database.connection()
    row = db.execute(
        "SELECT d.id, d.uri, d.title, d.kind, d.lang, d.source, d.weight, d.updated, "
        "d.ingested_at, d.meta FROM documents d WHERE d.uri = ?",
        (uri,),
    ).fetchone()
    return _info(db, row) if row else None


def _info(db: Any, r: Any) -> DocumentInfo:
    langs: dict[str, int] = {}
    counts: dict[str, int] = {}
    n = 0
    for c in db.execute("SELECT lang, communes FROM chunks WHERE doc_id = ?", (r["id"],)):
        n += 1
        langs[c["lang"]] = langs.get(c["lang"], 0) + 1
        for insee in json.loads(c["communes"]):
            counts[insee] = counts.get(insee, 0) + 1
    return DocumentInfo(
        uri=r["uri"],
        title=r["title"],
        kind=r["kind"],
        lang=r["lang"],
        source=r["source"],
        weight=float(r["weight"]),
        updated=r["updated"],
        ingested_at=r["ingested_at"],
        chunks=n,
        langs=langs,
        communes=sorted(counts, key=lambda k: (-counts[k], k)),
        meta=json.loads(r["meta"] or "{}"),
    )


def sources(database: Database) -> list[dict[str, Any]]:
    """Each source: documents, chunks, and its weight (the most common of its documents')."""
    rows = database.connection().execute(
        "SELECT d.source, count(DISTINCT d.id) AS documents, count(c.id) AS chunks, "
        "max(d.weight) AS max_weight, min(d.weight) AS min_weight FROM documents d "
        "LEFT JOIN chunks c ON c.doc_id = d.id GROUP BY d.source ORDER BY d.source"
    )
    return [dict(r) for r in rows]


def chunk_ids(database: Database, uris: list[str]) -> dict[str, list[int]]:
    """The chunk ids of documents by URI (unknown URIs are left out)."""
    out: dict[str, list[int]] = {}
    db = database.connection()
    for uri in uris:
        for r in db.execute(
            "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE d.uri = ? "
            "ORDER BY c.ordinal",
            (uri,),
        ):
            out.setdefault(uri, []).append(int(r[0]))
    return out


def set_source_weight(database: Database, source: str, weight: float) -> int:
    """Give every document of a source this weight; returns how many documents changed."""
    with database.transaction() as db:
        return int(
            db.execute(
                "UPDATE documents SET weight = ? WHERE source = ?", (weight, source)
            ).rowcount
        )
