"""Redact stage: personal data in ``normalised`` found by aigov's Presidio recognizers and replaced by type
tags such as ``<PHONE>`` (or masked, or pseudonymised).

Presidio is imported on first use, not at import time, so commands that never analyse text start fast.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from aigov.analysis.pipeline import AnalysisItem


def redact_text(text: str, mode: str = "redact", key: str | None = None) -> tuple[str, list[dict[str, Any]]]:
    """Redacted text and entities ``{"type", "start", "end", "score"}`` (offsets into ``text``).

    ``mode`` is ``redact`` (``<PHONE>``), ``mask`` (``***-**-**``) or ``pseudonymise`` (``<PHONE_3f9a1c>``,
    keyed with ``key`` or the installation's secret key).
    """
    from aigov.analysis.pii import analyze
    from aigov.analysis.pii.operators import anonymize

    results = analyze(text)
    return anonymize(text, results, mode, key), _entities(results)


def _entities(results: list[Any]) -> list[dict[str, Any]]:
    return [
        {"type": r.entity_type, "start": r.start, "end": r.end, "score": round(float(r.score), 3)}
        for r in results
    ]


class RedactStage:
    """Fills ``redacted`` and ``entities``; explanations: type, recognizer, score and reason, never values."""

    name = "redact"
    version = "presidio-1"

    def __init__(self, mode: str = "redact"):
        self.mode = mode

    def run(self, items: list[AnalysisItem]) -> list[AnalysisItem]:
        from aigov.analysis.pii import analyze, explain
        from aigov.analysis.pii.operators import anonymize

        for item in items:
            results = analyze(item.normalised)
            item.redacted = anonymize(item.normalised, results, self.mode)
            item.entities = _entities(results)
            item.explanations[self.name] = {
                "counts": dict(Counter(r.entity_type for r in results)),
                "found": [explain(r) for r in results],
            }
        return items
