"""What aigov reads in an article: language, countries and people, tone toward Azerbaijan, topic tags.

Tone toward Azerbaijan: the article's sentences that name Azerbaijan (the state in any of its names, Baku,
its leaders and institutions, "Azerbaijani"), each scored by the project's sentiment model as
P(positive) - P(negative) in [-1, 1], averaged. An article with no such sentence has no tone (None), not
a neutral one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from aigov.analysis.language import LanguageStage
from aigov.analysis.normalise import NormaliseStage
from aigov.analysis.pipeline import AnalysisItem, Pipeline
from aigov.analysis.sentiment import SentimentStage
from aigov.analysis.transliterate import TransliterateStage
from aigov.diplomacy.news.feeds import RawArticle
from aigov.diplomacy.news.mentions import find
from aigov.diplomacy.news.tags import Taxonomy, load_taxonomy

HOME = "AZE"
MAX_SENTENCES = 40  # per article: enough for a tone, bounded for long texts
_SENTENCE = re.compile(r"(?<=[.!?…])[\"'»”)]*\s+|\n+")


@dataclass
class ArticleAnalysis:
    language: str | None = None
    countries: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    people: list[str] = field(default_factory=list)
    tone: float | None = None
    tone_sentences: int = 0
    tags: list[str] = field(default_factory=list)


@cache
def sentence_pipeline() -> Pipeline:
    """Language and sentiment for single sentences (no redaction: news names public figures)."""
    return Pipeline([NormaliseStage(), LanguageStage(), TransliterateStage(), SentimentStage()])


def analysis_version(taxonomy: Taxonomy | None = None) -> str:
    taxonomy = taxonomy or load_taxonomy()
    return f"news1-{sentence_pipeline().version[:8]}-{taxonomy.version[:8]}"


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text or "") if s and len(s.strip()) > 2]


def analyse(articles: list[RawArticle], taxonomy: Taxonomy | None = None) -> list[ArticleAnalysis]:
    """Analyse a batch of articles (one call to the language and sentiment models for the batch)."""
    taxonomy = taxonomy or load_taxonomy()
    pipeline = sentence_pipeline()
    heads = [" ".join(filter(None, (a.title, a.summary))) for a in articles]
    languages = pipeline.stages[1].run([AnalysisItem(text=h, normalised=h) for h in heads])
    results: list[ArticleAnalysis] = []
    about_home: list[tuple[int, str]] = []
    for n, (article, language) in enumerate(zip(articles, languages, strict=True)):
        text = "\n".join(filter(None, (article.title, article.summary, article.body)))
        mentions = find(text)
        results.append(ArticleAnalysis(language=language.language, countries=mentions.countries,
                                       counts=mentions.counts,
                                       people=mentions.people[:50], tags=taxonomy.tags(text)))
        picked = [s for s in sentences(text) if HOME in find(s, with_people=False).counts]
        about_home.extend((n, s) for s in picked[:MAX_SENTENCES])
    if about_home:
        scored = pipeline.analyse_texts([s for _n, s in about_home])
        totals: dict[int, list[float]] = {}
        for (n, _s), item in zip(about_home, scored, strict=True):
            if item.sentiment_score is not None:
                totals.setdefault(n, []).append(item.sentiment_score)
        for n, scores in totals.items():
            results[n].tone = round(sum(scores) / len(scores), 4)
            results[n].tone_sentences = len(scores)
    return results
