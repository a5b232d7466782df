"""Azerbaijan's economic regions (2021) and their districts."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from aigov.db.base import Base


class EconomicRegion(Base):
    __tablename__ = "economic_regions"

    code: Mapped[str] = mapped_column(String(48), primary_key=True)
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)


class District(Base):
    __tablename__ = "districts"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    region_code: Mapped[str] = mapped_column(
        String(48), ForeignKey("economic_regions.code", ondelete="CASCADE"), index=True
    )
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
