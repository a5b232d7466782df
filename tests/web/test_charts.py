"""Chart figures: buckets over time and the Plotly dicts the dashboard draws."""

from __future__ import annotations

import json
from datetime import date

from aigov.web import charts


def test_short_ranges_are_daily_with_gaps_filled() -> None:
    rows = [("2024-03-01", "negative", 2), ("2024-03-01", "positive", 1), ("2024-03-04", "negative", 3),
            ("2024-03-04", None, 1), ("2024-03-04", "angry", 1)]
    granularity, starts, counts = charts.bucket_counts(rows, ["negative", "neutral", "positive"])
    assert granularity == "day"
    assert starts == [date(2024, 3, d) for d in (1, 2, 3, 4)]
    assert counts["negative"] == [2, 0, 0, 3]
    assert counts["positive"] == [1, 0, 0, 0]
    assert counts["neutral"] == [0, 0, 0, 0]
    assert counts[None] == [0, 0, 0, 2]  # unknown values count as "not determined"


def test_longer_ranges_become_weeks_then_months() -> None:
    weekly = charts.bucket_counts([("2024-01-03", "neutral", 1), ("2024-04-30", "neutral", 2)], ["neutral"])
    assert weekly[0] == "week"
    assert weekly[1][0] == date(2024, 1, 1) and all(d.weekday() == 0 for d in weekly[1])
    assert sum(weekly[2]["neutral"]) == 3
    monthly = charts.bucket_counts([("2021-01-31", "neutral", 1), ("2024-02-29", "neutral", 4)], ["neutral"])
    assert monthly[0] == "month"
    assert monthly[1][0] == date(2021, 1, 1) and monthly[1][-1] == date(2024, 2, 1)
    assert len(monthly[1]) == 38
    assert monthly[2]["neutral"][0] == 1 and monthly[2]["neutral"][-1] == 4


def test_no_rows_give_no_buckets() -> None:
    assert charts.bucket_counts([], ["negative"]) == ("day", [], {"negative": [], None: []})


def test_figures_are_plain_json() -> None:
    figures = [
        charts.stacked_bars(
            ["a", "b"],
            [charts.Series("Neg", [1, 2], "#f00"), charts.Series("Pos", [0, 0], "#0f0")],
            "Messages",
        ),
        charts.bars(["x", "y"], [3, 1], horizontal=True),
        charts.bars(["x", "y"], [3, 1]),
        charts.donut(["Neg", "Pos"], [3, 1], ["#f00", "#0f0"]),
    ]
    for figure in figures:
        assert json.loads(json.dumps(figure)) == figure
        assert figure["config"]["displaylogo"] is False
    stacked, horizontal = figures[0], figures[1]
    assert [trace["name"] for trace in stacked["data"]] == ["Neg"]  # empty series are left out
    assert stacked["layout"]["barmode"] == "stack"
    assert horizontal["data"][0]["y"] == ["y", "x"]  # largest (first) ends up at the top
