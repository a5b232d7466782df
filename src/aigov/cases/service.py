"""Case work: open or attach on intake, route, move through the lifecycle, re-route, deadlines, SLA report.

Every function takes the session as its first argument and everything else by keyword; none commits.
"""

from __future__ import annotations

import csv
import statistics
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import and_, func, not_, select
from sqlalchemy.orm import Session

from aigov.audit import hooks as audit_hooks
from aigov.calendar import current_calendar
from aigov.cases import deadlines
from aigov.cases.config import case_settings
from aigov.cases.lifecycle import ANSWERED_STATUSES, OPEN_STATUSES, InvalidTransition, check_transition
from aigov.cases.models import Case, CaseEvent, RoutingCorrection
from aigov.cases.routing import route
from aigov.cases.similarity import jaccard, shingles
from aigov.db.base import utcnow
from aigov.messages.models import Message
from aigov.reference.service import current_taxonomy

SYSTEM = "system"
CANDIDATE_CASES = 50  # open cases compared per new message
TEXTS_PER_CASE = 5  # latest messages of a case compared with a new one


class CaseError(ValueError):
    """A case operation that cannot be done (unknown agency or topic, extension refused...)."""


@dataclass
class CaseOutcome:
    case: Case
    attached: bool  # True: joined an open case about the same problem; False: opened a new case
    similarity: float | None = None


# --- intake ---------------------------------------------------------------------------------------------

def open_or_attach(session: Session, *, message: Message, anonymous: bool = False,
                   now: datetime | None = None) -> CaseOutcome:
    """Attach ``message`` to an open case about the same problem (same topic and region, near-duplicate
    text, registered within the window), or open a new, routed case for it."""
    now = now or utcnow()
    if message.case_id is not None:
        return CaseOutcome(session.get_one(Case, message.case_id), attached=True)
    found = _same_problem(session, message, anonymous=anonymous)
    if found is not None:
        case, score = found
        message.case_id = case.id
        case.updated_at = now
        _event(session, case, case.status, case.status, actor=SYSTEM, at=now,
               note=f"message {message.reference} attached (similarity {score:.2f})", action="case.attached")
        session.flush()
        return CaseOutcome(case, attached=True, similarity=score)
    return CaseOutcome(_open_case(session, message, anonymous=anonymous, now=now), attached=False)


def _open_case(session: Session, message: Message, *, anonymous: bool, now: datetime) -> Case:
    settings = case_settings()
    decision = route(message.topic, message.region, message.topic_confidence,
                     min_confidence=settings.triage_confidence)
    case = Case(
        reference=message.reference, status="new", agency=decision.agency, topic=message.topic,
        region=message.region, district=message.district, urgency=message.urgency, anonymous=anonymous,
        extra_checking=False, registered_at=message.received_at, extended=False, extension_count=0,
        due_at=None if anonymous else deadlines.answer_due(message.received_at),
        created_at=now, updated_at=now,
    )
    session.add(case)
    session.flush()
    message.case_id = case.id
    registered = "anonymous: kept as a signal, no deadline" if anonymous else "registered"
    _event(session, case, None, "new", actor=SYSTEM, at=now, note=registered)
    if decision.needs_triage:
        _event(session, case, "new", "new", actor=SYSTEM, at=now, note=decision.why, action="case.routed")
    else:
        case.status = "triaged"
        _event(session, case, "new", "triaged", actor=SYSTEM, at=now, note=decision.why, action="case.routed")
    session.flush()
    return case


def _same_problem(session: Session, message: Message, *, anonymous: bool) -> tuple[Case, float] | None:
    if not message.topic or message.topic == "other" or not message.region:
        return None
    settings = case_settings()
    since = message.received_at - timedelta(days=settings.duplicate_window_days)
    candidates = list(session.scalars(
        select(Case).where(Case.topic == message.topic, Case.region == message.region,
                           Case.status.in_(OPEN_STATUSES), Case.anonymous == anonymous,
                           Case.registered_at >= since)
        .order_by(Case.registered_at.desc()).limit(CANDIDATE_CASES)
    ))
    if not candidates:
        return None
    mine = shingles(message.redacted_text or "")
    best: tuple[Case, float] | None = None
    for case in candidates:
        texts = session.scalars(
            select(Message.redacted_text).where(Message.case_id == case.id, Message.id != message.id)
            .order_by(Message.received_at.desc()).limit(TEXTS_PER_CASE)
        )
        score = max((jaccard(mine, shingles(t)) for t in texts), default=0.0)
        if score >= settings.duplicate_threshold and (best is None or score > best[1]):
            best = (case, score)
    return best


