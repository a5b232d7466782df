"""Migration 0006 encrypts the raw texts and senders already stored, drops the plaintext, and downgrades."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from aigov.db import migrate
from aigov.db.engine import make_engine
from aigov.privacy import crypto
from aigov.privacy.service import raw_aad, sender_aad

from .conftest import SECRETS, TEXT, checkpoint, in_files, sqlite_files


def test_0006_encrypts_existing_rows_and_downgrade_restores_them(_session_env, tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    migrate.upgrade(engine, "0004")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO messages (id, reference, channel, external_id, received_at, created_at, text, "
            "redacted_text, urgency_reasons, entities, explanations, has_contact) VALUES (7, 'AG-1', 'web', "
            "'e-1', '2025-02-03 05:00:00', '2025-02-03 05:00:00', :t, 'redacted', '[]', '[]', '{}', 1)"),
            {"t": TEXT})
        conn.execute(text("INSERT INTO message_senders (message_id, name, phone, email) "
                          "VALUES (7, 'Aysel Məmmədova', '+994501234567', 'aysel.mammadova@example.az')"))
    migrate.upgrade(engine)
    columns = {c["name"] for c in inspect(engine).get_columns("messages")}
    assert "text" not in columns
    with engine.connect() as conn:
        key_id, nonce, blob = conn.execute(text(
            "SELECT key_id, nonce, ciphertext FROM message_raw_texts WHERE message_id = 7")).one()
        assert crypto.unseal(key_id, nonce, blob, raw_aad(7)).decode() == TEXT
        key_id, nonce, blob = conn.execute(text(
            "SELECT key_id, nonce, ciphertext FROM message_senders WHERE message_id = 7")).one()
        assert json.loads(crypto.unseal(key_id, nonce, blob, sender_aad(7)))["phone"] == "+994501234567"
        assert conn.execute(text("SELECT lawful_basis FROM message_consents")).scalar_one() == "consent"
    checkpoint(engine)
    assert not in_files(sqlite_files(engine), SECRETS)  # secure_delete zeroed the pages that held them

    cfg = migrate.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT text FROM messages WHERE id = 7")).scalar_one() == TEXT
        assert conn.execute(text("SELECT name FROM message_senders")).scalar_one() == "Aysel Məmmədova"
    assert "message_raw_texts" not in inspect(engine).get_table_names()
    engine.dispose()
