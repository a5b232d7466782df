"""News API: list and filter articles, tone over time, the briefing summary, and import of a feed body."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from aigov.db.engine import session_factory
from aigov.diplomacy.news.feeds import FeedError, parse_bytes
from aigov.diplomacy.news.service import (
    ArticleFilters,
    NewsError,
    article_dict,
    check_country,
    findings,
    import_parsed,
    list_articles,
    tone_by_month,
    tone_summary,
    translations,
)
from aigov.translation import describe, get_translator
from aigov.web.deps import SessionDep
from aigov.web.errors import ApiError

router = APIRouter(prefix="/api/v1", tags=["news"])
Code = Annotated[str | None, Query(max_length=40)]
Day = Annotated[date | None, Query(description="YYYY-MM-DD")]
LANGUAGES = ("az", "ru", "en", "tr")


def _filters(
    country: str | None,
    tag: str | None,
    language: str | None,
    q: str | None,
    since: date | None,
    until: date | None,
) -> ArticleFilters:
    try:
        code = check_country(country)
    except NewsError as exc:
        raise ApiError(422, "invalid_request", str(exc)) from None
    if language is not None and language not in LANGUAGES:
        raise ApiError(422, "invalid_request", "language must be az, ru, en or tr")
    return ArticleFilters(
        country=code,
        tag=tag or None,
        language=language,
        q=(q or "").strip() or None,
        since=datetime(since.year, since.month, since.day, tzinfo=UTC) if since else None,
        until=datetime(until.year, until.month, until.day, tzinfo=UTC) + timedelta(days=1) if until else None,
    )


@router.get(
    "/news", summary="Articles, newest first, with tone toward Azerbaijan, countries, people and tags"
)
def news_list(
    session: SessionDep,
    country: Code = None,
    tag: Code = None,
    language: Code = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    since: Day = None,
    until: Day = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    translate_to: Annotated[str | None, Query(description="az, ru, en or tr")] = None,
) -> dict[str, Any]:
    filters = _filters(country, tag, language, q, since, until)
    if translate_to is not None and translate_to not in LANGUAGES:
        raise ApiError(422, "invalid_request", "translate_to must be az, ru, en or tr")
    articles, total = list_articles(session, filters, limit=limit, offset=offset)
    countries, tags = findings(session, [a.id for a in articles])
    done = translations(session, articles, translate_to, fetch=True) if translate_to else None
    body: dict[str, Any] = {
        "total": total,
        "limit": limit,
        "offset": offset,
        "articles": [
            article_dict(
                a, countries.get(a.id, []), tags.get(a.id, []), done.by_article.get(a.id) if done else None
            )
            for a in articles
        ],
    }
    if done is not None:
        body["translation"] = {
            "target": done.target,
            "backend": done.backend,
            "configured": done.configured,
            "error": done.error,
            "missing": done.missing,
        }
    return body


@router.get(
    "/news/tone/monthly", summary="Per month: articles, articles with a tone, mean tone toward Azerbaijan"
)
def news_tone_monthly(
    session: SessionDep,
    country: Code = None,
    tag: Code = None,
    language: Code = None,
    since: Day = None,
    until: Day = None,
) -> dict[str, Any]:
    filters = _filters(country, tag, language, None, since, until)
    return {"months": tone_by_month(session, filters)}


@router.get("/news/tone/summary", summary="A month's articles naming a country: tone, top tags, top articles")
def news_tone_summary(
    session: SessionDep,
    country: Annotated[str, Query(max_length=3)],
    month: Annotated[str, Query(max_length=7, description="YYYY-MM")],
) -> dict[str, Any]:
    try:
        return tone_summary(session, country=country, month=month)
    except NewsError as exc:
        raise ApiError(422, "invalid_request", str(exc)) from None


@router.post("/news/import", summary="Import an RSS/Atom feed or JSON lines sent as the request body")
async def news_import(request: Request) -> dict[str, Any]:
    data = await request.body()
    try:
        parsed = parse_bytes(data, name="the request body")
    except FeedError as exc:
        raise ApiError(422, "invalid_feed", str(exc)) from None
    return import_parsed(session_factory(), parsed).as_dict()


@router.get("/translation", summary="Which translator is configured (or why none is)")
def translation_status() -> dict[str, Any]:
    return describe(get_translator())
