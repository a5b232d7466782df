"""Stored events and the imports that brought them (tables diplomacy_events, diplomacy_event_imports)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, Float, ForeignKey, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from aigov.db.base import Base, UTCDateTime, utcnow

BigId = BigInteger().with_variant(Integer(), "sqlite")


class EventImport(Base):
    """One run of `aigov events import`: the file's name (not its path), format and counts."""

    __tablename__ = "diplomacy_event_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    file_format: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="running")  # running, done, failed
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(timezone=True))
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    stored: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    unresolved: Mapped[int] = mapped_column(Integer, default=0)
    seconds: Mapped[float | None] = mapped_column(Float)


class Event(Base):
    """One CAMEO-coded dyadic event, its actors resolved to ISO3 countries where the reference knows them.

    ``month`` is YYYYMM (an integer, so monthly dyad queries use one composite index on both backends).
    """

    __tablename__ = "diplomacy_events"
    __table_args__ = (
        Index("ix_diplomacy_events_dyad", "source_country", "target_country", "month"),
        Index("ix_diplomacy_events_target", "target_country", "month"),
        Index("ix_diplomacy_events_month", "month"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("diplomacy_event_imports.id", ondelete="SET NULL"), index=True
    )
    dedup_key: Mapped[str] = mapped_column(String(32), unique=True)
    source_format: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str | None] = mapped_column(String(64))
    event_date: Mapped[date] = mapped_column(Date)
    month: Mapped[int] = mapped_column(Integer)
    source_name: Mapped[str] = mapped_column(String(255), default="")
    source_country: Mapped[str | None] = mapped_column(String(3))
    target_name: Mapped[str] = mapped_column(String(255), default="")
    target_country: Mapped[str | None] = mapped_column(String(3))
    event_text: Mapped[str | None] = mapped_column(String(255))
    cameo_code: Mapped[str | None] = mapped_column(String(4))
    root_code: Mapped[str | None] = mapped_column(String(2))
    quad_class: Mapped[int | None] = mapped_column(SmallInteger)
    goldstein: Mapped[float | None] = mapped_column(Float)
    location: Mapped[str | None] = mapped_column(String(3))
    fatalities: Mapped[int | None] = mapped_column(Integer)
