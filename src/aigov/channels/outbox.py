"""The recorded outbox: every answer sent back to a citizen, queued first, then handed to a channel adapter.

An adapter sends one outgoing message through one channel (SMS, Telegram, web form...) and says how it
went; as in RapidPro's channel types, each channel has its own adapter, and until a real one is
configured every channel gets a ``RecordingAdapter`` that keeps what it was given and reports it sent.

Delivery follows FixMyStreet's send state: a message is queued (unprocessed), then sent or failed; a
failed one keeps its fail count, the reason and when it failed, and is tried again on a later run once
its back-off has passed (5 minutes, doubling with each failure, at most 6 hours), until it has failed
MAX_ATTEMPTS times: then it stays failed for good.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal, Protocol

from sqlalchemy import ForeignKey, Integer, String, Text, and_, func, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from aigov.db.base import Base, UTCDateTime, utcnow

OutboxStatus = Literal["queued", "sent", "failed"]
STATUSES: tuple[str, ...] = ("queued", "sent", "failed")
MAX_BODY_CHARS = 5000
MAX_ATTEMPTS = 5  # failures before a message is given up
FIRST_BACKOFF = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=6)


class OutboxMessage(Base):
    """One message to a citizen: what, through which channel, and whether it went out."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), nullable=True, index=True
    )
    message_id: Mapped[int | None] = mapped_column(  # the citizen's message this answers
        ForeignKey("messages.id", ondelete="SET NULL"), nullable=True, index=True
    )
    channel: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str | None] = mapped_column(String(128), nullable=True)  # sender's id in the channel
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True, default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # every try, the successful one included
    error: Mapped[str | None] = mapped_column(Text, nullable=True)  # the adapter's words, never the body
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    fail_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # the last failure
    # when a failed message is tried again; None once sent or given up
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)


class OutboxError(ValueError):
    """An outgoing message that cannot be queued (empty or too long a body, no channel)."""


@dataclass(frozen=True)
class Outgoing:
    """What an adapter gets: the text and where it goes, nothing else from the database."""

    id: int
    channel: str
    recipient: str | None
    body: str


@dataclass(frozen=True)
class SendResult:
    ok: bool
    error: str | None = None  # why it failed, in the adapter's words (no message text)


class ChannelAdapter(Protocol):
    """Sends outgoing messages through one channel."""

    def send(self, outgoing: Outgoing) -> SendResult: ...


@dataclass
class RecordingAdapter:
    """The default adapter of every channel: keeps what it was asked to send and reports success."""

    sent: list[Outgoing] = field(default_factory=list)

    def send(self, outgoing: Outgoing) -> SendResult:
        self.sent.append(outgoing)
        return SendResult(ok=True)


_adapters: dict[str, ChannelAdapter] = {}


def register_adapter(channel: str, adapter: ChannelAdapter) -> None:
    """Use ``adapter`` for ``channel`` from now on (in this process)."""
    _adapters[channel] = adapter


def adapter_for(channel: str) -> ChannelAdapter:
    """The adapter registered for ``channel``; a RecordingAdapter (created once per channel) otherwise."""
    if channel not in _adapters:
        _adapters[channel] = RecordingAdapter()
    return _adapters[channel]


def reset_adapters() -> None:
    """Forget every registered adapter (tests)."""
    _adapters.clear()


def queue(session: Session, *, channel: str, body: str, case_id: int | None = None,
          message_id: int | None = None, recipient: str | None = None,
          now: datetime | None = None) -> OutboxMessage:
    """Put a message for a citizen in the outbox (status queued); nothing is sent yet."""
    body = (body or "").strip()
    if not body:
        raise OutboxError("an outgoing message needs a text")
    if len(body) > MAX_BODY_CHARS:
        raise OutboxError(f"an outgoing message is at most {MAX_BODY_CHARS} characters, not {len(body)}")
    if not channel:
        raise OutboxError("an outgoing message needs a channel")
    item = OutboxMessage(case_id=case_id, message_id=message_id, channel=channel, recipient=recipient,
                         body=body, status="queued", attempts=0, created_at=now or utcnow())
    session.add(item)
    session.flush()
    return item


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0  # failed for the last time: given up
    retry: int = 0  # failed this time, will be tried again after its back-off

    def as_dict(self) -> dict[str, int]:
        return {"sent": self.sent, "retry": self.retry, "failed": self.failed}


def backoff(fail_count: int) -> timedelta:
    """How long to wait after the ``fail_count``-th failure before trying again."""
    return min(FIRST_BACKOFF * 2 ** max(fail_count - 1, 0), MAX_BACKOFF)


def due_for_sending(now: datetime):  # type: ignore[no-untyped-def]
    """Queued messages, and failed ones whose back-off has passed."""
    retry = and_(OutboxMessage.status == "failed", OutboxMessage.next_attempt_at.is_not(None),
                 OutboxMessage.next_attempt_at <= now)
    return or_(OutboxMessage.status == "queued", retry)


def deliver(session: Session, *, limit: int = 100, now: datetime | None = None,
            adapters: dict[str, ChannelAdapter] | None = None) -> DeliveryReport:
    """Hand due messages (queued, or failed and past their back-off; oldest first) to their channel's
    adapter and record how it went.

    A message whose adapter fails or raises is marked failed with its fail count, reason and time, and
    is tried again after its back-off, until it has failed MAX_ATTEMPTS times.  Rows being sent by
    another run are skipped (PostgreSQL row locks).  Does not commit.
    """
    now = now or utcnow()
    report = DeliveryReport()
    pending = session.scalars(
        select(OutboxMessage).where(due_for_sending(now))
        .order_by(OutboxMessage.created_at, OutboxMessage.id).limit(limit)
        .with_for_update(skip_locked=True)
    )
    for item in list(pending):
        adapter = (adapters or {}).get(item.channel) or adapter_for(item.channel)
        outgoing = Outgoing(id=item.id, channel=item.channel, recipient=item.recipient, body=item.body)
        try:
            result = adapter.send(outgoing)
        except Exception as exc:  # an adapter's failure must not stop the others; keep only its type
            result = SendResult(ok=False, error=f"adapter raised {type(exc).__name__}")
        item.attempts += 1
        if result.ok:
            item.status, item.sent_at, item.error, item.next_attempt_at = "sent", now, None, None
            report.sent += 1
            continue
        item.status, item.failed_at = "failed", now
        item.fail_count = (item.fail_count or 0) + 1
        item.error = (result.error or "the channel refused the message")[:500]
        if item.fail_count >= MAX_ATTEMPTS:
            item.next_attempt_at = None
            report.failed += 1
        else:
            item.next_attempt_at = now + backoff(item.fail_count)
            report.retry += 1
    session.flush()
    return report


def backlog(session: Session) -> dict[str, int]:
    """What is left: queued, failed and waiting to be tried again, failed for good."""
    waiting = OutboxMessage.next_attempt_at.is_not(None)
    rows = session.execute(select(OutboxMessage.status, waiting, func.count())
                           .where(OutboxMessage.status != "sent").group_by(OutboxMessage.status, waiting))
    counts = {"queued": 0, "waiting": 0, "failed": 0}
    for status, will_retry, count in rows:
        key = "queued" if status == "queued" else "waiting" if will_retry else "failed"
        counts[key] += count
    return counts


def for_case(session: Session, case_id: int) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.case_id == case_id).order_by(OutboxMessage.id)
    return list(session.scalars(query))
