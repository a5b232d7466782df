"""The `aigov` command as a person runs it: clear output, clear errors, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

COMMANDS = ["db", "serve", "ingest", "analyze", "explain", "demo", "sla", "outbox", "users", "tokens"]


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


def test_an_unusable_sentiment_model_setting_is_a_clear_error(tmp_path) -> None:
    env = {"AIGOV_SENTIMENT_MODEL": "acurate-secret-path", "AIGOV_DATA_DIR": str(tmp_path)}
    result = aigov("db", "status", env=env)
    assert_clean_error(result, "AIGOV_SENTIMENT_MODEL", "model directory")
    assert "acurate-secret-path" not in result.stderr + result.stdout  # the value is never echoed


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


# --- outbox send and sla --escalate ---------------------------------------------------------------------

def _stored_case(db, external_id: str = "cli-1"):  # type: ignore[no-untyped-def]
    """A message received on Monday 3 February 2025 (answer due 24 February) and its case."""
    from datetime import UTC, datetime

    from aigov.cases.service import open_or_attach
    from aigov.messages.models import Message
    from aigov.messages.reference import new_reference

    message = Message(reference=new_reference(), channel="sms", external_id=external_id,
                      received_at=datetime(2025, 2, 3, 5, tzinfo=UTC), text="Küçədə işıq yoxdur",
                      redacted_text="Küçədə işıq yoxdur", topic="electricity", topic_confidence=0.9,
                      region="baku", urgency="normal")
    db.add(message)
    db.flush()
    return open_or_attach(db, message=message).case


def test_outbox_send_delivers_queued_and_due_retries_then_nothing_twice(db) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from aigov.channels import outbox
    from aigov.db.base import utcnow

    now = utcnow()
    queued = outbox.queue(db, channel="sms", body="Cavab 1", recipient="+994501234567")
    due = outbox.queue(db, channel="telegram", body="Cavab 2", recipient="chat-1")
    waiting = outbox.queue(db, channel="web", body="Cavab 3")
    given_up = outbox.queue(db, channel="web", body="Cavab 4")
    due.status, due.fail_count, due.attempts, due.next_attempt_at = "failed", 1, 1, now - timedelta(minutes=1)
    waiting.status, waiting.fail_count, waiting.next_attempt_at = "failed", 2, now + timedelta(hours=1)
    given_up.status, given_up.fail_count = "failed", outbox.MAX_ATTEMPTS
    db.commit()
    first = aigov("outbox", "send", "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {"sent": 2, "retry": 0, "failed": 0,
                                        "left": {"queued": 0, "waiting": 1, "failed": 1}}
    db.commit()  # end this session\'s read snapshot, then reload
    db.expire_all()
    statuses = (queued.status, due.status, waiting.status, given_up.status)
    assert statuses == ("sent", "sent", "failed", "failed")
    again = aigov("outbox", "send")
    assert again.returncode == 0 and "0 sent" in again.stdout and "1 waiting to be retried" in again.stdout
    assert "Cavab" not in first.stdout + again.stdout  # counts only, never the texts
    assert_clean_error(aigov("outbox", "send", "--limit", "0"), "--limit")


def test_sla_escalate_moves_breached_cases_to_the_agency_head_once(db) -> None:  # type: ignore[no-untyped-def]
    from aigov.cases.models import Case

    case = _stored_case(db)
    db.commit()
    first = aigov("sla", "--escalate", "--json")
    assert first.returncode == 0, first.stderr
    result = json.loads(first.stdout)
    assert result["escalated"] == [case.reference]
    rows = {row["agency"]: row for row in result["agencies"]}
    assert rows["azerishiq"]["breached"] == 1
    db.commit()  # end this session\'s read snapshot, then reload
    db.expire_all()
    assert db.get(Case, case.id).status == "escalated"
    again = aigov("sla", "--escalate")
    assert again.returncode == 0 and "Escalated 0 cases" in again.stdout
    assert_clean_error(aigov("sla", "--escalate", "--date", "2025-03-01"), "--date")


def test_the_command_line_loads_no_heavy_library_before_a_command_needs_it() -> None:
    """`aigov --help` stays fast: the database, settings, numeric and ML libraries load inside commands."""
    import subprocess
    import sys

    code = ("import sys, aigov.cli; heavy = ['sqlalchemy', 'pydantic_settings', 'numpy', 'sklearn', "
            "'presidio_analyzer', 'fastapi', 'lingua']; print(sorted(m for m in heavy if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
