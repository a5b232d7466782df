"""Questions about stored events: what is there, from which imports."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aigov.diplomacy.events.models import Event, EventImport


def _month(value: int | None) -> str | None:
    return None if value is None else f"{value // 100:04d}-{value % 100:02d}"


def status(session: Session, *, imports: int = 10) -> dict[str, Any]:
    """Events stored, per format, the months covered and the latest imports."""
    total, first, last = session.execute(
        select(func.count(Event.id), func.min(Event.month), func.max(Event.month))
    ).one()
    by_format = dict(
        session.execute(
            select(Event.source_format, func.count())
            .group_by(Event.source_format)
            .order_by(Event.source_format)
        ).all()
    )
    recent = session.scalars(select(EventImport).order_by(EventImport.id.desc()).limit(imports)).all()
    return {
        "events": int(total),
        "first_month": _month(first),
        "last_month": _month(last),
        "by_format": {k: int(v) for k, v in by_format.items()},
        "imports": [
            {
                "id": i.id,
                "file": i.file_name,
                "format": i.file_format,
                "status": i.status,
                "read": i.rows_read,
                "stored": i.stored,
                "duplicates": i.duplicates,
                "rejected": i.rejected,
                "unresolved": i.unresolved,
                "seconds": i.seconds,
                "started_at": i.started_at.isoformat() if i.started_at else None,
            }
            for i in recent
        ],
    }
