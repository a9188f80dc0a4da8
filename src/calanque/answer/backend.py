"""The answer-writing protocol: a backend turns an `AnswerRequest` into streamed text.

Backends declare what they are in class attributes and implement one method, `write`. Failures
raise `BackendError`, which the answerer turns into the extractive fallback with a notice.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator

from calanque.answer.types import AnswerRequest
from calanque.errors import CalanqueError


class BackendError(CalanqueError, RuntimeError):
    """The backend could not answer (timeout, dead server, malformed or empty output)."""


class AnswerBackend(ABC):
    backend_id: str = "abstract"
    uses_model: bool = False

    @abstractmethod
    def write(self, request: AnswerRequest) -> Iterator[str]:
        """Stream the answer, citing sources as `[n]`, in `request.lang`."""

    def rewrite_query(self, question: str, history: list[str]) -> str | None:
        """A standalone version of a follow-up question, or None if this backend cannot."""
        return None
