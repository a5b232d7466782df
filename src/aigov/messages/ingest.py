"""Bulk intake of message files: validate each row, store the good ones, report the rest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker

from aigov.analysis.pipeline import Pipeline
from aigov.messages.errors import describe_validation_error
from aigov.messages.files import ColumnMap, FileFormat, Row, read_rows
from aigov.messages.schemas import IntakeReport, MessageIn, RejectedRow
from aigov.messages.service import IntakeError, check_region, intake

CHUNK_ROWS = 1000


def ingest_file(
    sessions: sessionmaker[Session],
    path: Path,
    pipeline: Pipeline,
    *,
    columns: ColumnMap | None = None,
    file_format: FileFormat | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> IntakeReport:
    """Read a CSV or JSONL file into the database, committing every chunk of rows.

    Raises FileFormatError when the file as a whole cannot be read; row problems are reported.
    """
    report = IntakeReport()
    chunk: list[tuple[int, MessageIn]] = []
    for row in read_rows(path, columns or ColumnMap(), file_format):
        validated = _validate(row, report)
        if validated is not None:
            chunk.append((row.line, validated))
        if on_progress:
            on_progress(1)
        if len(chunk) >= CHUNK_ROWS:
            _store(sessions, chunk, pipeline, report)
            chunk = []
    if chunk:
        _store(sessions, chunk, pipeline, report)
    report.rejected_rows.sort(key=lambda r: r.line)
    return report


def _validate(row: Row, report: IntakeReport) -> MessageIn | None:
    if row.error is not None:
        _reject(report, row.line, row.error)
        return None
    try:
        item = MessageIn.model_validate(row.values)
        check_region(item)
    except ValidationError as exc:
        _reject(report, row.line, describe_validation_error(exc))
        return None
    except IntakeError as exc:
        _reject(report, row.line, str(exc))
        return None
    return item


def _reject(report: IntakeReport, line: int, reason: str) -> None:
    report.rejected += 1
    report.rejected_rows.append(RejectedRow(line=line, reason=reason))


def _store(
    sessions: sessionmaker[Session],
    chunk: list[tuple[int, MessageIn]],
    pipeline: Pipeline,
    report: IntakeReport,
) -> None:
    with sessions() as session, session.begin():
        outcomes = intake(session, [item for _, item in chunk], pipeline)
    for outcome in outcomes:
        if outcome.status == "new":
            report.new += 1
        else:
            report.duplicate += 1
