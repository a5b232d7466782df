"""The knowledge base: public services as Markdown files with YAML front matter, or rows of a CSV catalogue.

A Markdown entry looks like this (every language section is optional, ``id`` and a title are not)::

    ---
    id: id-card
    title: {az: Şəxsiyyət vəsiqəsi, ru: Удостоверение личности, en: Identity card}
    agency: asan
    fees: [{amount: "5 AZN", when: {az: "10 gün", ru: "10 дней", en: "within 10 days"}}]
    documents: {az: [...], ru: [...], en: [...]}
    duration: {az: ..., ru: ..., en: ...}
    channels: [asan_xidmet, e_gov]
    eligibility: {programme: false, all: [{field: age, min: 16}]}
    source: https://...
    last_reviewed: 2026-11-26
    verified: false
    ---
    ## az
    Text in Azerbaijani.
    ## ru
    ...

The starter knowledge base of the project lives in ``kb/`` beside this module.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

LANGUAGES: tuple[str, ...] = ("az", "ru", "en")
STARTER_DIR = Path(__file__).with_name("kb")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_FIELD_CHARS = 20_000
MAX_ROWS = 200_000
_SECTION = re.compile(r"^##\s+(az|ru|en)\s*$", re.MULTILINE)
PROFILE_FIELDS = (
    "age",
    "region",
    "children",
    "youngest_child_age",
    "household_size",
    "low_income",
    "employment",
    "disability",
    "pensioner",
)
RULE_OPS = ("min", "max", "in", "eq")


class KBError(ValueError):
    """A knowledge-base file or row that cannot be used; the message says which and why."""


@dataclass
class Fee:
    amount: str
    when: dict[str, str] = field(default_factory=dict)


@dataclass
class Entry:
    """One service or programme."""

    id: str
    title: dict[str, str]
    body: dict[str, str] = field(default_factory=dict)
    keywords: dict[str, list[str]] = field(default_factory=dict)
    agency: str | None = None
    fees: list[Fee] = field(default_factory=list)
    documents: dict[str, list[str]] = field(default_factory=dict)
    duration: dict[str, str] = field(default_factory=dict)
    channels: list[str] = field(default_factory=list)
    eligibility: dict[str, Any] = field(default_factory=dict)
    source: str | None = None
    last_reviewed: str | None = None
    verified: bool = False
    origin: str = "starter"  # starter, a directory, or the CSV file it was imported from

    @property
    def languages(self) -> list[str]:
        return [lang for lang in LANGUAGES if self.title.get(lang) or self.body.get(lang)] or ["en"]

    @property
    def is_programme(self) -> bool:
        """A benefit or programme a citizen may qualify for (listed by "which benefits can I get?")."""
        return bool(self.eligibility.get("programme"))

    def title_in(self, language: str) -> str:
        return self.title.get(language) or next((t for t in self.title.values() if t), self.id)

    def text_in(self, language: str) -> str:
        return self.body.get(language) or ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "body": self.body,
            "keywords": self.keywords,
            "agency": self.agency,
            "fees": [{"amount": f.amount, "when": f.when} for f in self.fees],
            "documents": self.documents,
            "duration": self.duration,
            "channels": self.channels,
            "eligibility": self.eligibility,
            "source": self.source,
            "last_reviewed": self.last_reviewed,
            "verified": self.verified,
            "origin": self.origin,
        }


# --- building and checking entries ----------------------------------------------------------------------


def _per_language(value: Any, what: str, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"en": _text(value, what, where)}
    if not isinstance(value, Mapping):
        raise KBError(f"{where}: {what} must be a text or a mapping of az/ru/en to texts")
    out = {}
    for lang, text in value.items():
        if lang not in LANGUAGES:
            raise KBError(f"{where}: {what} has an unknown language {str(lang)[:8]!r} (az, ru or en)")
        if text is not None:
            out[lang] = _text(text, what, where)
    return out


def _text(value: Any, what: str, where: str) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise KBError(f"{where}: {what} must be text")
    value = value.strip()
    if len(value) > MAX_FIELD_CHARS:
        raise KBError(f"{where}: {what} is longer than {MAX_FIELD_CHARS} characters")
    if "\x00" in value:
        raise KBError(f"{where}: {what} contains a NUL character")
    return value


def _lists(value: Any, what: str, where: str) -> dict[str, list[str]]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise KBError(f"{where}: {what} must map az/ru/en to lists of texts")
    out: dict[str, list[str]] = {}
    for lang, items in value.items():
        if lang not in LANGUAGES:
            raise KBError(f"{where}: {what} has an unknown language {str(lang)[:8]!r}")
        if not isinstance(items, list):
            raise KBError(f"{where}: {what}.{lang} must be a list")
        out[lang] = [_text(item, what, where) for item in items]
    return out


def check_rules(eligibility: Any, where: str) -> dict[str, Any]:
    """Validate eligibility rules: {programme: bool, all: [rule...], any: [rule...]}."""
    if eligibility is None:
        return {}
    if not isinstance(eligibility, Mapping):
        raise KBError(f"{where}: eligibility must be a mapping")
    unknown = set(eligibility) - {"programme", "all", "any"}
    if unknown:
        raise KBError(f"{where}: eligibility has unknown keys: {', '.join(sorted(map(str, unknown)))}")
    for group in ("all", "any"):
        for rule in eligibility.get(group) or []:
            if not isinstance(rule, Mapping) or rule.get("field") not in PROFILE_FIELDS:
                raise KBError(
                    f"{where}: each eligibility rule needs a field among {', '.join(PROFILE_FIELDS)}"
                )
            if not any(op in rule for op in RULE_OPS) or set(rule) - {"field", *RULE_OPS}:
                raise KBError(f"{where}: an eligibility rule on {rule['field']} needs one of {RULE_OPS}")
    return dict(eligibility)


def entry_from_mapping(meta: Mapping[str, Any], body: dict[str, str], *, where: str, origin: str) -> Entry:
    raw_id = meta.get("id")
    if raw_id is None or not ID_PATTERN.match(str(raw_id)):
        raise KBError(f"{where}: needs an id of letters, digits and _.:- (at most 128 characters)")
    title = _per_language(meta.get("title"), "title", where)
    if not any(title.values()):
        raise KBError(f"{where}: needs a title")
    fees = []
    for fee in meta.get("fees") or []:
        if not isinstance(fee, Mapping) or "amount" not in fee:
            raise KBError(f"{where}: each fee needs an amount")
        fees.append(
            Fee(
                amount=_text(fee["amount"], "fee amount", where),
                when=_per_language(fee.get("when"), "fee condition", where),
            )
        )
    channels = meta.get("channels") or []
    if not isinstance(channels, list):
        raise KBError(f"{where}: channels must be a list")
    keywords = meta.get("keywords")
    reviewed = meta.get("last_reviewed")
    return Entry(
        id=str(raw_id),
        title=title,
        body=body,
        keywords=_lists(keywords, "keywords", where) if isinstance(keywords, Mapping) else {},
        agency=str(meta["agency"]) if meta.get("agency") else None,
        fees=fees,
        documents=_lists(meta.get("documents"), "documents", where),
        duration=_per_language(meta.get("duration"), "duration", where),
        channels=[str(c) for c in channels],
        eligibility=check_rules(meta.get("eligibility"), where),
        source=str(meta["source"]) if meta.get("source") else None,
        last_reviewed=reviewed.isoformat()
        if isinstance(reviewed, date)
        else (str(reviewed) if reviewed else None),
        verified=bool(meta.get("verified", False)),
        origin=origin,
    )


def parse_markdown(text: str, *, where: str, origin: str) -> Entry:
    """One entry from a Markdown file with front matter."""
    if not text.startswith("---"):
        raise KBError(f"{where}: must start with YAML front matter between --- lines")
    parts = text.split("\n---", 1)
    if len(parts) != 2:
        raise KBError(f"{where}: the front matter is not closed by a --- line")
    try:
        meta = yaml.safe_load(parts[0][3:])
    except yaml.YAMLError:
        raise KBError(f"{where}: the front matter is not valid YAML") from None
    if not isinstance(meta, Mapping):
        raise KBError(f"{where}: the front matter must be a mapping")
    rest = parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
    return entry_from_mapping(meta, split_sections(rest), where=where, origin=origin)


def split_sections(markdown: str) -> dict[str, str]:
    """``## az`` / ``## ru`` / ``## en`` sections; text before any heading is English."""
    sections: dict[str, str] = {}
    matches = list(_SECTION.finditer(markdown))
    head = markdown[: matches[0].start()] if matches else markdown
    if head.strip():
        sections["en"] = head.strip()
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(markdown)
        text = markdown[match.end() : end].strip()
        if text:
            sections[match.group(1)] = text
    return sections


