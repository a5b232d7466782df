"""The news page: articles with tone toward Azerbaijan and tags, filters, and tone over time.

Words shown to the reader live in ``news.html`` (the catalogue test reads them there); chart labels are
passed from the template to :func:`tone_figure`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from aigov.diplomacy.actors.reference import reference
from aigov.diplomacy.news.models import NewsArticleCountry
from aigov.diplomacy.news.service import (
    ArticleFilters,
    NewsError,
    check_country,
    findings,
    list_articles,
    tone_by_month,
    translations,
)
from aigov.diplomacy.news.tags import load_taxonomy
from aigov.web import charts
from aigov.web.deps import SessionDep
from aigov.web.i18n import localised, request_locale, use_locale
from aigov.web.pages import parse_day, parse_page, render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
Text = Annotated[str | None, Query(max_length=48)]


def country_name(code: str, locale: str) -> str:
    country = reference().countries.get(code)
    return country.name(locale) if country else code


def tone_figure(months: list[dict[str, Any]], tone_label: str, count_label: str) -> dict[str, Any]:
    """Mean tone toward Azerbaijan per month (line, -1..1) over the number of articles (bars)."""
    x = [m["month"] for m in months]
    data = [
        {
            "type": "bar",
            "name": count_label,
            "x": x,
            "y": [m["articles"] for m in months],
            "yaxis": "y2",
            "marker": {"color": "#d5dae0"},
            "hovertemplate": "%{x}<br>" + count_label + ": %{y}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": tone_label,
            "x": x,
            "y": [m["mean_tone"] for m in months],
            "connectgaps": False,
            "line": {"color": charts.PRIMARY, "width": 3},
            "marker": {"size": 7},
            "hovertemplate": "%{x}<br>" + tone_label + ": %{y:+.2f}<extra></extra>",
        },
    ]
    layout = charts.base_layout(
        showlegend=True,
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        xaxis={"type": "category", "automargin": True},
        yaxis={
            "range": [-1.05, 1.05],
            "zeroline": True,
            "zerolinecolor": "#98a2ad",
            "gridcolor": "#e6e9ed",
            "title": {"text": tone_label},
        },
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "showgrid": False,
            "title": {"text": count_label},
        },
        margin={"l": 56, "r": 56, "t": 36, "b": 48},
    )
    return charts.figure(data, layout)


@router.get("/news", response_class=HTMLResponse)
def news_page(
    request: Request,
    session: SessionDep,
    country: Text = None,
    tag: Text = None,
    language: Text = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    since: Text = None,
    until: Text = None,
    page: Text = None,
    translate: Text = None,
) -> HTMLResponse:
    locale = request_locale(request)
    with use_locale(locale):
        taxonomy = load_taxonomy()
        try:
            code = check_country(country)
        except NewsError:
            code = None
        since_day, until_day = parse_day(since), parse_day(until)
        filters = ArticleFilters(
            country=code,
            tag=tag if tag in taxonomy.names else None,
            language=language if language in ("az", "ru", "en", "tr") else None,
            q=(q or "").strip() or None,
            since=datetime(since_day.year, since_day.month, since_day.day, tzinfo=UTC) if since_day else None,
            until=datetime(until_day.year, until_day.month, until_day.day, tzinfo=UTC) + timedelta(days=1)
            if until_day
            else None,
        )
        number = parse_page(page)
        articles, total = list_articles(session, filters, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
        pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
        countries, tags = findings(session, [a.id for a in articles])
        done = translations(session, articles, locale, fetch=translate == "1")
        months = tone_by_month(session, filters)
        toned = [m for m in months if m["mean_tone"] is not None]
        toned_articles = sum(m["toned"] for m in toned)
        mean_tone = (
            (sum(m["mean_tone"] * m["toned"] for m in toned) / toned_articles) if toned_articles else None
        )
        codes = sorted(session.scalars(select(NewsArticleCountry.country).distinct()))
        params = {
            "country": code,
            "tag": filters.tag,
            "language": filters.language,
            "q": filters.q,
            "since": since_day.isoformat() if since_day else None,
            "until": until_day.isoformat() if until_day else None,
        }
        params = {k: v for k, v in params.items() if v}

        def url(**extra: Any) -> str:
            query = {**params, **{k: v for k, v in extra.items() if v}}
            return "/news" + ("?" + urlencode(query) if query else "")

        rows = []
        for article in articles:
            translation = done.by_article.get(article.id)
            rows.append(
                {
                    "article": article,
                    "translation": translation,
                    "countries": [(c, country_name(c, locale)) for c in countries.get(article.id, [])],
                    "tags": [(t, localised(taxonomy.names.get(t, {}), t)) for t in tags.get(article.id, [])],
                }
            )
        return render(
            request,
            locale,
            "news.html",
            nav="news",
            rows=rows,
            total=total,
            page=number,
            pages=pages,
            months=months,
            mean_tone=mean_tone,
            toned_articles=toned_articles,
            tone_figure=tone_figure,
            country_options=[(c, country_name(c, locale)) for c in codes],
            tag_options=[(t, localised(names, t)) for t, names in taxonomy.names.items()],
            filters=params,
            translation=done,
            translate_url=url(translate="1", page=str(number)),
            prev_url=url(page=str(number - 1)) if number > 1 else None,
            next_url=url(page=str(number + 1)) if number < pages else None,
        )
