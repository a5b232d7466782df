"""Working days in Azerbaijan: weekends, public holidays, the weekend-transfer rule and Cabinet transfers."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aigov.calendar.loader import (
    DEFAULT_HOLIDAYS,
    WEEKDAYS,
    Holiday,
    HolidayDataError,
    HolidayFile,
    parse_holidays,
)

log = logging.getLogger(__name__)

BAKU_FIXED = timezone(timedelta(hours=4), "Asia/Baku")  # Azerbaijan has kept UTC+4 all year since 2016


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        if name == "Asia/Baku":
            return BAKU_FIXED  # no tz database on this machine
        raise HolidayDataError(f"unknown timezone {name!r} in the holidays file") from None


class WorkingCalendar:
    """Which days are working days, from one holidays file."""

    def __init__(self, data: HolidayFile) -> None:
        self.data = data
        self.tz = _zone(data.timezone)
        self._weekend = frozenset(WEEKDAYS.index(day) for day in data.weekend)
        self._rest: dict[int, dict[date, str]] = {}
        self._work = {t.work for row in data.years.values() for t in row.transfers if t.work is not None}
        self._cabinet_rest = {t.rest for row in data.years.values() for t in row.transfers}
        self._warned: set[int] = set()
        self._lock = threading.Lock()

    def covers(self, year: int) -> bool:
        """True when the file lists this year's holidays (bayrams included)."""
        return year in self.data.years

    def is_verified(self, year: int) -> bool:
        row = self.data.years.get(year)
        return bool(row and row.verified)

    def is_weekend(self, day: date) -> bool:
        return day.weekday() in self._weekend

    def is_working_day(self, day: date) -> bool:
        if day in self._work:
            return True
        return not self.is_weekend(day) and day not in self.rest_days(day.year)

    def rest_days(self, year: int) -> dict[date, str]:
        """Non-working days of ``year`` other than plain weekends, with their names (transfers included)."""
        with self._lock:
            if year not in self._rest:
                self._rest[year] = self._compute_rest(year)
            return self._rest[year]

    def add_working_days(self, start: date, n: int) -> date:
        """The day that is ``n`` working days after ``start`` (``start`` itself is not counted)."""
        if n < 0:
            raise ValueError("n must be zero or more working days")
        day = start
        while n > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after ``a`` up to and including ``b``; negative when ``b`` is before ``a``."""
        if b < a:
            return -self.working_days_between(b, a)
        count, day = 0, a
        while day < b:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def local_date(self, moment: datetime) -> date:
        """The calendar day in Baku at ``moment`` (a naive datetime is read as UTC)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(self.tz).date()

    def end_of_day(self, day: date) -> datetime:
        """The last moment of ``day`` in Baku, as a UTC datetime."""
        start_next = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=self.tz)
        return (start_next - timedelta(microseconds=1)).astimezone(UTC)

    def _statutory(self, year: int) -> list[Holiday]:
        row = self.data.years.get(year)
        if row is not None:
            return list(row.holidays)
        if year not in self._warned:
            self._warned.add(year)
            log.warning("the holidays file has no list for %d: fixed-date holidays only (no bayrams)", year)
        return [h for h in (f.on(year) for f in self.data.fixed_holidays) if h is not None]

    def _compute_rest(self, year: int) -> dict[date, str]:
        """Statutory days of the year plus the rest days the transfer rule gives (from it or the last)."""
        holidays = [h for y in (year - 1, year, year + 1) for h in self._statutory(y)]
        names = {h.date: h.name for h in holidays}
        taken = set(names) | self._cabinet_rest
        moving = Counter(h.date for h in holidays if h.moves)
        fixed = {h.date for h in holidays if not h.moves}
        for day in sorted(moving):
            transfers = moving[day] if self.is_weekend(day) or day in fixed else moving[day] - 1
            for _ in range(transfers):
                target = day + timedelta(days=1)
                while self.is_weekend(target) or target in taken:
                    target += timedelta(days=1)
                taken.add(target)
                names[target] = f"{names[day]} (transferred)"
        for day in self._cabinet_rest:
            names.setdefault(day, "Rest day (Cabinet transfer)")
        return {d: n for d, n in sorted(names.items()) if d.year == year and d not in self._work}


_cache: dict[str, tuple[tuple[int, int], WorkingCalendar]] = {}
_cache_lock = threading.Lock()


def load_calendar(path: Path | None = None) -> WorkingCalendar:
    """The calendar from ``path`` (default: the packaged holidays_az.yaml), parsed once per file version."""
    path = Path(path) if path else DEFAULT_HOLIDAYS
    try:
        stat = path.stat()
    except OSError as exc:
        reason = exc.strerror or exc
        raise HolidayDataError(f"{path.name}: cannot read the holidays file ({reason})") from None
    key, stamp = str(path.resolve()), (stat.st_mtime_ns, stat.st_size)
    with _cache_lock:
        hit = _cache.get(key)
        if hit and hit[0] == stamp:
            return hit[1]
    calendar = WorkingCalendar(parse_holidays(path))
    with _cache_lock:
        _cache[key] = (stamp, calendar)
    return calendar


def current_calendar() -> WorkingCalendar:
    """The calendar in force: AIGOV_HOLIDAYS_FILE if set, else the packaged file."""
    from aigov.config import get_settings

    return load_calendar(get_settings().holidays_file)


def is_working_day(day: date) -> bool:
    return current_calendar().is_working_day(day)


def add_working_days(start: date, n: int) -> date:
    """The day ``n`` working days after ``start`` in the calendar in force."""
    return current_calendar().add_working_days(start, n)


def working_days_between(a: date, b: date) -> int:
    """Working days after ``a`` up to and including ``b`` in the calendar in force."""
    return current_calendar().working_days_between(a, b)


def local_date(moment: datetime) -> date:
    """The day in Baku at ``moment``."""
    return current_calendar().local_date(moment)
