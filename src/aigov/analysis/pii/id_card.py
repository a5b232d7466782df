"""Azerbaijani ID card serial numbers: AZE or AA followed by 7 or 8 digits."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

from aigov.analysis.pii.base import LANGUAGE, REGEX_FLAGS

CONTEXT = [
    "vəsiqə",
    "şəxsiyyət",
    "seriya",
    "pasport",
    "паспорт",
    "удостоверени",
    "серия",
    "id card",
    "passport",
]


class AigovIdCardRecognizer(PatternRecognizer):
    """The serial shape (upper or lower case, with or without a space or dash)."""

    needs_digit = True
    trigger = re.compile(r"(?i:aze|aa)[ -]?\d{7}")

    def __init__(self) -> None:
        patterns = [
            Pattern("id_card", r"(?<!\w)(?:AZE|AA)[ -]?\d{7,8}(?!\w)", 0.85),
            Pattern("id_card_lower", r"(?<!\w)(?:aze|aa)[ -]?\d{7,8}(?!\w)", 0.3),
        ]
        super().__init__(
            supported_entity="ID_CARD",
            name="aigov_id_card",
            supported_language=LANGUAGE,
            patterns=patterns,
            context=CONTEXT,
            global_regex_flags=REGEX_FLAGS,
        )
