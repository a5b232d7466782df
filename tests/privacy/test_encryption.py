"""Raw text and contacts are stored only encrypted; readable through the API by allowed roles, audited."""

from __future__ import annotations

import base64
import json

import pytest
from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session

from aigov.audit.models import AuditEntry
from aigov.messages.models import MessageSender
from aigov.privacy import crypto
from aigov.privacy.crypto import DecryptionError, KeyConfigError
from aigov.privacy.models import MessageRawText
from aigov.privacy.service import RawTextUnavailable, read_raw, read_sender

from .conftest import EMAIL, NAME, PHONE, SECRETS, TEXT, checkpoint, in_files, rows_containing, sqlite_files


def test_plaintext_columns_are_gone(migrated_engine: Engine) -> None:
    columns = {t: {c["name"] for c in inspect(migrated_engine).get_columns(t)}
               for t in ("messages", "message_senders", "message_raw_texts")}
    assert "text" not in columns["messages"] and "redacted_text" in columns["messages"]
    assert not {"name", "phone", "email", "address"} & columns["message_senders"]
    assert {"key_id", "nonce", "ciphertext"} <= columns["message_senders"] & columns["message_raw_texts"]


def test_raw_text_and_sender_are_aes_gcm_ciphertexts_under_the_current_key(db: Session, ingest) -> None:
    message = ingest(sender={"name": NAME, "phone": PHONE, "email": EMAIL})
    raw = db.get_one(MessageRawText, message.id)
    sender = db.get_one(MessageSender, message.id)
    current = crypto.keyring().current_id
    for row in (raw, sender):
        assert row.key_id == current and len(row.nonce) == 12
        assert b"Aysel" not in row.ciphertext and b"Aysel" not in row.ciphertext
    assert len(raw.ciphertext) == len(TEXT.encode()) + 16  # the text plus the GCM tag, nothing else
    assert raw.nonce != sender.nonce
    assert read_raw(db, message, actor="t") == TEXT
    assert read_sender(db, message, actor="t").email == EMAIL  # type: ignore[union-attr]


def test_the_sqlite_file_shows_no_personal_data_to_strings(db: Session, client,
                                                           migrated_engine: Engine) -> None:
    if migrated_engine.dialect.name != "sqlite":
        pytest.skip("the database file is SQLite's; PostgreSQL is searched through SQL below")
    checkpoint(migrated_engine)
    files = sqlite_files(migrated_engine)
    assert not in_files(files, SECRETS), "left over from an earlier test: the check would prove nothing"
    response = client.post("/api/v1/messages", json={
        "text": TEXT, "channel": "web", "external_id": "strings-1",
        "sender": {"name": NAME, "phone": PHONE, "email": EMAIL, "address": "Nizami küçəsi 10, Bakı"}})
    assert response.status_code == 201, response.text
    redacted = response.json()["redacted_text"]
    checkpoint(migrated_engine)
    assert not in_files(sqlite_files(migrated_engine), (*SECRETS, "Nizami küçəsi"))
    assert in_files(sqlite_files(migrated_engine), (redacted,))  # the scan does see what is stored


def test_no_table_holds_personal_data_in_plain_text(db: Session, ingest, migrated_engine: Engine) -> None:
    ingest(sender={"name": NAME, "phone": PHONE, "email": EMAIL})
    assert not rows_containing(migrated_engine, SECRETS)
    assert rows_containing(migrated_engine, ("işıq yoxdur",))  # the redacted text is searchable


def test_search_works_on_the_redacted_text_only(db: Session, ingest, client) -> None:
    message = ingest(sender={"name": NAME, "phone": PHONE})
    found = client.get("/api/v1/messages", params={"q": "işıq yoxdur"}).json()
    assert [m["reference"] for m in found["items"]] == [message.reference]
    for secret in ("Aysel", "123 45 67"):
        assert client.get("/api/v1/messages", params={"q": secret}).json()["total"] == 0


