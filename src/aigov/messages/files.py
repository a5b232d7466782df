"""Reading message files (CSV or JSONL) row by row, with line numbers and clear reasons."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

FileFormat = Literal["csv", "jsonl"]
MAX_FILE_BYTES = 2 * 1024**3
csv.field_size_limit(64 * 1024 * 1024)  # let the text-length check give the clear error


class FileFormatError(ValueError):
    """The file as a whole cannot be read (missing, wrong type, no text column...)."""


@dataclass
class ColumnMap:
    """Which column holds which field; the defaults fit aigov's own exports."""

    text: str = "text"
    external_id: str = "external_id"
    channel: str = "channel"
    received_at: str = "received_at"
    region: str = "region"
    default_channel: str = "import"

    def fields(self) -> dict[str, str]:
        return {
            "text": self.text,
            "external_id": self.external_id,
            "channel": self.channel,
            "received_at": self.received_at,
            "region": self.region,
        }


@dataclass
class Row:
    line: int
    values: dict[str, Any] | None = None
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def detect_format(path: Path) -> FileFormat:
    """By extension (.csv, .jsonl, .ndjson), else by the first non-blank byte."""
    suffix = path.suffix.lower()
    if suffix in {".csv", ".tsv"}:
        return "csv"
    if suffix in {".jsonl", ".ndjson"}:
        return "jsonl"
    with path.open("rb") as handle:
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"["):
        raise FileFormatError("this looks like a JSON array; aigov reads JSON Lines (one object per line)")
    if b"\x00" in head:
        raise FileFormatError("this looks like a binary file, not CSV or JSONL")
    return "csv"


def read_rows(path: Path, columns: ColumnMap, file_format: FileFormat | None = None) -> Iterator[Row]:
    """Yield each data row mapped to MessageIn's field names, or its line number and problem."""
    if not path.is_file():
        raise FileFormatError(f"no such file: {path.name}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise FileFormatError("file is larger than 2 GiB; split it")
    chosen = file_format or detect_format(path)
    if chosen == "jsonl":
        yield from _read_jsonl(path, columns)
    else:
        yield from _read_csv(path, columns)


def _map(record: dict[str, Any], columns: ColumnMap) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, column in columns.fields().items():
        value = record.get(column)
        if value is None or (isinstance(value, str) and value.strip() == "" and name != "text"):
            continue
        values[name] = value
    if isinstance(values.get("external_id"), int | float) and not isinstance(values.get("external_id"), bool):
        values["external_id"] = str(values["external_id"])
    values.setdefault("channel", columns.default_channel)
    return values


def _read_jsonl(path: Path, columns: ColumnMap) -> Iterator[Row]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                yield Row(number, error="not valid UTF-8")
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Row(number, error=f"not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(record, dict):
                yield Row(number, error="each line must be a JSON object")
                continue
            if columns.text not in record:
                yield Row(number, error=f"no '{columns.text}' field")
                continue
            yield Row(number, values=_map(record, columns))


def _read_csv(path: Path, columns: ColumnMap) -> Iterator[Row]:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig", errors="surrogateescape")
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise FileFormatError("the file is empty") from None
    header = [h.strip() for h in header]
    if columns.text not in header:
        raise FileFormatError(
            f"no '{columns.text}' column (columns found: {', '.join(header[:20])}); use --text-col"
        )
    line_before = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield Row(line_before + 1, error=f"malformed CSV ({exc})")
            break
        start_line, line_before = line_before + 1, reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue
        if any(_has_bad_bytes(c) for c in cells):
            yield Row(start_line, error="not valid UTF-8")
            continue
        if len(cells) != len(header):
            yield Row(start_line, error=f"has {len(cells)} fields, the header has {len(header)}")
            continue
        yield Row(start_line, values=_map(dict(zip(header, cells, strict=True)), columns))


def _has_bad_bytes(value: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in value)
