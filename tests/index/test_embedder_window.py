"""The bundled embedder reads at most its model's 512-token window, whatever the text's length:
embedding cost is per token, and a question limit counted in characters does not bound tokens
(2,000 CJK characters are 2,005 tokens)."""

from __future__ import annotations

import random

import numpy as np

from calanque.index.embedders import E5Embedder


def _cjk(n: int, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(n))


def test_text_past_the_window_changes_nothing(embedder: E5Embedder) -> None:
    head = _cjk(2000, 1)
    assert embedder.token_count(head) > 2 * 512
    for query in (True, False):
        longer = embedder.embed_batch([head + _cjk(3000, 2)], query=query)
        short = embedder.embed_batch([head], query=query)
        np.testing.assert_allclose(longer, short, atol=1e-6)


def test_fit_keeps_a_full_window(embedder: E5Embedder) -> None:
    text = _cjk(2000, 3)
    fitted = embedder.fit(text, query=True)
    assert text.startswith(fitted)
    assert embedder.window - 8 <= embedder.token_count(fitted, query=True) <= embedder.window
    short = "Où se baigner près de Martigues ?"
    assert embedder.fit(short, query=True) is short
    prose = "Le phare de Port-Lumière compte 248 marches. " * 40  # ~450 words, over the window
    fitted = embedder.fit(prose, query=False)
    assert len(fitted) < len(prose)
    assert embedder.token_count(fitted) <= embedder.window