# --- lifecycle ------------------------------------------------------------------------------------------

def transition(session: Session, case: Case, to: str, *, actor: str, note: str | None = None,
               reason: str | None = None, assignee: str | None = None,
               now: datetime | None = None) -> CaseEvent:
    """Move ``case`` to status ``to`` and record the event; raises InvalidTransition when not allowed.

    ``reason`` is required for rejected (and kept as the resolution reason for resolved); ``assignee``
    is the officer for assigned (default: the actor).
    """
    now = now or utcnow()
    check_transition(case.status, to, reason=reason)
    if to == "assigned":
        if case.agency is None:
            raise InvalidTransition("a case without an agency cannot be assigned: route it first")
        case.assigned_to = assignee or actor
    if to in ANSWERED_STATUSES:
        case.answered_at = now
        case.resolution_reason = reason.strip() if reason else None
    previous, case.status, case.updated_at = case.status, to, now
    event = _event(session, case, previous, to, actor=actor, at=now, note=note or reason)
    session.flush()
    return event


def reroute(session: Session, case: Case, agency: str, *, actor: str, topic: str | None = None,
            note: str | None = None, now: datetime | None = None) -> RoutingCorrection:
    """Send ``case`` to ``agency`` (and ``topic``, if the analysis got it wrong), back through triage.

    A new case is simply routed; a case an agency already held is forwarded (misrouted) and the
    new agency gets a fresh answer period. Either way the correction is stored as a labelled example.
    """
    now = now or utcnow()
    taxonomy = current_taxonomy()
    if taxonomy.agency_by_code(agency) is None:
        raise CaseError(f"unknown agency '{agency}'")
    if topic is not None and taxonomy.topic_by_code(topic) is None:
        raise CaseError(f"unknown topic '{topic}'")
    old_topic, old_agency = case.topic, case.agency
    if case.status == "new":
        check_transition("new", "triaged")
        case.agency = agency
        transition(session, case, "triaged", actor=actor, now=now,
                   note=_join(f"routed to {agency} by hand", note))
    else:
        check_transition(case.status, "forwarded")
        cal = current_calendar()
        took = cal.working_days_between(cal.local_date(case.registered_at), cal.local_date(now))
        late = " (late)" if took > deadlines.FORWARD_DAYS else ""
        transition(session, case, "forwarded", actor=actor, now=now, note=_join(
            f"misrouted: {old_agency} → {agency}, forwarded after {took} working days{late}", note))
        case.agency, case.assigned_to = agency, None
        if not case.anonymous:
            case.due_at = deadlines.answer_due(now, extra_checking=case.extra_checking)
            case.extended, case.extension_count = False, 0
        transition(session, case, "triaged", actor=actor, now=now, note=f"received by {agency}")
    if topic is not None:
        case.topic = topic
    correction = RoutingCorrection(
        case_id=case.id, redacted_text=_case_text(session, case), old_topic=old_topic, old_agency=old_agency,
        new_topic=topic or _topic_of_agency(agency, case.region), new_agency=agency, actor=actor, at=now,
    )
    session.add(correction)
    session.flush()
    audit_hooks.case_rerouted(session, case, actor=actor, old_agency=old_agency, old_topic=old_topic)
    return correction


def require_extra_checking(session: Session, case: Case, *, actor: str, note: str | None = None,
                           now: datetime | None = None) -> CaseEvent:
    """The appeal needs extra study or checking: 30 working days from registration instead of 15."""
    now = now or utcnow()
    _check_deadline_change(case)
    if case.extra_checking:
        raise CaseError("extra checking is already set for this case")
    case.extra_checking = True
    case.due_at = deadlines.answer_due(case.registered_at, extra_checking=True)
    return _deadline_event(session, case, actor, now, _join("extra checking needed: 30 working days", note))


