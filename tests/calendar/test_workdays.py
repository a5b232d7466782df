"""The working-day calendar: weekends, holidays, the weekend-transfer rule, transfers and year ends."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from aigov.calendar import HolidayDataError, current_calendar, load_calendar
from aigov.calendar.workdays import WorkingCalendar
from aigov.config import reset_settings_cache


@pytest.fixture
def cal() -> WorkingCalendar:
    return load_calendar()


def test_weekends_are_not_working_days(cal: WorkingCalendar) -> None:
    assert cal.is_working_day(date(2025, 2, 7))  # Friday
    assert not cal.is_working_day(date(2025, 2, 8))  # Saturday
    assert not cal.is_working_day(date(2025, 2, 9))  # Sunday
    assert cal.add_working_days(date(2025, 2, 7), 1) == date(2025, 2, 10)


def test_novruz_2024_with_its_weekend_days_moved(cal: WorkingCalendar) -> None:
    # 20-24 March 2024 is Wednesday to Sunday: Saturday and Sunday move to Monday 25 and Tuesday 26.
    for day in range(20, 27):
        assert not cal.is_working_day(date(2024, 3, day)), day
    assert cal.is_working_day(date(2024, 3, 27))
    assert "transferred" in cal.rest_days(2024)[date(2024, 3, 25)]


def test_gurban_bayram_and_salvation_day_2024_on_a_weekend_move(cal: WorkingCalendar) -> None:
    # 15 June (Sat), Gurban 16-17 June (Sun-Mon): 15-19 June are rest days, 20 June is a working day.
    assert [cal.is_working_day(date(2024, 6, d)) for d in range(14, 21)] == [
        True, False, False, False, False, False, True]


def test_ramazan_bayram_on_a_sunday_moves_past_novruz_2025(cal: WorkingCalendar) -> None:
    # Novruz 20-24 March 2025 (Thu-Mon) gives 25-26 March; Ramazan 30 (Sun)-31 March gives 1 April.
    assert not cal.is_working_day(date(2025, 3, 26))
    assert cal.is_working_day(date(2025, 3, 27))
    assert not cal.is_working_day(date(2025, 3, 31))
    assert not cal.is_working_day(date(2025, 4, 1))
    assert cal.is_working_day(date(2025, 4, 2))


def test_holidays_on_the_same_day_give_extra_rest_days(cal: WorkingCalendar) -> None:
    # 2026: Gurban 27-28 May and Independence Day 28 May coincide: Friday 29 May becomes a rest day.
    assert not cal.is_working_day(date(2026, 5, 29))
    assert cal.is_working_day(date(2026, 6, 1))


def test_day_of_mourning_on_a_weekend_does_not_move(cal: WorkingCalendar) -> None:
    assert not cal.is_working_day(date(2025, 1, 20))  # Monday
    assert cal.is_working_day(date(2024, 1, 22))  # 20 January 2024 was a Saturday: Monday works


def test_deadline_across_the_year_end(cal: WorkingCalendar) -> None:
    # From Monday 29 Dec 2025: 30 Dec (1), 31 Dec holiday, 1-2 Jan holidays, 3-4 Jan weekend, 5 Jan (2).
    assert cal.add_working_days(date(2025, 12, 29), 2) == date(2026, 1, 5)
    assert cal.working_days_between(date(2025, 12, 29), date(2026, 1, 5)) == 2
    # 2 January 2027 is a Saturday: Monday 4 January is the transferred rest day.
    assert not cal.is_working_day(date(2027, 1, 4))
    assert cal.add_working_days(date(2026, 12, 30), 1) == date(2027, 1, 5)


def test_fifteen_working_days_across_novruz_2024(cal: WorkingCalendar) -> None:
    # Registered Friday 15 March 2024: 18, 19 March (2), 27-29 March (5), 1-5 April (10), 8, 9 April (12),
    # Ramazan Bayram 10-11 April, then 12, 15, 16 April (15).
    due = cal.add_working_days(date(2024, 3, 15), 15)
    assert due == date(2024, 4, 16)
    assert cal.working_days_between(date(2024, 3, 15), due) == 15
    assert cal.working_days_between(due, date(2024, 3, 15)) == -15
    assert cal.add_working_days(date(2024, 3, 15), 0) == date(2024, 3, 15)
    with pytest.raises(ValueError):
        cal.add_working_days(date(2024, 3, 15), -1)


def test_years_not_in_the_file_use_fixed_holidays(cal: WorkingCalendar) -> None:
    assert not cal.covers(2031)
    assert not cal.is_working_day(date(2031, 5, 9))  # Friday, Victory over Fascism Day
    assert cal.covers(2025) and not cal.is_verified(2025)


def test_the_date_of_a_timestamp_is_the_day_in_baku(cal: WorkingCalendar) -> None:
    late_utc = datetime(2025, 2, 7, 21, 30, tzinfo=UTC)  # 01:30 on Saturday in Baku
    assert cal.local_date(late_utc) == date(2025, 2, 8)
    assert cal.end_of_day(date(2025, 2, 7)) < datetime(2025, 2, 7, 20, 0, tzinfo=UTC)


HOLIDAYS = """\
timezone: Asia/Baku
weekend: [saturday, sunday]
fixed_holidays: []
years:
  2030:
    source: test
    verified: true
    holidays:
      - {date: 2030-01-01, name: New Year}
    transfers:
      - {rest: 2030-01-03, work: 2030-01-05}
"""


def test_cabinet_transfers_swap_a_weekday_and_a_saturday(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(HOLIDAYS, encoding="utf-8")
    cal = load_calendar(path)
    assert not cal.is_working_day(date(2030, 1, 3))
    assert cal.is_working_day(date(2030, 1, 5))
    assert cal.is_verified(2030)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("2030-01-01, name", "2031-01-01, name"), r"years\.2030: 2031-01-01 is not in 2030"),
        (("verified: true", "verified: maybe"), r"years\.2030\.verified"),
        (("rest: 2030-01-03", "rest: 2030-01-06"), "already a weekend day"),
        (("weekend: [saturday, sunday]", "weekend: [caturday]"), r"h\.yaml: weekend\.0"),
        (("fixed_holidays: []", "fixed_holidays: [{date: '02-30', name: x}]"), "not a day of the year"),
        (("source: test", "source: test\n    extra: 1"), "Extra inputs"),
        (("years:", "years: ["), "malformed YAML at line"),
    ],
)
def test_malformed_files_give_a_clear_error(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(HOLIDAYS.replace(*change), encoding="utf-8")
    with pytest.raises(HolidayDataError, match=expected):
        load_calendar(path)


def test_missing_file_and_setting_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(HolidayDataError, match="cannot read the holidays file"):
        load_calendar(tmp_path / "absent.yaml")
    path = tmp_path / "h.yaml"
    path.write_text(HOLIDAYS, encoding="utf-8")
    monkeypatch.setenv("AIGOV_HOLIDAYS_FILE", str(path))
    reset_settings_cache()
    try:
        assert current_calendar().is_verified(2030)
    finally:
        monkeypatch.delenv("AIGOV_HOLIDAYS_FILE")
        reset_settings_cache()
