"""Search latency and memory at 100k and 1M chunks, on a synthetic corpus built here.

The corpus: the 761 real PIAF paragraphs (indexed through the real ingestion path in `--piaf-index`,
see `bench/retrieval.py --workdir`), plus synthetic chunks written straight into the same SQLite
schema. A synthetic chunk's indexed fields are ~65 (folded word, stem) pairs drawn from PIAF's own
term distribution (so document frequencies and FTS5 posting lists grow as in a real French corpus),
and its vector is a real PIAF vector plus Gaussian noise (cosine ≈ 0.85 to it), so the dense
matrix has realistic clusters. Queries are real PIAF questions, embedded for real: latency
includes the query embedding, the lexical and dense first stages, the features and the re-ranker.

    python bench/scale.py --piaf-index DIR/hybrid.sqlite3 [--sizes 100000,1000000] [--queries 200]
        [--engines fts5+exact,tantivy+ivf]  # first stages to compare (`auto` switches by size)
        [--ann SIZES]   # compare exact numpy with faiss and usearch on the dense stage alone
        [--engine sqlite|postgres|both] [--postgres URL]

`--engine postgres` copies each grown index into PostgreSQL through `PostgresStore.bulk_load`
(COPY, the postings and the HNSW index built after the load; the time is its ingestion throughput
without embedding) and measures it the same way, beside the SQLite rows with `both`; the server
is `--postgres URL` or an embedded one in the work directory. `recall@50` is the dense first
stage's top 50 against exact search over the same vectors.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calanque.index.embedders import E5Embedder  # noqa: E402
from calanque.index.postgres_store import PostgresStore  # noqa: E402
from calanque.index.search import Searcher  # noqa: E402
from calanque.index.sqlite_store import SQLiteStore  # noqa: E402
from calanque.index.store import ChunkRecord, DocumentRecord, Filters  # noqa: E402
from retrieval import DEFAULT, load_squad  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def piaf_terms(store: SQLiteStore) -> tuple[list[str], list[str], np.ndarray]:
    """Aligned (folded word, stem) vocabulary of the real index, and each pair's frequency."""
    counts: dict[tuple[str, str], int] = {}
    for folded, stemmed in store.db.execute("SELECT folded, stemmed FROM chunks_fts"):
        for pair in zip(folded.split(), stemmed.split(), strict=False):
            counts[pair] = counts.get(pair, 0) + 1
    pairs = sorted(counts)
    freq = np.array([counts[p] for p in pairs], dtype=np.float64)
    return [p[0] for p in pairs], [p[1] for p in pairs], freq / freq.sum()


