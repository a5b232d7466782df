"""Event files: format detection and one reader per format, each yielding :class:`RawEvent` rows.

Formats: ICEWS event files from the Harvard Dataverse (tab-separated, documented header), the ICEWS
knowledge-graph sample (source, event, target, date; with or without header), GDELT events (1.0's 57/58
or 2.0's 61 tab-separated columns, no header) and ACLED CSV exports (documented header).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal

Format = Literal["icews", "icews_kg", "gdelt", "acled"]
FORMATS: tuple[Format, ...] = ("icews", "icews_kg", "gdelt", "acled")
FORMAT_NAMES = {
    "icews": "ICEWS event file (Dataverse)",
    "icews_kg": "ICEWS knowledge-graph sample",
    "gdelt": "GDELT events export",
    "acled": "ACLED CSV export",
}
SNIFF_BYTES = 64 * 1024
MAX_FIELD = 1_000_000
MAX_NAME = 255
ICEWS_COLUMNS = ("event id", "event date", "source name", "event text", "target name")
ACLED_COLUMNS = ("event_id_cnty", "event_date", "event_type", "actor1")
GDELT_WIDTHS = (57, 58, 61)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
csv.field_size_limit(MAX_FIELD)


class EventFileError(ValueError):
    """The file cannot be read as any supported event format (a one-line reason for the user)."""


@dataclass
class RawEvent:
    """One row as read, before CAMEO coding and actor resolution; ``reject`` says why it cannot be used."""

    line: int
    key: str = ""  # what makes the event unique within its format (before hashing)
    external_id: str | None = None
    day: date | None = None
    source_name: str = ""
    source_code: str | None = None  # a country code the file gives for the source actor
    source_actor_code: str | None = None  # GDELT's CAMEO actor code ("AZEGOV", "COP")
    target_name: str = ""
    target_code: str | None = None
    target_actor_code: str | None = None
    event_text: str | None = None
    cameo_code: str | None = None
    goldstein: float | None = None
    location: str | None = None  # country (code or name) where it happened
    location_is_code: bool = False
    fatalities: int | None = None
    reject: str | None = None


def _head(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            raw = handle.read(SNIFF_BYTES)
    except IsADirectoryError:
        raise EventFileError(f"{path.name} is a directory, not an event file") from None
    except OSError as exc:
        raise EventFileError(f"cannot read {path.name}: {exc.strerror or type(exc).__name__}") from None
    if not raw.strip():
        raise EventFileError(f"{path.name} is empty")
    if b"\x00" in raw:
        raise EventFileError(f"{path.name} is a binary file, not a text event file")
    if len(raw) == SNIFF_BYTES:  # do not judge the encoding by a character cut in two
        raw = raw[: raw.rfind(b"\n") + 1] or raw
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EventFileError(f"{path.name} is not UTF-8 text") from None


def detect_format(path: Path) -> Format:
    """Which supported format a file is in, judged from its first lines; EventFileError if none."""
    lines = [line for line in _head(path).splitlines() if line.strip()][:20]
    first = lines[0]
    if "\t" in first:
        header = [cell.strip().strip('"').lower() for cell in first.split("\t")]
        if all(column in header for column in ICEWS_COLUMNS):
            return "icews"
        if header[:4] == ["source", "event", "target", "date"]:
            return "icews_kg"
        if header and header[0] in {"globaleventid", "global_event_id"}:
            return "gdelt"
        widths = {len(line.split("\t")) for line in lines}
        if widths <= set(GDELT_WIDTHS) and all(line.split("\t")[0].strip().isdigit() for line in lines):
            return "gdelt"
        if widths == {4} and all(_ISO_DATE.match(line.split("\t")[3].strip()) for line in lines):
            return "icews_kg"
    if "," in first or ";" in first:
        header = {cell.strip().lower() for cell in next(csv.reader([first]))}
        if all(column in header for column in ACLED_COLUMNS):
            return "acled"
        if all(column in header for column in ICEWS_COLUMNS):
            return "icews"
    raise EventFileError(
        f"{path.name}: unknown event file format; expected one of: " + ", ".join(FORMAT_NAMES.values())
    )


def _lines(path: Path) -> Iterator[str]:
    """The file's lines decoded as UTF-8; bytes that are not UTF-8 become U+FFFD (the row is rejected)."""
    with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as handle:
        yield from handle


def _clip(value: str | None) -> str:
    return (value or "").strip()[:MAX_NAME]


