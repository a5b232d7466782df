"""The knowledge base: the starter entries, Markdown validation, CSV import (columns, encodings, bad rows)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aigov.assistant.kb import CsvColumns, KBError, load_directory, parse_markdown, read_csv, starter_entries
from aigov.cli import app

runner = CliRunner()


def test_starter_knowledge_base_covers_the_common_services_in_three_languages() -> None:
    entries = starter_entries()
    ids = {e.id for e in entries}
    assert {
        "id-card",
        "passport",
        "birth-registration",
        "marriage-registration",
        "residence-registration",
        "pension",
        "child-benefit",
        "targeted-social-assistance",
        "disability-status",
        "electricity-connection",
        "gas-connection",
        "water-connection",
        "vehicle-registration",
        "driving-licence",
        "business-registration",
        "asan-xidmet",
        "e-gov",
        "unemployment-registration",
        "school-enrolment",
        "health-insurance",
    } <= ids
    for entry in entries:
        assert entry.languages == ["az", "ru", "en"], entry.id
        assert entry.source and entry.source.startswith("http"), entry.id  # every entry names its source
        if entry.fees or entry.documents or entry.duration:
            assert entry.source, entry.id
        assert entry.last_reviewed


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("no front matter", "front matter"),
        ("---\nid: x\n", "not closed"),
        ("---\nid: [unclosed\n---\n", "not valid YAML"),
        ("---\ntitle: {en: T}\n---\n", "needs an id"),
        ("---\nid: a b\ntitle: {en: T}\n---\n", "needs an id"),
        ("---\nid: x\n---\n", "needs a title"),
        ("---\nid: x\ntitle: {fr: T}\n---\n", "unknown language"),
        ("---\nid: x\ntitle: T\neligibility: {all: [{field: shoe_size, min: 40}]}\n---\n", "field among"),
        ("---\nid: x\ntitle: T\nfees: [{when: {en: soon}}]\n---\n", "amount"),
    ],
)
def test_malformed_markdown_entries_are_refused_with_the_reason(text: str, problem: str) -> None:
    with pytest.raises(KBError, match=problem):
        parse_markdown(text, where="bad.md", origin="test")


def test_duplicate_ids_in_a_folder_are_refused(tmp_path: Path) -> None:
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("---\nid: same\ntitle: T\n---\nbody", encoding="utf-8")
    with pytest.raises(KBError, match="more than one entry"):
        load_directory(tmp_path)


def test_csv_rows_of_one_id_in_several_languages_merge(tmp_file) -> None:  # type: ignore[no-untyped-def]
    path = tmp_file(
        "cat.csv",
        "sid;name;text;lang\n1;Pasport;Xarici pasport;az\n1;Passport;Travel document;en\n2;Su;Su xətti;az\n",
    )
    report = read_csv(path, CsvColumns(id="sid", title="name", body="text", language="lang"))
    assert not report.rejected
    first = next(e for e in report.entries if e.id == "1")
    assert first.title == {"az": "Pasport", "en": "Passport"} and first.body["en"] == "Travel document"


def test_csv_in_utf16_and_with_a_bom_is_read(tmp_file) -> None:  # type: ignore[no-untyped-def]
    text = "id,title\nx1,Şəxsiyyət vəsiqəsi\n"
    for name, data in (
        ("u16.csv", text.encode("utf-16")),
        ("bom.csv", b"\xef\xbb\xbf" + text.encode()),
    ):
        report = read_csv(tmp_file(name, data), CsvColumns())
        assert report.entries[0].title["en"] == "Şəxsiyyət vəsiqəsi"


def test_csv_import_errors_are_one_clear_line(db, tmp_file) -> None:  # type: ignore[no-untyped-def]
    good = tmp_file("good.csv", "code,name\nk1,Birth certificate\n")
    result = runner.invoke(
        app, ["assistant", "kb", "import", str(good), "--id-col", "id", "--title-col", "name"]
    )
    assert result.exit_code == 2
    assert "no column for --id-col 'id'" in result.output and "code, name" in result.output
    latin1 = tmp_file("latin1.csv", "id,title\nk1,Caf\xe9 licence\n".encode("latin-1"))
    result = runner.invoke(app, ["assistant", "kb", "import", str(latin1)])
    assert result.exit_code == 2 and "not UTF-8" in result.output
    empty = tmp_file("empty.csv", "")
    assert runner.invoke(app, ["assistant", "kb", "import", str(empty)]).exit_code == 2
    missing = runner.invoke(app, ["assistant", "kb", "import", str(good.parent / "nope.csv")])
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_csv_import_keeps_the_good_rows_and_lists_the_bad(db, tmp_file) -> None:  # type: ignore[no-untyped-def]
    path = tmp_file(
        "mixed.csv",
        "id,title,body\nfish-1,Fishing licence,Apply at the fisheries office\n"
        ",No id,\nbad id!,Title,\nfish-2,,no title\nfish-3,Boat registration,Register a boat\n",
    )
    result = runner.invoke(app, ["assistant", "kb", "import", str(path), "--body-col", "body", "--json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["new"] == 2 and report["rejected"] == 3
    assert [row["line"] for row in report["rejected_rows"]] == [3, 4, 5]
    again = runner.invoke(app, ["assistant", "kb", "import", str(path), "--body-col", "body", "--json"])
    assert json.loads(again.output)["replaced"] == 2
    # the imported entries now answer questions (the starter knowledge base knew nothing of fishing)
    asked = runner.invoke(app, ["assistant", "ask", "how do I get a fishing licence?", "--json"])
    assert asked.exit_code == 0, asked.output
    assert json.loads(asked.output)["entries"][0]["id"] == "fish-1"
