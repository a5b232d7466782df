"""Messages: what citizens sent, through which channel, and what the analysis found."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from aigov.db.base import Base, UTCDateTime, utcnow
from aigov.privacy.models import EncryptedColumns


class PipelineVersion(Base):
    """One version of the analysis pipeline: its stages and their versions, keyed by content hash."""

    __tablename__ = "pipeline_versions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    description: Mapped[dict[str, Any]] = mapped_column(JSON)
    first_used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    channel: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    redacted_text: Mapped[str] = mapped_column(Text, default="")
    script: Mapped[str | None] = mapped_column(String(10), nullable=True)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True, index=True)
    language_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    sentiment: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    sentiment_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    topic: Mapped[str | None] = mapped_column(String(48), nullable=True, index=True)
    topic_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    agency: Mapped[str | None] = mapped_column(String(48), nullable=True, index=True)
    urgency: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    urgency_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    region: Mapped[str | None] = mapped_column(String(48), nullable=True, index=True)
    district: Mapped[str | None] = mapped_column(String(64), nullable=True)
    region_source: Mapped[str | None] = mapped_column(String(16), nullable=True)  # intake or analysis
    entities: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    explanations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    analysis_version: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("pipeline_versions.id"), nullable=True
    )
    analysed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    case_id: Mapped[int | None] = mapped_column(  # the case this message belongs to (cases.service)
        ForeignKey("cases.id", ondelete="SET NULL"), nullable=True, index=True
    )
    # True when the citizen gave a phone, email or postal address (kept apart, in message_senders)
    has_contact: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    # The raw text is stored only encrypted (aigov.privacy: message_raw_texts); it is in memory while a
    # message is analysed at intake or loaded for re-analysis, and read otherwise through read_raw.
    @property
    def text(self) -> str:
        """The raw text while it is in memory, else the redacted text (never read from this table)."""
        raw = self.__dict__.get("_raw_text")
        return raw if raw is not None else (self.redacted_text or "")

    @text.setter
    def text(self, value: str | None) -> None:
        self.__dict__["_raw_text"] = value


class MessageSender(EncryptedColumns, Base):
    """Who sent a message, as far as they said: personal data, kept apart from the message.

    Never returned by any API, page, export or log: only ``messages.has_contact`` says that contact
    details exist.  Name, phone (E.164), email and address are one AES-GCM ciphertext (aigov.privacy);
    they are read only through ``aigov.privacy.service.read_sender``, which records the read.
    """

    __tablename__ = "message_senders"

    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )

    def __repr__(self) -> str:  # never the values, even in a debugger or a log line
        return f"MessageSender(message_id={self.message_id})"


class MessageLocation(Base):
    """Where the problem a message reports is (Open311's lat/long, address and photo link)."""

    __tablename__ = "message_locations"

    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    long: Mapped[float | None] = mapped_column(Float, nullable=True)
    address: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    media_url: Mapped[str | None] = mapped_column(String(2048), nullable=True)
