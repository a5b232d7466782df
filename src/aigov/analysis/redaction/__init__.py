"""Personal-data recognizers behind one interface, ``find(text) -> list[Span]``, and overlap resolution."""

from __future__ import annotations

from aigov.analysis.redaction.base import Recognizer, Span
from aigov.analysis.redaction.card import PaymentCardRecognizer
from aigov.analysis.redaction.email import EmailRecognizer
from aigov.analysis.redaction.fin import FinRecognizer
from aigov.analysis.redaction.iban import IbanRecognizer
from aigov.analysis.redaction.id_card import IdCardRecognizer
from aigov.analysis.redaction.phone import PhoneRecognizer
from aigov.analysis.redaction.voen import VoenRecognizer

__all__ = ["Recognizer", "Span", "default_recognizers", "find_all", "resolve_overlaps"]


def default_recognizers() -> list[Recognizer]:
    """All built-in recognizers, most specific first."""
    return [
        EmailRecognizer(), IbanRecognizer(), PaymentCardRecognizer(), VoenRecognizer(),
        IdCardRecognizer(), PhoneRecognizer(), FinRecognizer(),
    ]


def resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Keep non-overlapping spans, the longest first and then the highest score; sorted by start."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-len(s), -s.score, s.start)):
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def find_all(text: str, recognizers: list[Recognizer]) -> list[Span]:
    """Spans of every recognizer, overlaps resolved."""
    return resolve_overlaps([span for r in recognizers for span in r.find(text)])
