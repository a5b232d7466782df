"""The negotiation page: paste or load actors (and scenarios), see the forecast round by round.

The page computes and stores nothing, so its form needs no CSRF token; the permission policy still
decides who may use it. User-visible words live in the template (the catalogue test reads them there);
chart labels are passed in from the template to the figure builders below.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from aigov.diplomacy.negotiation.analysis import Report, analyse
from aigov.diplomacy.negotiation.inputs import parse_issue, parse_scenarios
from aigov.diplomacy.negotiation.model import RULE_SETS, NegotiationError, Rules, perspective
from aigov.web import charts
from aigov.web.i18n import request_locale, use_locale
from aigov.web.pages import render

router = APIRouter(include_in_schema=False)
EXAMPLES = Path(__file__).with_name("examples")
MAX_FIELD_CHARS = 100_000


def example_texts() -> tuple[str, str]:
    return (
        (EXAMPLES / "eu_emissions_1994.csv").read_text(encoding="utf-8"),
        (EXAMPLES / "eu_emissions_scenarios.yaml").read_text(encoding="utf-8"),
    )


def path_figure(report: Report, round_label: str, position_label: str, median_label: str) -> dict[str, Any]:
    """Every actor's position before the first round and after each round, and the weighted median."""
    path = report.base.path()
    x = [str(i) for i in range(len(path))]
    data = []
    for i, actor in enumerate(report.issue.actors):
        colour = charts.LINE_COLOURS[i % len(charts.LINE_COLOURS)]
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": actor.name,
                "x": x,
                "y": [round(p[actor.name], 4) for p in path],
                "line": {"color": colour, "width": 2},
                "hovertemplate": actor.name + " · " + round_label + " %{x}: %{y:.3g}<extra></extra>",
            }
        )
    medians = [report.forecasts.weighted_median] + [r.median for r in report.base.rounds]
    data.append(
        {
            "type": "scatter",
            "mode": "lines",
            "name": median_label,
            "x": x,
            "y": medians,
            "line": {"color": "#1d2733", "width": 3, "dash": "dash"},
            "hovertemplate": median_label + " · " + round_label + " %{x}: %{y:.3g}<extra></extra>",
        }
    )
    layout = charts.base_layout(
        showlegend=True,
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        xaxis={"type": "category", "title": {"text": round_label}},
        yaxis={"gridcolor": "#e6e9ed", "title": {"text": position_label}},
        margin={"l": 56, "r": 16, "t": 48, "b": 48},
        hovermode="closest",
    )
    return charts.figure(data, layout)


def forecast_figure(report: Report, names: list[str], labels: dict[str, str]) -> dict[str, Any]:
    """Grouped bars: the model's forecast, the final mean, weighted mean and median, per scenario."""
    rows = [report.forecasts] + [s.forecasts for s in report.scenarios]
    keys = ["expected_utility", "final_mean", "weighted_mean", "weighted_median"]
    data = [
        {
            "type": "bar",
            "name": labels[key],
            "x": names,
            "y": [round(getattr(r, key), 4) for r in rows],
            "marker": {"color": charts.LINE_COLOURS[i]},
            "hovertemplate": "%{x}<br>" + labels[key] + ": %{y:.3g}<extra></extra>",
        }
        for i, key in enumerate(keys)
    ]
    low = min(a.position for a in report.issue.actors)
    high = max(a.position for a in report.issue.actors)
    layout = charts.base_layout(
        barmode="group",
        showlegend=True,
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        xaxis={"type": "category", "automargin": True},
        yaxis={"gridcolor": "#e6e9ed", "range": [low - 0.05 * (high - low), high + 0.05 * (high - low)]},
        margin={"l": 56, "r": 16, "t": 48, "b": 48},
    )
    return charts.figure(data, layout)


def perspective_figure(report: Report, observer: str, own_label: str, other_label: str) -> dict[str, Any]:
    """Bueno de Mesquita's chart: how ``observer`` sees each other actor in the first round."""
    rows = perspective(report.issue.actors, observer, report.rules)
    data = [
        {
            "type": "scatter",
            "mode": "markers+text",
            "x": [round(r["own_eu"], 4) for r in rows],
            "y": [round(r["other_eu"], 4) for r in rows],
            "text": [r["actor"] for r in rows],
            "textposition": "top center",
            "marker": {"color": charts.PRIMARY, "size": 9},
            "hovertemplate": "%{text}<br>"
            + own_label
            + ": %{x:.3f}<br>"
            + other_label
            + ": %{y:.3f}<extra></extra>",
        }
    ]
    layout = charts.base_layout(
        xaxis={
            "title": {"text": own_label},
            "zeroline": True,
            "zerolinecolor": "#1d2733",
            "gridcolor": "#e6e9ed",
        },
        yaxis={
            "title": {"text": other_label},
            "zeroline": True,
            "zerolinecolor": "#1d2733",
            "gridcolor": "#e6e9ed",
        },
        margin={"l": 56, "r": 16, "t": 16, "b": 48},
    )
    return charts.figure(data, layout)


@lru_cache(maxsize=32)
def _report(actors_text: str, scenarios_text: str, rules: str, rounds: int) -> Report:
    """The model's report for these inputs (kept: the sensitivity checks run the model about 160 times)."""
    issue = parse_issue(actors_text)
    scenarios = parse_scenarios(scenarios_text, issue) if scenarios_text.strip() else []
    return analyse(issue, scenarios, Rules(variant=rules, max_rounds=rounds))


def _page(
    request: Request, *, actors_text: str, scenarios_text: str, rules: str, rounds: int, observer: str | None
) -> HTMLResponse:
    locale = request_locale(request)
    with use_locale(locale):
        report, error = None, None
        try:
            if len(actors_text) > MAX_FIELD_CHARS or len(scenarios_text) > MAX_FIELD_CHARS:
                raise NegotiationError(f"at most {MAX_FIELD_CHARS} characters per field")
            report = _report(actors_text, scenarios_text, rules, rounds)
        except NegotiationError as exc:
            error = str(exc)
        names = [a.name for a in report.issue.actors] if report else []
        if report and observer not in names:
            observer = names[0]
        return render(
            request,
            locale,
            "negotiation.html",
            nav="negotiation",
            status_code=200 if report else 422,
            report=report,
            error=error,
            actors_text=actors_text,
            scenarios_text=scenarios_text,
            rules=rules,
            rounds=rounds,
            rule_sets=RULE_SETS,
            observer=observer,
            actor_names=names,
            path_figure=path_figure,
            forecast_figure=forecast_figure,
            perspective_figure=perspective_figure,
        )


@router.get("/negotiation", response_class=HTMLResponse)
def negotiation_page(request: Request) -> HTMLResponse:
    """The published EU example, ready to edit."""
    actors_text, scenarios_text = example_texts()
    return _page(
        request,
        actors_text=actors_text,
        scenarios_text=scenarios_text,
        rules="scholz2011",
        rounds=10,
        observer=request.query_params.get("observer"),
    )


@router.post("/negotiation", response_class=HTMLResponse)
async def negotiation_run(request: Request) -> HTMLResponse:
    form = await request.form()

    def text(name: str) -> str:
        value = form.get(name)
        return value if isinstance(value, str) else ""

    rules = text("rules") if text("rules") in RULE_SETS else "scholz2011"
    try:
        rounds = min(max(int(text("rounds") or 10), 1), 100)
    except ValueError:
        rounds = 10
    return _page(
        request,
        actors_text=text("actors"),
        scenarios_text=text("scenarios"),
        rules=rules,
        rounds=rounds,
        observer=text("observer") or None,
    )
