"""Plotly figures as plain JSON-ready dicts, plus the table each chart falls back to without JavaScript.

Nothing here translates: callers pass labels already in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

Granularity = Literal["day", "week", "month"]

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif'
PRIMARY = "#1f5f8b"
SENTIMENT_COLOURS: dict[str | None, str] = {
    "negative": "#c0392b",
    "neutral": "#98a2ad",
    "positive": "#2e8b57",
    None: "#d5dae0",
}
CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
}
MAX_DAYS = 62
MAX_WEEKS = 104


@dataclass
class Series:
    name: str
    values: list[int]
    colour: str


@dataclass
class ChartView:
    """One chart of a page: where it goes, its figure, and the same numbers as a table."""

    key: str
    title: str
    figure: dict[str, Any]
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.rows


def _layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "font": {"family": FONT, "size": 13, "color": "#1d2733"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 48, "r": 16, "t": 12, "b": 40},
        "hoverlabel": {"font": {"family": FONT}},
        "showlegend": False,
    }
    layout.update(extra)
    return layout


def count_axis(largest: int, **extra: Any) -> dict[str, Any]:
    """An axis of whole numbers of messages (no 0.5 ticks when the counts are small)."""
    axis: dict[str, Any] = {"rangemode": "tozero", "gridcolor": "#e6e9ed", "tickformat": ",d", **extra}
    if largest <= 8:
        axis["dtick"] = 1
    return axis


def figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> dict[str, Any]:
    return {"data": data, "layout": layout, "config": CONFIG}


def granularity_for(first: date, last: date) -> Granularity:
    """Days for up to two months of data, weeks for up to two years, months beyond."""
    span = (last - first).days
    if span < MAX_DAYS:
        return "day"
    if span < MAX_WEEKS * 7:
        return "week"
    return "month"


def bucket_start(day: date, granularity: Granularity) -> date:
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    return day


def _next_bucket(start: date, granularity: Granularity) -> date:
    if granularity == "day":
        return start + timedelta(days=1)
    if granularity == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def bucket_counts(
    rows: Iterable[tuple[str, str | None, int]], keys: Sequence[str | None]
) -> tuple[Granularity, list[date], dict[str | None, list[int]]]:
    """Rows of (YYYY-MM-DD, value, count) as counts per value in consecutive buckets (gaps are 0).

    Values outside ``keys`` are counted under None.
    """
    parsed = [(date.fromisoformat(day[:10]), value, count) for day, value, count in rows]
    if not parsed:
        return "day", [], {key: [] for key in (*keys, None)}
    first = min(day for day, _, _ in parsed)
    last = max(day for day, _, _ in parsed)
    granularity = granularity_for(first, last)
    starts: list[date] = []
    cursor = bucket_start(first, granularity)
    while cursor <= last:
        starts.append(cursor)
        cursor = _next_bucket(cursor, granularity)
    index = {start: i for i, start in enumerate(starts)}
    counts: dict[str | None, list[int]] = {key: [0] * len(starts) for key in keys}
    counts.setdefault(None, [0] * len(starts))
    for day, value, count in parsed:
        key = value if value in counts else None
        counts[key][index[bucket_start(day, granularity)]] += count
    return granularity, starts, counts


def stacked_bars(x: list[str], series: list[Series], count_label: str) -> dict[str, Any]:
    data = [
        {
            "type": "bar",
            "name": s.name,
            "x": x,
            "y": s.values,
            "marker": {"color": s.colour},
            "hovertemplate": "%{x}<br>" + s.name + ": %{y}<extra></extra>",
        }
        for s in series
        if any(s.values)
    ]
    layout = _layout(
        barmode="stack",
        showlegend=True,
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        xaxis={"type": "category", "tickangle": -45 if len(x) > 14 else 0, "automargin": True},
        yaxis=count_axis(max((sum(v) for v in zip(*(s.values for s in series), strict=True)), default=0),
                         title={"text": count_label}),
        margin={"l": 56, "r": 16, "t": 36, "b": 56},
    )
    return figure(data, layout)


def bars(labels: list[str], values: list[int], *, horizontal: bool = False,
         colour: str = PRIMARY) -> dict[str, Any]:
    """Bars in the order given; horizontal bars list the first label at the top."""
    if horizontal:
        trace = {"type": "bar", "orientation": "h", "y": labels[::-1], "x": values[::-1],
                 "marker": {"color": colour}, "hovertemplate": "%{y}: %{x}<extra></extra>"}
        layout = _layout(
            height=max(220, 28 * len(labels) + 60),
            yaxis={"automargin": True, "type": "category"},
            xaxis=count_axis(max(values, default=0)),
            margin={"l": 8, "r": 16, "t": 8, "b": 32},
        )
    else:
        trace = {"type": "bar", "x": labels, "y": values, "marker": {"color": colour},
                 "hovertemplate": "%{x}: %{y}<extra></extra>"}
        layout = _layout(
            xaxis={"type": "category", "automargin": True},
            yaxis=count_axis(max(values, default=0)),
        )
    return figure([trace], layout)


def donut(labels: list[str], values: list[int], colours: list[str]) -> dict[str, Any]:
    trace = {
        "type": "pie",
        "hole": 0.55,
        "labels": labels,
        "values": values,
        "marker": {"colors": colours, "line": {"color": "#ffffff", "width": 2}},
        "sort": False,
        "textinfo": "percent",
        "hovertemplate": "%{label}: %{value} (%{percent})<extra></extra>",
    }
    layout = _layout(showlegend=True, legend={"orientation": "h", "y": -0.05, "x": 0},
                     margin={"l": 8, "r": 8, "t": 8, "b": 8})
    return figure([trace], layout)