def extend_deadline(session: Session, case: Case, *, days: int, actor: str, note: str | None = None,
                    now: datetime | None = None) -> CaseEvent:
    """Extend the answer period once, by 1 to 30 working days."""
    now = now or utcnow()
    _check_deadline_change(case)
    if case.extension_count >= deadlines.MAX_EXTENSIONS:
        raise CaseError("the answer period can be extended only once")
    try:
        case.due_at = deadlines.extended_due(case.due_at, days)  # type: ignore[arg-type]
    except ValueError as exc:
        raise CaseError(str(exc)) from None
    case.extended, case.extension_count = True, case.extension_count + 1
    note = _join(f"deadline extended by {days} working days", note)
    return _deadline_event(session, case, actor, now, note)


def _check_deadline_change(case: Case) -> None:
    if case.due_at is None:
        raise CaseError("this case has no deadline (anonymous appeals are signals)")
    if case.status not in OPEN_STATUSES:
        raise CaseError(f"the case is {case.status}: its deadline can no longer change")


def _deadline_event(session: Session, case: Case, actor: str, now: datetime, note: str) -> CaseEvent:
    case.updated_at = now
    event = _event(session, case, case.status, case.status, actor=actor, at=now, note=note,
                   action="case.deadline_changed")
    session.flush()
    return event


# --- deadlines, escalation and the SLA report -----------------------------------------------------------

def deadline_flag(case: Case, now: datetime, *, near_days: int | None = None) -> str | None:
    """For an open case: ok, near or breached; for an answered one: in_time or late; None without deadline."""
    if case.due_at is None:
        return None
    if case.answered_at is not None:
        return "in_time" if case.answered_at <= case.due_at else "late"
    if case.status not in OPEN_STATUSES:
        return None
    near = case_settings().near_breach_days if near_days is None else near_days
    return deadlines.deadline_state(case.due_at, now, near_days=near)


def escalate_breached(session: Session, *, now: datetime | None = None) -> list[Case]:
    """Move every open case past its due date (not yet escalated) to escalated; return them."""
    now = now or utcnow()
    breached = list(session.scalars(
        select(Case).where(Case.status.in_(OPEN_STATUSES - {"escalated"}), Case.due_at.is_not(None),
                           Case.due_at < now).order_by(Case.due_at, Case.id)
    ))
    cal = current_calendar()
    for case in breached:
        due_day = cal.local_date(case.due_at)  # type: ignore[arg-type]
        transition(session, case, "escalated", actor=SYSTEM, now=now,
                   note=f"answer was due on {due_day.isoformat()}: escalated to the agency head")
    return breached


@dataclass
class AgencySla:
    agency: str | None  # None: the human triage queue
    open: int = 0
    due_soon: int = 0
    breached: int = 0
    answered: int = 0
    answered_in_time: int = 0
    in_time_share: float | None = None
    median_days_to_answer: float | None = None
    signals: int = 0  # anonymous cases: no deadline
    _days: list[int] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, object]:
        row = asdict(self)
        row.pop("_days")
        return row


def sla_report(session: Session, *, today: date | datetime | None = None) -> list[AgencySla]:
    """Per agency, as things stood at ``today`` (the end of that day in Baku, or a moment): open cases, due
    soon, breached, answered, share answered in time, median working days from registration to answer."""
    cal = current_calendar()
    if today is None:
        now = utcnow()
    elif isinstance(today, datetime):
        now = today
    else:
        now = cal.end_of_day(today)
    rows: dict[str | None, AgencySla] = {}
    near = case_settings().near_breach_days
    for case in session.scalars(select(Case).where(Case.registered_at <= now).order_by(Case.id)):
        row = rows.setdefault(case.agency, AgencySla(case.agency))
        if case.anonymous:
            row.signals += 1
            continue
        answered = case.answered_at is not None and case.answered_at <= now
        if answered:
            row.answered += 1
            row.answered_in_time += case.due_at is not None and case.answered_at <= case.due_at  # type: ignore[operator]
            row._days.append(cal.working_days_between(cal.local_date(case.registered_at),
                                                      cal.local_date(case.answered_at)))  # type: ignore[arg-type]
        elif case.status in OPEN_STATUSES or case.answered_at is not None:  # open then, answered later
            row.open += 1
            state = deadlines.deadline_state(case.due_at, now, near_days=near)
            row.due_soon += state == "near"
            row.breached += state == "breached"
    for row in rows.values():
        if row.answered:
            row.in_time_share = round(row.answered_in_time / row.answered, 4)
            row.median_days_to_answer = float(statistics.median(row._days))
    return sorted(rows.values(), key=lambda r: (r.agency is None, r.agency or ""))


