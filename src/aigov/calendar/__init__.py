"""Working-day calendar for Azerbaijan (weekends, public holidays, transfers), in the Baku time zone."""

from aigov.calendar.loader import HolidayDataError
from aigov.calendar.workdays import (
    WorkingCalendar,
    add_working_days,
    current_calendar,
    is_working_day,
    load_calendar,
    local_date,
    working_days_between,
)

__all__ = [
    "HolidayDataError",
    "WorkingCalendar",
    "add_working_days",
    "current_calendar",
    "is_working_day",
    "load_calendar",
    "local_date",
    "working_days_between",
]
