"""Server-rendered pages: the dashboard, the message list, the language switch and static files."""

from __future__ import annotations

import importlib.resources
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session

from aigov.accounts.deps import Principal, PrincipalDep
from aigov.cases import stats
from aigov.messages.service import MessageFilters, count_by, count_by_day, list_messages
from aigov.reference.service import agency_names, region_names, topic_names
from aigov.web import charts, exports
from aigov.web.deps import SessionDep
from aigov.web.i18n import (
    LOCALE_COOKIE,
    LOCALE_NAMES,
    LOCALES,
    _,
    environment,
    format_date,
    format_number,
    format_percent,
    load_all,
    localised,
    request_locale,
    supported,
    use_locale,
)

STATIC_DIR = Path(__file__).with_name("static")
REGIONS_GEOJSON = "/static/geo/economic_regions.geojson"
TOP_TOPICS = 5
PAGE_SIZE = 25
MAX_PAGE = 100_000
LANGUAGES = ("az", "ru", "en", "tr")
SENTIMENTS = ("negative", "neutral", "positive")
URGENCIES = ("low", "normal", "high", "critical")
URGENT = ("high", "critical")
COOKIE_MAX_AGE = 365 * 24 * 3600
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Vary": "Accept-Language, Cookie",
}

router = APIRouter(include_in_schema=False)
Code = Annotated[str | None, Query(max_length=48)]
DateText = Annotated[str | None, Query(max_length=32)]


def language_labels() -> dict[str, str]:
    return {"az": _("Azerbaijani"), "ru": _("Russian"), "en": _("English"), "tr": _("Turkish")}


def sentiment_labels() -> dict[str, str]:
    return {"negative": _("Negative"), "neutral": _("Neutral"), "positive": _("Positive")}


def urgency_labels() -> dict[str, str]:
    return {"low": _("Low"), "normal": _("Normal"), "high": _("High"), "critical": _("Critical")}


def unknown_label() -> str:
    return _("Not determined")


@dataclass
class Labels:
    """Every code shown on a page, as words in the current locale."""

    language: dict[str, str]
    sentiment: dict[str, str]
    urgency: dict[str, str]
    topic: dict[str, str]
    region: dict[str, str]
    unknown: str

    @classmethod
    def current(cls) -> Labels:
        return cls(
            language=language_labels(),
            sentiment=sentiment_labels(),
            urgency=urgency_labels(),
            topic={code: localised(names, code) for code, names in topic_names().items()},
            region={code: localised(names, code) for code, names in region_names().items()},
            unknown=unknown_label(),
        )

    def of(self, kind: str, code: str | None) -> str:
        if code is None:
            return self.unknown
        return getattr(self, kind).get(code, code)

    def sorted_options(self, kind: str) -> list[tuple[str, str]]:
        """(code, label) pairs, by label in the current language."""
        return sorted(getattr(self, kind).items(), key=lambda pair: pair[1].casefold())


def parse_day(value: str | None) -> date | None:
    """A YYYY-MM-DD date from a query string; anything else counts as not given."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def parse_page(value: str | None) -> int:
    try:
        page = int(value or 1)
    except ValueError:
        return 1
    return min(max(page, 1), MAX_PAGE)


def _blank_to_none(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


@dataclass
class PageQuery:
    """The filters of a page as the reader typed them (strings, echoed back into the form)."""

    q: str | None = None
    language: str | None = None
    sentiment: str | None = None
    topic: str | None = None
    region: str | None = None
    urgency: str | None = None
    since: date | None = None
    until: date | None = None

    def filters(self) -> MessageFilters:
        """Service filters; ``until`` is inclusive here, so the service gets the next midnight."""
        return MessageFilters(
            q=self.q, language=self.language, sentiment=self.sentiment, topic=self.topic,
            region=self.region, urgency=self.urgency,
            since=_midnight(self.since) if self.since else None,
            until=_midnight(self.until + timedelta(days=1)) if self.until else None,
        )

    def params(self, **overrides: Any) -> dict[str, str]:
        values = {
            "q": self.q, "language": self.language, "sentiment": self.sentiment, "topic": self.topic,
            "region": self.region, "urgency": self.urgency,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            **overrides,
        }
        return {key: str(value) for key, value in values.items() if value}

    @property
    def active(self) -> bool:
        return bool(self.params())


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def page_query(
    q: Annotated[str | None, Query(max_length=200)] = None,
    language: Code = None,
    sentiment: Code = None,
    topic: Code = None,
    region: Code = None,
    urgency: Code = None,
    since: DateText = None,
    until: DateText = None,
) -> PageQuery:
    return PageQuery(
        q=_blank_to_none(q), language=_blank_to_none(language), sentiment=_blank_to_none(sentiment),
        topic=_blank_to_none(topic), region=_blank_to_none(region), urgency=_blank_to_none(urgency),
        since=parse_day(since), until=parse_day(until),
    )


QueryDep = Annotated[PageQuery, Depends(page_query)]


def safe_next(value: str | None) -> str:
    """A same-site path to go back to; anything that could leave the site becomes '/'."""
    if not value or len(value) > 2000 or not value.startswith("/") or value.startswith("//"):
        return "/"
    if "\\" in value or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return "/"
    return value


def _current_path(request: Request) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return request.url.path + ("?" + urlencode(params) if params else "")


def language_links(request: Request, locale: str) -> list[dict[str, Any]]:
    here = _current_path(request)
    return [
        {"code": code, "name": LOCALE_NAMES[code], "current": code == locale,
         "url": "/lang/" + code + "?" + urlencode({"next": here})}
        for code in LOCALES
    ]


def render(request: Request, locale: str, template: str, *, status_code: int = 200,
           **context: Any) -> HTMLResponse:
    """Render a page in ``locale`` (which must already be current) with the shared layout's context."""
    from aigov.accounts.pages import account_bar

    context.setdefault("account", account_bar(request))
    html = environment().get_template(template).render(
        locale=locale, language_links=language_links(request, locale), path=request.url.path,
        lang_param=supported(request.query_params.get("lang")), **context
    )
    response = HTMLResponse(html, status_code=status_code, headers=SECURITY_HEADERS)
    response.headers["Content-Language"] = locale
    return response