def test_a_ciphertext_changed_or_moved_to_another_row_does_not_decrypt(db: Session, ingest, sql) -> None:
    first, second = ingest(), ingest("Bakıda su yoxdur")
    sql("UPDATE message_raw_texts SET "
        "ciphertext = (SELECT ciphertext FROM message_raw_texts WHERE message_id = :a), "
        "nonce = (SELECT nonce FROM message_raw_texts WHERE message_id = :a) WHERE message_id = :b",
        a=first.id, b=second.id)
    db.commit()
    with pytest.raises(DecryptionError):
        read_raw(db, second, actor="t")


def test_raw_text_past_retention_is_unavailable_not_an_error(db: Session, ingest, sql) -> None:
    message = ingest()
    sql("DELETE FROM message_raw_texts WHERE message_id = :m", m=message.id)
    db.commit()
    with pytest.raises(RawTextUnavailable):
        read_raw(db, message, actor="t")


def test_the_raw_endpoint_serves_allowed_roles_and_every_read_is_logged(db: Session, ingest,
                                                                        client_as) -> None:
    message = ingest(sender={"name": NAME, "phone": PHONE})
    admin = client_as("admin")
    raw = admin.get(f"/api/v1/messages/{message.reference}/raw")
    assert raw.status_code == 200 and raw.json()["text"] == TEXT
    assert client_as("analyst").get(f"/api/v1/messages/{message.reference}/raw").status_code == 403
    assert NAME not in client_as("analyst").get(f"/api/v1/messages/{message.reference}").text
    db.commit()
    reads = list(db.scalars(select(AuditEntry).where(AuditEntry.action == "personal_data.read")))
    assert {e.subject_id for e in reads} == {message.reference}
    assert {json.loads(e.details)["fields"][0] for e in reads} == {"raw_text", "sender"}


def test_key_from_configuration_or_a_private_key_file(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from aigov.config import reset_settings_cache

    monkeypatch.setenv("AIGOV_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("AIGOV_ENCRYPTION_KEY", raising=False)
    reset_settings_cache()
    try:
        ring = crypto.keyring()
        assert ring.source == "file" and (tmp_path / "encryption.keys").stat().st_mode & 0o077 == 0
        assert crypto.keyring().current_id == ring.current_id  # made once
        key = base64.b64encode(bytes(range(32))).decode()
        monkeypatch.setenv("AIGOV_ENCRYPTION_KEY", key)
        env_ring = crypto.keyring()
        assert env_ring.source == "env" and env_ring.current_id == crypto.key_id_of(bytes(range(32)))
        assert ring.current_id in env_ring.keys  # the file's key still decrypts older rows
        monkeypatch.setenv("AIGOV_ENCRYPTION_KEY", "too-short")
        with pytest.raises(KeyConfigError, match="AIGOV_ENCRYPTION_KEY") as caught:
            crypto.keyring()
        assert "too-short" not in str(caught.value)
    finally:
        monkeypatch.undo()
        reset_settings_cache()


def test_workers_starting_together_agree_on_one_key_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys

    code = "from aigov.privacy import crypto; print(crypto.keyring().current_id)"
    env = {**os.environ, "AIGOV_DATA_DIR": str(tmp_path)}
    env.pop("AIGOV_ENCRYPTION_KEY", None)
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
             for _ in range(4)]
    ids = {proc.communicate(timeout=120)[0].strip() for proc in procs}
    assert len(ids) == 1 and ids != {""}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["encryption.keys"]


def test_a_read_is_logged_even_when_another_process_wrote_meanwhile(db: Session, ingest,
                                                                    migrated_engine: Engine) -> None:
    from aigov.audit.service import record, verify
    from aigov.db.engine import session_factory

    message = ingest()
    reader = session_factory()()
    try:
        reader.get_one(type(message), message.id)  # its transaction (on SQLite, its snapshot) starts
        with session_factory()() as other, other.begin():  # someone else writes to the log meanwhile
            record(other, action="test.event", actor="other", subject_type="thing", subject_id="x")
        assert read_raw(reader, reader.get_one(type(message), message.id), actor="officer-9") == TEXT
        reader.commit()
    finally:
        reader.close()
    db.commit()
    reads = list(db.scalars(select(AuditEntry).where(AuditEntry.action == "personal_data.read")))
    assert [e.actor for e in reads] == ["officer-9"] and verify(db).ok
