"""Our retrieval side by side with peers, same process, same corpus, same questions, same embedder.

Peers: bm25s (BM25, French Snowball stems and stopwords) alone, and LlamaIndex's default hybrid
retriever — `QueryFusionRetriever` (reciprocal rerank, one query, no LLM) over its
`BM25Retriever` (French stemmer) and a `VectorStoreIndex` fed the very vectors of our index through
a LlamaIndex embedding class wrapping our e5 embedder. Needs `pip install 'calanque[bench]'` and the
PIAF index built by `bench/retrieval.py --workdir DIR`.

    python bench/peers.py --workdir DIR [--split report] [--english]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calanque.index.embedders import E5Embedder  # noqa: E402
from calanque.index.search import Searcher  # noqa: E402
from retrieval import (  # noqa: E402
    DEFAULT,
    ENGLISH,
    Question,
    build_index,
    english_questions,
    load_squad,
    split_questions,
)

Retrieve = Callable[[str], list[str]]  # question → paragraph uris, best first


def measure(retrieve: Retrieve, questions: list[Question]) -> dict[str, float]:
    ranks, latencies = [], []
    for question, uri, _ in questions:
        started = time.perf_counter()
        uris = list(dict.fromkeys(retrieve(question)))
        latencies.append(time.perf_counter() - started)
        ranks.append(uris.index(uri) + 1 if uri in uris else 0)
    r, ms = np.array(ranks), np.array(latencies) * 1000
    return {
        "R@1": float(np.mean(r == 1)),
        "R@10": float(np.mean((r >= 1) & (r <= 10))),
        "MRR@10": float(np.mean(np.where((r >= 1) & (r <= 10), 1.0 / np.maximum(r, 1), 0.0))),
        "p50 ms": float(np.percentile(ms, 50)),
        "p95 ms": float(np.percentile(ms, 95)),
    }


def bm25s_peer(texts: list[str], uris: list[str]) -> Retrieve:
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("french")
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(texts, stopwords="fr", stemmer=stemmer, show_progress=False))

    def retrieve(q: str) -> list[str]:
        tokens = bm25s.tokenize([q], stopwords="fr", stemmer=stemmer, show_progress=False)
        if not tokens.vocab:
            return []
        docs, _ = retriever.retrieve(tokens, k=10, show_progress=False)
        return [uris[i] for i in docs[0]]

    return retrieve


def llamaindex_peer(
    texts: list[str], uris: list[str], vectors: np.ndarray, embedder: E5Embedder
) -> Retrieve:
    import Stemmer
    from llama_index.core import VectorStoreIndex
    from llama_index.core.embeddings import BaseEmbedding
    from llama_index.core.llms import MockLLM
    from llama_index.core.retrievers import QueryFusionRetriever
    from llama_index.core.schema import TextNode
    from llama_index.retrievers.bm25 import BM25Retriever

    class E5(BaseEmbedding):
        """Our embedder behind LlamaIndex's interface (queries get e5's `query:` prefix)."""

        def _get_query_embedding(self, query: str) -> list[float]:
            return embedder.embed_query(query).tolist()

        def _get_text_embedding(self, text: str) -> list[float]:
            return embedder.embed_passages([text])[0].tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

    nodes = [
        TextNode(text=t, id_=u, embedding=v.tolist())
        for t, u, v in zip(texts, uris, vectors, strict=True)
    ]
    index = VectorStoreIndex(nodes, embed_model=E5())
    fusion = QueryFusionRetriever(
        [
            index.as_retriever(similarity_top_k=10),
            BM25Retriever.from_defaults(
                nodes=nodes, similarity_top_k=10, stemmer=Stemmer.Stemmer("french"), language="fr"
            ),
        ],
        llm=MockLLM(),  # never called with num_queries=1; avoids resolving OpenAI
        mode="reciprocal_rerank",
        similarity_top_k=10,
        num_queries=1,
        use_async=False,
    )
    return lambda q: [n.node.node_id for n in fusion.retrieve(q)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--split", default="report")
    parser.add_argument("--english", action="store_true")
    args = parser.parse_args()
    console = Console()
    docs, questions = load_squad(args.dataset)
    embedder = E5Embedder()
    store = build_index(docs, args.workdir, embedder)
    matrix = store.vector_matrix(embedder.embedder_id)
    chunks = store.chunks([int(i) for i in matrix.ids])
    uris = [chunks[int(i)].uri for i in matrix.ids]
    by_uri = {d.uri: d for d in docs}
    texts = [f"{by_uri[u].title}\n{by_uri[u].blocks[0].text}" for u in uris]

    ours = Searcher(store, embedder)
    ours.search("échauffement", k=1)
    systems: dict[str, Retrieve] = {
        "calanque hybrid + re-ranker": lambda q: [h.chunk.uri for h in ours.search(q, k=10)],
        "bm25s (fr stems)": bm25s_peer(texts, uris),
        "LlamaIndex BM25 + vector, RRF": llamaindex_peer(texts, uris, matrix.matrix, embedder),
    }
    sets = [(s, split_questions(questions, s)) for s in args.split.split(",")]
    if args.english:
        sets.append(("en-all", english_questions(ENGLISH, args.dataset)))
    table = Table("questions", "n", "system", "R@1", "R@10", "MRR@10", "p50 ms", "p95 ms")
    for name, qs in sets:
        for system, retrieve in systems.items():
            embedder._cache.clear()  # every system pays for its query embeddings
            m = measure(retrieve, qs)
            table.add_row(
                name,
                str(len(qs)),
                system,
                *(f"{m[c]:.3f}" for c in ("R@1", "R@10", "MRR@10")),
                f"{m['p50 ms']:.1f}",
                f"{m['p95 ms']:.1f}",
            )
    console.print(table)


if __name__ == "__main__":
    main()
