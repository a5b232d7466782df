"""The recorded outbox: every answer sent back to a citizen, queued first, then handed to a channel adapter.

An adapter sends one outgoing message through one channel (SMS, Telegram, web form...) and says how it
went; as in RapidPro's channel types, each channel has its own adapter, and until a real one is
configured every channel gets a ``RecordingAdapter`` that keeps what it was given and reports it sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from sqlalchemy import ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from aigov.db.base import Base, UTCDateTime, utcnow

OutboxStatus = Literal["queued", "sent", "failed"]
STATUSES: tuple[str, ...] = ("queued", "sent", "failed")
MAX_BODY_CHARS = 5000
MAX_ATTEMPTS = 5


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
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)  # the adapter's words, never the body
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


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
    failed: int = 0
    retry: int = 0  # failed this time, will be tried again


def deliver(session: Session, *, limit: int = 100, now: datetime | None = None,
            adapters: dict[str, ChannelAdapter] | None = None) -> DeliveryReport:
    """Hand queued messages (oldest first) to their channel's adapter and record how it went.

    A message whose adapter fails or raises stays queued until it has failed MAX_ATTEMPTS times, then
    becomes failed.  Does not commit.
    """
    now = now or utcnow()
    report = DeliveryReport()
    pending = session.scalars(
        select(OutboxMessage).where(OutboxMessage.status == "queued")
        .order_by(OutboxMessage.created_at, OutboxMessage.id).limit(limit)
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
            item.status, item.sent_at, item.error = "sent", now, None
            report.sent += 1
        else:
            item.error = (result.error or "the channel refused the message")[:500]
            if item.attempts >= MAX_ATTEMPTS:
                item.status = "failed"
                report.failed += 1
            else:
                report.retry += 1
    session.flush()
    return report


def for_case(session: Session, case_id: int) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.case_id == case_id).order_by(OutboxMessage.id)
    return list(session.scalars(query))