def build(piaf: Path, path: Path, size: int, seed: int = 0) -> SQLiteStore:
    """A copy of the PIAF index grown to `size` chunks with synthetic ones."""
    rng = np.random.default_rng(seed)
    if not path.exists():  # the backup API copies what is still in the WAL too
        with sqlite3.connect(piaf) as src, sqlite3.connect(path) as dst:
            src.backup(dst)
    store = SQLiteStore(path)
    have = store.db.execute("SELECT count(*) FROM chunks").fetchone()[0]
    if have >= size:
        return store
    folded, stems, p = piaf_terms(store)
    folded_arr, stems_arr = np.array(folded, dtype=object), np.array(stems, dtype=object)
    base = store.vector_matrix(E5Embedder.embedder_id).matrix
    embedder_id = E5Embedder.embedder_id
    block = 20_000
    started = time.perf_counter()
    with store.transaction() as db:
        for start in range(have, size, block):
            n = min(block, size - start)
            cur = db.execute(
                "INSERT INTO documents (uri, title, kind, lang, source, weight, updated, meta, "
                "content_hash, ingested_at) VALUES (?, ?, 'web', 'fr', 'synthetic', 1.0, NULL, "
                "'{}', ?, '2026-11-22')",
                (f"synthetic://{start}", f"Synthétique {start}", f"s{start}"),
            )
            doc_id = cur.lastrowid
            words = rng.choice(len(folded), size=(n, 65), p=p)
            noise = rng.standard_normal((n, base.shape[1]), dtype=np.float32)
            vecs = base[rng.integers(0, len(base), n)] + noise * (0.6 / np.sqrt(base.shape[1]))
            vecs = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)
            first = db.execute("SELECT coalesce(max(id), 0) + 1 FROM chunks").fetchone()[0]
            rows_f = [" ".join(folded_arr[w]) for w in words]
            rows_s = [" ".join(stems_arr[w]) for w in words]
            db.executemany(
                "INSERT INTO chunks (id, doc_id, ordinal, heading, text, lang, communes, "
                "content_hash, embedder, vector) VALUES (?, ?, ?, '[]', ?, 'fr', '[]', ?, ?, ?)",
                (
                    (
                        first + i,
                        doc_id,
                        i,
                        rows_f[i],
                        f"h{start + i}",
                        embedder_id,
                        vecs[i].tobytes(),
                    )
                    for i in range(n)
                ),
            )
            db.executemany(
                "INSERT INTO chunks_fts (rowid, folded, stemmed) VALUES (?, ?, ?)",
                ((first + i, rows_f[i], rows_s[i]) for i in range(n)),
            )
            print(f"  {start + n:,} chunks ({time.perf_counter() - started:.0f} s)", flush=True)
    store.db.execute("PRAGMA optimize")
    return store


def latency(
    searchers: dict[str, Searcher], queries: list[tuple[str, str]], mode: str = "hybrid"
) -> dict[str, dict[str, float]]:
    """Per searcher: latency percentiles, stage medians, and whether the question's own PIAF
    paragraph is still found among all the synthetic chunks (R@1, R@10). Several searchers
    (variants over one index) take each question in turn, the order rotating, so that the
    machine's load weighs on each alike."""
    names = list(searchers)
    times: dict[str, list[float]] = {n: [] for n in names}
    stages: dict[str, list[dict[str, float]]] = {n: [] for n in names}
    ranks: dict[str, list[int]] = {n: [] for n in names}
    for i, (q, uri) in enumerate(queries):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            searcher = searchers[name]
            searcher.embedder._cache.clear()  # type: ignore[union-attr]  # every query embedded
            started = time.perf_counter()
            hits = searcher.search(q, k=10, mode=mode)
            times[name].append(time.perf_counter() - started)
            stages[name].append(dict(searcher.last_timings))
            uris = [h.chunk.uri for h in hits]
            ranks[name].append(uris.index(uri) if uri in uris else 99)
    out = {}
    for name in names:
        ms = np.array(times[name]) * 1000
        row = {
            "R@1": float(np.mean([r == 0 for r in ranks[name]])),
            "R@10": float(np.mean([r < 10 for r in ranks[name]])),
            "p50": float(np.percentile(ms, 50)),
            "p95": float(np.percentile(ms, 95)),
        }
        for key in stages[name][0] if stages[name] else ():
            stage = np.array([s.get(key, 0.0) for s in stages[name]]) * 1000
            row[key + " p50"] = float(np.percentile(stage, 50))
            row[key + " p95"] = float(np.percentile(stage, 95))
        out[name] = row
    return out


def variants(searcher: Searcher, compare: str) -> dict[str, Searcher]:
    """The searcher, and with `--compare overlap` the same one running its stages in turn."""
    out = {"": searcher}
    if compare == "overlap":
        out[" (stages in turn)"] = Searcher(searcher.store, searcher.embedder, overlap=False)
    return out


