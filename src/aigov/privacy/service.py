"""Personal data of messages: stored encrypted at intake, read back only with an audit entry, consent.

``read_raw`` and ``read_sender`` are the only ways to get personal data back out of the database; each
call appends an entry to the audit log in the caller's transaction (commit it), or, on SQLite when that
transaction can no longer write, in one of its own committed before the data is returned.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, String, and_, cast, or_, select
from sqlalchemy.orm import Session

from aigov.audit.service import in_writable_transaction, record
from aigov.db.base import utcnow
from aigov.messages.models import Message, MessageSender
from aigov.privacy import crypto
from aigov.privacy.models import MessageConsent, MessageRawText
from aigov.privacy.policy import consent_policy

if TYPE_CHECKING:
    from aigov.messages.schemas import MessageIn, SenderIn
    from aigov.privacy.schemas import ConsentIn


class RawTextUnavailable(LookupError):
    """The raw text is no longer held (erased on request, or past its retention period)."""


@dataclass(frozen=True)
class SenderDetails:
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None

    def __repr__(self) -> str:
        return "SenderDetails(...)"


def raw_aad(message_id: int) -> bytes:
    return f"aigov:message_raw_texts:{message_id}".encode()


def sender_aad(message_id: int) -> bytes:
    return f"aigov:message_senders:{message_id}".encode()


# --- intake ---------------------------------------------------------------------------------------------

def store_personal_data(session: Session, message: Message, item: MessageIn) -> None:
    """At intake: the raw text and the sender's details encrypted, and the message's consent record."""
    ring = crypto.keyring()
    sealed = crypto.seal(item.text.encode("utf-8"), raw_aad(message.id), ring)
    session.add(MessageRawText(message_id=message.id, key_id=sealed.key_id, nonce=sealed.nonce,
                               ciphertext=sealed.ciphertext))
    if item.sender is not None and not item.sender.anonymous:
        session.add(_sealed_sender(message.id, item.sender, ring))
    session.add(consent_record(message, getattr(item, "consent", None)))


def _sealed_sender(message_id: int, sender: SenderIn, ring: crypto.Keyring) -> MessageSender:
    details = SenderDetails(sender.name, sender.phone, sender.email, sender.address)
    plain = json.dumps(asdict(details), ensure_ascii=False).encode()
    sealed = crypto.seal(plain, sender_aad(message_id), ring)
    return MessageSender(message_id=message_id, key_id=sealed.key_id, nonce=sealed.nonce,
                         ciphertext=sealed.ciphertext)


def consent_record(message: Message, consent: ConsentIn | None) -> MessageConsent:
    """The channel's lawful basis and defaults, plus what the citizen agreed to when a consent came."""
    channel = consent_policy().for_channel(message.channel)
    given = message.received_at
    if consent is None:
        return MessageConsent(message_id=message.id, lawful_basis=channel.lawful_basis, source="channel",
                              purposes=list(channel.purposes), consented_purposes=[], data=list(channel.data),
                              third_party_transfer=channel.third_party_transfer, given_at=given,
                              valid_until=given + channel.validity if channel.validity else None)
    given = consent.given_at or given
    until = consent.valid_until or (given + channel.validity if channel.validity else None)
    return MessageConsent(
        message_id=message.id, lawful_basis=channel.lawful_basis, source="citizen",
        purposes=list(dict.fromkeys([*channel.purposes, *consent.purposes])),
        consented_purposes=list(consent.purposes), data=list(consent.data or channel.data),
        third_party_transfer=consent.third_party_transfer, given_at=given, valid_until=until,
    )


# --- reading personal data (always recorded) ------------------------------------------------------------

def read_raw(session: Session, message: Message, *, actor: str, purpose: str = "display") -> str:
    """The message's raw text, decrypted; the read is recorded in the audit log (in this transaction).

    Raises RawTextUnavailable when it was erased or is past retention.
    """
    row = session.get(MessageRawText, message.id)
    if row is None:
        raise RawTextUnavailable("the raw text of this message is no longer held (erased or past retention)")
    text = crypto.unseal(row.key_id, row.nonce, row.ciphertext, raw_aad(message.id)).decode("utf-8")
    _record_read(session, actor=actor, subject_type="message", subject_id=message.reference,
                 details={"fields": ["raw_text"], "purpose": purpose})
    return text


def _record_read(session: Session, **fields: Any) -> None:
    """Record the read in the caller's transaction, or on its own when that one can no longer write."""
    in_writable_transaction(session, lambda s: record(s, action="personal_data.read", **fields))


