"""Read-only case figures for the dashboard: open cases by agency or region, deadline compliance.

Compliance follows ``service.sla_report``: anonymous cases (signals) have no deadline and are left out; an
answered case is in time when it was answered by its due moment; days to answer are working days from the
day of registration to the day of the answer (in Baku).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from aigov.calendar import current_calendar
from aigov.cases.lifecycle import OPEN_STATUSES
from aigov.cases.models import Case
from aigov.db.base import utcnow

Group = Literal["agency", "region", "topic"]


@dataclass(frozen=True)
class CaseStatsFilters:
    """Which cases count: by topic, economic region and registration moment (``until`` exclusive)."""

    topic: str | None = None
    region: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _filtered(query: Select, filters: CaseStatsFilters) -> Select:
    if filters.topic:
        query = query.where(Case.topic == filters.topic)
    if filters.region:
        query = query.where(Case.region == filters.region)
    if filters.since:
        query = query.where(Case.registered_at >= filters.since)
    if filters.until:
        query = query.where(Case.registered_at < filters.until)
    return query


def open_cases_by(session: Session, group: Group, filters: CaseStatsFilters | None = None
                  ) -> dict[str | None, int]:
    """Open cases (every status before resolved/rejected, anonymous signals included, as the work queues
    count them) per agency, region or topic; None: no agency yet (triage) or no region/topic found."""
    column = getattr(Case, group)
    query = select(column, func.count()).where(Case.status.in_(OPEN_STATUSES)).group_by(column)
    return {key: count for key, count in session.execute(_filtered(query, filters or CaseStatsFilters()))}


@dataclass
class DeadlineCounts:
    open: int = 0
    breached: int = 0  # open and past the due moment


def deadline_counts(session: Session, filters: CaseStatsFilters | None = None, *,
                    now: datetime | None = None) -> DeadlineCounts:
    now = now or utcnow()
    base = _filtered(select(func.count()).select_from(Case).where(Case.status.in_(OPEN_STATUSES)),
                     filters or CaseStatsFilters())
    return DeadlineCounts(
        open=session.scalar(base) or 0,
        breached=session.scalar(base.where(Case.due_at.is_not(None), Case.due_at < now)) or 0,
    )


@dataclass
class Compliance:
    """Answered cases of one group (an agency, or a month of answering): how many in time, how fast."""

    key: str | date | None
    answered: int = 0
    in_time: int = 0
    days: list[int] = field(default_factory=list, repr=False)

    @property
    def in_time_share(self) -> float | None:
        return self.in_time / self.answered if self.answered else None

    @property
    def median_days(self) -> float | None:
        return float(statistics.median(self.days)) if self.days else None


def compliance(session: Session, by: Literal["agency", "month", "all"],
               filters: CaseStatsFilters | None = None, *, now: datetime | None = None) -> list[Compliance]:
    """Answered (non-anonymous) cases grouped by agency (None: none), by month of answer (Baku time, the
    key is the first day of the month, oldest first) or all together (one row, key None)."""
    now = now or utcnow()
    cal = current_calendar()
    query = select(Case.agency, Case.registered_at, Case.answered_at, Case.due_at).where(
        Case.anonymous.is_(False), Case.answered_at.is_not(None), Case.answered_at <= now)
    groups: dict[str | date | None, Compliance] = {}
    for agency, registered_at, answered_at, due_at in session.execute(_filtered(query, filters or
                                                                                CaseStatsFilters())):
        answered_day = cal.local_date(answered_at)
        key: str | date | None = {"agency": agency, "month": answered_day.replace(day=1), "all": None}[by]
        row = groups.setdefault(key, Compliance(key))
        row.answered += 1
        row.in_time += due_at is not None and answered_at <= due_at
        row.days.append(cal.working_days_between(cal.local_date(registered_at), answered_day))
    if by == "month":
        return [groups[key] for key in sorted(groups)]  # type: ignore[type-var]
    return sorted(groups.values(), key=lambda r: (r.key is None, str(r.key or "")))


def months_between(first: date, last: date) -> list[date]:
    """First days of every month from ``first``'s to ``last``'s, both included."""
    months = []
    cursor = first.replace(day=1)
    while cursor <= last:
        months.append(cursor)
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    return months
