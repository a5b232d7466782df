"""Validated shapes of messages coming in and going out (shared by the API and file intake)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from aigov.config import get_settings

CHANNEL_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,31}$"


class MessageIn(BaseModel):
    """A citizen message as a channel delivers it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str = Field(description="What the citizen wrote.", min_length=1)
    channel: str = Field(default="api", pattern=CHANNEL_PATTERN, description="Where it came from.")
    external_id: str | None = Field(
        default=None, min_length=1, max_length=128,
        description="The channel's own id; makes intake idempotent.",
    )
    received_at: datetime | None = Field(
        default=None, description="ISO 8601; a time without zone is read as UTC. Default: now."
    )
    region: str | None = Field(
        default=None, max_length=64,
        description="Economic region or district code, when the channel knows it.",
    )

    @field_validator("text")
    @classmethod
    def _text_not_too_long(cls, value: str) -> str:
        limit = get_settings().max_text_chars
        if len(value) > limit:
            raise ValueError(f"text is {len(value)} characters long; at most {limit} are accepted")
        if "\x00" in value:
            raise ValueError("text contains a NUL character")
        return value

    @field_validator("external_id")
    @classmethod
    def _printable_id(cls, value: str | None) -> str | None:
        if value is not None and not value.isprintable():
            raise ValueError("external_id must be printable text")
        return value

    @field_validator("received_at")
    @classmethod
    def _sane_time(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        if value > datetime.now(UTC) + timedelta(days=1):
            raise ValueError("received_at lies in the future")
        if value.year < 2000:
            raise ValueError("received_at is before 2000")
        return value


class MessageOut(BaseModel):
    """A stored message as the API shows it: redacted text only, never the raw text."""

    reference: str
    channel: str
    external_id: str
    received_at: datetime
    created_at: datetime
    redacted_text: str
    language: str | None
    language_confidence: float | None
    sentiment: str | None
    sentiment_score: float | None
    topic: str | None
    topic_confidence: float | None
    agency: str | None
    urgency: str | None
    urgency_reasons: list[str]
    region: str | None
    district: str | None
    personal_data_found: list[str] = Field(description="Types of personal data redacted, e.g. PHONE.")
    analysis_version: str | None
    explanations: dict[str, Any] | None = Field(default=None, description="Why, per stage (?explain=true).")
    duplicate: bool = Field(default=False, description="True when this external id was already stored.")


class MessagePage(BaseModel):
    total: int
    page: int
    page_size: int
    items: list[MessageOut]


class IntakeCounts(BaseModel):
    new: int = 0
    duplicate: int = 0
    rejected: int = 0


class RejectedRow(BaseModel):
    line: int
    reason: str


class IntakeReport(IntakeCounts):
    rejected_rows: list[RejectedRow] = Field(default_factory=list)


SortOrder = Literal["newest", "oldest"]
