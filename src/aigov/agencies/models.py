"""Agencies: the public bodies that answer citizens' messages."""

from __future__ import annotations

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from aigov.db.base import Base


class Agency(Base):
    __tablename__ = "agencies"

    code: Mapped[str] = mapped_column(String(48), primary_key=True)
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
