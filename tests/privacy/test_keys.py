"""`aigov keys rotate`: everything re-encrypted under a new key and still readable; old keys retired."""

from __future__ import annotations

import base64
import json
import os

from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.db.engine import session_factory
from aigov.messages.models import MessageSender
from aigov.privacy import crypto
from aigov.privacy.keys import rotate, usage
from aigov.privacy.models import MessageRawText
from aigov.privacy.service import read_raw, read_sender

from .conftest import EMAIL, NAME, PHONE, TEXT, aigov


def _store_three(ingest) -> list:  # type: ignore[no-untyped-def]
    return [ingest(f"{TEXT} ({n})", sender={"name": NAME, "phone": PHONE, "email": EMAIL}) for n in range(3)]


def test_rotation_with_the_key_file_keeps_everything_readable(db: Session, ingest) -> None:
    from aigov.assistant.models import Conversation

    messages = _store_three(ingest)
    chat = Conversation(token="rotation-test-token-0123", channel="web", turns=[{"q": TEXT, "a": "-"}])
    db.add(chat)
    db.commit()
    old = crypto.keyring().current_id
    report = rotate(session_factory(), actor="test", batch=2)  # several batches
    assert report.key_id != old and report.retired == [old] and report.still_needed == []
    assert report.re_encrypted == {"raw_texts": 3, "senders": 3, "assistant_conversations": 1}
    db.expire_all()
    assert chat.key_id == report.key_id and chat.turns[0]["q"] == TEXT  # the chat was sealed again, readable
    db.expire_all()
    assert {r.key_id for r in db.scalars(select(MessageRawText))} == {report.key_id}
    assert {r.key_id for r in db.scalars(select(MessageSender))} == {report.key_id}
    assert set(crypto.keyring().keys) == {report.key_id}  # the old key left the key file
    for n, message in enumerate(messages):
        assert read_raw(db, message, actor="t") == f"{TEXT} ({n})"
        assert read_sender(db, message, actor="t").phone == "+994501234567"  # type: ignore[union-attr]
    fresh = ingest("Gəncədə qaz yoxdur")
    assert db.get_one(MessageRawText, fresh.id).key_id == report.key_id


def test_rotation_to_a_configured_key(db: Session, ingest, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    messages = _store_three(ingest)
    new = bytes(range(100, 132))
    monkeypatch.setenv("AIGOV_ENCRYPTION_KEY", base64.b64encode(new).decode())
    report = rotate(session_factory(), actor="test")
    assert report.key_id == crypto.key_id_of(new) and report.source == "env"
    db.expire_all()
    assert set(usage(db)["raw_texts"]) == {report.key_id}
    assert read_raw(db, messages[0], actor="t") == f"{TEXT} (0)"


def test_rotate_and_status_from_the_command_line(db: Session, ingest) -> None:
    _store_three(ingest)
    before = json.loads(aigov("keys", "status", "--json").stdout)
    result = aigov("keys", "rotate", "--json")
    assert result.returncode == 0, result.stderr
    rotated = json.loads(result.stdout)
    assert rotated["key_id"] != before["current"] and rotated["re_encrypted"]["raw_texts"] == 3
    after = json.loads(aigov("keys", "status", "--json").stdout)
    assert after["usage"]["raw_texts"] == {rotated["key_id"]: 3}
    generated = aigov("keys", "generate").stdout.strip()
    assert len(base64.b64decode(generated)) == 32
    bad = aigov("keys", "status", env={"AIGOV_ENCRYPTION_KEY": "bm90IGEga2V5"})
    assert bad.returncode == 2 and "AIGOV_ENCRYPTION_KEY" in bad.stderr and "Traceback" not in bad.stderr
    assert "bm90IGEga2V5" not in bad.stderr + bad.stdout
    assert os.environ.get("AIGOV_ENCRYPTION_KEY") is None
