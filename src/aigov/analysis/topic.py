"""Topic stage: scores the taxonomy's keywords in a message and picks the topic (and so the agency)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from aigov.analysis.pipeline import AnalysisItem
from aigov.analysis.textmatch import PhraseMatcher, keyword_words
from aigov.reference.loader import Taxonomy, load_taxonomy

FALLBACK_TOPIC = "other"
WORD_WEIGHT = 1.0  # one matched word
PHRASE_WEIGHT = 2.0  # a matched phrase of two or more words ("işıq yoxdur")
OWN_LANGUAGE_BOOST = 1.5  # keyword in the language the message was detected in
TOP_MATCHES, TOP_SCORES = 5, 3


class TopicStage:
    """Fills ``topic``, ``topic_confidence`` and ``explanations['topic']`` from keyword evidence.

    Each distinct keyword found counts once: its weight is 1 for a word and 2 for a phrase, times 1.5
    when it belongs to the message's own language, times the topic's weight. The best-scoring topic
    wins (ties go to the earlier topic in the taxonomy); with no evidence the topic is ``other``.
    Confidence is the best topic's share of all scores, damped when the evidence is thin:
    ``share * min(1, 0.5 + best / 4)``, so one plain keyword alone gives at most 0.75.
    """

    name = "topic"
    version = "keywords-1"

    def __init__(self, taxonomy: Taxonomy | None = None):
        self.taxonomy = taxonomy or load_taxonomy()
        self._order = {t.code: i for i, t in enumerate(self.taxonomy.topics)}
        self._topic_weight = {t.code: t.weight for t in self.taxonomy.topics}
        phrases = []
        for topic in self.taxonomy.topics:
            for lang, keywords in topic.keywords.items():
                for keyword in keywords:
                    words = keyword_words(keyword)
                    if words:
                        phrases.append((words, (topic.code, lang, keyword.rstrip("$"))))
        self._matcher = PhraseMatcher(phrases)

    def run(self, items: list[AnalysisItem]) -> list[AnalysisItem]:
        for item in items:
            self._classify(item)
        return items

    def _classify(self, item: AnalysisItem) -> None:
        text = item.redacted or item.normalised or item.text or ""
        # One hit per topic and place in the text (several stems may match one word), then one per keyword.
        by_place: dict[tuple[str, int, int], dict[str, Any]] = {}
        for match in self._matcher.find(text):
            base = PHRASE_WEIGHT if match.n_words > 1 else WORD_WEIGHT
            for topic, lang, keyword in match.payloads:  # type: ignore[misc]
                weight = base * self._topic_weight.get(topic, 1.0)
                if item.language and lang == item.language:
                    weight *= OWN_LANGUAGE_BOOST
                _keep_best(by_place, (topic, match.start, match.n_words), keyword, topic, weight)
        best_by_key: dict[tuple[str, str], dict[str, Any]] = {}
        for hit in by_place.values():
            _keep_best(
                best_by_key,
                (hit["topic"], hit["keyword"].casefold()),
                hit["keyword"],
                hit["topic"],
                hit["weight"],
            )
        scores: dict[str, float] = defaultdict(float)
        for hit in best_by_key.values():
            scores[hit["topic"]] += hit["weight"]
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], self._order.get(kv[0], 0)))
        if ranked:
            best_topic, best = ranked[0]
            share = best / sum(scores.values())
            confidence = share * min(1.0, 0.5 + best / 4)
        else:
            best_topic, confidence = FALLBACK_TOPIC, 0.0
        item.topic = best_topic
        item.topic_confidence = round(confidence, 3)
        matched = sorted(best_by_key.values(), key=lambda h: (-h["weight"], self._order.get(h["topic"], 0)))
        item.explanations[self.name] = {
            "matched": matched[:TOP_MATCHES],
            "scores": {code: round(score, 3) for code, score in ranked[:TOP_SCORES]},
        }


def _keep_best(hits: dict[Any, dict[str, Any]], key: Any, keyword: str, topic: str, weight: float) -> None:
    if key not in hits or hits[key]["weight"] < weight:
        hits[key] = {"keyword": keyword, "topic": topic, "weight": round(weight, 3)}