def filtered(searcher: Searcher, queries: list[tuple[str, str]]) -> dict[str, str]:
    """p50 / p95 ms of hybrid search under filters: every chunk passes (`lang fr`), a commune
    of 5,000 random chunks (linked here once, as the synthetic code `99999`), a commune with no
    chunk, the 761 PIAF chunks' source (`bench`), the synthetic chunks' kind (`web`)."""
    db = searcher.store.db  # type: ignore[attr-defined]
    if not db.execute("SELECT 1 FROM chunk_communes WHERE insee = '99999'").fetchone():
        ids = [r[0] for r in db.execute("SELECT id FROM chunks ORDER BY random() LIMIT 5000")]
        with searcher.store.database.transaction() as tx:  # type: ignore[attr-defined]
            tx.executemany("INSERT INTO chunk_communes VALUES ('99999', ?)", [(i,) for i in ids])
    out = {}
    for name, f in (
        ("lang fr", Filters(langs=("fr",))),
        ("commune of 5,000", Filters(communes=("99999",))),
        ("commune of 0", Filters(communes=("00000",))),
        ("source of 761", Filters(sources=("bench",))),
        ("kind of 99%", Filters(kinds=("web",))),
    ):
        times = []
        for q, _ in queries:
            searcher.embedder._cache.clear()  # type: ignore[union-attr]
            started = time.perf_counter()
            searcher.search(q, k=10, filters=f)
            times.append(time.perf_counter() - started)
        ms = np.array(times) * 1000
        out[name] = f"{np.percentile(ms, 50):.0f} / {np.percentile(ms, 95):.0f}"
    return out


def patch_cost(store: SQLiteStore) -> dict[str, float]:
    """Seconds for the first stages to catch up after one synthetic document (20,000 chunks)
    is removed: the sidecars' patching (and writing, for a change over 1 %). The index loses the
    document; the next `build` tops it up again."""
    store.delete_document(store.uris("synthetic://")[-1])
    q = np.ones(384, np.float32) / np.sqrt(384)
    t = time.perf_counter()
    store.lexical(["marseille"], [], 5, Filters())
    lexical = time.perf_counter() - t
    store.dense(E5Embedder.embedder_id, q, 5, Filters())
    return {
        "lexical patch s": round(lexical, 2),
        "dense patch s": round(time.perf_counter() - t - lexical, 2),
    }


def synthetic_matrix(base: np.ndarray, size: int, seed: int = 0) -> np.ndarray:
    """`size` unit vectors: real PIAF vectors plus noise (the same recipe as `build`)."""
    rng = np.random.default_rng(seed)
    out = np.empty((size, base.shape[1]), dtype=np.float32)
    for start in range(0, size, 100_000):
        n = min(100_000, size - start)
        noise = rng.standard_normal((n, base.shape[1]), dtype=np.float32)
        v = base[rng.integers(0, len(base), n)] + noise * (0.6 / np.sqrt(base.shape[1]))
        out[start : start + n] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def compare_ann(base: np.ndarray, queries: np.ndarray, size: int, k: int = 50) -> list[dict]:
    """Exact numpy against faiss and usearch: recall@k of the exact top k, latency, bytes."""
    import faiss
    from usearch.index import Index

    x = synthetic_matrix(base, size)
    truth = []
    times = []
    for q in queries:
        t = time.perf_counter()
        s = x @ q
        top = np.argpartition(-s, k)[:k]
        times.append(time.perf_counter() - t)
        truth.append(set(top.tolist()))
    rows = [_ann_row("numpy exact float32", size, 0.0, times, [1.0], x.nbytes)]

    def run(name: str, build: Callable[[], object], search: Callable, nbytes: Callable) -> None:
        t = time.perf_counter()
        index = build()
        built = time.perf_counter() - t
        times, recalls = [], []
        for q, exact in zip(queries, truth, strict=True):
            t = time.perf_counter()
            found = search(index, q)
            times.append(time.perf_counter() - t)
            recalls.append(len(exact & set(int(i) for i in found)) / k)
        rows.append(_ann_row(name, size, built, times, recalls, nbytes(index)))
        print(json.dumps(rows[-1]), flush=True)

    def ivf_sq8() -> object:
        quantizer = faiss.IndexFlatIP(x.shape[1])
        index = faiss.IndexIVFScalarQuantizer(
            quantizer, x.shape[1], 1024, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
        )
        index.train(x[np.random.default_rng(0).choice(len(x), 50_000, replace=False)])
        index.add(x)
        index.nprobe = 32
        return index

    run(
        "faiss IVF1024 SQ8, nprobe 32",
        ivf_sq8,
        lambda index, q: index.search(q[None, :], k)[1][0],
        lambda index: len(x) * (x.shape[1] + 8),
    )

    def hnsw_i8() -> object:
        index = Index(ndim=x.shape[1], metric="ip", dtype="i8", connectivity=16, expansion_add=64)
        index.add(np.arange(len(x)), x, threads=2)
        index.expansion_search = 128
        return index

    run(
        "usearch HNSW i8 (M 16, ef 128)",
        hnsw_i8,
        lambda index, q: index.search(q, k).keys,
        lambda index: index.memory_usage,
    )
    return rows


