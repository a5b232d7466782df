"""The recorded outbox: queueing, delivery through channel adapters, retries; answers queued per channel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from aigov.cases.answers import answer_case
from aigov.cases.lifecycle import InvalidTransition
from aigov.cases.models import Case
from aigov.cases.service import CaseError, open_or_attach, transition
from aigov.channels import outbox
from aigov.channels.outbox import OutboxError, OutboxMessage, Outgoing, RecordingAdapter, SendResult
from aigov.db import migrate
from aigov.db.engine import make_engine
from aigov.messages.models import Message
from aigov.messages.reference import new_reference

NOW = datetime(2025, 2, 4, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_adapters():  # type: ignore[no-untyped-def]
    outbox.reset_adapters()
    yield
    outbox.reset_adapters()


def test_queued_messages_go_out_through_the_default_recording_adapter(db: Session) -> None:
    item = outbox.queue(db, channel="telegram", body="  Salam!  ", recipient="chat-42", now=NOW)
    assert (item.status, item.body, item.attempts, item.sent_at) == ("queued", "Salam!", 0, None)
    report = outbox.deliver(db, now=NOW)
    assert (report.sent, report.failed, report.retry) == (1, 0, 0)
    assert (item.status, item.attempts, item.sent_at) == ("sent", 1, NOW)
    recorder = outbox.adapter_for("telegram")
    assert isinstance(recorder, RecordingAdapter)
    assert recorder.sent == [Outgoing(id=item.id, channel="telegram", recipient="chat-42", body="Salam!")]
    assert outbox.deliver(db, now=NOW).sent == 0  # nothing is sent twice


class Flaky:
    def __init__(self, failures: int) -> None:
        self.failures = failures

    def send(self, outgoing: Outgoing) -> SendResult:
        if self.failures:
            self.failures -= 1
            return SendResult(ok=False, error="gateway busy")
        return SendResult(ok=True)


class Broken:
    def send(self, outgoing: Outgoing) -> SendResult:
        raise RuntimeError(f"cannot send {outgoing.body}")


def test_a_failure_is_marked_with_count_and_reason_then_retried_after_its_backoff(db: Session) -> None:
    outbox.register_adapter("sms", Flaky(failures=1))
    sms = outbox.queue(db, channel="sms", body="Cavab", now=NOW)
    first = outbox.deliver(db, now=NOW)
    assert (first.sent, first.retry, first.failed) == (0, 1, 0)
    assert (sms.status, sms.fail_count, sms.error, sms.failed_at) == ("failed", 1, "gateway busy", NOW)
    assert sms.next_attempt_at == NOW + outbox.FIRST_BACKOFF
    assert outbox.backlog(db) == {"queued": 0, "waiting": 1, "failed": 0}
    too_soon = NOW + outbox.FIRST_BACKOFF - timedelta(seconds=1)
    assert outbox.deliver(db, now=too_soon).sent == 0 and sms.status == "failed"  # still backing off
    later = NOW + outbox.FIRST_BACKOFF
    assert outbox.deliver(db, now=later).sent == 1
    assert (sms.status, sms.sent_at, sms.error, sms.next_attempt_at) == ("sent", later, None, None)
    assert (sms.attempts, sms.fail_count) == (2, 1)
    assert outbox.backlog(db) == {"queued": 0, "waiting": 0, "failed": 0}


def test_backoff_doubles_up_to_a_cap() -> None:
    waits = [outbox.backoff(n) for n in range(1, 10)]
    assert waits[:3] == [timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=20)]
    assert waits == sorted(waits) and waits[-1] == outbox.MAX_BACKOFF


def test_a_message_that_keeps_failing_is_given_up_without_keeping_its_text(db: Session) -> None:
    outbox.register_adapter("web", Broken())
    web = outbox.queue(db, channel="web", body="Şəxsi cavab mətni", now=NOW)
    when, reports = NOW, []
    for _ in range(outbox.MAX_ATTEMPTS + 2):
        reports.append(outbox.deliver(db, now=when))
        when += outbox.MAX_BACKOFF
    assert [r.retry for r in reports] == [1] * (outbox.MAX_ATTEMPTS - 1) + [0, 0, 0]
    assert [r.failed for r in reports] == [0] * (outbox.MAX_ATTEMPTS - 1) + [1, 0, 0]
    assert (web.status, web.fail_count, web.attempts) == ("failed", outbox.MAX_ATTEMPTS, outbox.MAX_ATTEMPTS)
    assert web.next_attempt_at is None
    assert web.error == "adapter raised RuntimeError" and "cavab" not in web.error.lower()
    assert outbox.backlog(db) == {"queued": 0, "waiting": 0, "failed": 1}


def test_one_run_sends_at_most_limit_messages_oldest_first(db: Session) -> None:
    items = [outbox.queue(db, channel="sms", body=f"Cavab {n}", now=NOW + timedelta(minutes=n))
             for n in range(3)]
    assert outbox.deliver(db, limit=2, now=NOW + timedelta(hours=1)).sent == 2
    assert [i.status for i in items] == ["sent", "sent", "queued"]


@pytest.mark.parametrize(("body", "channel"),
                         [("   ", "sms"), ("x" * (outbox.MAX_BODY_CHARS + 1), "sms"), ("ok", "")])
def test_bad_outgoing_messages_are_refused(db: Session, body: str, channel: str) -> None:
    with pytest.raises(OutboxError):
        outbox.queue(db, channel=channel, body=body)


def _case(db: Session, *, channel: str = "sms", external_id: str = "ext-1") -> tuple[Case, Message]:
    message = Message(reference=new_reference(), channel=channel, external_id=external_id, received_at=NOW,
                      text="Küçədə işıq yoxdur", redacted_text="Küçədə işıq yoxdur", topic="electricity",
                      topic_confidence=0.9, region="baku", urgency="normal")
    db.add(message)
    db.flush()
    return open_or_attach(db, message=message, now=NOW).case, message


def test_an_answer_is_stored_and_queued_for_the_first_messages_channel(db: Session) -> None:
    case, message = _case(db, channel="telegram", external_id="chat-9")
    transition(db, case, "assigned", actor="Aygün", now=NOW)
    outcome = answer_case(db, case, text="İşıq bərpa olundu.\r\nTəşəkkürlər.", actor="Aygün", resolve=True,
                          now=NOW)
    assert outcome.resolved and case.status == "resolved" and case.answered_at == NOW
    assert (case.public_answer, case.public_answer_at, case.public_answer_by) == (
        "İşıq bərpa olundu.\nTəşəkkürlər.", NOW, "Aygün")
    rows = db.scalars(select(OutboxMessage).where(OutboxMessage.case_id == case.id)).all()
    assert [(r.channel, r.recipient, r.message_id, r.status) for r in rows] == [
        ("telegram", "chat-9", message.id, "queued")]
    # a resolved case's answer may be corrected: stored again and queued again, still resolved
    answer_case(db, case, text="Düzəliş: işıq saat 18:00-da bərpa olundu.", actor="Aygün", resolve=True)
    assert case.status == "resolved" and len(outbox.for_case(db, case.id)) == 2


def test_answers_that_cannot_be_given_change_nothing(db: Session) -> None:
    case, _message = _case(db)
    with pytest.raises(InvalidTransition):
        answer_case(db, case, text="Həll olundu", actor="Aygün", resolve=True)
    with pytest.raises(CaseError):
        answer_case(db, case, text="  ", actor="Aygün")
    assert case.public_answer is None and outbox.for_case(db, case.id) == []
    transition(db, case, "rejected", actor="Aygün", reason="not an appeal", now=NOW)
    transition(db, case, "closed", actor="Aygün", now=NOW)
    with pytest.raises(CaseError, match="can no longer be answered"):
        answer_case(db, case, text="Cavab", actor="Aygün")


def test_migration_0003_downgrades_and_upgrades(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    migrate.upgrade(engine)
    cfg = migrate.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    assert "outbox" not in inspect(engine).get_table_names()
    assert "public_answer" not in {c["name"] for c in inspect(engine).get_columns("cases")}
    migrate.upgrade(engine, "0003")
    assert "outbox" in inspect(engine).get_table_names()
    columns = {c["name"] for c in inspect(engine).get_columns("cases")}
    assert {"public_answer", "public_answer_at", "public_answer_by"} <= columns
    engine.dispose()