def headline(session: Session, filters: MessageFilters, by_sentiment: Mapping[str | None, int],
             by_urgency: Mapping[str | None, int]) -> dict[str, Any]:
    total = sum(by_sentiment.values())
    week_ago = datetime.now(UTC) - timedelta(days=7)
    since = max(filters.since, week_ago) if filters.since else week_ago
    recent = sum(count_by(session, "sentiment", replace(filters, since=since)).values())
    negative = by_sentiment.get("negative", 0)
    return {
        "total": total,
        "last_7_days": recent,
        "negative_share": negative / total if total else None,
        "urgent": sum(by_urgency.get(level, 0) for level in URGENT),
    }


def _ordered(counts: Mapping[str | None, int]) -> list[tuple[str | None, int]]:
    """Largest first; unknown (None) last."""
    known = sorted(((k, v) for k, v in counts.items() if k is not None), key=lambda kv: (-kv[1], kv[0]))
    return known + ([(None, counts[None])] if counts.get(None) else [])


def count_chart(key: str, title: str, kind: str, counts: Mapping[str | None, int], labels: Labels,
                *, horizontal: bool) -> charts.ChartView:
    ordered = _ordered(counts)
    names = [labels.of(kind, code) for code, _count in ordered]
    values = [count for _code, count in ordered]
    return charts.ChartView(
        key=key, title=title, figure=charts.bars(names, values, horizontal=horizontal),
        headers=[_("Category"), _("Messages")],
        rows=[[name, format_number(value)] for name, value in zip(names, values, strict=True)],
    )


def sentiment_chart(counts: Mapping[str | None, int], labels: Labels) -> charts.ChartView:
    keys = [k for k in (*SENTIMENTS, None) if counts.get(k)]
    names = [labels.of("sentiment", k) for k in keys]
    values = [counts[k] for k in keys]
    colours = [charts.SENTIMENT_COLOURS.get(k, charts.SENTIMENT_COLOURS[None]) for k in keys]
    return charts.ChartView(
        key="sentiment", title=_("Messages by sentiment"), figure=charts.donut(names, values, colours),
        headers=[_("Sentiment"), _("Messages")],
        rows=[[name, format_number(value)] for name, value in zip(names, values, strict=True)],
    )


def timeline_chart(rows: list[tuple], labels: Labels) -> charts.ChartView:
    granularity, starts, counts = charts.bucket_counts(rows, SENTIMENTS)
    pattern = {"day": "d MMM", "week": "d MMM y", "month": "MMM y"}[granularity]
    x = [format_date(start, pattern) for start in starts]
    keys = [*SENTIMENTS, None]
    series = [charts.Series(labels.of("sentiment", k), counts[k], charts.SENTIMENT_COLOURS[k]) for k in keys]
    title = {
        "day": _("Messages per day, by sentiment"),
        "week": _("Messages per week (from Monday), by sentiment"),
        "month": _("Messages per month, by sentiment"),
    }[granularity]
    shown = [k for k in keys if any(counts[k])]
    table = [
        [x[i], *(format_number(counts[k][i]) for k in shown), format_number(sum(counts[k][i] for k in shown))]
        for i in range(len(starts))
    ]
    return charts.ChartView(
        key="timeline", title=title, figure=charts.stacked_bars(x, series, _("Messages")),
        headers=[_("Period"), *(labels.of("sentiment", k) for k in shown), _("Total")], rows=table,
    )


