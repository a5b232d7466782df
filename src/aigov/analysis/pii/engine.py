"""The Presidio AnalyzerEngine with only aigov's recognizers, built once, and a fast path over it.

``analyze`` uses the engine's own registry, recognizers and context enhancer, but skips the per-call work
that dominates on short messages: recognizers whose trigger characters are absent (a digit, for most) are
not run, and the text is tokenized (for context words) only when something was found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult

from aigov.analysis.pii.address import AigovAddressRecognizer
from aigov.analysis.pii.base import DIGIT, LANGUAGE, REGEX_FLAGS
from aigov.analysis.pii.context import PrefixContextEnhancer
from aigov.analysis.pii.email import AigovEmailRecognizer
from aigov.analysis.pii.fin import AigovFinRecognizer
from aigov.analysis.pii.iban import AigovIbanRecognizer
from aigov.analysis.pii.id_card import AigovIdCardRecognizer
from aigov.analysis.pii.nlp_engine import RegexNlpEngine
from aigov.analysis.pii.payment_card import AigovPaymentCardRecognizer
from aigov.analysis.pii.person import AigovPersonRecognizer
from aigov.analysis.pii.phone import AigovPhoneRecognizer
from aigov.analysis.pii.plate import AigovPlateRecognizer
from aigov.analysis.pii.voen import AigovVoenRecognizer

ENTITY_TYPES = (
    "PERSON",
    "PHONE",
    "EMAIL",
    "FIN",
    "VOEN",
    "IBAN",
    "ID_CARD",
    "PLATE",
    "PAYMENT_CARD",
    "ADDRESS",
)
SCORE_THRESHOLD = 0.4  # results below it are dropped; weak shapes need a context word to pass


def aigov_recognizers() -> list[EntityRecognizer]:
    """One instance of every aigov recognizer."""
    return [
        AigovEmailRecognizer(),
        AigovIbanRecognizer(),
        AigovPaymentCardRecognizer(),
        AigovVoenRecognizer(),
        AigovIdCardRecognizer(),
        AigovPhoneRecognizer(),
        AigovFinRecognizer(),
        AigovPlateRecognizer(),
        AigovAddressRecognizer(),
        AigovPersonRecognizer(),
    ]


@lru_cache(maxsize=1)
def get_analyzer() -> AnalyzerEngine:
    """Presidio's AnalyzerEngine holding only aigov's recognizers, a model-free NLP engine and context words
    (by prefix) looked for five tokens before and two after a match."""
    registry = RecognizerRegistry(
        recognizers=aigov_recognizers(), global_regex_flags=REGEX_FLAGS, supported_languages=[LANGUAGE]
    )
    enhancer = PrefixContextEnhancer(context_prefix_count=5, context_suffix_count=2)
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=RegexNlpEngine(),
        supported_languages=[LANGUAGE],
        default_score_threshold=SCORE_THRESHOLD,
        context_aware_enhancer=enhancer,
    )


@lru_cache(maxsize=1)
def _recognizers() -> tuple[EntityRecognizer, ...]:
    recognizers = get_analyzer().registry.get_recognizers(language=LANGUAGE, all_fields=True)
    for recognizer in recognizers:
        recognizer.load()
    return tuple(recognizers)


@lru_cache(maxsize=16)
def _gates(
    recognizers: tuple[EntityRecognizer, ...],
) -> tuple[tuple[EntityRecognizer, bool, re.Pattern[str] | None], ...]:
    """Each recognizer with what a text must hold for it to find anything: a digit (its ``needs_digit``) and a
    match of its ``trigger`` pattern (looked up once, not per text)."""
    return tuple((r, getattr(r, "needs_digit", False), getattr(r, "trigger", None)) for r in recognizers)


def analyze(
    text: str, threshold: float = SCORE_THRESHOLD, recognizers: Sequence[EntityRecognizer] | None = None
) -> list[RecognizerResult]:
    """Personal data found in ``text``: non-overlapping results sorted by start.

    ``recognizers`` replaces the engine's own (e.g. :func:`rules_only_recognizers` for comparisons)."""
    if not text:
        return []
    has_digit = DIGIT.search(text) is not None  # most recognizers need one: asked once, not by each
    gates = _gates(_recognizers() if recognizers is None else tuple(recognizers))
    active = [
        r
        for r, needs_digit, trigger in gates
        if (has_digit or not needs_digit) and (trigger is None or trigger.search(text) is not None)
    ]
    results: list[RecognizerResult] = []
    for recognizer in active:
        results.extend(recognizer.analyze(text, recognizer.supported_entities, None))
    if not results:
        return []
    analyzer = get_analyzer()
    artifacts = analyzer.nlp_engine.process_text(text, LANGUAGE)
    results = analyzer.context_aware_enhancer.enhance_using_context(text, results, artifacts, active)
    return resolve_overlaps([r for r in results if r.score >= threshold])


@lru_cache(maxsize=1)
def rules_only_recognizers() -> tuple[EntityRecognizer, ...]:
    """The engine's recognizers with PERSON found by the name rules alone (no model): for evaluation."""
    rules = AigovPersonRecognizer(use_model=False)
    rules.load()
    return tuple(rules if isinstance(r, AigovPersonRecognizer) else r for r in _recognizers())


def resolve_overlaps(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Keep non-overlapping results, the longest first and then the highest score; sorted by start."""
    kept: list[RecognizerResult] = []
    for result in sorted(results, key=lambda r: (-(r.end - r.start), -r.score, r.start)):
        if all(result.end <= k.start or result.start >= k.end for k in kept):
            kept.append(result)
    return sorted(kept, key=lambda r: r.start)


def explain(result: RecognizerResult) -> dict[str, Any]:
    """Type, recognizer, score and Presidio's explanation text (and context word, if one raised the score);
    never the matched value."""
    explanation = result.analysis_explanation
    out: dict[str, Any] = {
        "type": result.entity_type,
        "recognizer": explanation.recognizer if explanation else None,
        "score": round(float(result.score), 3),
        "explanation": explanation.textual_explanation if explanation else None,
    }
    if explanation and explanation.supportive_context_word:
        out["context_word"] = explanation.supportive_context_word
    return out