def read_sender(session: Session, message: Message, *, actor: str,
                purpose: str = "display") -> SenderDetails | None:
    """The sender's name and contact details, decrypted (None when none are held); the read is recorded."""
    row = session.get(MessageSender, message.id)
    if row is None:
        return None
    details = _open_sender(row)
    _record_read(session, actor=actor, subject_type="message", subject_id=message.reference,
                 details={"fields": ["sender"], "purpose": purpose})
    return details


def _open_sender(row: MessageSender, ring: crypto.Keyring | None = None) -> SenderDetails:
    plain = crypto.unseal(row.key_id, row.nonce, row.ciphertext, sender_aad(row.message_id), ring)
    return SenderDetails(**json.loads(plain))


def load_raw_texts(session: Session, messages: Sequence[Message], *, actor: str, purpose: str) -> int:
    """Put each message's raw text in memory (``message.text``) for processing, e.g. re-analysis.

    One audit entry records the whole batch; messages whose raw text is gone keep their redacted text.
    Returns how many raw texts were loaded.
    """
    by_id = {m.id: m for m in messages}
    if not by_id:
        return 0
    ring = crypto.keyring()
    rows = session.scalars(select(MessageRawText).where(MessageRawText.message_id.in_(list(by_id))))
    loaded = []
    for row in rows:
        message = by_id[row.message_id]
        message.text = crypto.unseal(row.key_id, row.nonce, row.ciphertext, raw_aad(row.message_id),
                                     ring).decode("utf-8")
        loaded.append(message.reference)
    if loaded:
        record(session, action="personal_data.read", actor=actor, subject_type="messages",
               subject_id=f"{len(loaded)} messages",
               details={"fields": ["raw_text"], "purpose": purpose, "references": sorted(loaded)})
    return len(loaded)


# --- consent --------------------------------------------------------------------------------------------

def consent_of(session: Session, message: Message) -> MessageConsent | None:
    return session.get(MessageConsent, message.id)


def consent_active(consent: MessageConsent | None, now: datetime | None = None) -> bool:
    """Is processing still covered: not revoked and not expired (a basis other than consent always is)?"""
    if consent is None:
        return False
    if consent.lawful_basis != "consent":
        return True
    now = now or utcnow()
    return consent.revoked_at is None and (consent.valid_until is None or consent.valid_until > now)


def transfer_allowed(session: Session, message: Message) -> bool:
    """May personal data of this message go to a third party (the law asks for consent to that)?"""
    consent = consent_of(session, message)
    return bool(consent and consent_active(consent) and consent.third_party_transfer
                and consent.revoked_at is None)


PUBLICATION = "publication"  # the consent purpose that lets aigov publish a message (Open311's public list)


def publication_allowed(consent: MessageConsent | None, now: datetime | None = None) -> bool:
    """May the message's redacted text and location be published: its consent names the purpose
    ``publication``, was not withdrawn, and (when consent is the only basis) has not expired?"""
    return bool(consent is not None and PUBLICATION in (consent.purposes or []) and consent.revoked_at is None
                and consent_active(consent, now))


def publication_allowed_clause(now: datetime | None = None) -> ColumnElement[bool]:
    """``publication_allowed`` as a SQL condition on message_consents (join it to the messages)."""
    now = now or utcnow()
    # purposes is a JSON list of known codes (checked against consent.yaml), stored as text on both
    # databases: matching the quoted code is exact, and works without JSON functions on SQLite and PostgreSQL.
    return and_(cast(MessageConsent.purposes, String).like(f'%"{PUBLICATION}"%'),
                MessageConsent.revoked_at.is_(None),
                or_(MessageConsent.lawful_basis != "consent", MessageConsent.valid_until.is_(None),
                    MessageConsent.valid_until > now))


def revoke_consent(session: Session, message: Message, *, actor: str,
                   now: datetime | None = None) -> dict[str, Any]:
    """The citizen withdraws consent (recorded); if consent was the only basis, raw text and contacts go."""
    from aigov.privacy.erasure import forget_personal_data

    now = now or utcnow()
    consent = consent_of(session, message)
    if consent is None:
        consent = consent_record(message, None)
        session.add(consent)
    if consent.revoked_at is None:
        consent.revoked_at = now
    removed = {"raw_text": 0, "contacts": 0}
    if consent.lawful_basis == "consent":
        removed = forget_personal_data(session, [message.id])
    session.flush()
    record(session, action="consent.revoked", actor=actor, subject_type="message",
           subject_id=message.reference, details={"lawful_basis": consent.lawful_basis, "removed": removed})
    return {"reference": message.reference, "lawful_basis": consent.lawful_basis, "removed": removed}