def weekly_topic_chart(rows: list[tuple], labels: Labels) -> charts.ChartView:
    """Messages per week for the most frequent topics (one line each)."""
    starts, counts = charts.weekly_counts(rows)
    top = sorted((k for k in counts if k is not None), key=lambda k: (-sum(counts[k]), k))[:TOP_TOPICS]
    x = [format_date(start, "d MMM y") for start in starts]
    colours = charts.LINE_COLOURS
    series = [charts.Series(labels.of("topic", k), counts[k], colours[i % len(colours)])
              for i, k in enumerate(top)]
    return charts.ChartView(
        key="topic_trend", title=_("Top topics per week (from Monday)"),
        figure=charts.lines(x, series, y_title=_("Messages")),
        headers=[_("Week"), *(s.name for s in series)],
        rows=[[x[i], *(format_number(s.values[i]) for s in series)] for i in range(len(starts))]
        if top else [],
    )


def weekly_sentiment_chart(rows: list[tuple], labels: Labels) -> charts.ChartView:
    """The share of each sentiment among each week's messages."""
    starts, counts = charts.weekly_counts(rows)
    totals = [sum(values[i] for values in counts.values()) for i in range(len(starts))]
    shares = {k: [counts.get(k, [0] * len(starts))[i] / totals[i] if totals[i] else 0.0
                  for i in range(len(starts))] for k in SENTIMENTS}
    x = [format_date(start, "d MMM y") for start in starts]
    series = [charts.Series(labels.of("sentiment", k), shares[k], charts.SENTIMENT_COLOURS[k])  # type: ignore[arg-type]
              for k in SENTIMENTS]
    return charts.ChartView(
        key="sentiment_trend", title=_("Sentiment per week: share of the week's messages"),
        figure=charts.lines(x, series, y_title=_("Share of messages"), percent=True),
        headers=[_("Week"), *(s.name for s in series), _("Messages")],
        rows=[[x[i], *(format_percent(shares[k][i]) for k in SENTIMENTS), format_number(totals[i])]
              for i in range(len(starts))],
    )


@dataclass
class MapView:
    """The choropleth of the economic regions: one figure per measure, and one table for both."""

    figures: dict[str, dict[str, Any]]
    headers: list[str]
    rows: list[list[str]]


def region_map(messages: Mapping[str | None, int], open_cases: Mapping[str | None, int],
               labels: Labels) -> MapView:
    codes = [code for code, _name in labels.sorted_options("region")]
    names = [labels.region[code] for code in codes]
    m_values = [messages.get(code, 0) for code in codes]
    c_values = [open_cases.get(code, 0) for code in codes]
    details = [[format_number(m), format_number(c)] for m, c in zip(m_values, c_values, strict=True)]
    detail_names = [_("Messages"), _("Open cases")]
    figures = {
        key: charts.region_map(REGIONS_GEOJSON, codes, names, values, details, value_name=title,
                               detail_names=detail_names)
        for key, values, title in (("messages", m_values, _("Messages")),
                                   ("cases", c_values, _("Open cases")))
    }
    return MapView(figures=figures, headers=[_("Economic region"), *detail_names],
                   rows=[[name, *row] for name, row in zip(names, details, strict=True)])


def agency_labels() -> dict[str, str]:
    return {code: localised(names, code) for code, names in agency_names().items()}


def open_cases_chart(key: str, title: str, counts: Mapping[str | None, int], names: Mapping[str, str],
                     unknown: str) -> charts.ChartView:
    ordered = _ordered(counts)
    shown = [names.get(code, code) if code is not None else unknown for code, _count in ordered]
    values = [count for _code, count in ordered]
    return charts.ChartView(
        key=key, title=title, figure=charts.bars(shown, values, horizontal=True),
        headers=[_("Category"), _("Open cases")],
        rows=[[name, format_number(value)] for name, value in zip(shown, values, strict=True)],
    )


def _share(value: float | None) -> str:
    return format_percent(value) if value is not None else "–"


def _days(value: float | None) -> str:
    return format_number(value) if value is not None else "–"


