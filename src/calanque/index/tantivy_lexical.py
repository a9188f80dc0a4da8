"""Top-k BM25 over the two indexed fields with tantivy, for indexes too large for FTS5.

FTS5 scores every posting of every query term before `ORDER BY bm25 LIMIT k` (181 ms at 1M
chunks); tantivy skips blocks that cannot enter the top k (block-max WAND) and reads document
frequencies from its term dictionary instead of walking posting lists (fts5vocab does). It indexes
the same pre-analysed `folded` and `stemmed` strings as FTS5, so both engines see the same terms.
The index lives beside the SQLite file and is patched from it (`sidecar.py`).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import tantivy

from calanque.index.analysis import fold
from calanque.index.sidecar import Delta, Sidecar
from calanque.index.store import Filters

_HEAP = 200_000_000  # bytes of tantivy writer buffer: fewer, larger segments on a full build
_fold = fold.__wrapped__  # uncached: a million chunk texts would flush the query cache
FILTERS = {"langs": "lang", "sources": "source", "kinds": "kind", "communes": "commune"}
_SELECT = (
    "SELECT f.rowid, f.folded, f.stemmed, c.lang, d.source, d.kind, c.communes FROM chunks_fts f "
    "JOIN chunks c ON c.id = f.rowid JOIN documents d ON d.id = c.doc_id"
)


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=False, indexed=True, fast=True)
    builder.add_text_field("folded", stored=False, tokenizer_name="whitespace")
    builder.add_text_field("stemmed", stored=False, tokenizer_name="whitespace")
    for name in FILTERS.values():  # filters run inside the engine, not after it
        builder.add_text_field(name, stored=False, tokenizer_name="raw")
    return builder.build()


class TantivyLexical(Sidecar):
    """A tantivy index of one SQLite store's `chunks_fts`, synchronised on each generation."""

    FORMAT = 2  # 2: the filter fields
    writes_on_apply = True  # a commit writes segments; the ids and state follow at once

    def __init__(self, directory: Path) -> None:
        super().__init__(directory / "calanque-state.json")
        self.directory = directory
        self.ids_path = directory / "calanque-ids.npy"
        self._schema = _schema()
        self._index: tantivy.Index | None = None

    def open(self, state: dict | None) -> np.ndarray | None:
        if state is not None:
            try:
                index = tantivy.Index.open(str(self.directory))
                held = np.load(self.ids_path)
                index.reload()
                if index.searcher().num_docs == len(held) == state.get("count"):
                    self._index = index
                    return held
            except (OSError, ValueError):
                pass
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir(parents=True)
        self._index = tantivy.Index(self._schema, path=str(self.directory))
        return None

    def current_ids(self, db: sqlite3.Connection) -> np.ndarray:
        rows = db.execute("SELECT rowid FROM chunks_fts ORDER BY rowid")
        return np.fromiter((r[0] for r in rows), np.int64)

    def apply(self, db: sqlite3.Connection, change: Delta, current: np.ndarray) -> None:
        assert self._index is not None
        writer = self._index.writer(heap_size=_HEAP, num_threads=1)
        for chunk_id in change.removed.tolist():
            writer.delete_documents_by_term("id", chunk_id)
        for chunk_id, folded, stemmed, lang, source, kind, communes in _fields(
            db, change.added, len(current)
        ):
            writer.add_document(
                tantivy.Document(
                    id=chunk_id,
                    folded=folded,
                    stemmed=_fold(stemmed),
                    lang=lang,
                    source=source,
                    kind=kind,
                    commune=json.loads(communes),
                )
            )
        writer.commit()
        writer.wait_merging_threads()

    def save(self, held: np.ndarray) -> None:
        np.save(self.ids_path, held)

    def loaded(self) -> None:
        assert self._index is not None
        self._index.reload()

    def search(
        self, folded: Sequence[str], stemmed: Sequence[str], k: int, filters: Filters
    ) -> list[tuple[int, float]]:
        """(chunk id, BM25 summed over both fields), best first: any term in either field, among
        the chunks that pass the filters (which add nothing to the score)."""
        assert self._index is not None, "sync() first"
        terms = [("folded", t) for t in folded] + [("stemmed", _fold(t)) for t in stemmed]
        if not terms or k <= 0:
            return []
        clauses = [(tantivy.Occur.Must, self._any(terms))]
        for attribute, field in FILTERS.items():
            if values := getattr(filters, attribute):
                allowed = self._any([(field, v) for v in values])
                clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(allowed, 0.0)))
        query = clauses[0][1] if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)
        searcher = self._index.searcher()
        hits = searcher.search(query, k).hits
        ids = searcher.fast_field_values("id", [address for _, address in hits])
        return [(int(i), float(score)) for (score, _), i in zip(hits, ids, strict=True)]  # type: ignore[arg-type]

    def _any(self, terms: list[tuple[str, str]]) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Should, tantivy.Query.term_query(self._schema, field, term))
                for field, term in terms
            ]
        )

    def field_statistics(self, terms: Iterable[str]) -> dict[tuple[str, str], int]:
        """Chunks containing each term per field, from the term dictionaries."""
        assert self._index is not None, "sync() first"
        searcher = self._index.searcher()
        out = {}
        for term in {_fold(t) for t in terms}:
            for field in ("folded", "stemmed"):
                n = searcher.doc_freq(field, term)
                if n:
                    out[(field, term)] = n
        return out


def _fields(db: sqlite3.Connection, ids: np.ndarray, total: int) -> Iterable[tuple]:
    """(rowid, folded, stemmed, lang, source, kind, communes JSON) of `ids`: one scan when they
    are most of the index."""
    if len(ids) > total // 4:
        wanted = set(ids.tolist())
        for row in db.execute(_SELECT):
            if row[0] in wanted:
                yield tuple(row)
        return
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500].tolist()
        marks = ",".join("?" * len(part))
        yield from (tuple(r) for r in db.execute(f"{_SELECT} WHERE f.rowid IN ({marks})", part))
