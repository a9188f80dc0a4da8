"""A local GGUF model through llama-cpp-python (optional extra `calanque[local]`).

Building llama-cpp-python takes minutes, so it is not in the default install; the import happens
only when this backend is chosen, with a clear error when the extra is missing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from calanque.answer.backend import AnswerBackend, BackendError
from calanque.answer.prompt import fitted_messages
from calanque.answer.types import AnswerRequest


class LlamaCppBackend(AnswerBackend):
    backend_id = "llamacpp"
    uses_model = True
    max_tokens = 600

    def __init__(self, model_path: str, n_ctx: int = 4096) -> None:
        path = Path(model_path).expanduser()
        if not path.is_file():
            raise BackendError(f"GGUF model not found: {path} (set CALANQUE_LLAMACPP_MODEL)")
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise BackendError(
                "the llamacpp backend needs the optional extra: pip install 'calanque[local]'"
            ) from exc
        self._llm: Any = Llama(model_path=str(path), n_ctx=n_ctx, verbose=False)
        self._budget = n_ctx - self.max_tokens
        self._lock = threading.Lock()

    def _tokens(self, text: str) -> int:
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False))

    def write(self, request: AnswerRequest) -> Iterator[str]:
        with self._lock:  # one generation at a time on a CPU model
            try:
                stream = self._llm.create_chat_completion(
                    messages=fitted_messages(request, self._tokens, self._budget),
                    stream=True,
                    temperature=0.2,
                    max_tokens=self.max_tokens,
                )
                for event in stream:
                    delta = event["choices"][0]["delta"].get("content")
                    if delta:
                        yield delta
            except (RuntimeError, ValueError, KeyError) as exc:
                raise BackendError(f"local model failed: {exc}") from exc
