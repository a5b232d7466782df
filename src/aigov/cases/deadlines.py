"""Statutory deadlines of the Law on Citizens' Appeals (2015), in Azerbaijani working days.

* an answer is due 15 working days after registration;
* 30 working days where extra study or checking is needed (an officer decides);
* the period may be extended once, by up to 30 more working days;
* an appeal sent to the wrong body is forwarded to the competent one within 3 working days;
* anonymous appeals are not formal appeals: no deadline (they are kept as signals).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from aigov.calendar import current_calendar

ANSWER_DAYS = 15
EXTRA_CHECK_DAYS = 30
MAX_EXTENSION_DAYS = 30
MAX_EXTENSIONS = 1
FORWARD_DAYS = 3

DeadlineState = Literal["ok", "near", "breached"]


def due_after(registered_at: datetime, working_days: int) -> datetime:
    """The end (in Baku) of the day ``working_days`` working days after the day of ``registered_at``."""
    cal = current_calendar()
    return cal.end_of_day(cal.add_working_days(cal.local_date(registered_at), working_days))


def answer_due(registered_at: datetime, *, extra_checking: bool = False) -> datetime:
    return due_after(registered_at, EXTRA_CHECK_DAYS if extra_checking else ANSWER_DAYS)


def forward_due(registered_at: datetime) -> datetime:
    """When a misrouted appeal must have been forwarded to the competent body."""
    return due_after(registered_at, FORWARD_DAYS)


def extended_due(due_at: datetime, days: int) -> datetime:
    """``due_at`` moved ``days`` working days later (1 to 30)."""
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ValueError(f"an extension is 1 to {MAX_EXTENSION_DAYS} working days, not {days}")
    return due_after(due_at, days)


def working_days_left(due_at: datetime, now: datetime) -> int:
    """Working days from today (in Baku) to the due day; 0 on the due day, negative once past."""
    cal = current_calendar()
    return cal.working_days_between(cal.local_date(now), cal.local_date(due_at))


def deadline_state(due_at: datetime | None, now: datetime, *, near_days: int = 2) -> DeadlineState | None:
    """breached once ``now`` is past ``due_at``, near with ``near_days`` working days or fewer left; None
    without a deadline."""
    if due_at is None:
        return None
    if now > due_at:
        return "breached"
    return "near" if working_days_left(due_at, now) <= near_days else "ok"
