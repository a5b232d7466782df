"""Intake, re-analysis and queries of citizen messages."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aigov.analysis.pipeline import AnalysisItem, Pipeline
from aigov.audit import hooks as audit_hooks
from aigov.audit.service import batched as audit_batched
from aigov.cases.service import open_or_attach
from aigov.db.base import utcnow
from aigov.messages.models import Message, MessageLocation, PipelineVersion
from aigov.messages.reference import new_reference
from aigov.messages.schemas import MessageIn
from aigov.privacy.service import load_raw_texts, store_personal_data
from aigov.reference.service import agency_for_topic, resolve_region


class IntakeError(ValueError):
    """A message that cannot be accepted; the message says why (never quoting personal data)."""


@dataclass
class IntakeOutcome:
    status: Literal["new", "duplicate"]
    message: Message


def fingerprint(item: MessageIn) -> str:
    """A stable id for a message that came without one: same channel, text and time, same id."""
    when = item.received_at.isoformat() if item.received_at else ""
    digest = hashlib.sha256(f"{item.channel}\x1f{item.text}\x1f{when}".encode()).hexdigest()
    return f"sha256:{digest[:40]}"


def external_id_of(item: MessageIn) -> str:
    return item.external_id or fingerprint(item)


def check_region(item: MessageIn) -> tuple[str, str | None] | None:
    """Resolve the region a channel gave; raise IntakeError for one aigov does not know."""
    if item.region is None:
        return None
    resolved = resolve_region(item.region)
    if resolved is None:
        raise IntakeError("region is not a known economic region or district code")
    return resolved


def intake(session: Session, items: Sequence[MessageIn], pipeline: Pipeline) -> list[IntakeOutcome]:
    """Store new messages (analysed) and return, in order, each item's stored message and status.

    Items whose (channel, external id) is already stored, or repeated within the batch, are
    duplicates: nothing new is stored for them.  Raises IntakeError if a region is unknown.
    """
    regions = [check_region(item) for item in items]
    keys = [(item.channel, external_id_of(item)) for item in items]
    existing = _existing_by_key(session, keys)
    fresh: dict[tuple[str, str], int] = {}
    for index, key in enumerate(keys):
        if key not in existing and key not in fresh:
            fresh[key] = index

    new_messages = _build_messages(
        [items[i] for i in fresh.values()], [regions[i] for i in fresh.values()], pipeline
    )
    if new_messages:
        ensure_pipeline_version(session, pipeline)
    stored = _insert(session, list(zip(fresh.keys(), new_messages, strict=True)))
    # Each new message opens a routed case or joins an open case about the same problem (aigov.cases);
    # an appeal with neither a name nor any contact is anonymous: a signal without deadline.
    # Raw text and sender are stored only encrypted (aigov.privacy); every analysis goes to the audit log.
    with audit_batched(session):  # one append to the audit log for the whole chunk
        audit_hooks.analysis_results(session, list(stored.values()))
        for key, message in stored.items():
            item = items[fresh[key]]
            store_personal_data(session, message, item)
            open_or_attach(session, message=message, anonymous=item.anonymous)
    outcomes: list[IntakeOutcome] = []
    for key in keys:
        if key in stored:
            outcomes.append(IntakeOutcome("new", stored.pop(key)))
            existing.setdefault(key, outcomes[-1].message)
        else:
            outcomes.append(IntakeOutcome("duplicate", existing[key]))
    return outcomes


def save_location(session: Session, message: Message, *, lat: float | None = None,
                  long: float | None = None, address: str | None = None,
                  media_url: str | None = None) -> MessageLocation | None:
    """Record where the reported problem is (nothing when nothing is given); replaces an earlier one."""
    if lat is None and long is None and not address and not media_url:
        return None
    location = session.get(MessageLocation, message.id) or MessageLocation(message_id=message.id)
    location.lat, location.long, location.address, location.media_url = lat, long, address, media_url
    session.add(location)
    session.flush()
    return location


def _existing_by_key(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Message]:
    found: dict[tuple[str, str], Message] = {}
    wanted = set(keys)
    ids = sorted({external_id for _, external_id in keys})
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for message in session.scalars(select(Message).where(Message.external_id.in_(chunk))):
            key = (message.channel, message.external_id)
            if key in wanted:
                found[key] = message
    return found


def _insert(
    session: Session, pairs: list[tuple[tuple[str, str], Message]]
) -> dict[tuple[str, str], Message]:
    """Insert in one go; if another writer got there first, insert one by one and keep theirs."""
    if not pairs:
        return {}
    try:
        with session.begin_nested():
            session.add_all([message for _, message in pairs])
        return dict(pairs)
    except IntegrityError:
        pass
    stored: dict[tuple[str, str], Message] = {}
    for key, message in pairs:
        fresh_copy = _copy(message)
        try:
            with session.begin_nested():
                session.add(fresh_copy)
            stored[key] = fresh_copy
        except IntegrityError:
            continue
    return stored


def _copy(message: Message) -> Message:
    columns = [c.key for c in Message.__table__.columns if c.key not in {"id", "reference"}]
    return Message(reference=new_reference(), text=message.text, **{c: getattr(message, c) for c in columns})


def _build_messages(
    items: Sequence[MessageIn], regions: Sequence[tuple[str, str | None] | None], pipeline: Pipeline
) -> list[Message]:
    now = utcnow()
    messages = []
    for item, region in zip(items, regions, strict=True):
        message = Message(
            reference=new_reference(),
            channel=item.channel,
            external_id=external_id_of(item),
            received_at=item.received_at or now,
            created_at=now,
            text=item.text,
            has_contact=item.sender is not None and item.sender.has_contact,
        )
        if region is not None:
            message.region, message.district = region
            message.region_source = "intake"
        messages.append(message)
    analyse_messages(messages, pipeline)
    return messages


def analyse_messages(messages: Sequence[Message], pipeline: Pipeline) -> None:
    """Run the pipeline over messages and write its findings onto them.

    A region that came with the message at intake is kept; otherwise the analysis finds one.
    """
    analysis_items = []
    for message in messages:
        item = AnalysisItem(text=message.text)
        if message.region_source == "intake":
            item.region, item.district = message.region, message.district
        analysis_items.append(item)
    pipeline.run(analysis_items)
    version = pipeline.version
    now = utcnow()
    for message, item in zip(messages, analysis_items, strict=True):
        message.redacted_text = item.redacted or item.normalised
        message.script = item.script
        message.language = item.language
        message.language_confidence = item.language_confidence
        message.sentiment = item.sentiment
        message.sentiment_score = item.sentiment_score
        message.topic = item.topic
        message.topic_confidence = item.topic_confidence
        message.urgency = item.urgency
        message.urgency_reasons = list(item.urgency_reasons)
        if message.region_source != "intake":
            message.region, message.district = item.region, item.district
            message.region_source = "analysis" if item.region else None
        message.agency = agency_for_topic(item.topic, message.region)  # per-region overrides apply
        message.entities = [{"type": e["type"], "start": e["start"], "end": e["end"]} for e in item.entities]
        message.explanations = item.explanations
        message.analysis_version = version
        message.analysed_at = now


def ensure_pipeline_version(session: Session, pipeline: Pipeline) -> str:
    """Record the pipeline's description under its hash (once) and return the hash."""
    version = pipeline.version
    if session.get(PipelineVersion, version) is None:
        try:
            with session.begin_nested():
                session.add(PipelineVersion(id=version, description=pipeline.describe()))
                session.flush()
                audit_hooks.model_first_seen(session, version, pipeline.describe())
        except IntegrityError:
            pass  # another process recorded it first
    return version


