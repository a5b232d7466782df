"""The relations barometer on a tiny example computed by hand."""

from __future__ import annotations

from datetime import date

import pytest

from aigov.diplomacy.barometer.service import BarometerError, activity, partners, period, relations
from aigov.diplomacy.events.models import Event


def event(
    n: int,
    day: date,
    source: str | None,
    target: str | None,
    quad: int,
    goldstein: float,
    text: str = "x",
    code: str = "010",
) -> Event:
    return Event(
        dedup_key=f"k{n}",
        source_format="icews_kg",
        event_date=day,
        month=day.year * 100 + day.month,
        source_name=source or "Somebody",
        source_country=source,
        target_name=target or "Somebody",
        target_country=target,
        event_text=text,
        cameo_code=code,
        root_code=code[:2],
        quad_class=quad,
        goldstein=goldstein,
    )


@pytest.fixture
def small(db):  # type: ignore[no-untyped-def]
    db.add_all(
        [
            event(1, date(2020, 1, 3), "AZE", "ARM", 1, 0.0, "Make statement", "010"),
            event(2, date(2020, 1, 9), "ARM", "AZE", 3, -2.0, "Criticize or denounce", "111"),
            event(3, date(2020, 1, 20), "AZE", "ARM", 4, -10.0, "Use conventional military force", "190"),
            event(4, date(2020, 3, 1), "ARM", "AZE", 2, 7.0, "Provide aid", "070"),
            event(5, date(2020, 3, 2), "AZE", "ARM", 1, 0.0, "Make statement", "010"),
            event(
                6, date(2020, 4, 1), "AZE", "ARM", 4, -10.0, "Use conventional military force", "190"
            ),  # after
            event(7, date(2020, 1, 5), "AZE", "GEO", 1, 3.0, "Consult", "040"),  # another dyad
            event(
                8,
                date(2020, 1, 6),
                "AZE",
                "AZE",
                4,
                -5.0,
                "Arrest, detain, or charge with legal action",
                "173",
            ),
        ]
    )
    db.commit()
    return db


def test_monthly_counts_index_and_direction_of_a_dyad(small) -> None:
    result = relations(small, "aze", "ARM", *period("2020-01", "2020-03")).as_dict()
    assert [m["month"] for m in result["months"]] == ["2020-01", "2020-02", "2020-03"]
    jan, feb, mar = result["months"]
    assert (jan["quad_1"], jan["quad_2"], jan["quad_3"], jan["quad_4"], jan["total"]) == (1, 0, 1, 1, 3)
    assert jan["index"] == pytest.approx((0.0 - 2.0 - 10.0) / 3, abs=0.005)
    assert (feb["total"], feb["index"]) == (0, None)
    assert (mar["quad_1"], mar["quad_2"], mar["index"]) == (1, 1, 3.5)
    assert result["events"] == 5 and result["directed"] == {"AZE>ARM": 3, "ARM>AZE": 2}


def test_top_events_and_notable_events(small) -> None:
    result = relations(small, "ARM", "AZE", *period("2020-01", "2020-03")).as_dict()
    assert [(t["cameo_code"], t["events"]) for t in result["top_events"]][0] == ("010", 2)
    notable = result["notable"]
    assert [n["goldstein"] for n in notable] == [-10.0, -2.0, 7.0]  # most conflictual first, then cooperation
    assert notable[0]["date"] == "2020-01-20" and notable[0]["event"] == "Use conventional military force"


def test_a_country_s_activity_and_partners(small) -> None:
    own = activity(small, "AZE", *period("2020-01", "2020-01"))
    assert own.total == 5  # four with ARM and GEO, one domestic
    found = partners(small, "AZE", *period("2020-01", "2020-12"))
    assert [(p["partner"], p["events"], p["material_conflict"]) for p in found] == [
        ("ARM", 6, 2),
        ("GEO", 1, 0),
    ]


@pytest.mark.parametrize(
    ("a", "b", "start", "end", "message"),
    [
        ("AZE", "XXX", "2020-01", "2020-03", "unknown country code"),
        ("AZE", "AZE", "2020-01", "2020-03", "two different countries"),
        ("AZE", "ARM", "2020-13", "2020-03", "not a month"),
        ("AZE", "ARM", "2020-05", "2020-03", "ends before it starts"),
        ("AZE", "ARM", "1990-01", "2030-01", "at most"),
        ("<script>", "ARM", "2020-01", "2020-03", "unknown country code '?'"),
    ],
)
def test_bad_countries_and_periods_are_refused_with_a_reason(db, a, b, start, end, message) -> None:
    with pytest.raises(BarometerError, match=message):
        relations(db, a, b, *period(start, end))
