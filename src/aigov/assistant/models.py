"""Stored assistant state: conversations (short memory), handoffs to cases (with consent), imported
entries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aigov.db.base import Base, UTCDateTime, utcnow


class Conversation(Base):
    """One chat: its language, the citizen's profile, the topic talked about last and a few recent turns.

    The turns hold what the citizen typed (shown back only to the holder of the conversation's token);
    ``aigov assistant forget`` deletes conversations idle for longer than the retention period.
    """

    __tablename__ = "assistant_conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token: Mapped[str] = mapped_column(
        String(96), unique=True
    )  # random for the web; a keyed hash for Telegram
    channel: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8), default="az")
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    last_entry_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    last_question: Mapped[str | None] = mapped_column(Text, nullable=True)
    pending: Mapped[str | None] = mapped_column(String(16), nullable=True)  # "consent": a case was offered
    pending_text: Mapped[str | None] = mapped_column(Text, nullable=True)  # what would go into the case
    turns: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    turn_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Handoff(Base):
    """A conversation handed over to a case: the consent the citizen gave and the message it created."""

    __tablename__ = "assistant_handoffs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("assistant_conversations.id", ondelete="SET NULL"), nullable=True, index=True
    )
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL"), nullable=True, index=True
    )
    channel: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    consent: Mapped[bool] = mapped_column(Boolean)
    consent_text: Mapped[str] = mapped_column(Text)  # the words the citizen agreed to (or declined)
    reference: Mapped[str | None] = mapped_column(String(16), nullable=True)  # the case's tracking reference
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ImportedEntry(Base):
    """A knowledge-base entry an agency loaded from its own catalogue (``aigov assistant kb import``)."""

    __tablename__ = "assistant_kb_entries"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    origin: Mapped[str] = mapped_column(String(255))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
