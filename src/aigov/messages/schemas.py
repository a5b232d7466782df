"""Validated shapes of messages coming in and going out (shared by the API and file intake)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from aigov.config import get_settings
from aigov.privacy.schemas import ConsentIn

CHANNEL_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,31}$"
PHONE_REGION = "AZ"  # numbers written without a country code are read as Azerbaijani
# name@domain.tld: a shape check, not deliverability (letters of any script, a TLD of 2+ letters)
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"\\]{1,64}@(?:[^\W_](?:(?:[^\W_]|-)*[^\W_])?\.)+[^\W\d_]{2,63}$")


class SenderIn(BaseModel):
    """Who wrote, as far as they said (every field optional).

    Personal data: stored apart from the message, never shown back, and never echoed in errors.
    Neither a name nor any contact (phone, email, postal address) makes the appeal anonymous.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, hide_input_in_errors=True)

    name: str | None = Field(default=None, max_length=200, repr=False, description="Full name.")
    phone: str | None = Field(
        default=None, max_length=32, repr=False,
        description="Phone number; without a country code read as Azerbaijani. Stored as E.164.",
    )
    email: str | None = Field(default=None, max_length=254, repr=False, description="Email address.")
    address: str | None = Field(default=None, max_length=500, repr=False, description="Postal address.")

    @field_validator("name", "phone", "email", "address", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("name", "address")
    @classmethod
    def _printable(cls, value: str | None) -> str | None:
        if value is not None and not value.replace("\n", " ").isprintable():
            raise ValueError("must be printable text")
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        import phonenumbers  # only when a phone is given: keeps the import cost off the start-up path

        try:
            number = phonenumbers.parse(value, PHONE_REGION)
        except phonenumbers.NumberParseException:
            raise ValueError("is not a phone number") from None
        if not phonenumbers.is_valid_number(number):
            raise ValueError("is not a valid phone number (e.g. +994 50 123 45 67 or 050 123 45 67)")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not _EMAIL.match(value):
            raise ValueError("is not an email address (name@example.az)")
        local, domain = value.rsplit("@", 1)
        return f"{local}@{domain.lower()}"

    @property
    def has_contact(self) -> bool:
        """A way to answer: a phone, an email or a postal address."""
        return bool(self.phone or self.email or self.address)

    @property
    def anonymous(self) -> bool:
        """Neither a name nor any contact: under the law, a signal rather than a formal appeal."""
        return not (self.name or self.has_contact)


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
    sender: SenderIn | None = Field(
        default=None,
        description="Who wrote (optional, never shown back). Left out: the channel knows the sender and "
        "answers through it. Given with neither a name nor any contact: an anonymous appeal, kept as a "
        "signal with no deadline (Law on Citizens' Appeals).",
    )

    consent: ConsentIn | None = Field(
        default=None,
        description="What the citizen agreed to (optional): purposes, data, validity, third-party transfer. "
        "Left out: the channel's lawful basis and defaults apply (reference/consent.yaml).",
    )

    @property
    def anonymous(self) -> bool:
        return self.sender is not None and self.sender.anonymous

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
    has_contact: bool = Field(default=False, description="The citizen gave a phone, email or address "
                              "(the details themselves are never shown).")


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
