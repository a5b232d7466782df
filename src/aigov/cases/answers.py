"""An officer's written words on a case: internal comments, and the public answer sent to the citizen.

The answer is stored on the case (the tracking page shows it) and queued in the outbox for the
channel the case's first message came through; the officer may resolve the case with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.cases.lifecycle import OPEN_STATUSES, check_transition
from aigov.cases.models import Case, CaseEvent
from aigov.cases.service import CaseError, transition
from aigov.channels import outbox
from aigov.channels.outbox import OutboxMessage
from aigov.db.base import utcnow
from aigov.messages.models import Message

MAX_COMMENT_CHARS = 2000
MAX_ANSWER_CHARS = outbox.MAX_BODY_CHARS
ANSWERABLE = OPEN_STATUSES | {"resolved"}  # a resolved case's answer may be corrected and sent again


@dataclass
class AnswerOutcome:
    case: Case
    queued: OutboxMessage
    resolved: bool


def add_comment(session: Session, case: Case, *, actor: str, text: str,
                now: datetime | None = None) -> CaseEvent:
    """An internal note in the case's history (never shown to the citizen)."""
    text = _clean(text, MAX_COMMENT_CHARS, "a comment")
    now = now or utcnow()
    event = CaseEvent(case_id=case.id, from_status=case.status, to_status=case.status, actor=actor,
                      note=f"comment: {text}", at=now)
    session.add(event)
    case.updated_at = now
    session.flush()
    return event


def first_message(session: Session, case: Case) -> Message | None:
    """The message the case was opened from (its reference is the case's), else its earliest one."""
    message = session.scalar(select(Message).where(Message.reference == case.reference))
    if message is None:
        message = session.scalar(select(Message).where(Message.case_id == case.id)
                                 .order_by(Message.received_at, Message.id).limit(1))
    return message


def answer_case(session: Session, case: Case, *, text: str, actor: str, resolve: bool = False,
                now: datetime | None = None) -> AnswerOutcome:
    """Store the public answer, queue it for the first message's channel and, if asked, resolve the case.

    Raises CaseError for an empty or too long answer or a case that can no longer be answered, and
    InvalidTransition when ``resolve`` is asked of a case that cannot be resolved yet (nothing changes).
    """
    text = _clean(text, MAX_ANSWER_CHARS, "an answer")
    if case.status not in ANSWERABLE:
        raise CaseError(f"the case is {case.status}: it can no longer be answered")
    resolve = resolve and case.status != "resolved"
    if resolve:
        check_transition(case.status, "resolved")
    message = first_message(session, case)
    if message is None:
        raise CaseError("the case has no message to answer")
    now = now or utcnow()
    case.public_answer, case.public_answer_at, case.public_answer_by = text, now, actor
    queued = outbox.queue(session, channel=message.channel, body=text, case_id=case.id, message_id=message.id,
                          recipient=message.external_id, now=now)
    session.add(CaseEvent(case_id=case.id, from_status=case.status, to_status=case.status, actor=actor,
                          note=f"public answer queued for the {message.channel} channel", at=now))
    case.updated_at = now
    session.flush()
    if resolve:
        transition(session, case, "resolved", actor=actor, now=now, reason="answered the citizen")
    return AnswerOutcome(case, queued, resolved=resolve)


def _clean(text: str | None, limit: int, what: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise CaseError(f"{what} cannot be empty")
    if len(text) > limit:
        raise CaseError(f"{what} is at most {limit} characters, not {len(text)}")
    return text
