"""Data-subject requests: find everything held about a person, export it (JSON + HTML), or erase it.

A person is found by phone, email or a message reference.  Sender details and raw texts are encrypted,
so finding means decrypting them in memory: the sender's own phone or email, and messages whose text
mentions that phone or email.  A reference also brings in the other messages from the same phone or
email.  The audit log records each request with a keyed hash of the identifier, never the identifier.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.audit.service import entry_json, for_subject, record
from aigov.cases.models import Case, CaseEvent
from aigov.channels.outbox import OutboxMessage
from aigov.config import get_settings
from aigov.db.base import utcnow
from aigov.messages.models import Message, MessageLocation, MessageSender
from aigov.messages.reference import normalise_reference
from aigov.privacy import crypto, erasure, holders
from aigov.privacy.models import MessageConsent, MessageRawText, PrivacyExport
from aigov.privacy.policy import consent_policy
from aigov.privacy.service import SenderDetails, _open_sender, raw_aad

BATCH = 500


class SubjectError(ValueError):
    """The request does not name a person aigov can look for (the message never repeats the identifier)."""


@dataclass
class Subject:
    kind: str  # phone, email or reference
    identifier: str  # normalised; kept in memory only
    message_ids: list[int] = field(default_factory=list)

    @property
    def identifier_hash(self) -> str:
        return identifier_hash(self.kind, self.identifier)

    def __repr__(self) -> str:
        return f"Subject(kind={self.kind!r}, messages={len(self.message_ids)})"


def identifier_hash(kind: str, identifier: str) -> str:
    """HMAC-SHA256 under a key derived from the secret key: lets the log show which requests concern the
    same person without the identifier being recoverable by trying every phone number."""
    key = hashlib.sha256(b"aigov-dsr-identifier\x00" + get_settings().resolved_secret_key().encode()).digest()
    return hmac.new(key, f"{kind}:{identifier}".encode(), hashlib.sha256).hexdigest()


def _normalise_phone(value: str) -> str:
    from aigov.messages.schemas import SenderIn

    try:
        phone = SenderIn(phone=value).phone
    except ValidationError:
        raise SubjectError("--phone is not a valid phone number") from None
    if not phone:
        raise SubjectError("--phone is empty")
    return phone


def _normalise_email(value: str) -> str:
    from aigov.messages.schemas import SenderIn

    try:
        email = SenderIn(email=value).email
    except ValidationError:
        raise SubjectError("--email is not an email address") from None
    if not email:
        raise SubjectError("--email is empty")
    return email.casefold()


def find_subject(session: Session, *, phone: str | None = None, email: str | None = None,
                 reference: str | None = None) -> Subject:
    """Every message of one person, named by exactly one of phone, email or a message reference."""
    given = [(k, v) for k, v in (("phone", phone), ("email", email), ("reference", reference)) if v]
    if len(given) != 1:
        raise SubjectError("name the person by exactly one of phone, email or reference")
    kind, value = given[0]
    phones: set[str] = set()
    emails: set[str] = set()
    ids: set[int] = set()
    if kind == "phone":
        phones.add(_normalise_phone(value))
        identifier = next(iter(phones))
    elif kind == "email":
        emails.add(_normalise_email(value))
        identifier = next(iter(emails))
    else:
        identifier = normalise_reference(value) or ""
        message = (session.scalar(select(Message).where(Message.reference == identifier))
                   if identifier else None)
        if message is None:
            raise SubjectError("no message has this reference")
        ids.add(message.id)
        sender = session.get(MessageSender, message.id)
        if sender is not None:
            details = _open_sender(sender)
            phones.update([details.phone] if details.phone else [])
            emails.update([details.email.casefold()] if details.email else [])
    for _ in range(3):  # the person's own sender records may name another phone or email of theirs
        if not (phones or emails):
            break
        known = (len(phones), len(emails))
        ids |= _matching_senders(session, phones, emails)
        if known == (len(phones), len(emails)):
            break
    if phones or emails:
        ids |= _matching_texts(session, phones, emails) | _matching_channel_ids(session, phones, emails)
    return Subject(kind, identifier, sorted(ids))


def _matching_channel_ids(session: Session, phones: set[str], emails: set[str]) -> set[int]:
    """Messages whose channel id is the phone (SMS, WhatsApp gateways) or the e-mail address."""
    import phonenumbers

    patterns = [f"%{phonenumbers.parse(p).national_number}%" for p in phones] + [f"%{e}%" for e in emails]
    found: set[int] = set()
    for pattern in patterns:
        found |= set(session.scalars(select(Message.id).where(Message.external_id.ilike(pattern))))
    return found


def _matching_senders(session: Session, phones: set[str], emails: set[str]) -> set[int]:
    """Messages whose sender gave one of the phones or emails; adds the other contacts those senders gave."""
    found: set[int] = set()
    ring = crypto.keyring()
    last = -1
    while True:
        rows = list(session.scalars(select(MessageSender).where(MessageSender.message_id > last)
                                    .order_by(MessageSender.message_id).limit(BATCH)))
        if not rows:
            return found
        for row in rows:
            details = _open_sender(row, ring)
            if details.phone in phones or (details.email and details.email.casefold() in emails):
                found.add(row.message_id)
                phones.update([details.phone] if details.phone else [])
                emails.update([details.email.casefold()] if details.email else [])
        last = rows[-1].message_id


def _matching_texts(session: Session, phones: set[str], emails: set[str]) -> set[int]:
    """Messages whose raw text mentions one of the phones (any written form) or emails."""
    import phonenumbers

    national = {p: str(phonenumbers.parse(p).national_number) for p in phones}
    found: set[int] = set()
    ring = crypto.keyring()
    last = -1
    while True:
        rows = list(session.scalars(select(MessageRawText).where(MessageRawText.message_id > last)
                                    .order_by(MessageRawText.message_id).limit(BATCH)))
        if not rows:
            return found
        for row in rows:
            text = crypto.unseal(row.key_id, row.nonce, row.ciphertext, raw_aad(row.message_id),
                                 ring).decode()
            folded = text.casefold()
            if any(e in folded for e in emails):
                found.add(row.message_id)
                continue
            digits = re.sub(r"\D", "", text)
            candidates = [p for p, nsn in national.items() if nsn in digits]
            if candidates and _mentions_phone(text, set(candidates)):
                found.add(row.message_id)
        last = rows[-1].message_id


def _mentions_phone(text: str, phones: set[str]) -> bool:
    import phonenumbers

    for match in phonenumbers.PhoneNumberMatcher(text, "AZ", leniency=phonenumbers.Leniency.POSSIBLE):
        if phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164) in phones:
            return True
    return False


# --- access ---------------------------------------------------------------------------------------------

def subject_document(session: Session, subject: Subject) -> dict[str, Any]:
    """Everything held about the person, as one JSON-ready document (personal data included)."""
    messages = _messages(session, subject.message_ids)
    ring = crypto.keyring()
    elsewhere = {holder.name: holder.export(session, [m.id for m in messages])
                 for holder in holders.holders() if holder.export}
    items = []
    for message in messages:
        raw = session.get(MessageRawText, message.id)
        sender = session.get(MessageSender, message.id)
        location = session.get(MessageLocation, message.id)
        consent = session.get(MessageConsent, message.id)
        case = session.get(Case, message.case_id) if message.case_id else None
        items.append({
            "reference": message.reference, "channel": message.channel,
            "received_at": _iso(message.received_at),
            "raw_text": crypto.unseal(raw.key_id, raw.nonce, raw.ciphertext, raw_aad(message.id),
                                      ring).decode() if raw else None,
            "raw_text_held": raw is not None, "redacted_text": message.redacted_text,
            "analysis": {"language": message.language, "sentiment": message.sentiment, "topic": message.topic,
                         "agency": message.agency, "urgency": message.urgency, "region": message.region,
                         "district": message.district, "pipeline_version": message.analysis_version},
            "sender": _sender_dict(_open_sender(sender, ring)) if sender else None,
            "location": {"lat": location.lat, "long": location.long, "address": location.address,
                         "media_url": location.media_url} if location else None,
            "consent": consent.as_dict() if consent else None,
            "case": _case_dict(session, case) if case else None,
            "answers_sent": [{"channel": o.channel, "status": o.status, "created_at": _iso(o.created_at),
                              "sent_at": _iso(o.sent_at), "body": o.body}
                             for o in session.scalars(select(OutboxMessage).where(
                                 OutboxMessage.message_id == message.id).order_by(OutboxMessage.id))],
            **{name: held[message.id] for name, held in elsewhere.items() if message.id in held},
        })
    references = [m.reference for m in messages]
    cases = sorted({i["case"]["reference"] for i in items if i["case"]})
    log = for_subject(session, "message", references) + for_subject(session, "case", cases)
    return {
        "request": {"by": subject.kind, "identifier_hash": subject.identifier_hash,
                    "generated_at": _iso(utcnow())},
        "purposes": {code: labels.get("en", code) for code, labels in consent_policy().purposes.items()},
        "messages": items,
        "audit_log": [{k: v for k, v in entry_json(e).items() if k in
                       ("seq", "at", "action", "actor", "subject_type", "subject_id", "details")}
                      for e in sorted(log, key=lambda e: e.seq)],
    }


def _messages(session: Session, ids: list[int]) -> list[Message]:
    found: list[Message] = []
    for start in range(0, len(ids), BATCH):
        found += session.scalars(select(Message).where(Message.id.in_(ids[start:start + BATCH])))
    return sorted(found, key=lambda m: (m.received_at, m.id))


def _sender_dict(details: SenderDetails) -> dict[str, str | None]:
    return {"name": details.name, "phone": details.phone, "email": details.email, "address": details.address}


def _case_dict(session: Session, case: Case) -> dict[str, Any]:
    events = session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id))
    return {"reference": case.reference, "status": case.status, "agency": case.agency, "topic": case.topic,
            "registered_at": _iso(case.registered_at), "due_at": _iso(case.due_at),
            "answered_at": _iso(case.answered_at), "public_answer": case.public_answer,
            "resolution_reason": case.resolution_reason,
            "history": [{"at": _iso(e.at), "from": e.from_status, "to": e.to_status, "by": e.actor,
                         "note": e.note} for e in events]}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@dataclass
class ExportResult:
    folder: Path
    files: list[Path]
    messages: int


def access(session: Session, subject: Subject, *, actor: str) -> dict[str, Any]:
    """The person's data as a document; the request is recorded in the audit log (hash of the identifier)."""
    document = subject_document(session, subject)
    _record(session, "dsr.access", subject, actor, {"messages": len(subject.message_ids)})
    return document


