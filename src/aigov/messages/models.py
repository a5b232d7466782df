"""Messages: what citizens sent, through which channel, and what the analysis found."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aigov.db.base import Base, UTCDateTime, utcnow


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
    text: Mapped[str] = mapped_column(Text)
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
