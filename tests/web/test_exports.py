"""Downloads of the message list and of an agency's queue: CSV for Excel and XLSX, with the page's filters."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from xml.etree import ElementTree

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.cases.models import Case
from aigov.web import exports

PHONE_DIGITS = "501234567"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(body: bytes) -> list[list[str]]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        parts = {"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml"}
        assert parts <= set(archive.namelist())
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{MAIN}row"):
        cells: dict[int, str] = {}
        for cell in row.iter(f"{MAIN}c"):
            column = re.match(r"[A-Z]+", cell.get("r", "")).group(0)  # type: ignore[union-attr]
            index = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(column))) - 1
            cells[index] = "".join(t.text or "" for t in cell.iter(f"{MAIN}t"))
        rows.append([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
    return rows


def test_message_list_exports_every_filtered_row_with_localised_headers(client, seeded) -> None:
    baku = [m for m in seeded if m["region"] == "baku"]
    response = client.get("/messages/export.csv", params={"region": "baku", "lang": "ru"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert re.fullmatch(r'attachment; filename="messages-\d{4}-\d{2}-\d{2}\.csv"',
                        response.headers["content-disposition"])
    rows = read_csv(response.content)
    assert rows[0] == ["Получено", "Рег. номер", "Язык", "Тональность", "Тема", "Экономический район",
                       "Срочность", "Текст (персональные данные удалены)"]
    assert [r[1] for r in rows[1:]] == [m["reference"] for m in baku]  # newest first, as the page lists
    assert {r[5] for r in rows[1:]} == {"Баку"}
    assert "Азербайджанский" in {r[2] for r in rows[1:]}
    assert all(PHONE_DIGITS not in r[7].replace(" ", "") for r in rows[1:])
    assert any("Binəqədi" in r[7] for r in rows[1:])  # Azerbaijani letters survive
    same = client.get("/messages", params={"region": "baku", "lang": "ru", "format": "csv"})
    assert same.content == response.content


def test_message_list_exports_as_a_workbook(client, seeded) -> None:
    response = client.get("/messages", params={"format": "xlsx", "lang": "en", "language": "ru"})
    assert response.status_code == 200
    assert response.headers["content-type"] == exports.MEDIA_TYPES["xlsx"]
    rows = read_xlsx(response.content)
    assert rows[0][:3] == ["Received", "Reference", "Language"]
    expected = [m["reference"] for m in seeded if m["language"] == "ru"]
    assert [r[1] for r in rows[1:]] == expected
    assert all(r[2] == "Russian" for r in rows[1:])
    assert all(PHONE_DIGITS not in r[7].replace(" ", "") for r in rows[1:])


def test_formula_like_texts_are_defused(client) -> None:
    body = {"text": "=HYPERLINK(\"http://evil.example\",\"Bax\") su yoxdur", "channel": "web",
            "external_id": "formula-1", "region": "baku"}
    assert client.post("/api/v1/messages", json=body).status_code == 201
    rows = read_csv(client.get("/messages/export.csv").content)
    assert rows[1][7].startswith("'=HYPERLINK")
    cells = read_xlsx(client.get("/messages/export.xlsx").content)
    assert cells[1][7].startswith("'=HYPERLINK")


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_safe_cell_prefixes_what_a_spreadsheet_would_run(value: str) -> None:
    assert exports.safe_cell(value) == "'" + value
    assert exports.safe_cell("Salam " + value) == "Salam " + value


def test_xlsx_survives_control_characters_and_long_rows() -> None:
    rows = [["a\x00b\x1f", "x" * 500, "Ələ & <ş>"]]
    book = read_xlsx(exports.xlsx_bytes(["A", "B", "C"], rows))
    assert book == [["A", "B", "C"], ["ab", "x" * 500, "Ələ & <ş>"]]
    assert exports._column(0) == "A" and exports._column(25) == "Z" and exports._column(26) == "AA"


def test_queue_exports_follow_the_queue_filters(client, seeded, db: Session) -> None:
    agency = db.scalars(select(Case.agency).where(Case.agency.is_not(None), Case.region == "baku")).first()
    assert agency
    page = client.get(f"/queue/{agency}", params={"region": "baku", "status": "all", "lang": "en"}).text
    assert f'href="/queue/{agency}/export.csv?status=all&amp;region=baku"' in page
    listed = re.findall(r'<tr data-reference="([^"]+)"', page)
    rows = read_csv(client.get(f"/queue/{agency}/export.csv",
                               params={"region": "baku", "status": "all", "lang": "en"}).content)
    assert rows[0] == ["Reference", "Due date", "Deadline", "Status", "Topic", "Economic region", "Urgency",
                       "Registered", "Assigned to"]
    assert [r[0] for r in rows[1:]] == listed
    assert {r[5] for r in rows[1:]} <= {"Baku"}
    assert rows[1:], "the chosen agency has a case in Baku"
    book = read_xlsx(client.get(f"/queue/{agency}/export.xlsx", params={"lang": "az"}).content)
    assert book[0][0] == "Qeydiyyat nömrəsi"
    open_cases = re.findall(r'<tr data-reference="([^"]+)"', client.get(f"/queue/{agency}").text)
    assert [r[0] for r in book[1:]] == open_cases  # the default filter: open cases only


def test_unknown_formats_and_queues_are_not_found(client) -> None:
    assert client.get("/messages/export.pdf").status_code == 404
    assert client.get("/queue/no-such-agency/export.csv").status_code == 404
    assert client.get("/queue/triage/export.csv").status_code == 200
    assert client.get("/messages", params={"format": "pdf"}).headers["content-type"].startswith("text/html")
