"""Data-subject requests: access exports everything (JSON + HTML); erasure leaves no trace anywhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from aigov.audit.models import AuditEntry
from aigov.audit.service import verify
from aigov.cases.answers import add_comment, answer_case
from aigov.cases.models import Case
from aigov.cases.service import reroute
from aigov.messages.models import Message
from aigov.messages.service import save_location
from aigov.privacy import dsr
from aigov.privacy.erasure import checkpoint
from aigov.privacy.service import read_raw

from .conftest import EMAIL, NAME, PHONE, SECRETS, TEXT, aigov, in_files, rows_containing, sqlite_files

OTHER_TEXT = "Bakıda Nərimanov rayonunda su yoxdur, Kamran Əliyev"
OWN_WORDS = ("Sumqayıtda 3 gündür", "qonşumun", "Hörmətli")  # the citizen's text, officers' words to her


def _person(db: Session, ingest) -> tuple[list[Message], Message]:  # type: ignore[no-untyped-def]
    """Aysel's two messages (one mentions her phone only in the text), her case worked on, and Kamran's."""
    first = ingest(sender={"name": NAME, "phone": PHONE, "email": EMAIL, "address": "Nizami küçəsi 10, Bakı"})
    second = ingest(f"Yenə qonşumun evində işıq yoxdur, zəng edin: {PHONE}", channel="sms")
    other = ingest(OTHER_TEXT, channel="sms", sender={"name": "Kamran Əliyev", "phone": "+994 55 765 43 21"})
    save_location(db, first, lat=40.59, long=49.66, address="Nizami küçəsi 10, Sumqayıt")
    case = db.get_one(Case, first.case_id)
    if case.status == "new":
        reroute(db, case, "azerishiq", actor="officer", note=f"{NAME} zəng etdi")
    add_comment(db, case, actor="officer", text=f"{NAME} ilə danışıldı, {PHONE}")
    answer_case(db, case, text=f"Hörmətli {NAME}, işıq bərpa olundu.", actor="officer")
    read_raw(db, first, actor="officer")
    db.commit()
    return [first, second], other


def test_access_exports_everything_held_as_json_and_html(db: Session, ingest, tmp_path: Path) -> None:
    mine, other = _person(db, ingest)
    subject = dsr.find_subject(db, email=EMAIL.upper())
    assert subject.message_ids == sorted(m.id for m in mine)  # her email gives her phone, named in the other
    by_phone = dsr.find_subject(db, phone="050 123 45 67")
    assert by_phone.message_ids == sorted(m.id for m in mine) and other.id not in by_phone.message_ids
    result = dsr.export_access(db, by_phone, tmp_path / "out", actor="dpo", locale="en")
    db.commit()
    document = json.loads((tmp_path / "out" / "subject.json").read_text())
    first = next(m for m in document["messages"] if m["reference"] == mine[0].reference)
    assert first["raw_text"] == TEXT and first["sender"]["phone"] == "+994501234567"
    assert first["case"]["public_answer"].startswith("Hörmətli") and first["consent"]["lawful_basis"]
    assert first["location"]["address"].startswith("Nizami")
    assert any(e["action"] == "personal_data.read" and e["actor"] == "officer" for e in document["audit_log"])
    html = (tmp_path / "out" / "subject.html").read_text()
    assert NAME in html and "Who did what with your data" in html and "<script" not in html
    for path in result.files:
        assert path.stat().st_mode & 0o077 == 0
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "dsr.access")).one()
    assert re.fullmatch(r"[0-9a-f]{64}", entry.subject_id) and "123" not in entry.details


def test_a_reference_brings_in_the_other_messages_from_the_same_person(db: Session, ingest) -> None:
    mine, _ = _person(db, ingest)
    assert dsr.find_subject(db, reference=mine[0].reference.lower()).message_ids == sorted(m.id for m in mine)


def test_a_channel_id_that_is_the_phone_counts_too(db: Session, ingest) -> None:
    by_gateway = ingest("Kanalizasiya daşıb", channel="sms", external_id="sms:+994501234567:17")
    assert dsr.find_subject(db, phone="0501234567").message_ids == [by_gateway.id]
    dsr.erase(db, dsr.find_subject(db, phone="0501234567"), actor="dpo")
    db.commit()
    db.refresh(by_gateway)
    assert "501234567" not in by_gateway.external_id and by_gateway.external_id.startswith("erased:")


def test_erasure_leaves_no_trace_in_tables_files_or_exports(db: Session, ingest, tmp_path: Path,
                                                           migrated_engine: Engine) -> None:
    mine, other = _person(db, ingest)
    export = dsr.export_access(db, dsr.find_subject(db, phone=PHONE), tmp_path / "export", actor="dpo")
    db.commit()
    assert rows_containing(migrated_engine, OWN_WORDS)  # there was something to erase
    counts = dsr.erase(db, dsr.find_subject(db, phone=PHONE), actor="dpo")
    db.commit()
    assert counts["messages"] == 2 and counts["contacts"] == 1 and counts["exports"] == 1
    assert not rows_containing(migrated_engine, (*SECRETS, *OWN_WORDS, "Nizami"))
    assert not any(path.exists() for path in export.files)
    if migrated_engine.dialect.name == "sqlite":
        assert checkpoint(db)
        assert not in_files(sqlite_files(migrated_engine), (*SECRETS, *OWN_WORDS, "Nizami"))
    db.expire_all()
    kept = db.get_one(Message, mine[0].id)
    assert kept.reference == mine[0].reference and kept.topic and kept.redacted_text == ""
    assert read_raw(db, other, actor="t") == OTHER_TEXT  # someone else's message is untouched
    erased = db.scalars(select(AuditEntry).where(AuditEntry.action == "dsr.erase")).one()
    assert re.fullmatch(r"[0-9a-f]{64}", erased.subject_id)
    assert erased.subject_id == dsr.identifier_hash("phone", "+994501234567")
    assert verify(db).ok
    assert dsr.find_subject(db, phone=PHONE).message_ids == []  # nothing left to find


@pytest.mark.parametrize(("args", "phrase"), [
    (["--phone", "zəng edin 12"], "phone"), (["--email", "not-an-email"], "email"),
    (["--reference", "AG-0000-0000-0"], "no message"), ([], "exactly one"),
    (["--phone", PHONE, "--email", EMAIL], "exactly one"),
])
def test_bad_requests_are_clear_errors_that_do_not_echo(db: Session, args: list[str], phrase: str,
                                                         tmp_path: Path) -> None:
    result = aigov("privacy", "access", *args, "--out", str(tmp_path / "x"))
    assert result.returncode == 2 and phrase in result.stderr and "Traceback" not in result.stderr
    assert "zəng edin 12" not in result.stderr and "not-an-email" not in result.stderr


def test_access_and_erase_from_the_command_line(db: Session, ingest, tmp_path: Path,
                                                 migrated_engine: Engine) -> None:
    mine, _ = _person(db, ingest)
    out = tmp_path / "dsr"
    access = aigov("privacy", "access", "--email", EMAIL, "--out", str(out), "--lang", "az")
    assert access.returncode == 0, access.stderr
    assert (out / "subject.json").exists() and (out / "subject.html").exists()
    assert "Sizin haqqınızda" in (out / "subject.html").read_text()
    erase = aigov("privacy", "erase", "--email", EMAIL, "--yes", "--json")
    assert erase.returncode == 0, erase.stderr
    assert json.loads(erase.stdout)["messages"] == 2 and not out.exists()
    assert not rows_containing(migrated_engine, SECRETS)


def test_the_api_is_for_administrators_only(db: Session, ingest, client_as) -> None:
    _person(db, ingest)
    admin = client_as("admin")
    document = admin.post("/api/v1/privacy/access", json={"phone": PHONE})
    assert document.status_code == 200 and len(document.json()["messages"]) == 2
    for role in ("officer", "analyst", "auditor", "public"):
        assert client_as(role).post("/api/v1/privacy/access", json={"phone": PHONE}).status_code in {401, 403}
    refused = admin.post("/api/v1/privacy/erase", json={"phone": PHONE, "confirm": False})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "confirmation_needed"
    bad = admin.post("/api/v1/privacy/access", json={"phone": "12 34"})
    assert bad.status_code == 422 and "12 34" not in bad.text
    erased = admin.post("/api/v1/privacy/erase", json={"phone": PHONE, "confirm": True})
    assert erased.status_code == 200 and erased.json()["messages"] == 2
    assert admin.post("/api/v1/privacy/access", json={"phone": PHONE}).json()["messages"] == []
