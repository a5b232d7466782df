"""The demo's officers answer older cases, mostly in time, and leave recent ones open."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from aigov.analysis.default import default_pipeline
from aigov.cases.models import Case
from aigov.demo.activity import simulate_officer_work
from aigov.demo.generator import generate_demo_messages
from aigov.messages.schemas import MessageIn
from aigov.messages.service import intake


def test_older_cases_are_answered_recent_ones_stay_open(db) -> None:
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    demo = generate_demo_messages(150, seed=3, end=now)
    with db.begin():
        intake(db, [MessageIn(text=m.text, channel=m.channel, external_id=m.external_id,
                              received_at=m.received_at, region=m.region) for m in demo], default_pipeline())
    with db.begin():
        answered = simulate_officer_work(db, seed=3, now=now)
    cases = list(db.scalars(select(Case)))
    resolved = [c for c in cases if c.status == "resolved"]
    assert answered == len(resolved) > 0
    assert all(c.answered_at <= now and c.public_answer for c in resolved)
    assert all(c.registered_at < now - timedelta(days=7) for c in resolved)
    assert not any(c.status == "resolved" for c in cases if c.registered_at > now - timedelta(days=7))
    in_time = sum(c.answered_at <= c.due_at for c in resolved)
    assert 0.6 * len(resolved) <= in_time < len(resolved) or len(resolved) < 10
    db.commit()
    assert simulate_officer_work(db, seed=3, now=now) == 0  # nothing left to do: idempotent
