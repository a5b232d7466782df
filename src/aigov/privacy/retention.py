"""`aigov retention run`: delete or anonymise what the retention policy says has expired, and report it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from aigov.audit.service import record
from aigov.cases.lifecycle import DONE_STATUSES
from aigov.cases.models import Case, CaseEvent, RoutingCorrection
from aigov.cases.service import SYSTEM
from aigov.channels.outbox import OutboxMessage
from aigov.db.base import utcnow
from aigov.messages.models import Message, MessageSender
from aigov.privacy import erasure, holders
from aigov.privacy.erasure import ERASED
from aigov.privacy.models import MessageConsent, MessageRawText, PrivacyExport
from aigov.privacy.policy import RetentionRule, retention_policy

REPORTED = ("raw_text", "contacts", "redacted_text", "cases", "exports", "conversations", "consent_ended")


@dataclass
class RetentionReport:
    dry_run: bool
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REPORTED, 0))
    policy: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "counts": dict(self.counts), "policy": self.policy}


def _closed_before(cutoff: datetime):  # type: ignore[no-untyped-def]
    return select(Case.id).where(Case.status.in_(DONE_STATUSES),
                                 func.coalesce(Case.answered_at, Case.updated_at) < cutoff)


def _expired_raw(session: Session, rule: RetentionRule, now: datetime) -> list[int]:
    return list(session.scalars(select(MessageRawText.message_id)
                                .join(Message, Message.id == MessageRawText.message_id)
                                .where(Message.received_at < now - rule.period)))


def _expired_contacts(session: Session, rule: RetentionRule, now: datetime) -> list[int]:
    cutoff = now - rule.period
    query = select(MessageSender.message_id).join(Message, Message.id == MessageSender.message_id)
    if rule.anchor == "received":
        query = query.where(Message.received_at < cutoff)
    else:  # closed: the case is done; a message without a case counts from when it arrived
        query = query.where(or_(Message.case_id.in_(_closed_before(cutoff)),
                                Message.case_id.is_(None) & (Message.received_at < cutoff)))
    return list(session.scalars(query))


def _expired_redacted(session: Session, rule: RetentionRule, now: datetime) -> list[int]:
    return list(session.scalars(select(Message.id).where(Message.received_at < now - rule.period,
                                                         Message.redacted_text != "")))


def _expired_cases(session: Session, rule: RetentionRule, now: datetime) -> list[int]:
    """Closed cases past the period that still hold officers' free text somewhere."""
    done = _closed_before(now - rule.period)
    ids = set(session.scalars(select(Case.id).where(Case.id.in_(done), or_(
        Case.public_answer.is_not(None), Case.resolution_reason.is_not(None)))))
    ids |= set(session.scalars(select(CaseEvent.case_id).where(
        CaseEvent.case_id.in_(done), CaseEvent.actor != SYSTEM, CaseEvent.note.is_not(None),
        CaseEvent.note != ERASED)))
    ids |= set(session.scalars(select(OutboxMessage.case_id).where(
        OutboxMessage.case_id.in_(done), OutboxMessage.body != ERASED)))
    ids |= set(session.scalars(select(RoutingCorrection.case_id).where(
        RoutingCorrection.case_id.in_(done), RoutingCorrection.redacted_text != "")))
    return sorted(i for i in ids if i is not None)


def _expired_exports(session: Session, rule: RetentionRule, now: datetime) -> list[int]:
    return list(session.scalars(select(PrivacyExport.id).where(PrivacyExport.deleted_at.is_(None),
                                                               PrivacyExport.created_at < now - rule.period)))


def _consent_ended(session: Session, now: datetime) -> list[int]:
    """Messages whose only lawful basis was consent, now expired or revoked, that still hold personal data."""
    ended = select(MessageConsent.message_id).where(
        MessageConsent.lawful_basis == "consent",
        or_(MessageConsent.revoked_at.is_not(None), MessageConsent.valid_until < now))
    held = set(session.scalars(select(MessageRawText.message_id).where(MessageRawText.message_id.in_(ended))))
    held |= set(session.scalars(select(MessageSender.message_id).where(MessageSender.message_id.in_(ended))))
    return sorted(held)


def run_retention(session: Session, *, dry_run: bool = False, now: datetime | None = None,
                  actor: str = "system") -> RetentionReport:
    """Apply the policy (or, with ``dry_run``, only count what it would touch); a real run is audited."""
    now = now or utcnow()
    rules = {rule.category: rule for rule in retention_policy()}
    report = RetentionReport(dry_run, policy={
        r.category: {"days": r.days, "from": r.anchor, "action": r.action} for r in rules.values()})
    ended = _consent_ended(session, now)
    report.counts["consent_ended"] = len(ended)
    if not dry_run and ended:
        erasure.forget_personal_data(session, ended)
    finders = {"raw_text": _expired_raw, "contacts": _expired_contacts, "redacted_text": _expired_redacted,
               "cases": _expired_cases, "exports": _expired_exports}
    for category, find in finders.items():
        rule = rules.get(category)
        if rule is None:
            continue  # not in the policy: kept
        ids = find(session, rule, now)
        report.counts[category] = len(ids)
        if dry_run or not ids:
            continue
        if category == "raw_text":
            erasure.delete_raw_texts(session, ids)
        elif category == "contacts":
            erasure.delete_contacts(session, ids)
        elif category == "redacted_text":
            erasure.anonymise_messages(session, ids)
        elif category == "cases":
            erasure.anonymise_cases(session, ids)
        else:
            erasure.delete_exports(session, export_ids=ids)
    for holder in holders.holders():  # copies other domains keep (the assistant's conversations)
        for category, expire in holder.retention.items():
            rule = rules.get(category)
            if rule is not None:
                report.counts[category] = report.counts.get(category, 0) + expire(session, rule, now, dry_run)
    if not dry_run:
        record(session, action="retention.run", actor=actor, subject_type="retention",
               subject_id=now.date().isoformat(),
               details={"counts": report.counts, "policy": {k: v["days"] for k, v in report.policy.items()}})
    return report

