"""Length-balanced batches: a permutation that evens out each core's text, same vectors."""

from __future__ import annotations

import numpy as np
import pytest

from calanque.index.embedders import E5Embedder, _balanced_order


@pytest.mark.parametrize("seed", range(10))
def test_balanced_order_is_a_permutation_with_even_blocks(seed: int) -> None:
    rng = np.random.default_rng(seed)
    lengths = rng.integers(10, 2000, size=int(rng.integers(3, 64))).tolist()
    for workers in (1, 2, 4):
        order = _balanced_order(lengths, workers)
        assert sorted(order) == list(range(len(lengths)))
        size = -(-len(lengths) // workers)
        loads = [sum(lengths[i] for i in order[s : s + size]) for s in range(0, len(order), size)]
        # greedy longest-first under equal block sizes: within two long texts of the mean
        assert max(loads) - sum(lengths) / len(loads) <= 2 * max(lengths)


def test_balanced_batches_give_the_same_vectors(embedder: E5Embedder) -> None:
    texts = [
        "Le phare.",
        "Le sentier de crête de la Roche-d'Azur fait une boucle de douze kilomètres au-dessus "
        "de la mer, avec trois points de vue et une source.",
        "Fromage de chèvre.",
        "The ridge trail loops for twelve kilometres above the sea.",
    ]
    plain = embedder.embed_passages(texts)
    workers = embedder.workers
    embedder.balance, embedder.workers = True, 2
    try:
        balanced = embedder.embed_passages(texts)
    finally:
        embedder.balance, embedder.workers = E5Embedder.balance, workers
    assert np.allclose(plain, balanced, atol=1e-5)
