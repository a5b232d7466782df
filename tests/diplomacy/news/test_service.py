"""Importing news (deduplicated), listing, filtering, tone over time, translations, briefing summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aigov.db.engine import session_factory
from aigov.diplomacy.news import service
from aigov.diplomacy.news.models import NewsArticle, NewsTranslation
from aigov.diplomacy.news.service import ArticleFilters, NewsError
from aigov.translation import NoTranslator
from aigov.translation.base import TranslationError

DATA = Path(__file__).with_name("data")
FILES = ("caucasus.rss", "energy.atom", "mixed.jsonl")


@pytest.fixture
def imported(db: Session) -> dict[str, service.ImportReport]:
    return {name: service.import_file(session_factory(), DATA / name) for name in FILES}


def test_import_counts_new_duplicate_and_rejected_and_reimport_adds_nothing(
    imported: dict[str, service.ImportReport], db: Session
) -> None:
    rss, atom, jsonl = (imported[n] for n in FILES)
    assert (rss.kind, rss.new, rss.duplicate, rss.rejected) == ("rss", 3, 0, 1)
    assert (atom.new, atom.duplicate) == (1, 1)  # its second entry is the wire article under another id
    assert (jsonl.new, jsonl.duplicate, jsonl.rejected) == (3, 1, 4)
    assert jsonl.rejected_rows[0] == {"line": 4, "reason": "not a JSON object"}
    assert db.scalar(select(func.count(NewsArticle.id))) == 7
    again = service.import_file(session_factory(), DATA / "caucasus.rss")
    assert (again.new, again.duplicate) == (0, 3)
    assert db.scalar(select(func.count(NewsArticle.id))) == 7


def test_articles_carry_language_countries_people_tags_and_tone(imported: dict, db: Session) -> None:
    articles, total = service.list_articles(db, ArticleFilters(), limit=50)
    assert total == 7
    by_title = {a.title: a for a in articles}
    countries, tags = service.findings(db, [a.id for a in articles])
    talks = by_title["Azerbaijan and Armenia agree on border commission talks"]
    assert talks.language == "en" and {"AZE", "ARM", "RUS"} <= set(countries[talks.id])
    assert "diplomacy" in tags[talks.id]
    shelling = by_title["Shelling reported near the line of contact"]
    assert tags[shelling.id] == ["security"]
    railway = by_title["Georgia opens new railway link to Turkey"]
    assert railway.tone is None and railway.tone_sentences == 0  # it does not speak of Azerbaijan
    assert "transport" in tags[railway.id]
    russian = by_title["Азербайджан и Россия обсудили поставки газа"]
    assert russian.language == "ru" and "Джейхун Байрамов" in russian.people
    azerbaijani = by_title["Azərbaycan ilə Gürcüstan arasında ticarət artıb"]
    assert azerbaijani.language == "az" and set(countries[azerbaijani.id]) == {"AZE", "GEO"}
    assert talks.tone is not None and shelling.tone is not None
    assert talks.tone > shelling.tone  # "welcomed ... a great success for peace" vs "a terrible attack"
    assert -1 <= shelling.tone <= 1


def test_filters_by_country_tag_language_text_and_dates(imported: dict, db: Session) -> None:
    def titles(**values: object) -> set[str]:
        return {a.title for a in service.list_articles(db, ArticleFilters(**values), limit=50)[0]}

    assert titles(country="GEO") == {
        "Georgia opens new railway link to Turkey",
        "Azərbaycan ilə Gürcüstan arasında ticarət artıb",
    }
    assert titles(tag="migration") == {"Refugees cross into Turkey"}
    assert titles(language="ru") == {"Азербайджан и Россия обсудили поставки газа"}
    assert titles(q="PIPELINE") == {"Pipeline gas from Azerbaijan reaches Turkey"}
    assert titles(q="100%_") == set()  # LIKE wildcards are searched for, not used
    from datetime import UTC, datetime

    july = titles(since=datetime(2015, 7, 1, tzinfo=UTC))
    assert july == {"Georgia opens new railway link to Turkey"}
    newest = service.list_articles(db, ArticleFilters(), limit=1)[0][0]
    assert newest.title == "Georgia opens new railway link to Turkey"


def test_tone_by_month_and_the_briefing_summary(imported: dict, db: Session) -> None:
    months = service.tone_by_month(db)
    assert [m["month"] for m in months] == ["2015-06", "2015-07"]
    june = months[0]
    assert june["articles"] == 6 and june["toned"] >= 3
    assert months[1] == {"month": "2015-07", "articles": 1, "toned": 0, "mean_tone": None}

    summary = service.tone_summary(db, country="ARM", month="2015-06")
    assert summary["country"] == "ARM" and summary["month"] == "2015-06"
    assert summary["articles"] == 2  # the border talks and the shelling report
    tones = [a["tone"] for a in summary["top_articles"]]
    assert summary["toned_articles"] == 2
    assert summary["mean_tone"] == pytest.approx(sum(tones) / 2, abs=1e-4)
    assert {t["tag"] for t in summary["top_tags"]} == {"diplomacy", "security"}
    assert {a["title"] for a in summary["top_articles"]} == {
        "Azerbaijan and Armenia agree on border commission talks",
        "Shelling reported near the line of contact",
    }
    empty = service.tone_summary(db, country="arm", month="2015-08")
    assert empty["articles"] == 0 and empty["mean_tone"] is None and empty["top_articles"] == []
    for bad in (
        {"country": "Armenia", "month": "2015-06"},
        {"country": "ARM", "month": "2015-13"},
        {"country": "ARM", "month": "June"},
    ):
        with pytest.raises(NewsError):
            service.tone_summary(db, **bad)  # type: ignore[arg-type]


class Upper:
    """A stand-in translator (the real adapters are tested against a local server in tests/translation)."""

    name = "upper"

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], str | None, str]] = []

    def translate(self, texts: list[str], source: str | None, target: str) -> list[str]:
        self.calls.append((texts, source, target))
        return [t.upper() for t in texts]


class Broken:
    name = "broken"

    def translate(self, texts: list[str], source: str | None, target: str) -> list[str]:
        raise TranslationError("broken at 127.0.0.1 failed (server error): HTTP 500")


def test_translations_are_fetched_once_then_cached(imported: dict, db: Session) -> None:
    articles, _total = service.list_articles(db, ArticleFilters(), limit=50)
    translator = Upper()
    none_yet = service.translations(db, articles, "en", fetch=False, translator=translator)
    assert none_yet.by_article == {} and none_yet.missing == 2  # the az and the ru article
    done = service.translations(db, articles, "en", fetch=True, translator=translator)
    assert done.missing == 0 and len(done.by_article) == 2
    assert len(translator.calls) == 2 and {c[1] for c in translator.calls} == {
        "az",
        "ru",
    }  # one call per language
    russian = next(a for a in articles if a.language == "ru")
    assert done.by_article[russian.id].title == russian.title.upper()
    db.commit()
    again = service.translations(db, articles, "en", fetch=True, translator=translator)
    assert len(translator.calls) == 2 and len(again.by_article) == 2  # from the cache
    assert db.scalar(select(func.count()).select_from(NewsTranslation)) == 2


def test_no_translator_or_a_failing_one_is_said_not_hidden(imported: dict, db: Session) -> None:
    articles, _total = service.list_articles(db, ArticleFilters(), limit=50)
    none = service.translations(db, articles, "en", fetch=True, translator=NoTranslator())
    assert not none.configured and "no translator configured" in (none.error or "")
    broken = service.translations(db, articles, "en", fetch=True, translator=Broken())
    assert broken.configured and "HTTP 500" in (broken.error or "") and broken.by_article == {}


def test_reanalyse_applies_the_current_analysis_again(imported: dict, db: Session) -> None:
    article = db.scalars(select(NewsArticle).where(NewsArticle.title.like("Refugees%"))).one()
    article.language, article.analysis_version = None, "old"
    db.commit()
    assert service.reanalyse(db) == 7
    db.commit()
    db.refresh(article)
    assert article.language == "en" and article.analysis_version != "old"
    countries, tags = service.findings(db, [article.id])
    assert countries[article.id] == ["TUR"] and tags[article.id] == ["migration"]
