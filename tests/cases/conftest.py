"""Messages written straight into the database (no pipeline), with the analysis a test needs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from aigov.messages.models import Message
from aigov.messages.reference import new_reference

# Monday 3 February 2025, 09:00 in Baku: 15 working days later is Monday 24 February.
MONDAY = datetime(2025, 2, 3, 5, 0, tzinfo=UTC)


@pytest.fixture
def make_message(db: Session):  # type: ignore[no-untyped-def]
    def make(text: str, *, topic: str | None = "electricity", region: str | None = "baku",
             confidence: float | None = 0.9, received_at: datetime = MONDAY) -> Message:
        message = Message(reference=new_reference(), channel="test", external_id=new_reference(),
                          received_at=received_at, text=text, redacted_text=text, topic=topic,
                          topic_confidence=confidence, region=region, urgency="normal")
        db.add(message)
        db.flush()
        return message

    return make
