"""Request bodies of the API; limits here give clear 422 errors before any work is done."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class AskRequest(BaseModel):
    question: str = Field(..., max_length=100_000, description="The question, in any language.")
    conversation_id: str | None = Field(None, max_length=64, description="To ask a follow-up.")
    stream: bool = Field(False, description="Server-sent events instead of one JSON answer.")


class FeedbackRequest(BaseModel):
    turn_id: int = Field(..., ge=1)
    rating: Literal[-1, 1] = Field(..., description="1: useful, -1: not useful.")
    comment: str = Field("", max_length=2000)


class ChatMessage(BaseModel):
    role: str = Field(..., max_length=20)
    content: str | list[dict[str, object]] | None = None


class ChatRequest(BaseModel):
    model: str = Field("calanque", max_length=100)
    messages: list[ChatMessage] = Field(..., min_length=1, max_length=100)
    stream: bool = False
