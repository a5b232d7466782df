"""HTTP API for citizen messages: intake, lookup, search and counts.

Who may call what is in aigov.accounts.policy: intake needs ``messages.submit`` (a channel's token),
reading gives the redacted text only, and the original text and contact details come only from
``/raw`` (``messages.read_raw``: administrators, and officers for their own agency's cases), each
read recorded in the audit log. Officers see only the messages of their agency's cases.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from aigov.accounts.deps import Principal, require
from aigov.accounts.scope import agency_scope, check_message
from aigov.analysis.pipeline import Pipeline
from aigov.messages.models import Message
from aigov.messages.presenters import message_out
from aigov.messages.reference import normalise_reference
from aigov.messages.schemas import MessageIn, MessageOut, MessagePage
from aigov.messages.service import (
    IntakeError,
    MessageFilters,
    count_by,
    count_by_day,
    get_by_reference,
    intake,
    list_messages,
)
from aigov.web.deps import SessionDep, pipeline
from aigov.web.errors import ApiError

router = APIRouter(prefix="/api/v1", tags=["messages"])



@router.post("/messages", response_model=MessageOut, status_code=201,
             responses={200: {"description": "Already stored (same channel and external id)."}})
def create_message(
    body: MessageIn,
    response: Response,
    session: SessionDep,
    analysis: Annotated[Pipeline, Depends(pipeline)],
    explain: bool = False,
) -> MessageOut:
    """Accept a citizen message, analyse it and return the stored record with its reference."""
    try:
        outcome = intake(session, [body], analysis)[0]
    except IntakeError as exc:
        raise ApiError(422, "unknown_region", str(exc)) from None
    if outcome.status == "duplicate":
        response.status_code = 200
    return message_out(outcome.message, explain=explain, duplicate=outcome.status == "duplicate")


def filters_from_query(
    q: Annotated[str | None, Query(max_length=200)] = None,
    language: Annotated[str | None, Query(max_length=8)] = None,
    sentiment: Annotated[str | None, Query(max_length=16)] = None,
    topic: Annotated[str | None, Query(max_length=48)] = None,
    region: Annotated[str | None, Query(max_length=48)] = None,
    urgency: Annotated[str | None, Query(max_length=16)] = None,
    agency: Annotated[str | None, Query(max_length=48)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> MessageFilters:
    return MessageFilters(q=q, language=language, sentiment=sentiment, topic=topic, region=region,
                          urgency=urgency, agency=agency, since=since, until=until)


FiltersDep = Annotated[MessageFilters, Depends(filters_from_query)]


Reader = Annotated[Principal, Depends(require("messages.read"))]


@router.get("/messages", response_model=MessagePage)
def search_messages(
    session: SessionDep,
    filters: FiltersDep,
    principal: Reader,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> MessagePage:
    """Messages matching the filters (text search over the redacted text), newest first."""
    filters.case_agency = agency_scope(principal)
    total, rows = list_messages(session, filters, page=page, page_size=page_size)
    return MessagePage(total=total, page=page, page_size=page_size, items=[message_out(m) for m in rows])


def _find(session: Session, reference: str) -> Message:
    canonical = normalise_reference(reference)
    message = get_by_reference(session, canonical) if canonical else None
    if message is None:
        raise ApiError(404, "message_not_found", "No message has this reference number.")
    return message


@router.get("/messages/{reference}", response_model=MessageOut)
def get_message(reference: str, session: SessionDep, principal: Reader, explain: bool = False) -> MessageOut:
    """One message: its redacted text and analysis (never the original text or contacts)."""
    message = _find(session, reference)
    check_message(session, principal, message)
    return message_out(message, explain=explain)


class SenderOut(BaseModel):
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None


class MessageRawOut(BaseModel):
    """A message's personal data: the original text and what the sender gave (every read is audited)."""

    reference: str
    text: str = Field(description="The original text, before personal data was redacted.")
    sender: SenderOut | None = Field(description="Name and contacts, when the sender gave any.")


@router.get("/messages/{reference}/raw", response_model=MessageRawOut,
            responses={410: {"description": "Erased or past retention (code raw_text_gone)."}})
def get_raw_message(reference: str, session: SessionDep,
                    principal: Annotated[Principal, Depends(require("messages.read_raw"))]) -> MessageRawOut:
    """The original text and contact details; allowed to roles that need them, and each read is audited."""
    from aigov.privacy.service import RawTextUnavailable, read_raw, read_sender

    message = _find(session, reference)
    check_message(session, principal, message)
    try:
        text = read_raw(session, message, actor=principal.actor)
    except RawTextUnavailable:
        raise ApiError(410, "raw_text_gone", "The original text of this message is no longer held.") from None
    sender = read_sender(session, message, actor=principal.actor)
    return MessageRawOut(reference=message.reference, text=text,
                         sender=SenderOut(name=sender.name, phone=sender.phone, email=sender.email,
                                          address=sender.address) if sender else None)


@router.get("/stats")
def stats(session: SessionDep, filters: FiltersDep) -> dict[str, Any]:
    """Counts of messages by language, sentiment, topic, region, urgency and day."""
    by = {field: count_by(session, field, filters)
          for field in ("language", "sentiment", "topic", "region", "urgency", "agency")}
    return {
        "total": sum(by["language"].values()),
        **{f"by_{field}": {str(k): v for k, v in counts.items()} for field, counts in by.items()},
        "by_day": [{"day": day, "count": count} for day, count in count_by_day(session, filters)],
    }
