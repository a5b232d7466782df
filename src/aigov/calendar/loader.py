"""Read the holidays file: weekend days, fixed-date holidays and, per year, holidays and Cabinet transfers."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from aigov.reference.loader import ReferenceDataError

DEFAULT_HOLIDAYS = Path(__file__).parent / "holidays_az.yaml"

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class HolidayDataError(ReferenceDataError):
    """The holidays file is missing or malformed; the message names the file and the problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Holiday(_Strict):
    date: date
    name: str = Field(min_length=1)
    moves: bool = True  # moves to the next working day when it falls on a weekend or another holiday


class FixedHoliday(_Strict):
    date: str = Field(pattern=r"^\d\d-\d\d$", description="MM-DD")
    name: str = Field(min_length=1)
    moves: bool = True

    @field_validator("date")
    @classmethod
    def _real_day(cls, value: str) -> str:
        month, day = (int(part) for part in value.split("-"))
        try:
            date(2024, month, day)  # a leap year: 02-29 is allowed
        except ValueError:
            raise ValueError(f"{value} is not a day of the year (MM-DD)") from None
        return value

    def on(self, year: int) -> Holiday | None:
        month, day = (int(part) for part in self.date.split("-"))
        try:
            return Holiday(date=date(year, month, day), name=self.name, moves=self.moves)
        except ValueError:
            return None  # 02-29 outside leap years


class Transfer(_Strict):
    rest: date = Field(description="A weekday the Cabinet made a rest day.")
    work: date | None = Field(default=None, description="The weekend day made a working day in exchange.")


class HolidayYear(_Strict):
    source: str = Field(min_length=1)
    verified: bool
    holidays: list[Holiday]
    transfers: list[Transfer] = Field(default_factory=list)


class HolidayFile(_Strict):
    timezone: str = Field(min_length=1)
    weekend: list[Weekday] = Field(min_length=1, max_length=6)
    fixed_holidays: list[FixedHoliday]
    years: dict[int, HolidayYear]


def parse_holidays(path: Path) -> HolidayFile:
    """The holidays file at ``path``, checked; raises HolidayDataError naming the problem."""
    data = _read(path)
    try:
        parsed = HolidayFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise HolidayDataError(f"{path.name}: {where}: {first['msg']}{more}") from None
    weekend = {WEEKDAYS.index(day) for day in parsed.weekend}
    for year, row in parsed.years.items():
        for holiday in row.holidays:
            if holiday.date.year != year:
                raise HolidayDataError(f"{path.name}: years.{year}: {holiday.date} is not in {year}")
        for transfer in row.transfers:
            if transfer.rest.weekday() in weekend:
                raise HolidayDataError(f"{path.name}: years.{year}: transfer rest day {transfer.rest} "
                                       "is already a weekend day")
            if transfer.work is not None and transfer.work.weekday() not in weekend:
                raise HolidayDataError(f"{path.name}: years.{year}: transfer working day {transfer.work} "
                                       "is not a weekend day")
    return parsed


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        reason = exc.strerror or exc
        raise HolidayDataError(f"{path.name}: cannot read the holidays file ({reason})") from None
    except UnicodeDecodeError:
        raise HolidayDataError(f"{path.name}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise HolidayDataError(f"{path.name}: malformed YAML{where}") from None
    if not isinstance(data, dict):
        raise HolidayDataError(f"{path.name}: expected a mapping at the top level")
    return data
