"""Downloads of a filtered list as CSV (UTF-8 with BOM, for Excel) or XLSX (a small writer of our own).

Cells hold what the page shows, in the reader's language; message texts are the redacted ones only.
A text cell that a spreadsheet could read as a formula (it starts with = + - @, a tab or a carriage
return) is prefixed with an apostrophe, in both formats.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, Literal
from xml.sax.saxutils import escape

from fastapi.responses import Response

from aigov.web.i18n import _, baku_time

Format = Literal["csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx")
MAX_EXPORT_ROWS = 100_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_cell(value: Any) -> str:
    """A cell's text, with an apostrophe in front of anything a spreadsheet would run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def moment_text(value: datetime | None) -> str:
    """A moment in Baku time, as spreadsheets sort it: 2025-02-03 09:00."""
    return baku_time(value).strftime("%Y-%m-%d %H:%M") if value else ""


def day_text(value: datetime | None) -> str:
    return baku_time(value).date().isoformat() if value else ""


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows ə, ğ, ı, ö, ş, ü, ç and Cyrillic correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in headers])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _column(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _xml_text(value: str) -> str:
    return escape(XML_ILLEGAL.sub("", value))


def _sheet_xml(headers: Sequence[str], rows: list[list[str]], widths: list[int]) -> str:
    cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>'
                   for i, w in enumerate(widths))
    lines = []
    for r, row in enumerate([list(headers), *rows], start=1):
        style = ' s="1"' if r == 1 else ""
        cells = "".join(
            f'<c r="{_column(c)}{r}" t="inlineStr"{style}>'
            f'<is><t xml:space="preserve">{_xml_text(v)}</t></is></c>'
            for c, v in enumerate(row) if v
        )
        lines.append(f'<row r="{r}">{cells}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        'state="frozen"/></sheetView></sheetViews>'
        f'<cols>{cols}</cols><sheetData>{"".join(lines)}</sheetData></worksheet>'
    )


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '</Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>'
)


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str = "aigov") -> bytes:
    """A one-sheet workbook: bold, frozen header row, every cell an inline string."""
    cells = [[safe_cell(cell) for cell in row] for row in rows]
    head = [safe_cell(h) for h in headers]
    widths = [min(80, max([len(h) + 2, *(len(r[i]) + 2 for r in cells[:500])])) for i, h in enumerate(head)]
    name = re.sub(r"[\[\]:*?/\\]", " ", sheet)[:31] or "aigov"
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{_xml_text(name)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", STYLES)
        archive.writestr("xl/worksheets/sheet1.xml", _sheet_xml(head, cells, widths))
    return buffer.getvalue()


def download(fmt: Format, filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]],
             extra_headers: dict[str, str] | None = None) -> Response:
    """The file as an attachment named ``filename``.csv/.xlsx (ASCII name)."""
    body = csv_bytes(headers, rows) if fmt == "csv" else xlsx_bytes(headers, rows, sheet=filename)
    safe_name = re.sub(r"[^A-Za-z0-9._-]", "-", filename) + "." + fmt
    return Response(body, media_type=MEDIA_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="{safe_name}"',
        "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", **(extra_headers or {}),
    })


def stamp(today: date | None = None) -> str:
    return (today or baku_time(datetime.now().astimezone()).date()).isoformat()


# --- the columns of each list, as its page shows them ------------------------------------------------

def message_headers() -> list[str]:
    return [_("Received"), _("Reference"), _("Language"), _("Sentiment"), _("Topic"), _("Economic region"),
            _("Urgency"), _("Text (personal data removed)")]


def message_rows(messages: Iterable[Any], labels: Any) -> list[list[str]]:
    """One row per message: never the raw text, only the redacted one."""
    return [
        [moment_text(m.received_at), m.reference, labels.of("language", m.language),
         labels.of("sentiment", m.sentiment), labels.of("topic", m.topic), labels.of("region", m.region),
         labels.of("urgency", m.urgency), m.redacted_text or ""]
        for m in messages
    ]


def status_labels() -> dict[str, str]:
    return {
        "new": _("New, needs triage"), "triaged": _("Triaged"), "assigned": _("Assigned"),
        "in_progress": _("In progress"), "resolved": _("Resolved"), "rejected": _("Rejected"),
        "closed": _("Closed"), "forwarded": _("Forwarded"), "escalated": _("Escalated"),
    }


def flag_labels() -> dict[str | None, str]:
    return {
        "breached": _("Deadline passed"), "near": _("Due soon"), "ok": _("On time"),
        "in_time": _("Answered in time"), "late": _("Answered late"), None: _("No deadline"),
    }


def case_headers() -> list[str]:
    return [_("Reference"), _("Due date"), _("Deadline"), _("Status"), _("Topic"), _("Economic region"),
            _("Urgency"), _("Registered"), _("Assigned to")]


def case_rows(cases: Iterable[Any], flags: dict[int, str | None], labels: Any) -> list[list[str]]:
    statuses, flag_names = status_labels(), flag_labels()
    return [
        [c.reference, day_text(c.due_at), flag_names.get(flags.get(c.id), flag_names[None]),
         statuses.get(c.status, c.status), labels.of("topic", c.topic), labels.of("region", c.region),
         labels.of("urgency", c.urgency), moment_text(c.registered_at), c.assigned_to or ""]
        for c in cases
    ]