def load_directory(directory: Path, *, origin: str | None = None) -> list[Entry]:
    """Every ``*.md`` entry under ``directory`` (sorted by path); ids must be unique."""
    if not directory.is_dir():
        raise KBError(f"{directory}: not a directory")
    entries = []
    for path in sorted(directory.rglob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        text = _read_text(path)
        entries.append(parse_markdown(text, where=path.name, origin=origin or str(directory)))
    _check_unique(entries)
    if not entries:
        raise KBError(f"{directory}: holds no Markdown entries")
    return entries


def _check_unique(entries: Iterable[Entry]) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise KBError(f"the id {entry.id!r} is used by more than one entry")
        seen.add(entry.id)


def starter_entries() -> list[Entry]:
    """The project's own starter knowledge base (packaged)."""
    return load_directory(STARTER_DIR, origin="starter")


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        raise KBError(f"{path.name}: cannot be read") from None
    if size > MAX_FILE_BYTES:
        raise KBError(f"{path.name}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return decode(path.read_bytes(), path.name)


def decode(data: bytes, where: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused with a clear message."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise KBError(f"{where}: not valid UTF-16 text") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KBError(
            f"{where}: not UTF-8 text (first bad byte at offset {exc.start}); save it as UTF-8 and try again"
        ) from None


# --- CSV catalogues ------------------------------------------------------------------------------------


@dataclass
class CsvColumns:
    """Which CSV columns hold what (id and title are required; the others may be left out)."""

    id: str = "id"
    title: str = "title"
    body: str | None = None
    language: str | None = None  # a column naming each row's language (az/ru/en)
    agency: str | None = None
    source: str | None = None
    default_language: str = "en"


@dataclass
class CsvReport:
    entries: list[Entry]
    rejected: list[tuple[int, str]]  # (line, reason)


def read_csv(path: Path, columns: CsvColumns) -> CsvReport:
    """Entries from a CSV catalogue: one row per service (rows of one id in several languages merge)."""
    if not path.is_file():
        raise KBError(f"{path.name}: no such file")
    text = _read_text(path)
    return parse_csv(text, columns, where=path.name)


def parse_csv(text: str, columns: CsvColumns, *, where: str) -> CsvReport:
    if columns.default_language not in LANGUAGES:
        raise KBError("--language must be az, ru or en")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    header = reader.fieldnames or []
    if not header:
        raise KBError(f"{where}: the file is empty")
    wanted = {
        "--id-col": columns.id,
        "--title-col": columns.title,
        "--body-col": columns.body,
        "--lang-col": columns.language,
        "--agency-col": columns.agency,
        "--source-col": columns.source,
    }
    missing = [f"{option} {name!r}" for option, name in wanted.items() if name and name not in header]
    if missing:
        shown = ", ".join(h[:40] for h in header[:20])
        raise KBError(f"{where}: no column for {', '.join(missing)}; the columns are: {shown}")
    merged: dict[str, Entry] = {}
    rejected: list[tuple[int, str]] = []
    try:
        for number, row in enumerate(reader, start=2):
            if number > MAX_ROWS + 1:
                raise KBError(f"{where}: more than {MAX_ROWS} rows")
            problem = _csv_row(row, columns, merged, where=where)
            if problem:
                rejected.append((number, problem))
    except csv.Error as exc:
        raise KBError(f"{where}: not a readable CSV file ({exc})") from None
    return CsvReport(entries=list(merged.values()), rejected=rejected)


def _csv_row(row: dict[str, Any], columns: CsvColumns, merged: dict[str, Entry], *, where: str) -> str | None:
    if None in row:
        return "more fields than the header has"
    raw_id = (row.get(columns.id) or "").strip()
    title = (row.get(columns.title) or "").strip()
    if not raw_id or not ID_PATTERN.match(raw_id):
        return "no usable id (letters, digits and _.:- only)"
    if not title:
        return "no title"
    language = columns.default_language
    if columns.language:
        language = (row.get(columns.language) or "").strip().lower()[:2]
        if language not in LANGUAGES:
            return "the language is not az, ru or en"
    body = (row.get(columns.body) or "").strip() if columns.body else ""
    if len(title) > MAX_FIELD_CHARS or len(body) > MAX_FIELD_CHARS:
        return f"a field is longer than {MAX_FIELD_CHARS} characters"
    if "\x00" in title or "\x00" in body:
        return "a field contains a NUL character"
    entry = merged.get(raw_id)
    if entry is None:
        entry = merged[raw_id] = Entry(id=raw_id, title={}, origin=where)
    elif language in entry.title:
        return f"the id is repeated for the same language ({language})"
    entry.title[language] = title
    if body:
        entry.body[language] = body
    if columns.agency and row.get(columns.agency):
        entry.agency = row[columns.agency].strip()[:64]
    if columns.source and row.get(columns.source):
        entry.source = row[columns.source].strip()[:2000]
    return None


def load_any(path: Path, columns: CsvColumns | None = None) -> list[Entry]:
    """A directory of Markdown entries, or a CSV catalogue (with ``columns``)."""
    if path.is_dir():
        return load_directory(path)
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        report = read_csv(path, columns or CsvColumns())
        if not report.entries:
            raise KBError(f"{path.name}: no usable rows")
        return report.entries
    if path.suffix.lower() == ".md":
        return [parse_markdown(_read_text(path), where=path.name, origin=str(path))]
    raise KBError(f"{path.name}: give a directory of Markdown entries or a CSV file")
