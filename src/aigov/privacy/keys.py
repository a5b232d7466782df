"""Key rotation: a new current key, every ciphertext re-encrypted under it, old keys dropped when unused."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from aigov.audit.service import record
from aigov.messages.models import MessageSender
from aigov.privacy import crypto, holders
from aigov.privacy.holders import EncryptedTable
from aigov.privacy.models import MessageRawText
from aigov.privacy.service import raw_aad, sender_aad

TABLES: tuple[EncryptedTable, ...] = (
    EncryptedTable("raw_texts", MessageRawText, lambda row: raw_aad(row.message_id)),
    EncryptedTable("senders", MessageSender, lambda row: sender_aad(row.message_id)))


def tables() -> list[EncryptedTable]:
    """Every table holding ciphertexts: the messages' own and those other domains register."""
    return [*TABLES, *(table for holder in holders.holders() for table in holder.encrypted)]


@dataclass
class RotationReport:
    key_id: str
    source: str
    re_encrypted: dict[str, int] = field(default_factory=dict)
    retired: list[str] = field(default_factory=list)
    still_needed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"key_id": self.key_id, "source": self.source, "re_encrypted": self.re_encrypted,
                "retired": self.retired, "still_needed": self.still_needed}


def usage(session: Session) -> dict[str, dict[str, int]]:
    """How many ciphertexts each key id protects, per table."""
    return {table.name: dict(session.execute(select(table.model.key_id, func.count())
                                             .where(table.model.key_id.is_not(None))
                                             .group_by(table.model.key_id)).all())
            for table in tables()}


def rotate(sessions: sessionmaker[Session], *, actor: str, batch: int = 500) -> RotationReport:
    """With the key file: add a new current key (old ones stay for decryption), re-encrypt every row in
    batches (each committed), then drop the keys nothing uses any more.  With AIGOV_ENCRYPTION_KEY: the
    configured key is the new one; rows under AIGOV_ENCRYPTION_OLD_KEYS are re-encrypted under it."""
    ring = crypto.keyring()
    if ring.source == "file":
        new = AESGCM.generate_key(bit_length=256)
        crypto.write_keyfile(ring.path, crypto.key_id_of(new), {**ring.keys, crypto.key_id_of(new): new})
        ring = crypto.keyring()
    report = RotationReport(ring.current_id, ring.source)
    for table in tables():
        model, done = table.model, 0
        key = inspect(model).primary_key[0]
        while True:
            with sessions() as session, session.begin():
                rows = list(session.scalars(select(model).where(model.key_id != ring.current_id)
                                            .order_by(key).limit(batch)))
                for row in rows:
                    plain = crypto.unseal(row.key_id, row.nonce, row.ciphertext, table.aad(row), ring)
                    sealed = crypto.seal(plain, table.aad(row), ring)
                    row.key_id, row.nonce, row.ciphertext = sealed.key_id, sealed.nonce, sealed.ciphertext
            done += len(rows)
            if len(rows) < batch:
                break
        report.re_encrypted[table.name] = done
    with sessions() as session, session.begin():
        in_use = {kid for counts in usage(session).values() for kid in counts}
        old = sorted(kid for kid in ring.keys if kid != ring.current_id)
        report.still_needed = [kid for kid in old if kid in in_use]
        report.retired = [kid for kid in old if kid not in in_use]
        record(session, action="keys.rotated", actor=actor, subject_type="encryption_key",
               subject_id=ring.current_id, details=report.as_dict())
    if ring.source == "file" and report.retired:
        kept = {kid: key for kid, key in ring.keys.items() if kid not in report.retired}
        crypto.write_keyfile(ring.path, ring.current_id, kept)
    return report
