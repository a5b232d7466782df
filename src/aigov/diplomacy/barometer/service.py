"""Relations between two countries over a period: monthly counts per QuadClass, a Goldstein-weighted
cooperation-conflict index, the most frequent kinds of event and the most notable events.

The index of a month is the mean Goldstein score of the dyad's events in that month (both directions):
-10 is all war, +10 all cooperation, None when nothing happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from aigov.diplomacy.actors import reference
from aigov.diplomacy.cameo import QUAD_CLASSES, catalogue
from aigov.diplomacy.events.frame import month_label, parse_month
from aigov.diplomacy.events.models import Event

DEFAULT_COUNTRY = "AZE"
NEIGHBOURS = ("ARM", "GEO", "RUS", "IRN", "TUR")
MAX_MONTHS = 240
NOTABLE = 10


class BarometerError(ValueError):
    """A country code or period the barometer cannot use (a one-line reason)."""


def country_code(value: str | None) -> str:
    """An ISO3 code the reference knows ('aze' -> 'AZE'); BarometerError otherwise."""
    code = (value or "").strip().upper()
    if len(code) != 3 or code not in reference().countries:
        shown = code[:12] if code.isalnum() else "?"
        raise BarometerError(f"unknown country code {shown!r}: use ISO 3166 alpha-3 codes such as AZE or ARM")
    return code


def period(start: str, end: str) -> tuple[int, int]:
    """Two 'YYYY-MM' months as month counts, in order, at most MAX_MONTHS apart; BarometerError otherwise."""
    try:
        first, last = parse_month(start), parse_month(end)
    except ValueError as exc:
        raise BarometerError(str(exc)) from None
    if last < first:
        raise BarometerError("the period ends before it starts")
    if last - first + 1 > MAX_MONTHS:
        raise BarometerError(f"a period may span at most {MAX_MONTHS} months")
    return first, last


def _yyyymm(month: int) -> int:
    return (month // 12) * 100 + month % 12 + 1


@dataclass
class Barometer:
    a: str
    b: str
    months: list[str]
    counts: dict[int, list[int]]  # QuadClass -> count per month
    index: list[float | None]
    directed: dict[str, int]
    top_events: list[dict[str, Any]] = field(default_factory=list)
    notable: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(sum(values) for values in self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        totals = [sum(self.counts[q][i] for q in QUAD_CLASSES) for i in range(len(self.months))]
        return {
            "a": self.a,
            "b": self.b,
            "from": self.months[0],
            "to": self.months[-1],
            "events": self.total,
            "directed": self.directed,
            "months": [
                {
                    "month": month,
                    "total": totals[i],
                    "index": self.index[i],
                    **{f"quad_{q}": self.counts[q][i] for q in QUAD_CLASSES},
                }
                for i, month in enumerate(self.months)
            ],
            "top_events": self.top_events,
            "notable": self.notable,
        }


def _dyad(a: str, b: str):  # type: ignore[no-untyped-def]
    return or_(
        and_(Event.source_country == a, Event.target_country == b),
        and_(Event.source_country == b, Event.target_country == a),
    )


def _monthly(
    session: Session, where: Any, first: int, last: int
) -> tuple[dict[int, list[int]], list[float | None]]:
    n_months = last - first + 1
    counts = {q: [0] * n_months for q in QUAD_CLASSES}
    gold_sum, gold_n = [0.0] * n_months, [0] * n_months
    rows = session.execute(
        select(
            Event.month,
            Event.quad_class,
            func.count(),
            func.sum(Event.goldstein),
            func.count(Event.goldstein),
        )
        .where(where, Event.quad_class.is_not(None))
        .group_by(Event.month, Event.quad_class)
    )
    for yyyymm, quad, n, total, scored in rows:
        i = (yyyymm // 100) * 12 + yyyymm % 100 - 1 - first
        counts[int(quad)][i] += int(n)
        gold_sum[i] += float(total or 0.0)
        gold_n[i] += int(scored)
    return counts, [round(gold_sum[i] / gold_n[i], 2) if gold_n[i] else None for i in range(n_months)]


def _in_period(first: int, last: int):  # type: ignore[no-untyped-def]
    return and_(Event.month >= _yyyymm(first), Event.month <= _yyyymm(last))


def relations(session: Session, a: str, b: str, first: int, last: int) -> Barometer:
    """The barometer of countries ``a`` and ``b`` (ISO3) from month count ``first`` to ``last``."""
    a, b = country_code(a), country_code(b)
    if a == b:
        raise BarometerError("choose two different countries")
    where = and_(_dyad(a, b), _in_period(first, last))
    counts, index = _monthly(session, where, first, last)
    directed = {f"{a}>{b}": 0, f"{b}>{a}": 0}
    for source, n in session.execute(
        select(Event.source_country, func.count()).where(where).group_by(Event.source_country)
    ):
        directed[f"{source}>{b if source == a else a}"] = int(n)
    months = [month_label(m) for m in range(first, last + 1)]
    return Barometer(
        a, b, months, counts, index, directed, _top_events(session, where), _notable(session, where)
    )


def activity(session: Session, country: str, first: int, last: int) -> Barometer:
    """The same figures for every event a country takes part in (domestic ones included); ``b`` is ''."""
    code = country_code(country)
    where = and_(or_(Event.source_country == code, Event.target_country == code), _in_period(first, last))
    counts, index = _monthly(session, where, first, last)
    months = [month_label(m) for m in range(first, last + 1)]
    return Barometer(
        code, "", months, counts, index, {}, _top_events(session, where), _notable(session, where)
    )


def _top_events(session: Session, where: Any, limit: int = 8) -> list[dict[str, Any]]:
    cameo = catalogue()
    rows = session.execute(
        select(Event.cameo_code, Event.quad_class, func.count())
        .where(where, Event.cameo_code.is_not(None))
        .group_by(Event.cameo_code, Event.quad_class)
        .order_by(func.count().desc(), Event.cameo_code)
        .limit(limit)
    )
    result = []
    for code, quad, n in rows:
        entry = cameo.get(code)
        result.append(
            {
                "cameo_code": code,
                "event": entry.name if entry else code,
                "quad_class": quad,
                "goldstein": entry.goldstein if entry else None,
                "events": int(n),
            }
        )
    return result


def _notable(session: Session, where: Any, limit: int = NOTABLE) -> list[dict[str, Any]]:
    """The most conflictual events (lowest Goldstein) first, then the most cooperative."""
    columns = (
        Event.event_date,
        Event.source_name,
        Event.source_country,
        Event.event_text,
        Event.target_name,
        Event.target_country,
        Event.goldstein,
        Event.quad_class,
    )
    conflict = session.execute(
        select(*columns)
        .where(where, Event.goldstein < 0)
        .order_by(Event.goldstein, Event.event_date.desc(), Event.id)
        .limit(limit)
    ).all()
    cooperation = session.execute(
        select(*columns)
        .where(where, Event.goldstein > 0)
        .order_by(Event.goldstein.desc(), Event.event_date.desc(), Event.id)
        .limit(max(limit // 2, 1))
    ).all()
    return [
        {
            "date": row[0].isoformat(),
            "source": row[1],
            "source_country": row[2],
            "event": row[3],
            "target": row[4],
            "target_country": row[5],
            "goldstein": row[6],
            "quad_class": row[7],
        }
        for row in [*conflict, *cooperation]
    ]


def partners(session: Session, country: str, first: int, last: int, limit: int = 10) -> list[dict[str, Any]]:
    """The countries ``country`` had most events with in the period, with their mean Goldstein score."""
    country = country_code(country)
    other = func.coalesce(func.nullif(Event.source_country, country), Event.target_country)
    rows = session.execute(
        select(
            other.label("partner"),
            func.count(),
            func.avg(Event.goldstein),
            func.sum(case((Event.quad_class == 4, 1), else_=0)),
        )
        .where(
            or_(Event.source_country == country, Event.target_country == country),
            Event.source_country.is_not(None),
            Event.target_country.is_not(None),
            Event.source_country != Event.target_country,
            Event.month >= _yyyymm(first),
            Event.month <= _yyyymm(last),
        )
        .group_by(other)
        .order_by(func.count().desc(), other)
        .limit(limit)
    )
    return [
        {
            "partner": code,
            "events": int(n),
            "mean_goldstein": round(float(avg), 2) if avg is not None else None,
            "material_conflict": int(mc or 0),
        }
        for code, n, avg, mc in rows
    ]


def last_month(session: Session) -> int | None:
    """The latest month with stored events (a month count), or None."""
    value = session.scalar(select(func.max(Event.month)))
    return None if value is None else (value // 100) * 12 + value % 100 - 1
