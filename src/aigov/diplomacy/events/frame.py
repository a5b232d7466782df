"""Events as numpy columns (month, source and target country, QuadClass, Goldstein) for aggregation.

Built from stored events or straight from files (the backtest reads files without a database).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.diplomacy.events.formats import Format, read_events
from aigov.diplomacy.events.ingest import ImportReport, coded_rows
from aigov.diplomacy.events.models import Event

Row = tuple[int, str | None, str | None, int | None, float | None]


def month_index(yyyymm: int) -> int:
    """YYYYMM as a count of months (so consecutive months differ by one)."""
    return (yyyymm // 100) * 12 + (yyyymm % 100 - 1)


def month_label(index: int) -> str:
    """A month count as 'YYYY-MM'."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def parse_month(text: str) -> int:
    """'YYYY-MM' (or YYYY-MM-DD) as a month count; ValueError otherwise."""
    value = (text or "").strip()
    if len(value) < 7 or value[4] != "-" or not value[:4].isdigit() or not value[5:7].isdigit():
        raise ValueError(f"{text!r} is not a month (YYYY-MM)")
    year, month = int(value[:4]), int(value[5:7])
    if not 1 <= month <= 12 or not 1900 <= year <= 2100:
        raise ValueError(f"{text!r} is not a month (YYYY-MM)")
    return year * 12 + month - 1


@dataclass
class EventFrame:
    """One row per event: month count, country indices into ``countries`` (-1: none), QuadClass (0: none)."""

    month: np.ndarray
    source: np.ndarray
    target: np.ndarray
    quad: np.ndarray
    goldstein: np.ndarray
    countries: list[str]

    def __len__(self) -> int:
        return len(self.month)

    @classmethod
    def from_rows(cls, rows: Iterable[Row]) -> EventFrame:
        """Rows of (YYYYMM, source ISO3, target ISO3, QuadClass, Goldstein)."""
        codes: dict[str, int] = {}
        months, sources, targets, quads, scores = [], [], [], [], []
        for yyyymm, source, target, quad, goldstein in rows:
            months.append(month_index(int(yyyymm)))
            sources.append(codes.setdefault(source, len(codes)) if source else -1)
            targets.append(codes.setdefault(target, len(codes)) if target else -1)
            quads.append(int(quad) if quad else 0)
            scores.append(np.nan if goldstein is None else float(goldstein))
        return cls(
            np.asarray(months, dtype=np.int32),
            np.asarray(sources, dtype=np.int32),
            np.asarray(targets, dtype=np.int32),
            np.asarray(quads, dtype=np.int8),
            np.asarray(scores, dtype=np.float32),
            list(codes),
        )


def frame_from_files(
    paths: Sequence[Path], file_format: Format | None = None
) -> tuple[EventFrame, list[ImportReport]]:
    """Read, code and deduplicate event files in memory (as an import would, without storing anything)."""
    seen: set[str] = set()
    reports: list[ImportReport] = []
    rows: list[Row] = []
    for path in paths:
        detected, raw_rows = read_events(path, file_format)
        report = ImportReport(file_name=path.name, file_format=detected)
        for coded in coded_rows(raw_rows, detected, report):
            row = coded.row
            if row["dedup_key"] in seen:
                report.duplicates += 1
                continue
            seen.add(row["dedup_key"])
            report.stored += 1
            rows.append(
                (
                    row["month"],
                    row["source_country"],
                    row["target_country"],
                    row["quad_class"],
                    row["goldstein"],
                )
            )
        reports.append(report)
    return EventFrame.from_rows(rows), reports


def frame_from_db(session: Session) -> EventFrame:
    """Every stored event with at least one actor placed in a country."""
    columns = (Event.month, Event.source_country, Event.target_country, Event.quad_class, Event.goldstein)
    query = select(*columns).where((Event.source_country.is_not(None)) | (Event.target_country.is_not(None)))
    return EventFrame.from_rows(tuple(row) for row in session.execute(query))
