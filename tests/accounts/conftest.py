"""Cases and messages written straight into the database (no pipeline), one per agency a test names."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from aigov.cases.models import Case
from aigov.db.engine import session_factory
from aigov.messages.models import Message
from aigov.messages.reference import new_reference


@pytest.fixture
def make_case(db: Session):  # type: ignore[no-untyped-def]
    """Commit a case of ``agency`` with one message (redacted text only); returns the reference."""

    def make(agency: str | None = "azerishiq", *, text: str = "Salam, <PERSON> işıq yoxdur.") -> str:
        now = datetime.now(UTC)
        reference = new_reference()
        with session_factory()() as session, session.begin():
            case = Case(reference=reference, status="triaged", agency=agency, topic="electricity",
                        region="baku", urgency="normal", registered_at=now, due_at=now + timedelta(days=20))
            session.add(case)
            session.flush()
            session.add(Message(reference=reference, channel="test", external_id=reference, received_at=now,
                                redacted_text=text, topic="electricity", agency=agency,
                                region="baku", case_id=case.id))
        return reference

    return make
