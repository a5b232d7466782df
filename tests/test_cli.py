"""The `aigov` command as a person runs it: clear output, clear errors, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

COMMANDS = ["db", "serve", "ingest", "analyze", "explain", "demo"]


def aigov(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aigov", *args], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "200", **(env or {})}, timeout=300)


def assert_clean_error(result: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for phrase in phrases:
        assert phrase in result.stderr


def test_help_lists_every_command_and_each_has_help() -> None:
    top = aigov("--help")
    assert top.returncode == 0
    for command in COMMANDS:
        assert command in top.stdout
        assert aigov(command, "--help").returncode == 0


def test_ingest_reports_counts_and_bad_rows_then_is_idempotent(db, tmp_file) -> None:
    path = tmp_file("m.jsonl", "\n".join([
        json.dumps({"external_id": "1", "text": "Qazaxda qaz yoxdur"}),
        "{broken",
        json.dumps({"external_id": "2", "text": "Спасибо ASAN xidmət!"}),
    ]) + "\n")
    first = aigov("ingest", str(path), "--json")
    assert first.returncode == 1  # some rows rejected
    report = json.loads(first.stdout)
    assert (report["new"], report["duplicate"], report["rejected"]) == (2, 0, 1)
    assert report["rejected_rows"][0]["line"] == 2
    second = aigov("ingest", str(path))
    assert "0 new, 2 duplicate, 1 rejected" in second.stdout


@pytest.mark.parametrize("content, phrase", [
    (None, "no such file"),
    (b"\x00\x01binary\x00", "binary"),
    (b"a,b\n1,2\n", "no 'text' column"),
])
def test_ingest_of_unreadable_files_is_a_clear_error(db, tmp_file, content, phrase) -> None:
    path = tmp_file("in.dat", content) if content is not None else tmp_file("x", "").parent / "nope.csv"
    assert_clean_error(aigov("ingest", str(path)), phrase)


def test_commands_refuse_an_unmigrated_database(tmp_path) -> None:
    env = {"AIGOV_DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite'}"}
    assert_clean_error(aigov("serve", env=env), "aigov db upgrade")
    assert_clean_error(aigov("ingest", str(tmp_path / "x.csv"), env=env), "aigov db upgrade")


def test_unreachable_database_is_a_clear_error() -> None:
    env = {"AIGOV_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"}
    assert_clean_error(aigov("db", "upgrade", env=env), "database")


def test_explain_shows_findings_and_reasons() -> None:
    result = aigov("explain", "Lənkəranda 2 gündür su yoxdur, uşaqlar xəstədir", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["language"] == "az"
    assert found["topic"] == "water"
    assert found["urgency"] in {"high", "critical"}
    assert {"topic", "urgency", "sentiment"} <= set(found["explanations"])


def test_demo_fills_a_fresh_database(tmp_path) -> None:
    env = {"AIGOV_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite'}"}
    result = aigov("demo", "--messages", "60", env=env)
    assert result.returncode == 0, result.stderr
    assert "60 new messages" in result.stdout
    assert "0 new messages (60 already there)" in aigov("demo", "--messages", "60", env=env).stdout
