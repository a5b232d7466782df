"""The assistant's conversations under the privacy rules: encrypted at rest, erased with the person's cases,
exported on an access request, deleted by retention, re-encrypted by key rotation (tests/privacy)."""

from __future__ import annotations

import importlib.util
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.orm import Session

from aigov.assistant.models import Conversation, Handoff, conversation_aad
from aigov.db import migrate
from aigov.db.base import Base, utcnow
from aigov.db.engine import make_engine
from aigov.messages.models import Message
from aigov.privacy import crypto, dsr
from aigov.privacy.crypto import DecryptionError
from aigov.privacy.erasure import checkpoint
from aigov.privacy.retention import run_retention

_spec = importlib.util.spec_from_file_location(
    "aigov_tests_privacy_conftest", Path(__file__).parents[1] / "privacy" / "conftest.py"
)
_privacy = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(_privacy)  # type: ignore[union-attr]
in_files, rows_containing, sqlite_files = _privacy.in_files, _privacy.rows_containing, _privacy.sqlite_files

NAME = "Zərifə Qasımova"
PHONE = "+994 55 987 65 43"
QUESTION = f"Salam, mən {NAME}, nömrəm {PHONE}. Pasport almaq üçün hansı sənədlər lazımdır?"
COMPLAINT = f"şikayət: Xırdalanda dörd gündür qaz yoxdur, mən {NAME}, zəng edin {PHONE}"
PERSONAL = ("Zərifə", "Qasımova", "987 65 43", "559876543")  # however it could be written
OWN_WORDS = ("Xırdalanda dörd gündür", "Pasport almaq üçün")  # the citizen's words, personal or not
TOKEN = "tok-0123456789abcdef"


def form_key(html: str) -> str:
    return re.search(r'name="form_key" value="([0-9a-f]+)"', html).group(1)  # type: ignore[union-attr]


def chat_and_hand_over(client) -> str:  # type: ignore[no-untyped-def]
    """On the chat page: a question with personal data, a complaint handed over with consent and a phone,
    and the profile form; returns the case's reference."""
    client.headers["Accept-Language"] = "az"
    key = form_key(client.get("/assistant").text)
    assert client.post("/assistant", data={"q": QUESTION, "form_key": key}).status_code == 200
    assert client.post("/assistant/profile", data={"age": "47", "disability": "yes", "form_key": key}
                       ).status_code == 200
    assert client.post("/assistant", data={"q": COMPLAINT, "form_key": key}).status_code == 200
    handed = client.post("/assistant/handoff", data={"text": COMPLAINT, "consent": "yes", "name": NAME,
                                                     "phone": PHONE, "form_key": key}, follow_redirects=False)
    assert handed.status_code == 303, handed.text
    return handed.headers["location"].split("case=")[1].split("#")[0]


def test_a_chat_leaves_no_question_text_or_personal_data_in_the_database(
        anon_client, db: Session, migrated_engine: Engine) -> None:
    if migrated_engine.dialect.name == "sqlite":
        assert checkpoint(db)
        assert not in_files(sqlite_files(migrated_engine), (*PERSONAL, *OWN_WORDS)), "left from another test"
    key = form_key(anon_client.get("/assistant").text)
    anon_client.post("/assistant", data={"q": QUESTION, "form_key": key})
    anon_client.post("/assistant/profile", data={"age": "47", "disability": "yes", "form_key": key})
    api = anon_client.post("/api/v1/assistant/ask", json={"question": QUESTION, "profile": {"age": 47}})
    assert api.status_code == 200 and api.json()["entries"]
    page = anon_client.get("/assistant").text
    assert QUESTION in page and 'value="47"' in page  # the holder of the cookie still sees it all
    db.rollback()
    chats = list(db.scalars(select(Conversation)))
    assert len(chats) == 2 and all(c.ciphertext and c.key_id == crypto.keyring().current_id for c in chats)
    assert not rows_containing(migrated_engine, (*PERSONAL, *OWN_WORDS, "disability"))
    db.rollback()
    if migrated_engine.dialect.name == "sqlite":
        assert checkpoint(db)
        assert not in_files(sqlite_files(migrated_engine), (*PERSONAL, *OWN_WORDS, "disability"))
    columns = {c["name"] for c in inspect(migrated_engine).get_columns("assistant_conversations")}
    assert not {"last_question", "pending_text", "turns", "profile"} & columns


def test_erasure_removes_a_handed_off_chat_everywhere(anon_client, db: Session, tmp_path: Path,
                                                      migrated_engine: Engine) -> None:
    reference = chat_and_hand_over(anon_client)
    db.rollback()
    assert rows_containing(migrated_engine, ("dörd gündür",))  # the appeal (redacted): something to erase
    subject = dsr.find_subject(db, phone="055 987 65 43")
    assert len(subject.message_ids) == 1
    export = dsr.export_access(db, subject, tmp_path / "export", actor="dpo")
    db.commit()
    counts = dsr.erase(db, dsr.find_subject(db, phone=PHONE), actor="dpo")
    db.commit()
    assert counts["assistant_rows"] == 1 and not any(path.exists() for path in export.files)
    assert not rows_containing(migrated_engine, (*PERSONAL, *OWN_WORDS, "qaz yoxdur"))
    if migrated_engine.dialect.name == "sqlite":
        assert checkpoint(db)
        assert not in_files(sqlite_files(migrated_engine), (*PERSONAL, *OWN_WORDS, "qaz yoxdur"))
    assert db.scalar(select(Conversation)) is None
    handoff = db.scalars(select(Handoff)).one()  # the consent record stays, without the chat
    assert handoff.consent is True and handoff.conversation_id is None and handoff.reference == reference
    assert db.get_one(Message, subject.message_ids[0]).redacted_text == ""


