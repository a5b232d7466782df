"""`aigov events import`: read an event file, code and resolve each row, store new events in batches.

Each batch is committed on its own, so an interrupted import keeps what it stored; importing the same
file again stores nothing new (every row counts as a duplicate).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from aigov.db.base import utcnow
from aigov.diplomacy.actors import Resolver, resolver
from aigov.diplomacy.cameo import CameoCatalogue, catalogue
from aigov.diplomacy.events.coding import Coded, code_event
from aigov.diplomacy.events.formats import Format, RawEvent, read_events
from aigov.diplomacy.events.models import Event, EventImport

BATCH = 5000
KEY_CHUNK = 500
MAX_REJECTED_LISTED = 100
TOP_UNKNOWN = 100


@dataclass
class ImportReport:
    file_name: str
    file_format: str
    rows_read: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    unresolved: int = 0  # stored or duplicate events with at least one actor the reference does not know
    uncoded: int = 0  # events whose text or code matched no CAMEO entry
    unknown_actors: Counter[str] = field(default_factory=Counter)
    rejected_rows: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0
    import_id: int | None = None

    def as_dict(self, top: int = TOP_UNKNOWN) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "format": self.file_format,
            "read": self.rows_read,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "unresolved_events": self.unresolved,
            "uncoded_events": self.uncoded,
            "distinct_unknown_actors": len(self.unknown_actors),
            "top_unknown_actors": [{"name": n, "events": c} for n, c in self.unknown_actors.most_common(top)],
            "rejected_rows": [{"line": line, "reason": reason} for line, reason in self.rejected_rows],
            "seconds": round(self.seconds, 2),
            "import_id": self.import_id,
        }


def coded_rows(
    rows: Iterable[RawEvent],
    file_format: Format,
    report: ImportReport,
    *,
    cameo: CameoCatalogue | None = None,
    actors: Resolver | None = None,
) -> Iterable[Coded]:
    """Code every valid row, counting read and rejected rows and unknown actors into ``report``."""
    cameo = cameo or catalogue()
    actors = actors or resolver()
    for raw in rows:
        report.rows_read += 1
        if raw.reject:
            report.rejected += 1
            if len(report.rejected_rows) < MAX_REJECTED_LISTED:
                report.rejected_rows.append((raw.line, raw.reject))
            continue
        coded = code_event(raw, file_format, cameo, actors)
        unknown = coded.unresolved_names
        if unknown:
            report.unresolved += 1
            report.unknown_actors.update(unknown)
        if coded.row["quad_class"] is None:
            report.uncoded += 1
        yield coded


def _existing(session: Session, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), KEY_CHUNK):
        chunk = keys[start : start + KEY_CHUNK]
        found.update(session.scalars(select(Event.dedup_key).where(Event.dedup_key.in_(chunk))))
    return found


def _store(session: Session, batch: list[dict[str, Any]], import_id: int, report: ImportReport) -> None:
    unique: dict[str, dict[str, Any]] = {}
    for row in batch:
        if row["dedup_key"] in unique:
            report.duplicates += 1
        else:
            unique[row["dedup_key"]] = row
    known = _existing(session, list(unique))
    new = [{**row, "import_id": import_id} for key, row in unique.items() if key not in known]
    report.duplicates += len(unique) - len(new)
    if new:
        session.execute(insert(Event), new)
    report.stored += len(new)


def import_file(
    factory: sessionmaker[Session],
    path: Path,
    *,
    file_format: Format | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import one event file; the report says what was read, stored, duplicate, rejected and unresolved."""
    started = time.perf_counter()
    detected, rows = read_events(path, file_format)
    report = ImportReport(file_name=path.name[:255], file_format=detected)
    with factory() as session, session.begin():
        record = EventImport(
            file_name=report.file_name,
            file_format=detected,
            status="running",
            rows_read=0,
            stored=0,
            duplicates=0,
            rejected=0,
            unresolved=0,
        )
        session.add(record)
        session.flush()
        report.import_id = record.id
    status = "failed"
    try:
        batch: list[dict[str, Any]] = []
        for coded in coded_rows(rows, detected, report):
            batch.append(coded.row)
            if len(batch) >= BATCH:
                _commit(factory, batch, report, on_progress)
                batch = []
        if batch:
            _commit(factory, batch, report, on_progress)
        status = "done"
        _analyse(factory)
    finally:
        report.seconds = time.perf_counter() - started
        with factory() as session, session.begin():
            record = session.get(EventImport, report.import_id)
            if record is not None:
                record.status, record.finished_at, record.seconds = status, utcnow(), report.seconds
                record.rows_read, record.stored = report.rows_read, report.stored
                record.duplicates = report.duplicates
                record.rejected, record.unresolved = report.rejected, report.unresolved
    return report


def _analyse(factory: sessionmaker[Session]) -> None:
    """Refresh PostgreSQL's statistics after a bulk load, so dyad queries pick the dyad index at once."""
    with factory() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("ANALYZE diplomacy_events"))
            session.commit()


def _commit(
    factory: sessionmaker[Session],
    batch: list[dict[str, Any]],
    report: ImportReport,
    on_progress: Callable[[int], None] | None,
) -> None:
    assert report.import_id is not None
    with factory() as session, session.begin():
        _store(session, batch, report.import_id, report)
    if on_progress:
        on_progress(len(batch))