def compliance_month_chart(rows: list[stats.Compliance]) -> charts.ChartView:
    by_month = {row.key: row for row in rows}
    months = stats.months_between(rows[0].key, rows[-1].key) if rows else []  # type: ignore[arg-type]
    x = [format_date(month, "MMM y") for month in months]
    picked = [by_month.get(month) for month in months]
    share_name, median_name = _("Answered in time"), _("Median working days to answer")
    return charts.ChartView(
        empty_text=_("No answered cases match these filters yet."),
        key="compliance_month", title=_("Deadline compliance by month of answer"),
        figure=charts.share_and_median(x, [r.in_time_share if r else None for r in picked],
                                       [r.median_days if r else None for r in picked],
                                       share_name=share_name, median_name=median_name),
        headers=[_("Month"), _("Answered cases"), share_name, median_name],
        rows=[[label, format_number(r.answered if r else 0), _share(r.in_time_share if r else None),
               _days(r.median_days if r else None)] for label, r in zip(x, picked, strict=True)],
    )


def compliance_agency_chart(rows: list[stats.Compliance], names: Mapping[str, str],
                            unknown: str) -> charts.ChartView:
    ordered = sorted(rows, key=lambda r: (-(r.in_time_share or 0), -r.answered))
    shown = [names.get(r.key, r.key) if r.key is not None else unknown for r in ordered]  # type: ignore[arg-type]
    share_name, median_name = _("Answered in time"), _("Median working days to answer")
    figure = charts.bars(shown, [r.in_time_share for r in ordered], horizontal=True)  # type: ignore[misc]
    figure["layout"]["xaxis"] = {"range": [0, 1.05], "tickformat": ".0%", "gridcolor": "#e6e9ed"}
    figure["data"][0]["hovertemplate"] = "%{y}: %{x:.0%}<extra></extra>"
    return charts.ChartView(
        empty_text=_("No answered cases match these filters yet."),
        key="compliance_agency", title=_("Deadline compliance by agency"), figure=figure,
        headers=[_("Agency"), _("Answered cases"), share_name, median_name],
        rows=[[name, format_number(r.answered), _share(r.in_time_share), _days(r.median_days)]
              for name, r in zip(shown, ordered, strict=True)],
    )


def case_block(session: Session, query: PageQuery, labels: Labels) -> dict[str, Any]:
    """The cases part of the dashboard: headline numbers and the charts of open cases and deadlines."""
    filters = query.filters()
    case_filters = stats.CaseStatsFilters(topic=query.topic, region=query.region, since=filters.since,
                                          until=filters.until)
    agencies = agency_labels()
    counts = stats.deadline_counts(session, case_filters)
    overall = stats.compliance(session, "all", case_filters)
    by_region = stats.open_cases_by(session, "region", case_filters)
    views = [
        open_cases_chart("cases_agency", _("Open cases by agency"),
                         stats.open_cases_by(session, "agency", case_filters), agencies,
                         _("Triage (no agency yet)")),
        open_cases_chart("cases_region", _("Open cases by economic region"), by_region, labels.region,
                         labels.unknown),
        compliance_month_chart(stats.compliance(session, "month", case_filters)),
        compliance_agency_chart(stats.compliance(session, "agency", case_filters), agencies,
                                _("Triage (no agency yet)")),
    ]
    return {
        "open": counts.open, "breached": counts.breached,
        "in_time_share": overall[0].in_time_share if overall else None,
        "median_days": overall[0].median_days if overall else None,
        "charts": views, "open_by_region": by_region,
    }


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, session: SessionDep, query: QueryDep) -> HTMLResponse:
    with use_locale(request_locale(request)) as locale:
        query = PageQuery(topic=query.topic, region=query.region, since=query.since, until=query.until)
        filters = query.filters()
        labels = Labels.current()
        by = {field: count_by(session, field, filters) for field in
              ("sentiment", "urgency", "language", "topic", "region")}
        views = [
            timeline_chart(count_by_day(session, filters, field="sentiment"), labels),
            count_chart("language", _("Messages by language"), "language", by["language"], labels,
                        horizontal=False),
            sentiment_chart(by["sentiment"], labels),
            count_chart("topic", _("Messages by topic"), "topic", by["topic"], labels, horizontal=True),
            count_chart("region", _("Messages by economic region"), "region", by["region"], labels,
                        horizontal=True),
            weekly_topic_chart(count_by_day(session, filters, field="topic"), labels),
            weekly_sentiment_chart(count_by_day(session, filters, field="sentiment"), labels),
        ]
        cases = case_block(session, query, labels)
        return render(
            request, locale, "dashboard.html", nav="dashboard", query=query, labels=labels,
            headline=headline(session, filters, by["sentiment"], by["urgency"]), charts=views,
            map=region_map(by["region"], cases["open_by_region"], labels), cases=cases,
            messages_url="/messages?" + urlencode(query.params()),
        )


