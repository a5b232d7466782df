"""Migration 0004 (senders, locations, has_contact, outbox retries) keeps existing rows, and downgrades."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import Engine, inspect, text

from aigov.db import migrate
from aigov.db.engine import make_engine

NEW_TABLES = {"message_senders", "message_locations"}


def _downgrade(engine: Engine, revision: str) -> None:
    cfg = migrate.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def _columns(engine: Engine, table: str) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns(table)}


def test_0004_upgrades_existing_rows_and_downgrades(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    migrate.upgrade(engine, "0003")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO messages (id, reference, channel, external_id, received_at, "
                          "created_at, text, redacted_text, urgency_reasons, entities, explanations) "
                          "VALUES (1, 'AG-1', "
                          "'sms', 'e-1', '2025-02-03 05:00:00', '2025-02-03 05:00:00', 't', 't', '[]', "
                          "'[]', '{}')"))
        conn.execute(text("INSERT INTO outbox (id, message_id, channel, body, status, attempts, created_at) "
                          "VALUES (1, 1, 'sms', 'b', 'queued', 2, '2025-02-03 05:00:00'), "
                          "(2, 1, 'sms', 'b', 'sent', 3, '2025-02-03 05:00:00')"))
    migrate.upgrade(engine)
    assert migrate.current_revisions(engine) == migrate.head_revisions(engine)
    assert set(inspect(engine).get_table_names()) >= NEW_TABLES
    assert {"fail_count", "failed_at", "next_attempt_at"} <= _columns(engine, "outbox")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT has_contact FROM messages")).scalar_one() in (False, 0)
        counts = conn.execute(text("SELECT status, fail_count FROM outbox ORDER BY id")).all()
    assert [tuple(row) for row in counts] == [("queued", 2), ("sent", 2)]

    with engine.begin() as conn:  # a failed message waiting for its retry goes back to queued
        conn.execute(text("UPDATE outbox SET status = 'failed', next_attempt_at = '2025-02-03 06:00:00' "
                          "WHERE id = 1"))
    _downgrade(engine, "0003")
    assert not NEW_TABLES & set(inspect(engine).get_table_names())
    assert "has_contact" not in _columns(engine, "messages")
    assert "next_attempt_at" not in _columns(engine, "outbox")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT status FROM outbox WHERE id = 1")).scalar_one() == "queued"
        assert conn.execute(text("SELECT count(*) FROM messages")).scalar_one() == 1
    migrate.upgrade(engine)
    assert migrate.current_revisions(engine) == migrate.head_revisions(engine)
    engine.dispose()
