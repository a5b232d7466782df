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
    empty_text: str | None = None  # what to say instead of the chart when there is nothing to draw

    @property
    def empty(self) -> bool:
        return not self.rows


def base_layout(**extra: Any) -> dict[str, Any]:
    """The house style of every chart (font, transparent background, margins); ``extra`` overrides it."""
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
    layout = base_layout(
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
        layout = base_layout(
            height=max(220, 28 * len(labels) + 60),
            yaxis={"automargin": True, "type": "category"},
            xaxis=count_axis(max(values, default=0)),
            margin={"l": 8, "r": 16, "t": 8, "b": 32},
        )
    else:
        trace = {"type": "bar", "x": labels, "y": values, "marker": {"color": colour},
                 "hovertemplate": "%{x}: %{y}<extra></extra>"}
        layout = base_layout(
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
    layout = base_layout(showlegend=True, legend={"orientation": "h", "y": -0.05, "x": 0},
                     margin={"l": 8, "r": 8, "t": 8, "b": 8})
    return figure([trace], layout)


def weekly_counts(rows: Iterable[tuple[str, str | None, int]]
                  ) -> tuple[list[date], dict[str | None, list[int]]]:
    """Rows of (YYYY-MM-DD, value, count) as counts per value in consecutive weeks from Monday (gaps 0)."""
    parsed = [(date.fromisoformat(day[:10]), value, count) for day, value, count in rows]
    if not parsed:
        return [], {}
    first = bucket_start(min(day for day, _, _ in parsed), "week")
    last = max(day for day, _, _ in parsed)
    starts = [first + timedelta(days=7 * i) for i in range((last - first).days // 7 + 1)]
    counts: dict[str | None, list[int]] = {}
    for day, value, count in parsed:
        counts.setdefault(value, [0] * len(starts))[(day - first).days // 7] += count
    return starts, counts


LINE_COLOURS = ["#1f5f8b", "#c0392b", "#2e8b57", "#b7791f", "#6c3483", "#00838f", "#5d4037"]


def lines(x: list[str], series: list[Series], *, y_title: str, percent: bool = False) -> dict[str, Any]:
    """One line per series over the same x (weeks, months); shares when ``percent`` (values 0 to 1)."""
    value = "%{y:.0%}" if percent else "%{y}"
    data = [
        {"type": "scatter", "mode": "lines+markers", "name": s.name, "x": x, "y": s.values,
         "line": {"color": s.colour, "width": 2}, "marker": {"color": s.colour, "size": 6},
         "hovertemplate": "%{x}<br>" + s.name + ": " + value + "<extra></extra>"}
        for s in series
    ]
    largest = max((max(s.values, default=0) for s in series), default=0)
    yaxis = ({"rangemode": "tozero", "gridcolor": "#e6e9ed", "tickformat": ".0%", "range": [0, 1.05]}
             if percent else count_axis(int(largest)))
    yaxis["title"] = {"text": y_title}
    layout = base_layout(
        showlegend=True, legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        xaxis={"type": "category", "tickangle": -45 if len(x) > 14 else 0, "automargin": True},
        yaxis=yaxis, margin={"l": 56, "r": 16, "t": 36, "b": 56}, hovermode="closest",
    )
    return figure(data, layout)


def share_and_median(x: list[str], shares: list[float | None], medians: list[float | None], *,
                     share_name: str, median_name: str) -> dict[str, Any]:
    """Bars of the share answered in time (left axis, %) and a line of median days (right axis)."""
    data = [
        {"type": "bar", "name": share_name, "x": x, "y": shares, "marker": {"color": PRIMARY},
         "hovertemplate": "%{x}<br>" + share_name + ": %{y:.0%}<extra></extra>"},
        {"type": "scatter", "mode": "lines+markers", "name": median_name, "x": x, "y": medians, "yaxis": "y2",
         "line": {"color": "#b7791f", "width": 2}, "marker": {"color": "#b7791f", "size": 7},
         "hovertemplate": "%{x}<br>" + median_name + ": %{y}<extra></extra>"},
    ]
    layout = base_layout(
        showlegend=True, legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        xaxis={"type": "category", "automargin": True},
        yaxis={"range": [0, 1.05], "tickformat": ".0%", "gridcolor": "#e6e9ed",
               "title": {"text": share_name}},
        yaxis2={"overlaying": "y", "side": "right", "rangemode": "tozero", "showgrid": False,
                "title": {"text": median_name}},
        margin={"l": 56, "r": 56, "t": 36, "b": 48},
    )
    return figure(data, layout)


MAP_SCALE = [[0.0, "#e8f0f6"], [0.5, "#6fa3c8"], [1.0, "#0f3d5e"]]


def region_map(geojson: str, codes: list[str], names: list[str], values: list[int],
               details: list[list[str]], *, value_name: str, detail_names: list[str]) -> dict[str, Any]:
    """A choropleth of the economic regions from our own GeoJSON (a same-site URL), no basemap at all.

    ``values`` colour the regions; the hover shows the region's name and every ``details`` column.
    """
    hover = "<b>%{text}</b>" + "".join(
        f"<br>{name}: %{{customdata[{i}]}}" for i, name in enumerate(detail_names)) + "<extra></extra>"
    trace = {
        "type": "choropleth", "geojson": geojson, "featureidkey": "id", "locations": codes, "z": values,
        "text": names, "customdata": details, "hovertemplate": hover,
        "colorscale": MAP_SCALE, "zmin": 0, "zmax": max(1, max(values, default=0)),
        "marker": {"line": {"color": "#5b6776", "width": 0.6}},
        "colorbar": {"title": {"text": value_name, "side": "right"}, "thickness": 12, "len": 0.8,
                     "tickformat": ",d"},
    }
    if trace["zmax"] <= 8:  # whole numbers only on a small scale
        trace["colorbar"]["dtick"] = 1
    layout = base_layout(
        height=440, margin={"l": 0, "r": 0, "t": 0, "b": 0}, dragmode=False,
        geo={"visible": False, "fitbounds": "locations", "projection": {"type": "mercator"},
             "bgcolor": "rgba(0,0,0,0)"},
    )
    # aigov.js preloads an empty world_110m topology; any other would be looked for on this site only.
    config = {**CONFIG, "scrollZoom": False, "topojsonURL": "/static/vendor/topojson/"}
    return {"data": [trace], "layout": layout, "config": config}
