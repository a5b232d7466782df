"""Topics: the taxonomy that maps what a message is about to the agency responsible."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from aigov.db.base import Base


class Topic(Base):
    __tablename__ = "topics"

    code: Mapped[str] = mapped_column(String(48), primary_key=True)
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    agency_code: Mapped[str | None] = mapped_column(
        String(48), ForeignKey("agencies.code", ondelete="SET NULL"), nullable=True
    )