def _visible(query: PageQuery, principal: Principal) -> MessageFilters:
    """The page's filters, narrowed to what ``principal`` may see (an officer: their agency's cases)."""
    from aigov.accounts.scope import agency_scope

    return replace(query.filters(), case_agency=agency_scope(principal))


@router.get("/messages", response_class=HTMLResponse)
def messages(request: Request, session: SessionDep, query: QueryDep, principal: PrincipalDep,
             page: Annotated[str | None, Query(max_length=12)] = None,
             format: Annotated[str | None, Query(max_length=8)] = None) -> Response:  # noqa: A002
    if format in exports.FORMATS:
        return export_messages(request, session, query, format, principal)  # type: ignore[arg-type]
    with use_locale(request_locale(request)) as locale:
        wanted = parse_page(page)
        filters = _visible(query, principal)
        total, rows = list_messages(session, filters, page=wanted, page_size=PAGE_SIZE)
        pages = max(1, -(-total // PAGE_SIZE))
        if wanted > pages and total:
            wanted = pages
            total, rows = list_messages(session, filters, page=wanted, page_size=PAGE_SIZE)
        return render(
            request, locale, "messages.html", nav="messages", query=query, labels=Labels.current(),
            total=total, rows=rows, page=wanted, pages=pages,
            prev_url=_page_url(query, wanted - 1) if wanted > 1 else None,
            next_url=_page_url(query, wanted + 1) if wanted < pages else None,
            export_urls={fmt: f"/messages/export.{fmt}?" + urlencode(query.params())
                         for fmt in exports.FORMATS},
            export_limit=exports.MAX_EXPORT_ROWS,
        )


def _page_url(query: PageQuery, page: int) -> str:
    return "/messages?" + urlencode(query.params(page=page if page > 1 else None))


def export_messages(request: Request, session: Session, query: PageQuery, fmt: exports.Format,
                    principal: Principal) -> Response:
    """The filtered message list as a file (newest first, at most MAX_EXPORT_ROWS rows)."""
    with use_locale(request_locale(request)):
        total, rows = list_messages(session, _visible(query, principal), page=1,
                                    page_size=exports.MAX_EXPORT_ROWS)
        return exports.download(fmt, f"messages-{exports.stamp()}", exports.message_headers(),
                                exports.message_rows(rows, Labels.current()),
                                {"X-Total-Count": str(total)})


@router.get("/messages/export.{fmt}")
def messages_export(request: Request, session: SessionDep, query: QueryDep, fmt: str,
                    principal: PrincipalDep) -> Response:
    if fmt not in exports.FORMATS:
        return error_page(request, 404)
    return export_messages(request, session, query, fmt, principal)  # type: ignore[arg-type]


@router.get("/lang/{code}")
def switch_language(request: Request, code: str,
                    next: Annotated[str | None, Query(max_length=2000)] = None) -> Response:  # noqa: A002
    """Remember the reader's language in a cookie and go back to the page they were on."""
    if code not in LOCALES:
        return error_page(request, 404)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(LOCALE_COOKIE, code, max_age=COOKIE_MAX_AGE, path="/", httponly=True,
                        samesite="lax", secure=request.url.scheme == "https")
    return response


def _plotly_js() -> Path:
    return Path(str(importlib.resources.files("plotly") / "package_data" / "plotly.min.js"))


@router.get("/static/vendor/plotly.min.js")
def plotly_js() -> FileResponse:
    """Plotly from the installed Python package: the pages never load anything from the internet."""
    return FileResponse(_plotly_js(), media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})


def error_titles() -> dict[int, str]:
    return {
        403: _("You do not have access to this page"),
        404: _("Page not found"),
        405: _("This address does not accept that kind of request"),
        413: _("The request is too large"),
        422: _("The address contains values this page cannot use"),
        429: _("Too many requests: wait a minute and try again"),
        500: _("Something went wrong on our side"),
    }


def error_page(request: Request, status_code: int) -> HTMLResponse:
    """A small page in the reader's language for an error on a non-API path."""
    with use_locale(request_locale(request)) as locale:
        title = error_titles().get(status_code) or _("The request could not be handled")
        return render(request, locale, "error.html", status_code=status_code, nav=None,
                      error_title=title, error_status=status_code)


def mount(app: FastAPI) -> None:
    """Add the pages, the language switch and the static files to the app."""
    load_all()
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
