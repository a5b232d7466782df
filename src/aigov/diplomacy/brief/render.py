"""`aigov brief`: the relations barometer, notable events, the forecast and its drivers, and news tone of
one country and month, as one HTML file with Plotly inlined (it opens offline, and can be mailed)."""

from __future__ import annotations

import importlib.resources
import logging
from datetime import UTC, datetime
from functools import cache
from typing import Any

from markupsafe import Markup
from sqlalchemy.orm import Session

from aigov.diplomacy import charts
from aigov.diplomacy.barometer.service import (
    DEFAULT_COUNTRY,
    activity,
    country_code,
    partners,
    period,
    relations,
)
from aigov.diplomacy.events.frame import month_label
from aigov.diplomacy.figures import barometer_figure, forecast_figures
from aigov.diplomacy.forecast.model import NotEnoughHistory
from aigov.diplomacy.forecast.service import stored_next, with_drivers
from aigov.diplomacy.forecast.target import K_SD, MIN_EVENTS, WINDOW
from aigov.diplomacy.labels import country_name, labels, quad_names, unit_name
from aigov.web.i18n import environment, use_locale

log = logging.getLogger("aigov.diplomacy")
SPAN_MONTHS = 24
TOP_PARTNERS = 5


@cache
def plotly_source() -> Markup:
    """Plotly's JavaScript from the installed package, safe to place inside a <script> element."""
    path = importlib.resources.files("plotly") / "package_data" / "plotly.min.js"
    return Markup(path.read_text(encoding="utf-8").replace("</script", "<\\/script"))


def news_tone(session: Session, country: str, month: str) -> tuple[dict[str, Any] | None, str | None]:
    """The news part's tone summary, or None with the reason it is missing."""
    try:
        from aigov.diplomacy.news.service import tone_summary
    except ImportError:
        return None, "no_module"
    try:
        summary = tone_summary(session, country=country, month=month)
    except Exception as exc:  # the briefing goes on without news; the reason is logged, not the data
        log.warning("news tone for the briefing failed: %s", type(exc).__name__)
        return None, "failed"
    return (summary, None) if summary.get("articles") else (summary, "no_articles")


def _forecast(session: Session, code: str, month: int) -> tuple[dict[str, Any] | None, str | None]:
    try:
        result = stored_next(session, as_of=month)
    except (NotEnoughHistory, ValueError) as exc:
        return None, str(exc)
    chosen = with_drivers(result, result.for_country(code)[:8])
    return {
        "month": result.month,
        "as_of": result.as_of,
        "base_rate": result.base_rate,
        "forecasts": chosen,
    }, None


def build_brief(session: Session, *, country: str, month: str, locale: str = "en") -> str:
    """The briefing as one HTML document in ``locale`` (az, ru or en)."""
    code = country_code(country)
    first, last = period(month, month)
    start = last - SPAN_MONTHS + 1
    with use_locale(locale):
        words, driver_names, quads = labels().words, labels().drivers, quad_names()
        own = activity(session, code, start, last)
        month_only = activity(session, code, last, last)
        figures: dict[str, dict[str, Any]] = {"activity": barometer_figure(own)}
        with_az = None
        if code != DEFAULT_COUNTRY:
            with_az = relations(session, DEFAULT_COUNTRY, code, start, last)
            figures["with_az"] = barometer_figure(with_az)
        top = partners(session, code, last - WINDOW + 1, last, limit=TOP_PARTNERS)
        if top:
            series = {
                country_name(p["partner"]): relations(session, code, p["partner"], start, last).index
                for p in top
            }
            figures["partners"] = charts.index_lines(own.months, series, index_name=words["index_short"])
        forecast, forecast_problem = _forecast(session, code, last)
        if forecast:
            figures.update(forecast_figures(forecast["forecasts"]))
        news, news_problem = news_tone(session, code, month_label(last))
        if news and news.get("toned_articles"):
            neutral = news["toned_articles"] - news["negative_articles"] - news["positive_articles"]
            figures["tone"] = charts.tone_bars(
                [words["negative"], words["neutral"], words["positive"]],
                [news["negative_articles"], neutral, news["positive_articles"]],
            )
        mc_now = own.counts[4][-1]
        history = own.counts[4][-WINDOW - 1 : -1]
        return (
            environment()
            .get_template("diplomacy/brief.html")
            .render(
                locale=locale,
                code=code,
                name=country_name(code),
                month=month_label(last),
                generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                own=own,
                month_only=month_only,
                total_now=sum(own.counts[q][-1] for q in quads),
                mc_now=mc_now,
                mc_mean=(sum(history) / len(history)) if history else None,
                with_az=with_az,
                az_name=country_name(DEFAULT_COUNTRY),
                partners=top,
                forecast=forecast,
                forecast_problem=forecast_problem,
                news=news,
                news_problem=news_problem,
                figures=figures,
                quads=quads,
                driver_names=driver_names,
                unit_name=unit_name,
                country_name=country_name,
                plotly=plotly_source(),
                k_sd=K_SD,
                min_events=MIN_EVENTS,
                window=WINDOW,
            )
        )
