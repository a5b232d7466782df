"""News articles, the countries and tags found in them, and their cached translations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aigov.db.base import Base, UTCDateTime, utcnow


class NewsArticle(Base):
    """One article; ``url_key``/``guid_key`` (SHA-256 of the canonical URL and of the guid) dedupe imports."""

    __tablename__ = "news_articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url_key: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    guid_key: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    guid: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    source: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    title: Mapped[str] = mapped_column(String(1000))
    summary: Mapped[str | None] = mapped_column(Text, nullable=True)
    body: Mapped[str | None] = mapped_column(Text, nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True, index=True)
    tone: Mapped[float | None] = mapped_column(Float, nullable=True)  # toward Azerbaijan, -1..1
    tone_sentences: Mapped[int] = mapped_column(Integer, default=0)
    people: Mapped[list[str]] = mapped_column(JSON, default=list)
    analysis_version: Mapped[str | None] = mapped_column(String(40), nullable=True)

    @property
    def when(self) -> datetime:
        return self.published_at or self.imported_at


class NewsArticleCountry(Base):
    """A country (ISO3) the article names, with how many times."""

    __tablename__ = "news_article_countries"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("news_articles.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(String(3), primary_key=True, index=True)
    mentions: Mapped[int] = mapped_column(Integer, default=1)


class NewsArticleTag(Base):
    __tablename__ = "news_article_tags"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("news_articles.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class NewsTranslation(Base):
    """An article's title and summary translated into one language, and by which back end."""

    __tablename__ = "news_translations"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("news_articles.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text, nullable=True)
    backend: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