def reanalyse(session: Session, pipeline: Pipeline, *, since: datetime | None = None,
              batch_size: int = 500) -> int:
    """Analyse stored messages again (all, or those received since a time); return how many."""
    ensure_pipeline_version(session, pipeline)
    query = select(Message.id).order_by(Message.id)
    if since is not None:
        query = query.where(Message.received_at >= since)
    ids = list(session.scalars(query))
    for start in range(0, len(ids), batch_size):
        batch = list(session.scalars(select(Message).where(Message.id.in_(ids[start : start + batch_size]))))
        load_raw_texts(session, batch, actor="system", purpose="reanalysis")  # else the redacted text
        batch = [m for m in batch if m.text]  # erased messages have no text left to analyse
        analyse_messages(batch, pipeline)
        session.flush()
        audit_hooks.analysis_results(session, batch)
    return len(ids)


@dataclass
class MessageFilters:
    q: str | None = None
    language: str | None = None
    sentiment: str | None = None
    topic: str | None = None
    region: str | None = None
    urgency: str | None = None
    agency: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    case_agency: str | None = None  # only messages of cases this agency holds (an officer's view)


def _apply_filters(query, filters: MessageFilters):  # type: ignore[no-untyped-def]
    for field in ("language", "sentiment", "topic", "region", "urgency", "agency"):
        value = getattr(filters, field)
        if value:
            query = query.where(getattr(Message, field) == value)
    if filters.case_agency:
        from aigov.cases.models import Case

        query = query.where(Message.case_id.in_(select(Case.id).where(Case.agency == filters.case_agency)))
    if filters.since:
        query = query.where(Message.received_at >= filters.since)
    if filters.until:
        query = query.where(Message.received_at < filters.until)
    if filters.q:
        pattern = "%" + filters.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(Message.redacted_text.ilike(pattern, escape="\\"), Message.reference == filters.q.upper())
        )
    return query


def list_messages(
    session: Session, filters: MessageFilters, *, page: int = 1, page_size: int = 50
) -> tuple[int, list[Message]]:
    """One page of messages matching the filters, newest first, and the total count."""
    base = _apply_filters(select(Message), filters)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = session.scalars(
        base.order_by(Message.received_at.desc(), Message.id.desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return total, list(rows)


def get_by_reference(session: Session, reference: str) -> Message | None:
    return session.scalar(select(Message).where(Message.reference == reference))


def count_by(session: Session, field: str, filters: MessageFilters) -> dict[str | None, int]:
    """Number of messages per value of one column (language, sentiment, topic, region...)."""
    column = getattr(Message, field)
    query = _apply_filters(select(column, func.count()).group_by(column), filters)
    return {value: count for value, count in session.execute(query)}


def count_by_day(session: Session, filters: MessageFilters, field: str | None = None) -> list[tuple]:
    """Rows of (day as YYYY-MM-DD, [value of field,] count), in day order."""
    day = func.date(Message.received_at)
    columns = [day, getattr(Message, field)] if field else [day]
    query = _apply_filters(select(*columns, func.count()).group_by(*columns).order_by(day), filters)
    return [(str(row[0]), *row[1:]) for row in session.execute(query)]
