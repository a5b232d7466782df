"""`aigov retention run`: expired data deleted or anonymised, counted per category; dry runs change none."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.audit.models import AuditEntry
from aigov.cases.answers import answer_case
from aigov.cases.models import Case
from aigov.cases.service import reroute, transition
from aigov.db.base import utcnow
from aigov.messages.models import Message, MessageSender
from aigov.privacy.models import MessageRawText
from aigov.privacy.policy import PolicyError
from aigov.privacy.retention import run_retention
from aigov.privacy.service import RawTextUnavailable, read_raw

from .conftest import NAME, PHONE, TEXT, aigov


def _answered_and_open(db: Session, ingest) -> tuple[Message, Message]:  # type: ignore[no-untyped-def]
    done = ingest(sender={"name": NAME, "phone": PHONE})
    still_open = ingest("Gəncədə 2 gündür qaz yoxdur, Rauf", channel="sms",
                        sender={"name": "Rauf", "phone": "0551112233"})
    case = db.get_one(Case, done.case_id)
    if case.status == "new":
        reroute(db, case, "azerishiq", actor="officer")
    transition(db, case, "assigned", actor="officer")
    answer_case(db, case, text=f"Hörmətli {NAME}, işıq bərpa olundu.", actor="officer", resolve=True)
    db.commit()
    return done, still_open


def test_a_dry_run_counts_what_a_real_run_then_removes(db: Session, ingest) -> None:
    done, still_open = _answered_and_open(db, ingest)
    later = utcnow() + timedelta(days=400)  # past raw text (365 days) and closed-case contacts (90 days)
    dry = run_retention(db, dry_run=True, now=later)
    db.commit()
    assert dry.counts["raw_text"] == 2 and dry.counts["contacts"] == 1
    assert dry.counts["redacted_text"] == dry.counts["cases"] == 0
    assert read_raw(db, done, actor="t") == TEXT  # nothing changed
    real = run_retention(db, now=later)
    db.commit()
    assert real.counts == dry.counts
    with pytest.raises(RawTextUnavailable):
        read_raw(db, done, actor="t")
    assert db.get(MessageSender, done.id) is None and db.get(MessageSender, still_open.id) is not None
    assert run_retention(db, now=later).counts == dict.fromkeys(real.counts, 0)  # nothing left to do
    db.commit()
    runs = list(db.scalars(select(AuditEntry).where(AuditEntry.action == "retention.run")
                           .order_by(AuditEntry.seq)))
    assert len(runs) == 2  # dry runs leave no entry
    assert json.loads(runs[0].details)["counts"]["raw_text"] == 2


def test_after_years_text_is_anonymised_and_labels_stay(db: Session, ingest) -> None:
    done, _ = _answered_and_open(db, ingest)
    topic = done.topic
    report = run_retention(db, now=utcnow() + timedelta(days=2000))
    db.commit()
    assert report.counts["redacted_text"] == 2 and report.counts["cases"] == 1
    db.expire_all()
    message, case = db.get_one(Message, done.id), db.get_one(Case, done.case_id)
    assert message.redacted_text == "" and message.explanations == {} and message.topic == topic
    assert case.public_answer is None and case.status == "resolved"


def test_consent_that_ended_takes_raw_text_and_contacts_with_it(db: Session, ingest, tmp_path: Path,
                                                               monkeypatch) -> None:  # type: ignore[no-untyped-def]
    policy = tmp_path / "retention.yaml"
    policy.write_text("categories:\n  raw_text: {days: 100000, from: received, action: delete}\n")
    monkeypatch.setenv("AIGOV_RETENTION_FILE", str(policy))
    web = ingest(channel="web", sender={"phone": PHONE})  # lawful basis: consent, valid 1095 days
    sms = ingest(channel="sms", external_id="s", sender={"phone": PHONE})  # lawful basis: law
    report = run_retention(db, now=utcnow() + timedelta(days=1200))
    db.commit()
    assert report.counts["consent_ended"] == 1 and report.counts["raw_text"] == 0
    assert db.get(MessageRawText, web.id) is None and db.get(MessageSender, web.id) is None
    assert db.get(MessageRawText, sms.id) is not None


def test_the_command_prints_counts_per_category(db: Session, ingest, tmp_path: Path) -> None:
    ingest(sender={"phone": PHONE})
    policy = tmp_path / "retention.yaml"
    policy.write_text("categories:\n  raw_text: {days: 0, from: received, action: delete}\n"
                      "  contacts: {days: 0, from: received, action: delete}\n")
    env = {"AIGOV_RETENTION_FILE": str(policy)}
    dry = aigov("retention", "run", "--dry-run", "--json", env=env)
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["counts"]["raw_text"] == 1 and json.loads(dry.stdout)["dry_run"] is True
    real = aigov("retention", "run", env=env)
    assert real.returncode == 0 and "raw_text 1" in real.stdout and "contacts 1" in real.stdout
    assert "raw_text 0" in aigov("retention", "run", env=env).stdout


@pytest.mark.parametrize("content", ["categories:\n  raw_text: {days: -1, from: received, action: delete}\n",
                                     "categories:\n  chats: {days: 1, from: received, action: delete}\n",
                                     "categories:\n  raw_text: {days: 1, from: closed, action: delete}\n",
                                     "categories: [1, 2]\n", "::: not yaml"])
def test_a_bad_policy_file_is_a_clear_error(db: Session, tmp_path: Path, content: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    policy = tmp_path / "retention.yaml"
    policy.write_text(content)
    monkeypatch.setenv("AIGOV_RETENTION_FILE", str(policy))
    with pytest.raises(PolicyError):
        run_retention(db, dry_run=True)
    result = aigov("retention", "run", "--dry-run")
    assert result.returncode == 2 and "retention" in result.stderr and "Traceback" not in result.stderr


def test_administrators_run_it_through_the_api(db: Session, ingest, client_as) -> None:
    ingest(sender={"phone": PHONE})
    admin = client_as("admin")
    dry = admin.post("/api/v1/privacy/retention")
    assert dry.status_code == 200 and dry.json()["dry_run"] is True
    assert set(dry.json()["counts"]) >= {"raw_text", "contacts", "redacted_text", "cases", "exports"}
    for role in ("analyst", "officer", "auditor"):
        assert client_as(role).post("/api/v1/privacy/retention").status_code == 403