def _float(value: str | None) -> float | None:
    try:
        number = float(value) if value not in (None, "") else None
    except ValueError:
        return None
    return number if number is not None and -10.0 <= number <= 10.0 else None


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except ValueError:
        return None


def parse_day(value: str | None) -> date | None:
    """A date from the forms event files use: 2015-06-01, 20150601, 01 June 2015, 2015-06-01T00:00:00."""
    text = (value or "").strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%Y%m%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%m/%d/%Y", "%Y/%m/%d"):
        try:
            day = datetime.strptime(text[:10] if fmt == "%Y-%m-%d" else text, fmt).date()
        except ValueError:
            continue
        return day if 1900 <= day.year <= 2100 else None
    return None


def _check(event: RawEvent, *texts: str | None) -> RawEvent:
    if event.reject:
        return event
    if any(text and "\ufffd" in text for text in texts):
        event.reject = "the row is not valid UTF-8"
    elif event.day is None:
        event.reject = "missing or invalid date"
    elif not event.source_name and not event.target_name and not event.source_code and not event.target_code:
        event.reject = "no source or target actor"
    elif not event.event_text and not event.cameo_code:
        event.reject = "no event text or CAMEO code"
    return event


def read_icews(path: Path) -> Iterator[RawEvent]:
    """ICEWS Dataverse event files (tab-separated; comma-separated copies are read too)."""
    lines = _lines(path)
    first = next(lines, "")
    delimiter = "\t" if "\t" in first else ","
    header = [cell.strip().lower() for cell in next(csv.reader([first], delimiter=delimiter))]
    index = {name: i for i, name in enumerate(header)}
    missing = [c for c in ICEWS_COLUMNS if c not in index]
    if missing:
        raise EventFileError(f"{path.name}: ICEWS header lacks {', '.join(missing)}")

    def cell(row: list[str], name: str) -> str:
        i = index.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    for number, row in enumerate(csv.reader(lines, delimiter=delimiter), start=2):
        if not any(part.strip() for part in row):
            continue
        event_id, day = cell(row, "event id"), parse_day(cell(row, "event date"))
        event = RawEvent(
            line=number,
            key=f"{event_id}|{day}",
            external_id=event_id[:64] or None,
            day=day,
            source_name=_clip(cell(row, "source name")),
            target_name=_clip(cell(row, "target name")),
            source_code=cell(row, "source country") or None,
            target_code=cell(row, "target country") or None,
            event_text=_clip(cell(row, "event text")) or None,
            cameo_code=cell(row, "cameo code") or None,
            goldstein=_float(cell(row, "intensity")),
            location=cell(row, "country") or None,
        )
        if not event_id:
            event.reject = "missing Event ID"
        yield _check(event, *row)


def read_icews_kg(path: Path) -> Iterator[RawEvent]:
    """The ICEWS knowledge-graph sample: source, event text, target, date (header optional)."""
    for number, line in enumerate(_lines(path), start=1):
        if not line.strip():
            continue
        parts = line.rstrip("\r\n").split("\t")
        if number == 1 and [p.strip().lower() for p in parts[:4]] == ["source", "event", "target", "date"]:
            continue
        if len(parts) != 4:
            yield RawEvent(line=number, reject=f"expected 4 tab-separated columns, found {len(parts)}")
            continue
        source, text, target, when = (p.strip() for p in parts)
        day = parse_day(when)
        key = f"{day}|{source.casefold()}|{text.casefold()}|{target.casefold()}"
        event = RawEvent(
            line=number,
            key=key,
            day=day,
            source_name=_clip(source),
            target_name=_clip(target),
            event_text=_clip(text),
        )
        yield _check(event, line)


GDELT = {
    "id": 0,
    "day": 1,
    "a1code": 5,
    "a1name": 6,
    "a1country": 7,
    "a2code": 15,
    "a2name": 16,
    "a2country": 17,
    "code": 26,
    "goldstein": 30,
}


def _gdelt_country(country: str, code: str) -> str | None:
    """GDELT's actor country code, else the first three letters of the actor code when they are a country."""
    return country.strip() or (code.strip()[:3] if len(code.strip()) >= 3 else None) or None