def _ann_row(
    name: str, size: int, built: float, times: list[float], recalls: list[float], nbytes: int
) -> dict:
    ms = np.array(times) * 1000
    return {
        "index": name,
        "vectors": size,
        "build s": round(built, 1),
        "recall@50": round(float(np.mean(recalls)), 3),
        "p50 ms": round(float(np.percentile(ms, 50)), 2),
        "p95 ms": round(float(np.percentile(ms, 95)), 2),
        "B/vector": round(nbytes / size),
    }


def build_postgres(source: SQLiteStore, url: str, workdir: Path, size: int) -> PostgresStore:
    """The SQLite index copied into a PostgreSQL database through `bulk_load`."""
    from pg import fresh_database

    name = f"calanque_scale_{size}"
    try:
        store = PostgresStore(_existing(url, workdir, name))
        if store.stats()["chunks"] >= size:
            return store
        store.close()
    except Exception:  # noqa: BLE001 - absent or unusable: built again
        pass
    store = PostgresStore(fresh_database(url, workdir, name))
    started = time.perf_counter()

    def documents() -> Iterator[tuple[DocumentRecord, list[ChunkRecord]]]:
        for d in source.db.execute("SELECT * FROM documents ORDER BY id").fetchall():
            rows = source.db.execute(
                "SELECT c.*, f.folded, f.stemmed FROM chunks c JOIN chunks_fts f "
                "ON f.rowid = c.id WHERE c.doc_id = ? ORDER BY c.id",
                (d["id"],),
            ).fetchall()
            chunks = [
                ChunkRecord(
                    r["ordinal"],
                    tuple(json.loads(r["heading"])),
                    r["text"],
                    r["lang"],
                    json.loads(r["communes"]),
                    r["folded"],
                    r["stemmed"],
                    r["content_hash"],
                    None if r["vector"] is None else np.frombuffer(r["vector"], np.float32),
                )
                for r in rows
            ]
            record = DocumentRecord(
                d["uri"],
                d["title"],
                d["kind"],
                d["lang"],
                d["source"],
                d["weight"],
                d["updated"],
                d["content_hash"],
                json.loads(d["meta"]),
            )
            yield record, chunks

    copied = [0.0]

    def progress(written: int) -> None:
        copied[0] = time.perf_counter() - started
        print(f"  postgres: {written:,} chunks copied ({copied[0]:.0f} s)", flush=True)

    written = store.bulk_load(documents(), E5Embedder.embedder_id, progress)
    elapsed = time.perf_counter() - started
    print(
        json.dumps(
            {
                "postgres ingest chunks": written,
                "s": round(elapsed, 1),
                "copy s": round(copied[0], 1),
                "vocabulary and indexes s": round(elapsed - copied[0], 1),
                "chunks/s": round(written / elapsed),
            }
        ),
        flush=True,
    )
    return store


