"""Officers' work on the demo cases, so the queues and compliance charts have a history to show."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.calendar.workdays import current_calendar
from aigov.cases.answers import answer_case, first_message
from aigov.cases.models import Case
from aigov.cases.service import transition
from aigov.db.base import utcnow

OFFICERS = ["Leyla Əliyeva", "Rauf Həsənov", "Nigar Quliyeva", "Elvin Məmmədov"]
ANSWERS = {
    "az": "Müraciətiniz araşdırıldı, problem aradan qaldırıldı. Təşəkkür edirik.",
    "ru": "Ваше обращение рассмотрено, проблема устранена. Спасибо.",
    "en": "Your appeal was looked into and the problem has been fixed. Thank you.",
}


def simulate_officer_work(session: Session, *, seed: int = 7, now: datetime | None = None,
                          answered_share: float = 0.85, late_share: float = 0.12) -> int:
    """Assign, answer and resolve most routed demo cases older than a week; return how many.

    Most answers come 2–14 working days after registration, ``late_share`` of them after the
    deadline; answers that would lie in the future are left undone, so recent cases stay open.
    """
    now = now or utcnow()
    calendar = current_calendar()
    done = 0
    query = (select(Case).where(Case.status == "triaged", Case.agency.is_not(None), Case.due_at.is_not(None),
                                Case.registered_at < now - timedelta(days=7))
             .order_by(Case.id))
    for case in session.scalars(query).all():
        rng = random.Random(f"{seed}:{case.reference}")  # the same decision for a case on every run
        if rng.random() > answered_share:
            continue
        days = rng.randint(16, 24) if rng.random() < late_share else rng.randint(2, 14)
        day = calendar.add_working_days(calendar.local_date(case.registered_at), days)
        answered = calendar.end_of_day(day) - timedelta(hours=rng.randint(2, 7))
        if answered > now:
            continue
        officer = rng.choice(OFFICERS)
        started = min(case.registered_at + timedelta(hours=rng.randint(2, 30)), answered - timedelta(hours=1))
        transition(session, case, "assigned", actor=officer, assignee=officer, now=started)
        transition(session, case, "in_progress", actor=officer, now=started + timedelta(minutes=30))
        message = first_message(session, case)
        language = (message.language if message else None) or "az"
        answer_case(session, case, text=ANSWERS.get(language, ANSWERS["az"]), actor=officer, resolve=True,
                    now=max(answered, started + timedelta(hours=1)))
        done += 1
    return done
