"""Redact stage: personal data in ``normalised`` replaced by type tags such as ``<PHONE>``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from aigov.analysis.pipeline import AnalysisItem
from aigov.analysis.redaction import Recognizer, Span, default_recognizers, find_all

_DEFAULT = default_recognizers()


def apply_spans(text: str, spans: list[Span]) -> str:
    """``text`` with every (non-overlapping, sorted) span replaced by ``<TYPE>``."""
    parts, last = [], 0
    for span in spans:
        parts.append(text[last:span.start])
        parts.append(f"<{span.type}>")
        last = span.end
    parts.append(text[last:])
    return "".join(parts)


def redact_text(text: str, recognizers: list[Recognizer] | None = None) -> tuple[str, list[dict[str, Any]]]:
    """Redacted text and entities ``{"type", "start", "end", "score"}`` (offsets into ``text``)."""
    spans = find_all(text, recognizers or _DEFAULT)
    return apply_spans(text, spans), _entities(spans)


def _entities(spans: list[Span]) -> list[dict[str, Any]]:
    return [{"type": s.type, "start": s.start, "end": s.end, "score": s.score} for s in spans]


class RedactStage:
    """Fills ``redacted`` and ``entities``; explanations name type, recognizer and reason, never the value."""

    name = "redact"
    version = "rules-1"

    def __init__(self, recognizers: list[Recognizer] | None = None):
        self.recognizers = recognizers or default_recognizers()

    def run(self, items: list[AnalysisItem]) -> list[AnalysisItem]:
        for item in items:
            spans = find_all(item.normalised, self.recognizers)
            item.redacted = apply_spans(item.normalised, spans)
            item.entities = _entities(spans)
            item.explanations[self.name] = {
                "counts": dict(Counter(s.type for s in spans)),
                "found": [{"type": s.type, "recognizer": s.recognizer, "reason": s.reason, "score": s.score}
                          for s in spans],
            }
        return items
