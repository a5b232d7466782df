"""News monitoring: import (deduplicated), list and filter, tone over time, translations, briefing summary."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.orm import Session

from aigov.diplomacy.news.analysis import analyse, analysis_version
from aigov.diplomacy.news.feeds import Parsed, RawArticle, read_file
from aigov.diplomacy.news.models import NewsArticle, NewsArticleCountry, NewsArticleTag, NewsTranslation
from aigov.translation import Translator, get_translator, translate_safely

BATCH = 200
MAX_TRANSLATE_CHARS = 4_000
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_ISO3 = re.compile(r"[A-Za-z]{3}")


class NewsError(ValueError):
    """A request the news service cannot answer (said in one line)."""


@dataclass
class ImportReport:
    kind: str
    new: int = 0
    duplicate: int = 0
    rejected: int = 0
    rejected_rows: list[dict[str, Any]] = field(default_factory=list)  # line and reason, never content

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.kind,
            "new": self.new,
            "duplicate": self.duplicate,
            "rejected": self.rejected,
            "rejected_rows": self.rejected_rows,
        }


def import_file(session_factory: Callable[[], Session], path: Path) -> ImportReport:
    """Import a feed or JSON-lines file; each batch of new articles is committed as it is analysed."""
    return import_parsed(session_factory, read_file(path))


def import_parsed(session_factory: Callable[[], Session], parsed: Parsed) -> ImportReport:
    report = ImportReport(
        kind=parsed.kind,
        rejected=len(parsed.rejected),
        rejected_rows=[{"line": r.line, "reason": r.reason} for r in parsed.rejected],
    )
    seen_urls: set[str] = set()
    seen_guids: set[str] = set()
    for start in range(0, len(parsed.articles), BATCH):
        batch = parsed.articles[start : start + BATCH]
        with session_factory() as session, session.begin():
            known_urls, known_guids = _known_keys(session, batch)
            fresh: list[RawArticle] = []
            for article in batch:
                url_key, guid_key = article.url_key, article.guid_key
                if (url_key and (url_key in known_urls or url_key in seen_urls)) or (
                    guid_key and (guid_key in known_guids or guid_key in seen_guids)
                ):
                    report.duplicate += 1
                    continue
                if url_key:
                    seen_urls.add(url_key)
                if guid_key:
                    seen_guids.add(guid_key)
                fresh.append(article)
            _store(session, fresh)
            report.new += len(fresh)
    return report


def _known_keys(session: Session, batch: Sequence[RawArticle]) -> tuple[set[str], set[str]]:
    urls = {a.url_key for a in batch if a.url_key}
    guids = {a.guid_key for a in batch if a.guid_key}
    known_urls = (
        set(session.scalars(select(NewsArticle.url_key).where(NewsArticle.url_key.in_(urls))))
        if urls
        else set()
    )
    known_guids = (
        set(session.scalars(select(NewsArticle.guid_key).where(NewsArticle.guid_key.in_(guids))))
        if guids
        else set()
    )
    return known_urls, known_guids  # type: ignore[return-value]


def _store(session: Session, articles: list[RawArticle]) -> None:
    if not articles:
        return
    version = analysis_version()
    findings_of = analyse(articles)
    stored = []
    for raw, found in zip(articles, findings_of, strict=True):
        article = NewsArticle(
            url_key=raw.url_key,
            guid_key=raw.guid_key,
            url=raw.url,
            guid=raw.guid,
            source=raw.source,
            title=raw.title,
            summary=raw.summary,
            body=raw.body,
            published_at=raw.published_at,
            language=found.language,
            tone=found.tone,
            tone_sentences=found.tone_sentences,
            people=found.people,
            analysis_version=version,
        )
        session.add(article)
        stored.append(article)
    session.flush()  # one round trip for the batch's ids
    for article, found in zip(stored, findings_of, strict=True):
        session.add_all(NewsArticleCountry(article_id=article.id, country=c, mentions=found.counts.get(c, 1))
                        for c in found.countries)
        session.add_all(NewsArticleTag(article_id=article.id, tag=t) for t in found.tags)


def _set_findings(
    session: Session, article: NewsArticle, countries: list[str], tags: list[str], counts: dict[str, int]
) -> None:
    session.execute(delete(NewsArticleCountry).where(NewsArticleCountry.article_id == article.id))
    session.execute(delete(NewsArticleTag).where(NewsArticleTag.article_id == article.id))
    for country in countries:
        session.add(
            NewsArticleCountry(article_id=article.id, country=country, mentions=counts.get(country, 1))
        )
    for tag in tags:
        session.add(NewsArticleTag(article_id=article.id, tag=tag))


def reanalyse(session: Session) -> int:
    """Analyse every stored article again (after the topic file or the models changed)."""
    version = analysis_version()
    count = 0
    ids = list(session.scalars(select(NewsArticle.id).order_by(NewsArticle.id)))
    for start in range(0, len(ids), BATCH):
        articles = list(
            session.scalars(
                select(NewsArticle)
                .where(NewsArticle.id.in_(ids[start : start + BATCH]))
                .order_by(NewsArticle.id)
            )
        )
        raws = [RawArticle(title=a.title, summary=a.summary, body=a.body) for a in articles]
        for article, found in zip(articles, analyse(raws), strict=True):
            article.language, article.tone, article.tone_sentences = (
                found.language,
                found.tone,
                found.tone_sentences,
            )
            article.people, article.analysis_version = found.people, version
            _set_findings(session, article, found.countries, found.tags, found.counts)
            count += 1
        session.flush()
    return count


# --- listing -------------------------------------------------------------------------------------------


@dataclass
class ArticleFilters:
    country: str | None = None  # ISO3
    tag: str | None = None
    language: str | None = None
    source: str | None = None
    q: str | None = None
    since: datetime | None = None
    until: datetime | None = None  # exclusive


def check_country(code: str | None) -> str | None:
    """An ISO3 code in capitals, or :class:`NewsError`."""
    if code is None or code == "":
        return None
    if not _ISO3.fullmatch(code):
        raise NewsError("country must be an ISO 3166 three-letter code, e.g. ARM")
    return code.upper()


def when_column() -> Any:
    return func.coalesce(NewsArticle.published_at, NewsArticle.imported_at)


def _filtered(query: Select, filters: ArticleFilters) -> Select:
    when = when_column()
    if filters.country:
        query = query.where(
            NewsArticle.id.in_(
                select(NewsArticleCountry.article_id).where(NewsArticleCountry.country == filters.country)
            )
        )
    if filters.tag:
        query = query.where(
            NewsArticle.id.in_(select(NewsArticleTag.article_id).where(NewsArticleTag.tag == filters.tag))
        )
    if filters.language:
        query = query.where(NewsArticle.language == filters.language)
    if filters.source:
        query = query.where(NewsArticle.source == filters.source)
    if filters.q:
        pattern = "%" + filters.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                NewsArticle.title.ilike(pattern, escape="\\"), NewsArticle.summary.ilike(pattern, escape="\\")
            )
        )
    if filters.since:
        query = query.where(when >= filters.since)
    if filters.until:
        query = query.where(when < filters.until)
    return query


def list_articles(
    session: Session, filters: ArticleFilters | None = None, *, limit: int = 50, offset: int = 0
) -> tuple[list[NewsArticle], int]:
    """Articles, newest first, and how many match in all."""
    filters = filters or ArticleFilters()
    total = session.scalar(_filtered(select(func.count(NewsArticle.id)), filters)) or 0
    rows = list(
        session.scalars(
            _filtered(select(NewsArticle), filters)
            .order_by(when_column().desc(), NewsArticle.id.desc())
            .limit(limit)
            .offset(offset)
        )
    )
    return rows, total


def findings(session: Session, ids: Iterable[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Countries (most named first) and tags of the given articles."""
    ids = list(ids)
    countries: dict[int, list[str]] = defaultdict(list)
    tags: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return countries, tags
    for article_id, country, _mentions in session.execute(
        select(NewsArticleCountry.article_id, NewsArticleCountry.country, NewsArticleCountry.mentions)
        .where(NewsArticleCountry.article_id.in_(ids))
        .order_by(NewsArticleCountry.mentions.desc(), NewsArticleCountry.country)
    ):
        countries[article_id].append(country)
    for article_id, tag in session.execute(
        select(NewsArticleTag.article_id, NewsArticleTag.tag)
        .where(NewsArticleTag.article_id.in_(ids))
        .order_by(NewsArticleTag.tag)
    ):
        tags[article_id].append(tag)
    return countries, tags