def export_access(session: Session, subject: Subject, out_dir: Path, *, actor: str,
                  locale: str = "en") -> ExportResult:
    """Write subject.json and subject.html into ``out_dir`` (files readable by their owner only)."""
    from aigov.privacy.config import write_private_file
    from aigov.privacy.render import render_subject_html

    document = access(session, subject, actor=actor)
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    files = [out_dir / "subject.json", out_dir / "subject.html"]
    write_private_file(files[0], json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    write_private_file(files[1], render_subject_html(document, locale))
    session.add(PrivacyExport(path=str(out_dir.resolve()), message_ids=list(subject.message_ids)))
    session.flush()
    return ExportResult(out_dir, files, len(subject.message_ids))


# --- erasure --------------------------------------------------------------------------------------------

def erase(session: Session, subject: Subject, *, actor: str) -> dict[str, int]:
    """Remove or anonymise the person's text and contacts everywhere; the log keeps a hash only."""
    ids = subject.message_ids
    case_ids = {m.case_id for m in _messages(session, ids) if m.case_id is not None}
    counts = {"messages": len(ids), **erasure.forget_personal_data(session, ids)}
    counts["redacted_text"] = erasure.anonymise_messages(session, ids)
    erasure.pseudonymise_ids(session, ids)
    counts["cases"] = erasure.anonymise_cases(session, case_ids)
    erasure.end_consents(session, ids)
    counts["exports"] = erasure.delete_exports(session, message_ids=ids)
    counts.update({f"{name}_rows": n for name, n in erasure.erase_elsewhere(session, ids).items()})
    _record(session, "dsr.erase", subject, actor, counts)
    return counts


def _record(session: Session, action: str, subject: Subject, actor: str, counts: dict[str, int]) -> None:
    references = [m.reference for m in _messages(session, subject.message_ids)][:200]
    record(session, action=action, actor=actor, subject_type="person", subject_id=subject.identifier_hash,
           details={"by": subject.kind, **counts, "references": references})


def exports_of(session: Session) -> list[PrivacyExport]:
    return list(session.scalars(select(PrivacyExport).where(PrivacyExport.deleted_at.is_(None))))
