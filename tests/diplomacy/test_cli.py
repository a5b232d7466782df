"""`aigov events import`, `aigov relations`, `aigov forecast` and `aigov brief` as a person runs them."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import synthetic_history


def aigov(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aigov", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        timeout=300,
    )


def assert_clean_error(result: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for phrase in phrases:
        assert phrase in result.stderr


def test_import_prints_counts_and_unknown_actors_and_exits_1_on_rejected_rows(db, write_kg) -> None:
    path = write_kg(
        [
            ("Ilham Aliyev", "Make statement", "Zorblax Quux", "2020-01-05"),
            ("China", "Consult", "Japan", "not a date"),
        ]
    )
    result = aigov("events", "import", str(path))
    assert result.returncode == 1, result.stderr
    assert "2 read, 1 stored, 0 duplicate, 1 rejected" in result.stdout
    assert "Zorblax Quux" in result.stdout and "line 3: missing or invalid date" in result.stdout
    again = json.loads(aigov("events", "import", str(path), "--json").stdout)
    assert (again["stored"], again["duplicates"], again["top_unknown_actors"]) == (
        0,
        1,
        [{"name": "Zorblax Quux", "events": 1}],
    )


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        ("", "is empty"),
        ("name,age\nJane,32\n", "unknown event file format"),
        (b"\x00\x01\x02", "binary"),
        (b"China\tConsult\tJapan\t2010-01-02\n\xff\xfe bad\n", "not UTF-8"),
    ],
)
def test_import_refuses_unusable_files_in_one_line(db, tmp_path: Path, content, phrase: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    assert_clean_error(aigov("events", "import", str(path)), phrase)


def test_import_refuses_a_missing_file_and_an_unknown_format(db, write_kg) -> None:
    assert_clean_error(aigov("events", "import", "/nonexistent/events.tsv"), "cannot read")
    assert_clean_error(aigov("events", "import", str(write_kg([])), "--format", "xml"), "--format must be")


def test_relations_prints_the_barometer_and_refuses_bad_input(db, write_kg) -> None:
    aigov(
        "events",
        "import",
        str(
            write_kg(
                [
                    ("Azerbaijan", "Consult", "Armenia", "2020-01-05"),
                    ("Armenia", "Accuse", "Azerbaijan", "2020-02-05"),
                ]
            )
        ),
    )
    data = json.loads(
        aigov("relations", "AZE", "ARM", "--from", "2020-01", "--to", "2020-02", "--json").stdout
    )
    assert [(m["month"], m["quad_1"], m["quad_3"]) for m in data["months"]] == [
        ("2020-01", 1, 0),
        ("2020-02", 0, 1),
    ]
    text = aigov("relations", "AZE", "ARM", "--from", "2020-01", "--to", "2020-02")
    assert text.returncode == 0 and "AZE-ARM 2020-01 to 2020-02: 2 events" in text.stdout
    assert_clean_error(
        aigov("relations", "AZE", "XYZ", "--from", "2020-01", "--to", "2020-02"), "unknown country"
    )
    assert_clean_error(aigov("relations", "AZE", "ARM", "--from", "2020-1", "--to", "2020-02"), "not a month")


def test_backtest_prints_scores_of_model_and_baselines_and_writes_forecasts(write_kg, tmp_path: Path) -> None:
    path = write_kg(synthetic_history(), name="synthetic.tsv")
    out = tmp_path / "forecasts.csv"
    result = aigov(
        "forecast",
        "backtest",
        "--events",
        str(path),
        "--train-until",
        "2003-06",
        "--refit-every",
        "6",
        "--json",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["test_from"] == "2003-07" and summary["events"]["files"] == ["synthetic.tsv"]
    for name in ("model", "persistence", "climatology"):
        assert set(summary[name]) >= {"brier", "aupr", "roc_auc"}
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == summary["forecasts"] and set(rows[0]) == {
        "unit",
        "month",
        "escalation",
        "model",
        "persistence",
        "climatology",
    }


def test_backtest_refuses_bad_files_and_months(write_kg, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert_clean_error(
        aigov("forecast", "backtest", "--events", str(bad), "--train-until", "2010-12"),
        "unknown event file format",
    )
    good = write_kg(synthetic_history(months=20), name="short.tsv")
    assert_clean_error(
        aigov("forecast", "backtest", "--events", str(good), "--train-until", "2010-13"), "not a month"
    )
    assert_clean_error(
        aigov("forecast", "backtest", "--events", str(good), "--train-until", "2000-06"),
        "less than 13 months",
    )


def test_next_and_brief_from_stored_events(db, write_kg, tmp_path: Path) -> None:
    assert aigov("events", "import", str(write_kg(synthetic_history(), name="s.tsv"))).returncode == 0
    forecast = json.loads(aigov("forecast", "next", "--country", "ARM", "--json").stdout)
    assert forecast["month"] == "2005-01" and forecast["forecasts"][0]["unit"] == "ARM"
    assert forecast["forecasts"][0]["drivers"]
    out = tmp_path / "brief.html"
    result = aigov("brief", "--country", "ARM", "--month", "2004-06", "--out", str(out))
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "Briefing: Armenia, 2004-06" in html and "Relations barometer: Azerbaijan and Armenia" in html
    assert "Early warning for next month" in html and 'id="chart-with_az-figure"' in html
    assert "<script src=" not in html  # self-contained: Plotly is inline
    assert_clean_error(
        aigov("brief", "--country", "ARM", "--month", "June", "--out", str(out)), "not a month"
    )
