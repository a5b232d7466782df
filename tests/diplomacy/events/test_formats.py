"""Event files: format detection and reading of ICEWS, the ICEWS knowledge-graph sample, GDELT and ACLED."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from aigov.diplomacy.events.formats import EventFileError, detect_format, parse_day, read_events

from ..conftest import ACLED_HEADER, ICEWS_HEADER, gdelt_line


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


ICEWS_ROW = (
    "926685\t2015-06-01\tIlham Aliyev\tExecutive\tAzerbaijan\tMake statement\t010\t0.0\t"
    "Citizen (Armenia)\tGeneral Population\tArmenia\t28235806\t2\tTrend\tBaku\t\tBaku\tAzerbaijan\t40.4\t49.9"
)
ACLED_ROW = (
    "ARM123,12 September 2022,2022,1,Political violence,Explosions/Remote violence,"
    "Shelling/artillery/missile attack,Military Forces of Azerbaijan (2003-),,1,"
    "Military Forces of Armenia (2018-),,1,11,,51,Caucasus and Central Asia,Armenia,Syunik,,,Jermuk,"
    '39.84,45.67,1,Some Source,National,"Shelling, with a comma in the notes",2,,1663000000'
)


def test_each_format_is_detected_from_its_first_lines(tmp_path: Path) -> None:
    assert detect_format(write(tmp_path, "a.tab", ICEWS_HEADER + "\n" + ICEWS_ROW + "\n")) == "icews"
    assert (
        detect_format(
            write(tmp_path, "b.tsv", "source\tevent\ttarget\tdate\nChina\tConsult\tJapan\t2010-01-02\n")
        )
        == "icews_kg"
    )
    assert detect_format(write(tmp_path, "c.tsv", "China\tConsult\tJapan\t2010-01-02\n")) == "icews_kg"
    line = gdelt_line(1, "20160728", ("AZE", "AZERBAIJAN", "AZE"), ("ARM", "ARMENIA", "ARM"), "0834", 5.0, 2)
    assert detect_format(write(tmp_path, "d.csv", line + "\n")) == "gdelt"
    assert detect_format(write(tmp_path, "e.csv", ACLED_HEADER + "\n" + ACLED_ROW + "\n")) == "acled"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        ("name,age\nJane,32\n", "unknown event file format"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
        (b"source\tevent\ttarget\tdate\nM\xe9xico\tConsult\tJapan\t2010-01-02\n", "not UTF-8"),
        ("a\tb\tc\n1\t2\t3\n", "unknown event file format"),
    ],
)
def test_files_of_no_known_format_are_refused_with_a_reason(tmp_path: Path, content, message: str) -> None:
    with pytest.raises(EventFileError, match=message):
        read_events(write(tmp_path, "bad.txt", content))


def test_a_directory_or_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EventFileError, match="directory"):
        read_events(tmp_path)
    with pytest.raises(EventFileError, match="cannot read"):
        read_events(tmp_path / "absent.tsv")


def test_icews_rows_carry_id_date_actors_countries_code_and_intensity(tmp_path: Path) -> None:
    fmt, rows = read_events(write(tmp_path, "a.tab", ICEWS_HEADER + "\n" + ICEWS_ROW + "\n"))
    (row,) = list(rows)
    assert fmt == "icews" and row.reject is None
    assert (row.external_id, row.day, row.key) == ("926685", date(2015, 6, 1), "926685|2015-06-01")
    assert (row.source_name, row.source_code, row.target_name, row.target_code) == (
        "Ilham Aliyev",
        "Azerbaijan",
        "Citizen (Armenia)",
        "Armenia",
    )
    assert (row.cameo_code, row.goldstein, row.location) == ("010", 0.0, "Azerbaijan")


def test_gdelt_rows_take_country_codes_from_the_actor_code_when_the_country_column_is_empty(
    tmp_path: Path,
) -> None:
    line = gdelt_line(564111644, "20160727", ("AZEGOV", "AZERBAIJAN", ""), ("", "", ""), "190", -10.0, 4)
    fmt, rows = read_events(write(tmp_path, "g.tsv", line + "\n"))
    (row,) = list(rows)
    assert (fmt, row.reject, row.source_code, row.target_code) == ("gdelt", None, "AZE", None)
    assert (row.key, row.day, row.cameo_code, row.goldstein) == ("564111644", date(2016, 7, 27), "190", -10.0)


def test_acled_rows_map_event_types_to_cameo_and_read_quoted_notes(tmp_path: Path) -> None:
    fmt, rows = read_events(write(tmp_path, "a.csv", ACLED_HEADER + "\n" + ACLED_ROW + "\n"))
    (row,) = list(rows)
    assert (fmt, row.reject, row.day) == ("acled", None, date(2022, 9, 12))
    assert (row.cameo_code, row.fatalities, row.location) == ("194", 2, "Armenia")
    assert row.source_name == "Military Forces of Azerbaijan (2003-)"


def test_bad_rows_are_rejected_one_by_one_with_their_line_and_reason(tmp_path: Path) -> None:
    content = (
        "source\tevent\ttarget\tdate\n"
        "China\tConsult\tJapan\t2010-01-02\n"
        "China\tConsult\tJapan\tyesterday\n"
        "China\tConsult\n"
        "\tConsult\t\t2010-01-03\n"
        "China\t\tJapan\t2010-01-03\n"
    )
    rows = list(read_events(write(tmp_path, "k.tsv", content))[1])
    assert [(r.line, r.reject) for r in rows] == [
        (2, None),
        (3, "missing or invalid date"),
        (4, "expected 4 tab-separated columns, found 2"),
        (5, "no source or target actor"),
        (6, "no event text or CAMEO code"),
    ]


def test_a_row_with_bytes_that_are_not_utf8_is_rejected_and_the_rest_read(tmp_path: Path) -> None:
    good = ("China\tConsult\tJapan\t2010-01-02\n" * 3000).encode()  # the bad byte lies past the sniffed head
    path = write(
        tmp_path,
        "k.tsv",
        b"source\tevent\ttarget\tdate\n" + good + b"M\xe9xico\tConsult\tJapan\t2010-01-02\n",
    )
    rows = list(read_events(path)[1])
    assert [r.reject for r in rows].count("the row is not valid UTF-8") == 1
    assert sum(r.reject is None for r in rows) == 3000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-06-01", date(2015, 6, 1)),
        ("20150601", date(2015, 6, 1)),
        ("01 June 2015", date(2015, 6, 1)),
        ("2015-06-01T00:00:00", date(2015, 6, 1)),
        ("1 Jun 2015", date(2015, 6, 1)),
        ("2015-13-01", None),
        ("", None),
        ("0001-01-01", None),
    ],
)
def test_dates_in_the_forms_event_files_use(text: str, expected) -> None:
    assert parse_day(text) == expected
