"""Plotly figures of the diplomacy pages and briefings (plain dicts; labels come already translated)."""

from __future__ import annotations

from typing import Any

from aigov.web.charts import CONFIG, LINE_COLOURS, base_layout, count_axis

QUAD_COLOURS = {1: "#7fbf7b", 2: "#1b7837", 3: "#f4a582", 4: "#b2182b"}
RAISE, LOWER = "#b2182b", "#2166ac"


def _layout(**extra: Any) -> dict[str, Any]:
    """The house style with a legend above the plot and room for a right-hand axis."""
    return base_layout(**{"margin": {"l": 56, "r": 56, "t": 36, "b": 56}, "showlegend": True,
                     "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"}, **extra})


def barometer(
    months: list[str],
    counts: dict[int, list[int]],
    index: list[float | None],
    *,
    quad_names: dict[int, str],
    index_name: str,
    count_name: str,
) -> dict[str, Any]:
    """Stacked monthly bars per QuadClass and the Goldstein index as a line on a -10..+10 right axis."""
    data: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": quad_names[q],
            "x": months,
            "y": counts[q],
            "marker": {"color": QUAD_COLOURS[q]},
            "hovertemplate": "%{x}<br>" + quad_names[q] + ": %{y}<extra></extra>",
        }
        for q in (4, 3, 2, 1)
    ]
    data.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": index_name,
            "x": months,
            "y": index,
            "yaxis": "y2",
            "connectgaps": False,
            "line": {"color": "#1d2733", "width": 2},
            "marker": {"size": 5},
            "hovertemplate": "%{x}<br>" + index_name + ": %{y:+.2f}<extra></extra>",
        }
    )
    totals = [sum(counts[q][i] for q in counts) for i in range(len(months))]
    layout = _layout(
        barmode="stack",
        xaxis={"type": "category", "tickangle": -45 if len(months) > 14 else 0, "automargin": True},
        yaxis=count_axis(max(totals, default=0), title={"text": count_name}),
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "range": [-10.5, 10.5],
            "dtick": 5,
            "zeroline": False,
            "showgrid": False,
            "title": {"text": index_name},
        },
    )
    return {"data": data, "layout": layout, "config": CONFIG}


def index_lines(
    months: list[str], series: dict[str, list[float | None]], *, index_name: str
) -> dict[str, Any]:
    """One line of the Goldstein index per partner over the same months."""
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": name,
            "x": months,
            "y": values,
            "connectgaps": False,
            "line": {"color": LINE_COLOURS[i % len(LINE_COLOURS)], "width": 2},
            "marker": {"size": 5},
            "hovertemplate": "%{x}<br>" + name + ": %{y:+.2f}<extra></extra>",
        }
        for i, (name, values) in enumerate(series.items())
    ]
    layout = _layout(
        xaxis={"type": "category", "tickangle": -45 if len(months) > 14 else 0, "automargin": True},
        yaxis={
            "range": [-10.5, 10.5],
            "zeroline": True,
            "gridcolor": "#e6e9ed",
            "title": {"text": index_name},
        },
        hovermode="closest",
    )
    return {"data": data, "layout": layout, "config": CONFIG}


def probabilities(labels: list[str], values: list[float], *, name: str) -> dict[str, Any]:
    """Horizontal bars of forecast probabilities, the first label at the top."""
    trace = {
        "type": "bar",
        "orientation": "h",
        "y": labels[::-1],
        "x": values[::-1],
        "name": name,
        "marker": {"color": RAISE},
        "hovertemplate": "%{y}: %{x:.1%}<extra></extra>",
    }
    layout = _layout(
        showlegend=False,
        height=max(220, 26 * len(labels) + 70),
        xaxis={"tickformat": ".0%", "rangemode": "tozero", "gridcolor": "#e6e9ed"},
        yaxis={"type": "category", "automargin": True},
        margin={"l": 8, "r": 16, "t": 8, "b": 32},
    )
    return {"data": [trace], "layout": layout, "config": CONFIG}


def drivers(labels: list[str], effects: list[float], *, axis_name: str) -> dict[str, Any]:
    """Bars of driver effects in log-odds: right (red) raised the forecast, left (blue) lowered it."""
    trace = {
        "type": "bar",
        "orientation": "h",
        "y": labels[::-1],
        "x": effects[::-1],
        "marker": {"color": [RAISE if e > 0 else LOWER for e in effects[::-1]]},
        "hovertemplate": "%{y}: %{x:+.2f}<extra></extra>",
    }
    layout = _layout(
        showlegend=False,
        height=max(200, 28 * len(labels) + 70),
        xaxis={"zeroline": True, "gridcolor": "#e6e9ed", "title": {"text": axis_name}},
        yaxis={"type": "category", "automargin": True},
        margin={"l": 8, "r": 16, "t": 8, "b": 48},
    )
    return {"data": [trace], "layout": layout, "config": CONFIG}


def tone_bars(labels: list[str], values: list[int]) -> dict[str, Any]:
    """Articles per tone (negative, neutral, positive)."""
    trace = {
        "type": "bar",
        "x": labels,
        "y": values,
        "marker": {"color": [RAISE, "#98a2ad", "#1b7837"]},
        "hovertemplate": "%{x}: %{y}<extra></extra>",
    }
    layout = _layout(
        showlegend=False,
        xaxis={"type": "category"},
        yaxis=count_axis(max(values, default=0)),
        margin={"l": 48, "r": 16, "t": 8, "b": 40},
    )
    return {"data": [trace], "layout": layout, "config": CONFIG}
