"""`aigov ingest`-style bulk intake: counts, idempotency, bad rows reported by line."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from aigov.analysis.default import default_pipeline
from aigov.db.engine import session_factory
from aigov.messages.files import ColumnMap, FileFormatError
from aigov.messages.ingest import ingest_file
from aigov.messages.models import Message


def count(db) -> int:  # type: ignore[no-untyped-def]
    return db.scalar(select(func.count()).select_from(Message))


def run(path, **kwargs):  # type: ignore[no-untyped-def]
    return ingest_file(session_factory(), path, default_pipeline(), **kwargs)


def jsonl(*records: object) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n"


def test_jsonl_good_rows_land_bad_rows_are_reported_and_reimport_adds_nothing(db, tmp_file) -> None:
    path = tmp_file("messages.jsonl", jsonl(
        {"external_id": "1", "text": "Bakıda su yoxdur", "channel": "web"},
        {"external_id": "2", "text": "", "channel": "web"},
        "{not json",
        {"external_id": "3", "text": "Свет отключили в Шеки", "channel": "web"},
        ["a", "list"],
        {"external_id": "4", "text": 12345},
        {"external_id": "5", "text": "ok", "region": "narnia"},
        {"external_id": "1", "text": "Bakıda su yoxdur", "channel": "web"},
    ))
    report = run(path)
    assert (report.new, report.duplicate, report.rejected) == (2, 1, 5)
    assert [r.line for r in report.rejected_rows] == [2, 3, 5, 6, 7]
    assert "unknown" in report.rejected_rows[-1].reason or "region" in report.rejected_rows[-1].reason
    again = run(path)
    assert (again.new, again.duplicate) == (0, 3)
    assert count(db) == 2


def test_invalid_utf8_line_is_rejected_and_the_rest_lands(db, tmp_file) -> None:
    content = (
        json.dumps({"external_id": "a", "text": "Yol bərbad vəziyyətdədir"}).encode() + b"\n"
        + b'{"external_id": "b", "text": "\xff\xfe broken"}\n'
        + json.dumps({"external_id": "c", "text": "Nəqliyyat gecikir"}).encode() + b"\n"
    )
    report = run(tmp_file("mixed.jsonl", content))
    assert report.new == 2 and report.rejected == 1
    assert report.rejected_rows[0].line == 2 and "UTF-8" in report.rejected_rows[0].reason


def test_csv_with_custom_columns_multiline_text_and_no_ids(db, tmp_file) -> None:
    path = tmp_file("export.csv", (
        "post,when,place\n"
        '"Xəstəxanada növbə çox uzundur,\nhəkim yoxdur",2026-10-01T09:00:00+04:00,sheki_zagatala\n'
        "Məktəbdə müəllim çatışmır,2026-10-02T10:00:00Z,\n"
        "Məktəbdə müəllim çatışmır,2026-10-02T10:00:00Z,\n"
        "too,many,fields,here\n"
    ))
    columns = ColumnMap(text="post", received_at="when", region="place")
    report = run(path, columns=columns)
    assert (report.new, report.duplicate, report.rejected) == (2, 1, 1)
    assert report.rejected_rows[0].line == 6
    assert run(path, columns=columns).new == 0
    first = db.scalar(select(Message).where(Message.region == "sheki_zagatala"))
    assert first is not None and "həkim" in first.text
    assert first.received_at.isoformat().startswith("2026-10-01T05:00:00")


def test_whole_file_problems_are_clear_errors(db, tmp_file) -> None:
    with pytest.raises(FileFormatError, match="no 'text' column"):
        run(tmp_file("x.csv", "a,b\n1,2\n"))
    with pytest.raises(FileFormatError, match="JSON array"):
        run(tmp_file("x.json", '[{"text": "a"}]'))
    with pytest.raises(FileFormatError, match="empty"):
        run(tmp_file("empty.csv", ""))
    with pytest.raises(FileFormatError, match="no such file"):
        run(tmp_file("a.csv", "text\n").parent / "missing.csv")
    assert count(db) == 0


def test_rejection_reasons_never_quote_personal_data(db, tmp_file) -> None:
    phone = "+994 50 765 43 21"
    path = tmp_file("pii.jsonl", jsonl(
        {"external_id": "p", "text": "x" * 10_001 + phone},
        {"external_id": phone, "text": "ok", "channel": phone},
    ))
    report = run(path)
    assert report.rejected == 2
    assert all("765" not in row.reason for row in report.rejected_rows)
