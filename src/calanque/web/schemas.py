"""Request bodies of the API; limits here give clear 422 errors before any work is done."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from calanque.web.safety import Text

SQLITE_MAX_INT = 2**63 - 1
MAX_CHAT_MESSAGES = 40


class AskRequest(BaseModel):
    question: Text = Field(..., max_length=100_000, description="The question, in any language.")
    conversation_id: Text | None = Field(None, max_length=64, description="To ask a follow-up.")
    stream: bool = Field(False, description="Server-sent events instead of one JSON answer.")


class FeedbackRequest(BaseModel):
    turn_id: int = Field(..., ge=1, le=SQLITE_MAX_INT)
    conversation_id: Text = Field(
        ...,
        max_length=64,
        description="The conversation the turn belongs to (its secret id, as in the permalink).",
    )
    rating: Literal[-1, 1] = Field(..., description="1: useful, -1: not useful.")
    comment: Text = Field("", max_length=2000)


class ContentPart(BaseModel):
    """A part of a message's content; only `text` parts are read."""

    model_config = ConfigDict(extra="allow")

    type: Text = Field(..., max_length=40)
    text: Text | None = Field(None, max_length=100_000)


class ChatMessage(BaseModel):
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: (
        Annotated[Text, Field(max_length=100_000)]
        | Annotated[list[ContentPart], Field(max_length=50)]
        | None
    ) = None


class ChatRequest(BaseModel):
    model: Text = Field("calanque", max_length=100)
    messages: list[ChatMessage] = Field(
        ...,
        min_length=1,
        max_length=MAX_CHAT_MESSAGES,
        description="The conversation: the last user message is the question. At most "
        f"{MAX_CHAT_MESSAGES} messages; their characters add up to at most 16 questions' worth.",
    )
    stream: bool = False
