"""Removing personal data: the building blocks of retention, consent revocation and erasure requests.

Each function works on a set of message (or case) ids in the caller's transaction and returns counts.
What stays after all of them: the message's reference, channel, times and analysis labels (sentiment,
topic, agency, urgency, region), and the case's status history and deadlines: statistics with no text.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from aigov.cases.models import Case, CaseEvent, RoutingCorrection
from aigov.cases.service import SYSTEM
from aigov.channels.outbox import OutboxMessage
from aigov.db.base import utcnow
from aigov.messages.models import Message, MessageLocation, MessageSender
from aigov.privacy import holders
from aigov.privacy.models import MessageConsent, MessageRawText, PrivacyExport

ERASED = "[erased]"
CHUNK = 500

# Other domains that copy a message's text or its sender's details somewhere else register how to erase
# those copies: ``register_eraser("name", fn)`` with ``fn(session, message_ids) -> rows changed``, or a
# whole aigov.privacy.holders.Holder (erasure, access export, retention, key rotation) as the assistant does.
Eraser = Callable[[Session, list[int]], int]


def register_eraser(name: str, eraser: Eraser) -> None:
    holders.register(holders.Holder(name, erase=eraser))


def erase_elsewhere(session: Session, message_ids: Iterable[int]) -> dict[str, int]:
    """Run every registered eraser over these messages; return rows changed per domain."""
    ids = sorted(set(message_ids))
    return {holder.name: holder.erase(session, ids) for holder in holders.holders() if holder.erase}


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _count(session: Session, query) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def forget_personal_data(session: Session, message_ids: Iterable[int]) -> dict[str, int]:
    """Delete the raw text and the sender's details of these messages, and the outbox recipients."""
    ids = sorted(set(message_ids))
    return {"raw_text": delete_raw_texts(session, ids), "contacts": delete_contacts(session, ids)}


def delete_raw_texts(session: Session, message_ids: Iterable[int]) -> int:
    count = 0
    for chunk in _chunks(message_ids):
        count += session.execute(
            delete(MessageRawText).where(MessageRawText.message_id.in_(chunk))).rowcount or 0
    session.expire_all()
    return count


def delete_contacts(session: Session, message_ids: Iterable[int]) -> int:
    """Delete the senders' details; the messages no longer have a contact, the outbox no recipient."""
    count = 0
    for chunk in _chunks(message_ids):
        count += session.execute(
            delete(MessageSender).where(MessageSender.message_id.in_(chunk))).rowcount or 0
        session.execute(update(Message).where(Message.id.in_(chunk), Message.has_contact.is_(True))
                        .values(has_contact=False).execution_options(synchronize_session=False))
        session.execute(update(OutboxMessage).where(OutboxMessage.message_id.in_(chunk),
                                                    OutboxMessage.recipient.is_not(None))
                        .values(recipient=None).execution_options(synchronize_session=False))
    session.expire_all()
    return count


def anonymise_messages(session: Session, message_ids: Iterable[int]) -> int:
    """Blank the redacted text, explanations and found spans; drop the problem's location.  Labels stay."""
    count = 0
    for chunk in _chunks(message_ids):
        count += session.execute(
            update(Message).where(Message.id.in_(chunk), Message.redacted_text != "")
            .values(redacted_text="", entities=[], explanations={})
            .execution_options(synchronize_session=False)).rowcount or 0
        session.execute(delete(MessageLocation).where(MessageLocation.message_id.in_(chunk)))
    session.expire_all()
    return count


def pseudonymise_ids(session: Session, message_ids: Iterable[int]) -> None:
    """Replace each message's channel id (it may be a phone number or a chat id) by a hash of it."""
    for chunk in _chunks(message_ids):
        for message in session.scalars(select(Message).where(Message.id.in_(chunk))):
            if not message.external_id.startswith("erased:"):
                digest = hashlib.sha256(f"{message.channel}\x1f{message.external_id}".encode()).hexdigest()
                message.external_id = f"erased:{digest[:40]}"
    session.flush()


def anonymise_cases(session: Session, case_ids: Iterable[int]) -> int:
    """Blank officers' free text on these cases: public answer, resolution reason, comments and notes
    written by people, outbox bodies and the training copies of re-routed text.  Statuses stay."""
    count = 0
    for chunk in _chunks(case_ids):
        count += session.execute(
            update(Case).where(Case.id.in_(chunk), (Case.public_answer.is_not(None))
                               | (Case.resolution_reason.is_not(None)))
            .values(public_answer=None, resolution_reason=None)
            .execution_options(synchronize_session=False)).rowcount or 0
        session.execute(update(CaseEvent).where(CaseEvent.case_id.in_(chunk), CaseEvent.actor != SYSTEM,
                                                CaseEvent.note.is_not(None), CaseEvent.note != ERASED)
                        .values(note=ERASED).execution_options(synchronize_session=False))
        session.execute(update(OutboxMessage)
                        .where(OutboxMessage.case_id.in_(chunk), OutboxMessage.body != ERASED)
                        .values(body=ERASED, recipient=None).execution_options(synchronize_session=False))
        session.execute(update(RoutingCorrection).where(RoutingCorrection.case_id.in_(chunk))
                        .values(redacted_text="").execution_options(synchronize_session=False))
    session.expire_all()
    return count


def end_consents(session: Session, message_ids: Iterable[int]) -> None:
    now = utcnow()
    for chunk in _chunks(message_ids):
        session.execute(update(MessageConsent).where(MessageConsent.message_id.in_(chunk),
                                                     MessageConsent.revoked_at.is_(None))
                        .values(revoked_at=now).execution_options(synchronize_session=False))


def delete_exports(session: Session, *, message_ids: Sequence[int] | None = None,
                   export_ids: Sequence[int] | None = None) -> int:
    """Delete access exports on disk that hold any of these messages (or these exports); return how many."""
    wanted = set(message_ids or ())
    count = 0
    for export in session.scalars(select(PrivacyExport).where(PrivacyExport.deleted_at.is_(None))):
        if (export_ids is not None and export.id in export_ids) or wanted & set(export.message_ids or ()):
            remove_export_files(Path(export.path))
            export.deleted_at = utcnow()
            count += 1
    session.flush()
    return count


def remove_export_files(folder: Path) -> None:
    """Delete the files aigov wrote into an export folder, then the folder if it is left empty."""
    for name in ("subject.json", "subject.html"):
        target = folder / name
        if target.is_file():
            target.unlink()
    with contextlib.suppress(OSError):  # not empty (the user put something else there) or already gone
        folder.rmdir()


def checkpoint(session: Session) -> bool:
    """On SQLite, copy the write-ahead log into the database file and empty it, so that pages holding
    erased data leave the disk (secure_delete has zeroed them in the new pages); True when complete."""
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return True
    raw = bind.raw_connection()  # outside any transaction: a checkpoint cannot run inside one
    try:
        busy = raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]  # type: ignore[union-attr]
    finally:
        raw.close()
    return busy == 0
