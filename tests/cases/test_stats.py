"""Dashboard case figures: open cases per agency and region, deadline compliance by agency and by month."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from aigov.cases import stats
from aigov.cases.service import open_or_attach, sla_report, transition

TEXTS = ["Küçə işıqları yanmır", "Transformator yanıb", "Sayğac işləmir", "Elektrik xətti qırılıb"]
LATER = datetime(2025, 4, 1, 12, tzinfo=UTC)


def _dataset(db: Session, make_message):  # type: ignore[no-untyped-def]
    """Four electricity cases in Baku (answered after 3 and 20 working days, two open), water in Ganja,
    one in triage and one anonymous signal."""
    cases = [open_or_attach(db, message=make_message(t)).case for t in TEXTS]
    transition(db, cases[0], "assigned", actor="o")
    transition(db, cases[0], "resolved", actor="o", reason="fixed", now=datetime(2025, 2, 6, 8, tzinfo=UTC))
    transition(db, cases[1], "rejected", actor="o", reason="private wiring",
               now=datetime(2025, 3, 3, 8, tzinfo=UTC))
    water_message = make_message("Su yoxdur", topic="water", region="ganja_dashkasan")
    water = open_or_attach(db, message=water_message).case
    open_or_attach(db, message=make_message("salam", topic="other", confidence=0.0))
    open_or_attach(db, message=make_message("Qaz yoxdur", topic="gas"), anonymous=True)
    transition(db, water, "assigned", actor="o")
    transition(db, water, "resolved", actor="o", reason="fixed", now=datetime(2025, 2, 10, 8, tzinfo=UTC))
    return cases


def test_open_cases_by_agency_and_region(db: Session, make_message) -> None:  # type: ignore[no-untyped-def]
    _dataset(db, make_message)
    by_agency = stats.open_cases_by(db, "agency")
    assert by_agency == {"azerishiq": 2, None: 1, "azeriqaz": 1}
    assert stats.open_cases_by(db, "region") == {"baku": 4}
    only_gas = stats.CaseStatsFilters(topic="gas")
    assert stats.open_cases_by(db, "agency", only_gas) == {"azeriqaz": 1}
    assert stats.open_cases_by(db, "region", stats.CaseStatsFilters(region="ganja_dashkasan")) == {}


def test_compliance_by_agency_agrees_with_the_sla_report(db: Session, make_message) -> None:  # type: ignore[no-untyped-def]
    _dataset(db, make_message)
    rows = {row.key: row for row in stats.compliance(db, "agency", now=LATER)}
    report = {row.agency: row for row in sla_report(db, today=LATER)}
    for agency, row in rows.items():
        assert row.answered == report[agency].answered
        assert row.in_time_share == report[agency].in_time_share
        assert row.median_days == report[agency].median_days_to_answer
    electricity = rows["azerishiq"]
    assert (electricity.answered, electricity.in_time, electricity.median_days) == (2, 1, 11.5)
    assert rows["azersu"].days == [5]
    (overall,) = stats.compliance(db, "all", now=LATER)
    assert (overall.answered, overall.in_time) == (3, 2)
    assert stats.compliance(db, "all", now=datetime(2025, 2, 1, tzinfo=UTC)) == []


def test_compliance_by_month_of_answer(db: Session, make_message) -> None:  # type: ignore[no-untyped-def]
    _dataset(db, make_message)
    months = stats.compliance(db, "month", now=LATER)
    assert [m.key for m in months] == [date(2025, 2, 1), date(2025, 3, 1)]
    february, march = months
    assert (february.answered, february.in_time_share, february.median_days) == (2, 1.0, 4.0)
    assert (march.answered, march.in_time_share, march.median_days) == (1, 0.0, 20.0)
    baku_only = stats.compliance(db, "month", stats.CaseStatsFilters(region="baku"), now=LATER)
    assert [m.answered for m in baku_only] == [1, 1]


def test_deadline_counts(db: Session, make_message) -> None:  # type: ignore[no-untyped-def]
    _dataset(db, make_message)
    counts = stats.deadline_counts(db, now=LATER)
    assert (counts.open, counts.breached) == (4, 3)  # the anonymous signal has no deadline
    assert stats.deadline_counts(db, now=datetime(2025, 2, 4, tzinfo=UTC)).breached == 0


def test_months_between_crosses_the_year_end() -> None:
    assert stats.months_between(date(2024, 11, 20), date(2025, 2, 1)) == [
        date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1)]
