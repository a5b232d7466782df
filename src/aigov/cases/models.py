"""Cases (one problem, one or more messages), their status history and officers' routing corrections."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aigov.db.base import Base, UTCDateTime, utcnow


class Case(Base):
    """Accountable work on one citizen problem; its public reference is its first message's reference."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[str] = mapped_column(String(16), index=True, default="new")
    agency: Mapped[str | None] = mapped_column(String(48), nullable=True, index=True)
    topic: Mapped[str | None] = mapped_column(String(48), nullable=True, index=True)
    region: Mapped[str | None] = mapped_column(String(48), nullable=True, index=True)
    district: Mapped[str | None] = mapped_column(String(64), nullable=True)
    urgency: Mapped[str | None] = mapped_column(String(16), nullable=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)  # a signal, not a formal appeal
    extra_checking: Mapped[bool] = mapped_column(Boolean, default=False)  # 30 working days instead of 15
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    extended: Mapped[bool] = mapped_column(Boolean, default=False)
    extension_count: Mapped[int] = mapped_column(Integer, default=0)
    assigned_to: Mapped[str | None] = mapped_column(String(64), nullable=True)
    resolution_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The officer's answer to the citizen (public: the tracking page shows it); cases.answers
    public_answer: Mapped[str | None] = mapped_column(Text, nullable=True)
    public_answer_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    public_answer_by: Mapped[str | None] = mapped_column(String(64), nullable=True)  # never shown publicly
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class CaseEvent(Base):
    """One change of a case's status (or of its routing), with who did it, why and when."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    to_status: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RoutingCorrection(Base):
    """An officer's re-routing of a case: a labelled example for training the topic model."""

    __tablename__ = "routing_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), nullable=True, index=True
    )
    redacted_text: Mapped[str] = mapped_column(Text)
    old_topic: Mapped[str | None] = mapped_column(String(48), nullable=True)
    old_agency: Mapped[str | None] = mapped_column(String(48), nullable=True)
    new_topic: Mapped[str | None] = mapped_column(String(48), nullable=True)
    new_agency: Mapped[str | None] = mapped_column(String(48), nullable=True)
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