def read_gdelt(path: Path) -> Iterator[RawEvent]:
    """GDELT event exports: 61 columns (2.0) or 57/58 (1.0), tab-separated, no header (one is skipped)."""
    for number, line in enumerate(_lines(path), start=1):
        if not line.strip():
            continue
        parts = line.rstrip("\r\n").split("\t")
        if number == 1 and parts[0].strip().lower() in {"globaleventid", "global_event_id"}:
            continue
        if len(parts) not in GDELT_WIDTHS:
            reason = f"expected 61 (or 57/58) tab-separated columns, found {len(parts)}"
            yield RawEvent(line=number, reject=reason)
            continue
        get = {name: parts[i].strip() for name, i in GDELT.items()}
        event = RawEvent(
            line=number,
            key=get["id"],
            external_id=get["id"][:64] or None,
            day=parse_day(get["day"]),
            source_name=_clip(get["a1name"]),
            target_name=_clip(get["a2name"]),
            source_code=_gdelt_country(get["a1country"], get["a1code"]),
            target_code=_gdelt_country(get["a2country"], get["a2code"]),
            source_actor_code=get["a1code"] or None,
            target_actor_code=get["a2code"] or None,
            cameo_code=get["code"] or None,
            goldstein=_float(get["goldstein"]),
        )
        if not get["id"].isdigit():
            event.reject = "GLOBALEVENTID is not a number"
        yield _check(event, line)


# ACLED event and sub-event types as the nearest CAMEO code.
ACLED_CAMEO = {
    "armed clash": "193",
    "government regains territory": "192",
    "non-state actor overtakes territory": "192",
    "chemical weapon": "2041",
    "air/drone strike": "195",
    "suicide bomb": "1831",
    "shelling/artillery/missile attack": "194",
    "remote explosive/landmine/ied": "1833",
    "grenade": "183",
    "sexual violence": "1821",
    "attack": "180",
    "abduction/forced disappearance": "181",
    "peaceful protest": "141",
    "protest with intervention": "141",
    "excessive force against protesters": "175",
    "violent demonstration": "145",
    "mob violence": "145",
    "agreement": "057",
    "arrests": "173",
    "change to group/activity": "010",
    "disrupted weapons use": "170",
    "headquarters or base established": "154",
    "looting/property destruction": "171",
    "non-violent transfer of territory": "192",
    "other": "010",
    "battles": "190",
    "explosions/remote violence": "183",
    "violence against civilians": "180",
    "protests": "141",
    "riots": "145",
    "strategic developments": "010",
}


def read_acled(path: Path) -> Iterator[RawEvent]:
    """ACLED CSV exports (header with event_id_cnty, event_date, event_type, actor1, actor2, country...)."""
    lines = _lines(path)
    first = next(lines, "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header = [cell.strip().lower() for cell in next(csv.reader([first], delimiter=delimiter))]
    index = {name: i for i, name in enumerate(header)}
    if not all(c in index for c in ACLED_COLUMNS):
        raise EventFileError(
            f"{path.name}: ACLED header lacks " + ", ".join(c for c in ACLED_COLUMNS if c not in index)
        )
    reader = csv.reader(lines, delimiter=delimiter)
    for row in reader:
        number = reader.line_num + 1

        def cell(name: str, row: list[str] = row) -> str:
            i = index.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""

        if not any(part.strip() for part in row):
            continue
        event_id = cell("event_id_cnty")
        sub_type, event_type = cell("sub_event_type"), cell("event_type")
        code = ACLED_CAMEO.get(sub_type.lower()) or ACLED_CAMEO.get(event_type.lower())
        iso3 = cell("iso3")
        event = RawEvent(
            line=number,
            key=event_id,
            external_id=event_id[:64] or None,
            day=parse_day(cell("event_date")),
            source_name=_clip(cell("actor1")),
            target_name=_clip(cell("actor2")),
            event_text=_clip(sub_type or event_type) or None,
            cameo_code=code,
            location=iso3 or cell("country") or None,
            location_is_code=bool(iso3),
            fatalities=_int(cell("fatalities")),
        )
        if not event_id:
            event.reject = "missing event_id_cnty"
        elif code is None:
            event.reject = "unknown ACLED event type"
        yield _check(event, *row)


READERS = {"icews": read_icews, "icews_kg": read_icews_kg, "gdelt": read_gdelt, "acled": read_acled}


def read_events(path: Path, file_format: Format | None = None) -> tuple[Format, Iterator[RawEvent]]:
    """The format (given or detected) and an iterator over the file's rows."""
    if file_format is None:
        file_format = detect_format(path)
    elif file_format not in READERS:
        raise EventFileError(f"unknown format {file_format!r}; use auto, " + ", ".join(FORMATS))
    else:
        _head(path)  # the same clear errors for empty, binary or non-UTF-8 files
    return file_format, READERS[file_format](path)