def _existing(url: str, workdir: Path, name: str) -> object:
    from calanque.db.postgres import PostgresDatabase
    from pg import server_url

    base, _, query = server_url(url, workdir).partition("?")
    return PostgresDatabase(base.rsplit("/", 1)[0] + f"/{name}" + (f"?{query}" if query else ""))


def dense_recall(store: object, queries: np.ndarray, exact: SQLiteStore, k: int = 50) -> float:
    """The dense stage's top k against exact search over the same vectors (by content hash)."""
    embedder_id = E5Embedder.embedder_id
    matrix = exact.vector_matrix(embedder_id)
    hash_of = dict(exact.db.execute("SELECT id, content_hash FROM chunks"))
    found_hash = dict(store.db.execute("SELECT id, content_hash FROM chunks"))  # type: ignore[attr-defined]
    recalls = []
    for q in queries:
        s = matrix.matrix @ q
        top = matrix.ids[np.argpartition(-s, k)[:k]]
        truth = {hash_of[int(i)] for i in top}
        got = {found_hash[i] for i, _ in store.dense(embedder_id, q, k, Filters())}  # type: ignore[attr-defined]
        recalls.append(len(truth & got) / k)
    return float(np.mean(recalls))


def _postgres_disk(store: PostgresStore) -> dict[str, int]:
    """Bytes of the index's tables, of its postings and of its vector indexes."""
    rows = store.db.execute(
        "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n "
        "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i')"
    ).fetchall()
    sizes = dict((r[0], int(r[1])) for r in rows)
    tables = ("documents", "chunks", "lexemes", "chunk_communes", "vocabulary", "index_state")
    return {
        "total": sum(sizes.get(t, 0) for t in (*tables, "postings")),
        "vectors": sum(
            v for k, v in sizes.items() if k.startswith(("chunks_hnsw_", "chunks_ivf_"))
        ),
        "postings": sizes.get("postings", 0),
    }


