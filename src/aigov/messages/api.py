"""HTTP API for citizen messages: intake, lookup, search and counts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from aigov.analysis.pipeline import Pipeline
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


@router.get("/messages", response_model=MessagePage)
def search_messages(
    session: SessionDep,
    filters: FiltersDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> MessagePage:
    """Messages matching the filters (text search over the redacted text), newest first."""
    total, rows = list_messages(session, filters, page=page, page_size=page_size)
    return MessagePage(total=total, page=page, page_size=page_size, items=[message_out(m) for m in rows])


@router.get("/messages/{reference}", response_model=MessageOut)
def get_message(reference: str, session: SessionDep, explain: bool = False) -> MessageOut:
    canonical = normalise_reference(reference)
    message = get_by_reference(session, canonical) if canonical else None
    if message is None:
        raise ApiError(404, "message_not_found", "No message has this reference number.")
    return message_out(message, explain=explain)


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
