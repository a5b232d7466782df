"""Personal-data detection on Microsoft Presidio: aigov's recognizers (az/ru/en), context words, operators."""

from __future__ import annotations

from aigov.analysis.pii.engine import ENTITY_TYPES, SCORE_THRESHOLD, analyze, explain, get_analyzer

__all__ = ["ENTITY_TYPES", "SCORE_THRESHOLD", "analyze", "explain", "get_analyzer"]
