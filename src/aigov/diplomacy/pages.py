"""The relations barometer and early-warning pages (server-rendered; words live in the templates)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from aigov.diplomacy import charts
from aigov.diplomacy.actors import reference
from aigov.diplomacy.barometer.service import (
    DEFAULT_COUNTRY,
    NEIGHBOURS,
    BarometerError,
    country_code,
    last_month,
    period,
    relations,
)
from aigov.diplomacy.events.frame import month_label
from aigov.diplomacy.figures import barometer_figure, forecast_figures
from aigov.diplomacy.forecast.model import NotEnoughHistory
from aigov.diplomacy.forecast.service import stored_next, with_drivers
from aigov.diplomacy.forecast.target import K_SD, MIN_EVENTS, WINDOW
from aigov.diplomacy.labels import country_name, labels, quad_names, unit_name
from aigov.web.deps import SessionDep
from aigov.web.i18n import request_locale, use_locale
from aigov.web.pages import render

router = APIRouter(include_in_schema=False)
Code = Annotated[str | None, Query(max_length=8)]
Month = Annotated[str | None, Query(max_length=10)]
DEFAULT_SPAN = 60
TOP_FORECASTS = 20


def _code(value: str | None, default: str | None) -> tuple[str | None, bool]:
    """A known ISO3 code, or ``default`` and whether the given value was refused."""
    if not value:
        return default, False
    try:
        return country_code(value), False
    except BarometerError:
        return default, True


def _period(session: Session, start: str | None, end: str | None) -> tuple[int, int, bool]:
    """The months asked for, else the last DEFAULT_SPAN months of data (bad input: the default, flagged)."""
    latest = last_month(session)
    default_end = latest if latest is not None else 0
    default = (default_end - DEFAULT_SPAN + 1, default_end)
    if not start and not end:
        return (*default, False)
    try:
        first, last = period(start or month_label(default[0]), end or month_label(default[1]))
    except BarometerError:
        return (*default, True)
    return first, last, False


def country_options() -> list[tuple[str, str]]:
    return sorted(((c, country_name(c)) for c in reference().countries), key=lambda item: item[1].casefold())


@router.get("/diplomacy", response_class=HTMLResponse)
def diplomacy_home() -> RedirectResponse:
    return RedirectResponse("/diplomacy/relations", status_code=303)


@router.get("/diplomacy/relations", response_class=HTMLResponse)
def relations_page(
    request: Request,
    session: SessionDep,
    a: Code = None,
    b: Code = None,
    start: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=10)] = None,
) -> HTMLResponse:
    locale = request_locale(request)
    with use_locale(locale):
        code_a, bad_a = _code(a, DEFAULT_COUNTRY)
        code_b, bad_b = _code(b, None)
        if code_b == code_a:
            code_b, bad_b = None, True
        first, last, bad_period = _period(session, start, end)
        words, quads = labels().words, quad_names()
        has_data = last_month(session) is not None
        figures: dict[str, dict[str, Any]] = {}
        overview: list[dict[str, Any]] = []
        barometer = None
        assert code_a is not None
        if code_b is None:  # the default view: A with its neighbours
            partners = (
                [p for p in NEIGHBOURS if p != code_a] if code_a == DEFAULT_COUNTRY else list(NEIGHBOURS)
            )
            series = {}
            for partner in partners:
                item = relations(session, code_a, partner, first, last)
                series[country_name(partner)] = item.index
                overview.append(
                    {
                        "code": partner,
                        "name": country_name(partner),
                        "events": item.total,
                        "conflict": sum(item.counts[3]) + sum(item.counts[4]),
                        "index": _mean([v for v in item.index if v is not None]),
                    }
                )
            months = [month_label(m) for m in range(first, last + 1)]
            if any(row["events"] for row in overview):
                figures["overview"] = charts.index_lines(months, series, index_name=words["index_short"])
        else:
            barometer = relations(session, code_a, code_b, first, last)
            if barometer.total:
                figures["barometer"] = barometer_figure(barometer)
        return render(
            request,
            locale,
            "diplomacy/relations.html",
            nav="relations",
            a=code_a,
            b=code_b,
            a_name=country_name(code_a),
            b_name=country_name(code_b) if code_b else None,
            start=month_label(first),
            end=month_label(last),
            refused=bad_a or bad_b or bad_period,
            has_data=has_data,
            overview=overview,
            barometer=barometer,
            figures=figures,
            quads=quads,
            country_options=country_options(),
            country_name=country_name,
        )


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


@router.get("/diplomacy/forecast", response_class=HTMLResponse)
def forecast_page(request: Request, session: SessionDep, country: Code = None) -> HTMLResponse:
    locale = request_locale(request)
    with use_locale(locale):
        code, refused = _code(country, None)
        driver_names = labels().drivers
        result, problem = None, None
        chosen: list[Any] = []
        figures: dict[str, dict[str, Any]] = {}
        if last_month(session) is not None:
            try:
                result = stored_next(session)
            except (NotEnoughHistory, ValueError) as exc:
                problem = str(exc)
        if result is not None:
            chosen = (
                with_drivers(result, result.for_country(code)) if code else result.forecasts[:TOP_FORECASTS]
            )
            figures = forecast_figures(chosen)
        return render(
            request,
            locale,
            "diplomacy/forecast.html",
            nav="forecast",
            code=code,
            refused=refused,
            name=country_name(code) if code else None,
            result=result,
            problem=problem,
            chosen=chosen,
            figures=figures,
            driver_names=driver_names,
            unit_name=unit_name,
            country_options=country_options(),
            k_sd=K_SD,
            min_events=MIN_EVENTS,
            window=WINDOW,
        )
