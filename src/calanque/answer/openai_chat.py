"""Any OpenAI-compatible chat server (OpenAI, Mistral, vLLM, Ollama, llama.cpp server) via `openai`.

No retries: a visitor is waiting, and the answerer has a fallback that answers at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import cast

import httpx
import openai
from openai.types.chat import ChatCompletionChunk

from calanque.answer.backend import AnswerBackend, BackendError
from calanque.answer.prompt import build_messages, fitted_messages, rewrite_messages
from calanque.answer.types import AnswerRequest


class OpenAIChatBackend(AnswerBackend):
    backend_id = "openai"
    uses_model = True
    max_tokens = 900

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str = "",
        timeout: float = 20.0,
        *,
        context: int = 0,
    ) -> None:
        self.model = model
        self.context = context  # the model's window in tokens; 0: no trimming
        self._client = openai.OpenAI(
            base_url=base_url or None,
            api_key=api_key or "unused",
            timeout=httpx.Timeout(timeout, connect=min(5.0, timeout)),  # type: ignore[arg-type]
            max_retries=0,
        )

    def write(self, request: AnswerRequest) -> Iterator[str]:
        produced = False
        # No tokenizer for a remote model: three characters a token errs on the safe side for
        # French and English.
        budget = self.context - self.max_tokens
        messages = (
            fitted_messages(request, lambda text: len(text) // 3 + 1, budget)
            if self.context
            else build_messages(request)
        )
        try:
            stream = self._client.chat.completions.create(
                model=self.model,
                messages=messages,  # type: ignore[arg-type]
                stream=True,
                temperature=0.2,
                max_tokens=self.max_tokens,
            )
            # the stubs type a stream's items loosely; a chat stream yields chunks
            for event in cast(Iterable[ChatCompletionChunk], stream):
                if not event.choices:
                    continue
                delta = event.choices[0].delta.content
                if delta:
                    produced = True
                    yield delta
        except (openai.OpenAIError, httpx.HTTPError, ValueError) as exc:
            raise BackendError(f"{type(exc).__name__}: {exc}") from exc
        if not produced:
            raise BackendError("the chat server returned an empty answer")

    def rewrite_query(self, question: str, history: list[str]) -> str | None:
        try:
            response = self._client.chat.completions.create(
                model=self.model,
                messages=rewrite_messages(question, history),  # type: ignore[arg-type]
                temperature=0.0,
                max_tokens=60,
            )
        except (openai.OpenAIError, httpx.HTTPError, ValueError):
            return None
        text = (response.choices[0].message.content or "").strip() if response.choices else ""
        return text.splitlines()[0][:300] if text else None