def _disk(path: Path) -> int:
    """The SQLite file and any sidecar beside it."""
    total = 0
    for p in path.parent.glob(path.name + "*"):
        files = p.rglob("*") if p.is_dir() else [p]
        total += sum(f.stat().st_size for f in files if f.is_file())
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--piaf-index", type=Path, required=True)
    parser.add_argument("--dataset", type=Path, default=DEFAULT)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--build-only", action="store_true", help="build the indexes (PostgreSQL's too), no search"
    )
    parser.add_argument("--patch", action="store_true", help="also time a 20,000-chunk removal")
    parser.add_argument("--filtered", action="store_true", help="also time filtered searches")
    parser.add_argument("--ann", default="", help="sizes for the ANN comparison, e.g. 1000000")
    parser.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--postgres", default="", help="server URL (default: embedded)")
    parser.add_argument(
        "--compare",
        choices=("", "overlap"),
        default="",
        help="also time each engine with a variant, question by question in turn: `overlap` "
        "runs hybrid search's first stages in turn instead of side by side",
    )
    parser.add_argument(
        "--shared-buffers", default="", help="the embedded server's shared_buffers, e.g. 1GB"
    )
    parser.add_argument(
        "--engines",
        default="fts5+exact,tantivy+ivf",
        help="first stages to compare, lexical+dense (see CALANQUE_LEXICAL_INDEX/VECTOR_INDEX)",
    )
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="calanque-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    _, questions = load_squad(args.dataset)
    rng = np.random.default_rng(1)
    picked = rng.choice(len(questions), args.queries, replace=False)
    queries = [(questions[i][0], questions[i][1]) for i in picked]
    embedder = E5Embedder()
    if args.ann:
        base = SQLiteStore(args.piaf_index).vector_matrix(E5Embedder.embedder_id).matrix
        qv = np.stack([embedder.embed_query(q) for q, _ in queries])
        for size in (int(s) for s in args.ann.split(",")):
            for row in compare_ann(base, qv, size):
                print(json.dumps(row), flush=True)
        return
    if args.engine != "sqlite" and args.shared_buffers and not args.postgres:
        from pg import server_url

        server_url(None, work, args.shared_buffers)  # persisted in the data directory
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        path = work / f"scale-{size}.sqlite3"
        t = time.perf_counter()
        store = build(args.piaf_index, path, size)
        built = time.perf_counter() - t
        if args.build_only:
            print(f"{size:,} chunks built in {built:.0f} s, {path.stat().st_size / 1e6:.0f} MB")
            if args.engine != "sqlite":
                build_postgres(store, args.postgres, work, size).close()
            continue
        qv = np.stack([embedder.embed_query(q) for q, _ in queries])
        if args.engine != "sqlite":
            t = time.perf_counter()
            pg = build_postgres(store, args.postgres, work, size)
            pg_built = time.perf_counter() - t
            gc.collect()
            before = rss_mb()
            searcher = Searcher(pg, embedder)
            t = time.perf_counter()
            searcher.search("échauffement", k=1)
            load = time.perf_counter() - t
            ram = rss_mb() - before
            disk = _postgres_disk(pg)
            recall = dense_recall(pg, qv, store)
            for run, (variant, m) in (
                (run, item)
                for run in range(args.repeat)
                for item in latency(variants(searcher, args.compare), queries).items()
            ):
                row = {
                    "chunks": size,
                    "engine": f"postgres postings + {pg.stats()['vector_index']}" + variant,
                    "run": run,
                    "build s": round(pg_built, 1),
                    "first search s": round(load, 1),
                    "client RAM MB": round(ram),
                    "disk B/chunk": round(disk["total"] / size),
                    "vector index B/chunk": round(disk["vectors"] / size),
                    "postings B/chunk": round(disk["postings"] / size),
                    "dense recall@50": round(recall, 3),
                    **{k: round(v, 3 if k.startswith("R@") else 1) for k, v in m.items()},
                }
                print(json.dumps(row, ensure_ascii=False), flush=True)
                results.append(row)
            if args.filtered:
                print(
                    json.dumps(
                        {"chunks": size, "engine": "postgres", **filtered(searcher, queries)}
                    )
                )
            pg.close()
            del searcher, pg
        exact = store
        del store
        for engine in args.engines.split(",") if args.engine != "postgres" else ():
            lexical_index, vector_index = engine.split("+")
            gc.collect()
            before = rss_mb()
            t = time.perf_counter()
            store = SQLiteStore(path, lexical_index=lexical_index, vector_index=vector_index)
            searcher = Searcher(store, embedder)
            searcher.search("échauffement", k=1)  # loads the matrix or builds/loads the sidecars
            load = time.perf_counter() - t
            ram = rss_mb() - before
            for run, (variant, m) in (
                (run, item)
                for run in range(args.repeat)
                for item in latency(variants(searcher, args.compare), queries).items()
            ):
                row = {
                    "chunks": size,
                    "engine": engine + variant,
                    "run": run,
                    "build s": round(built, 1),
                    "first search s": round(load, 1),
                    "RAM MB": round(ram),
                    "RAM B/chunk": round(ram * 1e6 / size),
                    "disk B/chunk": round(_disk(path) / size),
                    "dense recall@50": round(dense_recall(store, qv, exact), 3),
                    **{k: round(v, 3 if k.startswith("R@") else 1) for k, v in m.items()},
                }
                print(json.dumps(row, ensure_ascii=False), flush=True)
                results.append(row)
            if args.filtered:
                print(json.dumps({"chunks": size, "engine": engine, **filtered(searcher, queries)}))
            if args.patch:
                print(json.dumps({"chunks": size, "engine": engine, **patch_cost(store)}))
            store.close()
            del searcher, store
        exact.close()
    print("max RSS MB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)


if __name__ == "__main__":
    main()