def tone_by_month(session: Session, filters: ArticleFilters | None = None) -> list[dict[str, Any]]:
    """Per month: articles, articles with a tone toward Azerbaijan, and their mean tone."""
    filters = filters or ArticleFilters()
    months: dict[str, list[float]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for when, tone in session.execute(_filtered(select(when_column(), NewsArticle.tone), filters)):
        month = _as_utc(when).strftime("%Y-%m")
        counts[month] += 1
        if tone is not None:
            months[month].append(tone)
    return [
        {
            "month": m,
            "articles": counts[m],
            "toned": len(months[m]),
            "mean_tone": round(sum(months[m]) / len(months[m]), 4) if months[m] else None,
        }
        for m in sorted(counts)
    ]


def month_bounds(month: str) -> tuple[datetime, datetime]:
    if not isinstance(month, str) or not _MONTH.fullmatch(month):
        raise NewsError("month must be written YYYY-MM, e.g. 2015-06")
    year, number = int(month[:4]), int(month[5:])
    start = datetime(year, number, 1, tzinfo=UTC)
    end = datetime(year + (number == 12), number % 12 + 1, 1, tzinfo=UTC)
    return start, end


def tone_summary(session: Session, *, country: str, month: str) -> dict[str, Any]:
    """For a briefing: the month's articles that name ``country`` (ISO3), their tone toward Azerbaijan
    (mean over the articles that have one), the most frequent tags and the articles that name it most."""
    code = check_country(country)
    start, end = month_bounds(month)
    filters = ArticleFilters(country=code, since=start, until=end)
    articles, total = list_articles(session, filters, limit=10_000)
    countries, tags = findings(session, [a.id for a in articles])
    toned = [a.tone for a in articles if a.tone is not None]
    tag_counts = Counter(tag for a in articles for tag in tags.get(a.id, []))
    mentions = (
        dict(
            session.execute(
                select(NewsArticleCountry.article_id, NewsArticleCountry.mentions).where(
                    NewsArticleCountry.country == code,
                    NewsArticleCountry.article_id.in_([a.id for a in articles]),
                )
            ).all()
        )
        if articles
        else {}
    )
    top = sorted(articles, key=lambda a: (-mentions.get(a.id, 0), -_as_utc(a.when).timestamp(), a.id))[:5]
    return {
        "country": code,
        "month": month,
        "articles": total,
        "toned_articles": len(toned),
        "mean_tone": round(sum(toned) / len(toned), 4) if toned else None,
        "negative_articles": sum(1 for t in toned if t < -0.1),
        "positive_articles": sum(1 for t in toned if t > 0.1),
        "top_tags": [
            {"tag": t, "articles": n} for t, n in sorted(tag_counts.items(), key=lambda x: (-x[1], x[0]))[:5]
        ],
        "top_articles": [article_dict(a, countries.get(a.id, []), tags.get(a.id, [])) for a in top],
    }


def article_dict(
    article: NewsArticle, countries: list[str], tags: list[str], translation: NewsTranslation | None = None
) -> dict[str, Any]:
    data = {
        "id": article.id,
        "title": article.title,
        "summary": article.summary,
        "url": article.url,
        "source": article.source,
        "language": article.language,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "tone": article.tone,
        "tone_sentences": article.tone_sentences,
        "countries": countries,
        "tags": tags,
        "people": list(article.people or []),
    }
    if translation is not None:
        data["translation"] = {
            "language": translation.language,
            "title": translation.title,
            "summary": translation.summary,
            "backend": translation.backend,
        }
    return data


def _as_utc(moment: datetime | date) -> datetime:
    if isinstance(moment, datetime):
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime(moment.year, moment.month, moment.day, tzinfo=UTC)


# --- translation ---------------------------------------------------------------------------------------


@dataclass
class Translations:
    """Cached (or just made) translations by article id, and what to tell the reader."""

    target: str
    by_article: dict[int, NewsTranslation] = field(default_factory=dict)
    backend: str | None = None
    configured: bool = True
    error: str | None = None
    missing: int = 0  # articles in another language with no translation yet


def translations(
    session: Session,
    articles: Sequence[NewsArticle],
    target: str,
    *,
    fetch: bool,
    translator: Translator | None = None,
) -> Translations:
    """Translations of the titles and summaries of ``articles`` not written in ``target``.

    Cached ones always; with ``fetch`` the missing ones are asked of the translator and stored.
    """
    translator = translator or get_translator()
    result = Translations(target=target, backend=translator.name)
    foreign = [a for a in articles if a.language != target]
    if not foreign:
        return result
    cached = {
        t.article_id: t
        for t in session.scalars(
            select(NewsTranslation).where(
                NewsTranslation.article_id.in_([a.id for a in foreign]), NewsTranslation.language == target
            )
        )
    }
    result.by_article.update(cached)
    todo = [a for a in foreign if a.id not in cached]
    result.missing = len(todo)
    from aigov.translation import NoTranslator

    if isinstance(translator, NoTranslator):
        result.configured, result.error = False, translator.reason
        return result
    if not fetch or not todo:
        return result
    by_language: dict[str | None, list[NewsArticle]] = defaultdict(list)
    for article in todo:
        by_language[article.language].append(article)
    for language, group in by_language.items():
        texts = [a.title for a in group] + [(a.summary or "")[:MAX_TRANSLATE_CHARS] for a in group]
        outcome = translate_safely(translator, texts, language, target)
        if not outcome.ok:
            result.configured, result.error = outcome.configured, outcome.error
            break
        done = outcome.texts or []
        for i, article in enumerate(group):
            translation = NewsTranslation(
                article_id=article.id,
                language=target,
                title=done[i][:4000],
                summary=done[len(group) + i] or None,
                backend=translator.name,
            )
            session.add(translation)
            result.by_article[article.id] = translation
            result.missing -= 1
    session.flush()
    return result
