"""The bundled embedder under concurrency: replicas give the same vectors as one model."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from calanque.index.embedders import E5Embedder


def test_concurrent_queries_match_sequential_ones() -> None:
    embedder = E5Embedder(replicas=2)
    questions = [f"Que visiter à la commune numéro {i} ?" for i in range(12)]
    sequential = np.stack([embedder.embed_batch([q], query=True)[0] for q in questions])
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = np.stack(
            list(pool.map(lambda q: embedder.embed_batch([q], query=True)[0], questions))
        )
    np.testing.assert_allclose(parallel, sequential, atol=1e-6)
    assert embedder._replicas == 2  # grew on demand, and no further
    norms = np.linalg.norm(embedder.embed_passages(["Le port de Marseille."]), axis=1)
    np.testing.assert_allclose(norms, 1.0, atol=1e-5)