def test_the_access_export_holds_the_handed_off_conversation(anon_client, db: Session,
                                                              tmp_path: Path) -> None:
    chat_and_hand_over(anon_client)
    db.rollback()
    subject = dsr.find_subject(db, phone=PHONE)
    result = dsr.export_access(db, subject, tmp_path / "out", actor="dpo", locale="az")
    db.commit()
    document = json.loads(result.files[0].read_text())
    [item] = document["messages"]
    held = item["assistant"]
    assert held["consent"] is True and held["consent_text"] and held["channel"] == "web"
    questions = [turn["question"] for turn in held["conversation"]["turns"]]
    assert QUESTION in questions and COMPLAINT in questions
    assert held["conversation"]["profile"] == {"age": 47, "disability": True}
    html = result.files[1].read_text()
    assert "Xidmət köməkçisi ilə söhbətiniz" in html and "Pasport almaq üçün" in html


def test_retention_deletes_idle_conversations(anon_client, db: Session) -> None:
    chat_and_hand_over(anon_client)
    db.rollback()
    key = form_key(anon_client.get("/assistant").text)
    anon_client.post("/assistant/reset", data={"form_key": key})
    key = form_key(anon_client.get("/assistant").text)
    anon_client.post("/assistant", data={"q": "passport", "form_key": key})
    db.rollback()
    old, recent = db.scalars(select(Conversation).order_by(Conversation.id)).all()
    old.updated_at = utcnow() - timedelta(days=31)
    db.commit()
    assert run_retention(db, dry_run=True).counts["conversations"] == 1
    assert db.scalar(select(Conversation).where(Conversation.id == old.id)) is not None
    report = run_retention(db)
    db.commit()
    assert report.counts["conversations"] == 1
    assert [c.id for c in db.scalars(select(Conversation))] == [recent.id]
    assert db.scalars(select(Handoff)).one().conversation_id is None


def test_a_conversation_ciphertext_is_bound_to_its_token(db: Session, migrated_engine: Engine) -> None:
    first = Conversation(token="token-one-0123456789abc", channel="web", last_question="first question")
    second = Conversation(token="token-two-0123456789abc", channel="web", last_question="second question")
    db.add_all([first, second])
    db.commit()
    with migrated_engine.begin() as conn:
        conn.execute(text(
            "UPDATE assistant_conversations SET "
            "ciphertext = (SELECT ciphertext FROM assistant_conversations WHERE id = :a), "
            "nonce = (SELECT nonce FROM assistant_conversations WHERE id = :a) WHERE id = :b"),
            {"a": first.id, "b": second.id})
    db.expire_all()
    assert first.last_question == "first question"
    with pytest.raises(DecryptionError):
        _ = second.last_question


def test_the_migrated_assistant_tables_match_the_models(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert not [change for change in diff if "assistant_" in repr(change)], diff


def test_0010_encrypts_stored_conversations_and_publishes_open311_requests(_session_env, tmp_path: Path
                                                                          ) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    migrate.upgrade(engine, "0009")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO assistant_conversations (id, token, channel, language, profile, last_question, "
            "pending, pending_text, turns, turn_count, created_at, updated_at) VALUES (3, :token, 'web', "
            "'az', :profile, :q, 'consent', :q, :turns, 1, '2026-01-05 10:00:00', '2026-01-05 10:00:00')"),
            {"token": TOKEN, "profile": json.dumps({"age": 47}), "q": QUESTION,
             "turns": json.dumps([{"q": QUESTION, "a": "-"}])})
        for id_, channel in ((1, "open311"), (2, "sms")):
            conn.execute(text(
                "INSERT INTO messages (id, reference, channel, external_id, received_at, created_at, "
                "redacted_text, urgency_reasons, entities, explanations, has_contact) VALUES (:id, :ref, "
                ":channel, :ext, '2026-01-05 10:00:00', '2026-01-05 10:00:00', 'x', '[]', '[]', '{}', 0)"),
                {"id": id_, "ref": f"AG-{id_}", "channel": channel, "ext": f"e-{id_}"})
            conn.execute(text(
                "INSERT INTO message_consents (message_id, lawful_basis, source, purposes, "
                "consented_purposes, data, third_party_transfer, given_at) VALUES (:id, 'law', 'channel', "
                ":purposes, '[]', '[]', 0, '2026-01-05 10:00:00')"),
                {"id": id_, "purposes": json.dumps(["appeal", "statistics"])})
    migrate.upgrade(engine)
    with engine.connect() as conn:
        key_id, nonce, blob = conn.execute(text(
            "SELECT key_id, nonce, ciphertext FROM assistant_conversations WHERE id = 3")).one()
        data = json.loads(crypto.unseal(key_id, nonce, blob, conversation_aad(TOKEN)))
        assert data["pending_text"] == QUESTION and data["profile"] == {"age": 47}
        purposes = dict(conn.execute(text("SELECT message_id, purposes FROM message_consents")).all())
    assert "publication" in json.loads(purposes[1]) and "publication" not in json.loads(purposes[2])
    _privacy.checkpoint(engine)
    assert not in_files(sqlite_files(engine), ("Zərifə", "Pasport almaq"))

    cfg = migrate.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009")
    with engine.connect() as conn:
        restored = conn.execute(text("SELECT last_question FROM assistant_conversations")).scalar_one()
    assert restored == QUESTION
    engine.dispose()
