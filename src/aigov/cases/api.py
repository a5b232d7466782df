"""HTTP API for cases: list and filter, read one with its history, move it through the lifecycle.

Reading needs ``cases.read`` and changing ``cases.act`` (aigov.accounts.policy); an officer sees and
changes only their own agency's cases (lists are filtered, other cases answer 403). Every change is
recorded under the signed-in user's (or API token's user's) name; an ``actor`` in the body is ignored.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy.orm import Session

from aigov.accounts.deps import Principal, require
from aigov.accounts.scope import OTHER_AGENCY, agency_scope, check_case
from aigov.cases.lifecycle import STATUSES, InvalidTransition, allowed_next
from aigov.cases.models import Case
from aigov.cases.service import (
    CaseError,
    CaseFilters,
    case_events,
    case_messages,
    deadline_flag,
    extend_deadline,
    get_case,
    list_cases,
    require_extra_checking,
    reroute,
    transition,
)
from aigov.db.base import utcnow
from aigov.messages.reference import normalise_reference
from aigov.web.deps import SessionDep
from aigov.web.errors import ApiError

router = APIRouter(prefix="/api/v1", tags=["cases"])
Reader = Annotated[Principal, Depends(require("cases.read"))]
Actor = Annotated[Principal, Depends(require("cases.act"))]



# --- shapes ---------------------------------------------------------------------------------------------

class CaseOut(BaseModel):
    """A case as the API shows it."""

    reference: str
    status: str
    allowed_next: list[str] = Field(description="Statuses the case may move to now.")
    agency: str | None
    topic: str | None
    region: str | None
    district: str | None
    urgency: str | None
    anonymous: bool = Field(description="Anonymous appeals are signals: no formal answer, no deadline.")
    extra_checking: bool
    registered_at: datetime
    due_at: datetime | None
    deadline: str | None = Field(description="ok, near or breached while open; in_time or late once answered")
    extended: bool
    extension_count: int
    assigned_to: str | None
    resolution_reason: str | None
    answered_at: datetime | None
    public_answer: str | None = Field(default=None, description="The answer the citizen sees.")
    public_answer_at: datetime | None = None
    created_at: datetime
    updated_at: datetime


class CaseEventOut(BaseModel):
    from_status: str | None
    to_status: str
    actor: str
    note: str | None
    at: datetime


class CaseMessageOut(BaseModel):
    """A message of the case: its redacted text only, never the raw text."""

    reference: str
    channel: str
    received_at: datetime
    redacted_text: str
    language: str | None
    topic: str | None


class CaseDetail(CaseOut):
    events: list[CaseEventOut]
    messages: list[CaseMessageOut]


class CasePage(BaseModel):
    total: int
    page: int
    page_size: int
    items: list[CaseOut]


def _actor_ok(value: str | None) -> str | None:
    if value is not None and not value.isprintable():
        raise ValueError("actor must be printable text")
    return value


class _Action(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    actor: str | None = Field(default=None, min_length=1, max_length=64, deprecated=True,
                              description="Ignored: the signed-in user (or the token's user) is recorded.")
    note: str | None = Field(default=None, max_length=4000)

    _check_actor = field_validator("actor")(_actor_ok)


class TransitionIn(_Action):
    to: str = Field(min_length=1, max_length=16, description="The status to move to.")
    reason: str | None = Field(default=None, max_length=4000, description="Required for rejected.")
    assignee: str | None = Field(default=None, max_length=64, description="For assigned (default: actor).")


class RerouteIn(_Action):
    agency: str = Field(min_length=1, max_length=48)
    topic: str | None = Field(default=None, min_length=1, max_length=48)


class ExtendIn(_Action):
    days: int | None = Field(default=None, ge=1, le=30, description="Extend once by 1 to 30 working days.")
    extra_checking: bool = Field(default=False, description="30 working days from registration, not 15.")


# --- routes ---------------------------------------------------------------------------------------------

@router.get("/cases", response_model=CasePage)
def search_cases(
    session: SessionDep,
    principal: Reader,
    agency: Annotated[str | None, Query(max_length=48)] = None,
    status: Annotated[str | None, Query(max_length=16)] = None,
    region: Annotated[str | None, Query(max_length=48)] = None,
    urgency: Annotated[str | None, Query(max_length=16)] = None,
    due_before: datetime | None = None,
    breached: bool | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> CasePage:
    """Cases matching the filters, earliest due first; ``breached=true``: open and past their due date."""
    if status and status not in STATUSES:
        raise ApiError(422, "invalid_request", f"status must be one of: {', '.join(STATUSES)}")
    own = agency_scope(principal)
    if own is not None:
        if agency not in (None, own):
            raise ApiError(403, "forbidden", OTHER_AGENCY.replace("This case belongs", "Those cases belong"))
        agency = own
    if due_before is not None and due_before.tzinfo is None:
        due_before = due_before.replace(tzinfo=UTC)
    filters = CaseFilters(agency=agency, status=status, region=region, urgency=urgency,
                          due_before=due_before, breached=breached)
    now = utcnow()
    total, rows = list_cases(session, filters, page=page, page_size=page_size, now=now)
    return CasePage(total=total, page=page, page_size=page_size, items=[_case_out(c, now) for c in rows])


@router.get("/cases/{reference}", response_model=CaseDetail)
def read_case(reference: str, session: SessionDep, principal: Reader) -> CaseDetail:
    """One case with its status history and the references and redacted texts of its messages."""
    return _detail(session, _find(session, reference, principal))


@router.post("/cases/{reference}/transition", response_model=CaseDetail,
             responses={409: {"description": "Not allowed by the lifecycle (code invalid_transition)."}})
def move_case(reference: str, body: TransitionIn, session: SessionDep, principal: Actor) -> CaseDetail:
    """Move the case to another status; refused with 409 ``invalid_transition`` naming the allowed ones."""
    case = _find(session, reference, principal)
    try:
        transition(session, case, body.to, actor=principal.actor, note=body.note, reason=body.reason,
                   assignee=body.assignee)
    except InvalidTransition as exc:
        raise ApiError(409, "invalid_transition", str(exc)) from None
    return _detail(session, case)


@router.post("/cases/{reference}/reroute", response_model=CaseDetail)
def reroute_case(reference: str, body: RerouteIn, session: SessionDep, principal: Actor) -> CaseDetail:
    """Send the case to another agency (and topic); the correction is kept as a training example."""
    case = _find(session, reference, principal)
    try:
        reroute(session, case, body.agency, actor=principal.actor, topic=body.topic, note=body.note)
    except InvalidTransition as exc:
        raise ApiError(409, "invalid_transition", str(exc)) from None
    except CaseError as exc:
        raise ApiError(422, "invalid_reroute", str(exc)) from None
    return _detail(session, case)


@router.post("/cases/{reference}/extend", response_model=CaseDetail)
def extend_case(reference: str, body: ExtendIn, session: SessionDep, principal: Actor) -> CaseDetail:
    """Extend the answer period once by ``days`` working days, or set ``extra_checking`` (30 days)."""
    if (body.days is None) == (not body.extra_checking):
        raise ApiError(422, "invalid_request", "give either days (1 to 30) or extra_checking: true, not both")
    case = _find(session, reference, principal)
    try:
        if body.extra_checking:
            require_extra_checking(session, case, actor=principal.actor, note=body.note)
        else:
            extend_deadline(session, case, days=body.days or 0, actor=principal.actor, note=body.note)
    except CaseError as exc:
        raise ApiError(409, "deadline_unchanged", str(exc)) from None
    return _detail(session, case)


# --- helpers --------------------------------------------------------------------------------------------

def _find(session: Session, reference: str, principal: Principal) -> Case:
    canonical = normalise_reference(reference)
    case = get_case(session, reference=canonical) if canonical else None
    if case is None:
        raise ApiError(404, "case_not_found", "No case has this reference number.")
    check_case(principal, case)
    return case


def _case_out(case: Case, now: datetime) -> CaseOut:
    return CaseOut(
        reference=case.reference, status=case.status, allowed_next=allowed_next(case.status),
        agency=case.agency, topic=case.topic, region=case.region, district=case.district,
        urgency=case.urgency, anonymous=case.anonymous, extra_checking=case.extra_checking,
        registered_at=case.registered_at, due_at=case.due_at, deadline=deadline_flag(case, now),
        extended=case.extended, extension_count=case.extension_count, assigned_to=case.assigned_to,
        resolution_reason=case.resolution_reason, answered_at=case.answered_at,
        public_answer=case.public_answer, public_answer_at=case.public_answer_at,
        created_at=case.created_at, updated_at=case.updated_at,
    )


def _detail(session: Session, case: Case) -> CaseDetail:
    base = _case_out(case, utcnow())
    events = [CaseEventOut(from_status=e.from_status, to_status=e.to_status, actor=e.actor, note=e.note,
                           at=e.at) for e in case_events(session, case)]
    messages = [CaseMessageOut(reference=m.reference, channel=m.channel, received_at=m.received_at,
                               redacted_text=m.redacted_text, language=m.language, topic=m.topic)
                for m in case_messages(session, case)]
    return CaseDetail(**base.model_dump(), events=events, messages=messages)