# --- corrections for training ---------------------------------------------------------------------------

def export_corrections_csv(session: Session, path: Path, *, label: str = "topic") -> int:
    """Write the officers' corrections as a UTF-8 CSV with ``text,label`` columns (the label is the
    corrected topic, or the agency with ``label="agency"``); return the number of rows."""
    if label not in {"topic", "agency"}:
        raise CaseError("label must be 'topic' or 'agency'")
    column = RoutingCorrection.new_topic if label == "topic" else RoutingCorrection.new_agency
    rows = session.execute(
        select(RoutingCorrection.redacted_text, column).where(column.is_not(None))
        .order_by(RoutingCorrection.at, RoutingCorrection.id)
    ).all()
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "label"])
        count = 0
        for text, value in rows:
            if text and text.strip():
                writer.writerow([text, value])
                count += 1
    return count


# --- helpers --------------------------------------------------------------------------------------------

def case_messages(session: Session, case: Case) -> list[Message]:
    query = select(Message).where(Message.case_id == case.id).order_by(Message.received_at, Message.id)
    return list(session.scalars(query))


def case_events(session: Session, case: Case) -> list[CaseEvent]:
    return list(session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)))


def get_case(session: Session, *, reference: str) -> Case | None:
    return session.scalar(select(Case).where(Case.reference == reference))


def _case_text(session: Session, case: Case) -> str:
    """The redacted text of the case's first message (the one its reference comes from)."""
    text = session.scalar(select(Message.redacted_text).where(Message.reference == case.reference))
    if text is None:
        text = session.scalar(select(Message.redacted_text).where(Message.case_id == case.id)
                              .order_by(Message.received_at).limit(1))
    return text or ""


def _topic_of_agency(agency: str, region: str | None) -> str | None:
    """The one topic that routes to ``agency`` (in ``region``), when exactly one does."""
    taxonomy = current_taxonomy()
    topics = [t.code for t in taxonomy.topics if taxonomy.agency_for(t.code, region) == agency]
    return topics[0] if len(topics) == 1 else None


def _event(session: Session, case: Case, from_status: str | None, to_status: str, *, actor: str,
           at: datetime, note: str | None, action: str | None = None) -> CaseEvent:
    event = CaseEvent(case_id=case.id, from_status=from_status, to_status=to_status, actor=actor, note=note,
                      at=at)
    session.add(event)
    audit_hooks.case_event(session, case, from_status, to_status, actor=actor, action=action)  # no note text
    return event


def _join(first: str, second: str | None) -> str:
    return f"{first}: {second}" if second else first


# --- queries --------------------------------------------------------------------------------------------

@dataclass
class CaseFilters:
    agency: str | None = None
    status: str | None = None
    region: str | None = None
    urgency: str | None = None
    due_before: datetime | None = None
    breached: bool | None = None  # True: open and past due; False: everything else


def list_cases(session: Session, filters: CaseFilters, *, page: int = 1, page_size: int = 50,
               now: datetime | None = None) -> tuple[int, list[Case]]:
    """One page of cases matching the filters, earliest due first (cases without deadline last)."""
    now = now or utcnow()
    query = select(Case)
    for name in ("agency", "status", "region", "urgency"):
        value = getattr(filters, name)
        if value:
            query = query.where(getattr(Case, name) == value)
    if filters.due_before is not None:
        query = query.where(Case.due_at.is_not(None), Case.due_at < filters.due_before)
    if filters.breached is not None:
        breached = and_(Case.status.in_(OPEN_STATUSES), Case.due_at.is_not(None), Case.due_at < now)
        query = query.where(breached if filters.breached else not_(breached))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Case.due_at.is_(None), Case.due_at, Case.id)
                           .offset((page - 1) * page_size).limit(page_size))
    return total, list(rows)
