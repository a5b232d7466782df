"""What the domains append: analysis results, model changes, routing, status changes, personal-data reads."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.analysis.default import default_pipeline
from aigov.audit.models import AuditEntry
from aigov.audit.service import verify
from aigov.cases.models import Case
from aigov.cases.service import extend_deadline, reroute, transition
from aigov.messages.service import reanalyse
from aigov.privacy.service import read_raw, read_sender

TEXT = "Salam, mən Aysel Məmmədovayam, Sumqayıtda 3 gündür işıq yoxdur. Nömrəm +994 50 123 45 67"


def _entries(db: Session, action: str | None = None) -> list[AuditEntry]:
    db.commit()
    query = select(AuditEntry).order_by(AuditEntry.seq)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.scalars(query))


def test_intake_records_the_analysis_the_model_version_and_the_routing(db: Session, ingest) -> None:
    message = ingest(TEXT, channel="web", sender={"name": "Aysel Məmmədova", "phone": "050 123 45 67"})
    ingest("Bakıda su yoxdur", channel="web")
    models = _entries(db, "model.first_seen")
    assert [e.subject_id for e in models] == [default_pipeline().version]  # once, however many messages
    analysis = [e for e in _entries(db, "analysis.result") if e.subject_id == message.reference]
    assert len(analysis) == 1
    details = json.loads(analysis[0].details)
    assert details["pipeline_version"] == message.analysis_version == default_pipeline().version
    assert (details["topic"], details["agency"], details["region"]) == (message.topic, message.agency,
                                                                       message.region)
    assert {"PHONE", "PERSON"} <= set(details["personal_data_found"])
    case = db.get_one(Case, message.case_id)
    opened = [e.action for e in _entries(db) if e.subject_type == "case" and e.subject_id == case.reference]
    assert opened[0] == "case.opened" and "case.routed" in opened


def test_status_changes_reroutes_and_deadlines_are_recorded_with_the_actor(db: Session, ingest) -> None:
    message = ingest(TEXT, channel="web", sender={"name": "Aysel Məmmədova"})
    case = db.get_one(Case, message.case_id)
    if case.status == "new":
        reroute(db, case, "azerishiq", actor="officer-1")
    transition(db, case, "assigned", actor="officer-1", note="Aysel xanıma zəng edildi")
    extend_deadline(db, case, days=5, actor="officer-1", note="Aysel xanım sənəd gətirəcək")
    reroute(db, case, "azersu", actor="officer-2", note="su təchizatıdır")
    mine = [e for e in _entries(db) if e.subject_id == case.reference]
    actions = [(e.action, e.actor) for e in mine]
    assert ("case.status_changed", "officer-1") in actions
    assert ("case.deadline_changed", "officer-1") in actions
    assert ("case.rerouted", "officer-2") in actions
    moved = next(e for e in mine if e.action == "case.rerouted" and e.actor == "officer-2")
    assert json.loads(moved.details)["new_agency"] == "azersu"
    assigned = next(e for e in mine if e.action == "case.status_changed" and '"to":"assigned"' in e.details)
    assert json.loads(assigned.details)["from"] in {"triaged", "new"}
    assert all("Aysel" not in e.details for e in mine)  # officers' notes stay out of the log


def test_every_read_of_personal_data_is_recorded(db: Session, ingest) -> None:
    message = ingest(TEXT, channel="web", sender={"name": "Aysel Məmmədova", "phone": "050 123 45 67"})
    assert read_raw(db, message, actor="officer-7") == TEXT
    assert read_sender(db, message, actor="officer-7").phone == "+994501234567"  # type: ignore[union-attr]
    reads = _entries(db, "personal_data.read")
    assert [(e.actor, e.subject_id, json.loads(e.details)["fields"]) for e in reads] == [
        ("officer-7", message.reference, ["raw_text"]), ("officer-7", message.reference, ["sender"])]


def test_reanalysis_reads_the_raw_text_on_record_and_logs_each_new_result(db: Session, ingest) -> None:
    message = ingest(TEXT, channel="web")
    before = len(_entries(db, "analysis.result"))
    assert reanalyse(db, default_pipeline()) == 1
    db.commit()
    db.refresh(message)
    assert "<PHONE>" in message.redacted_text  # analysed from the raw text again, not the redacted one
    assert len(_entries(db, "analysis.result")) == before + 1
    read = _entries(db, "personal_data.read")[-1]
    assert json.loads(read.details)["purpose"] == "reanalysis" and message.reference in read.details


def test_the_log_holds_no_personal_data_and_verifies(db: Session, ingest) -> None:
    message = ingest(TEXT, channel="web", sender={"name": "Aysel Məmmədova", "email": "aysel@example.az"})
    read_raw(db, message, actor="admin")
    everything = " ".join(f"{e.action} {e.actor} {e.subject_id} {e.details}" for e in _entries(db))
    for secret in ("Aysel", "Məmmədova", "123 45 67", "501234567", "example.az"):
        assert secret not in everything
    assert verify(db).ok
