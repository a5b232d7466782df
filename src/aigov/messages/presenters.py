"""Turning stored messages into API shapes."""

from __future__ import annotations

from aigov.messages.models import Message
from aigov.messages.schemas import MessageOut


def message_out(message: Message, *, explain: bool = False, duplicate: bool = False) -> MessageOut:
    return MessageOut(
        reference=message.reference,
        channel=message.channel,
        external_id=message.external_id,
        received_at=message.received_at,
        created_at=message.created_at,
        redacted_text=message.redacted_text,
        language=message.language,
        language_confidence=message.language_confidence,
        sentiment=message.sentiment,
        sentiment_score=message.sentiment_score,
        topic=message.topic,
        topic_confidence=message.topic_confidence,
        agency=message.agency,
        urgency=message.urgency,
        urgency_reasons=list(message.urgency_reasons or []),
        region=message.region,
        district=message.district,
        personal_data_found=sorted({e["type"] for e in message.entities or []}),
        analysis_version=message.analysis_version,
        explanations=message.explanations if explain else None,
        duplicate=duplicate,
        has_contact=bool(message.has_contact),
    )
