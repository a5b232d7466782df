"""Fixtures of the audit tests: messages stored through the real intake, and direct SQL on the log."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from aigov.analysis.default import default_pipeline
from aigov.messages.models import Message
from aigov.messages.schemas import MessageIn
from aigov.messages.service import intake


@pytest.fixture
def ingest(db: Session):  # type: ignore[no-untyped-def]
    """Store (and commit) messages through the normal intake: ``ingest("text", channel="web")``."""
    count = 0

    def store(text_: str, **fields) -> Message:  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1
        fields.setdefault("external_id", f"audit-{count}")
        message = intake(db, [MessageIn(text=text_, **fields)], default_pipeline())[0].message
        db.commit()
        return message

    return store


@pytest.fixture
def sql(migrated_engine: Engine):  # type: ignore[no-untyped-def]
    """Run SQL straight on the database, as someone editing it behind aigov's back would."""

    def run(statement: str, **params) -> None:  # type: ignore[no-untyped-def]
        with migrated_engine.begin() as conn:
            conn.execute(text(statement), params)

    return run
