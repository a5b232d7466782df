"""Azerbaijani car plates NN-LL-NNN: region code, two letters, three digits, dashes or spaces optional."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

from aigov.analysis.pii.base import LANGUAGE, REGEX_FLAGS

# Region codes in use (01-75 without 13, then 77, 90 and 99 for Baku), as in az-data-generator's plate table.
REGION_CODES = frozenset({f"{n:02d}" for n in range(1, 76) if n != 13} | {"77", "90", "99"})
CONTEXT = [
    "nömrə",
    "nişan",
    "maşın",
    "avtomobil",
    "avto",
    "plate",
    "car",
    "номер",
    "машин",
    "автомобил",
    "госномер",
]
_PLATE = r"(?<![\w-])\d{2}(?:[ -]?)[A-Za-z]{2}(?:[ -]?)\d{3}(?![\w-])"


class AigovPlateRecognizer(PatternRecognizer):
    """The plate shape with a known region code; lower-case letters count only beside a context word."""

    needs_digit = True
    trigger = re.compile(r"\d\d[ -]?[A-Za-z]{2}[ -]?\d{3}")

    def __init__(self) -> None:
        super().__init__(
            supported_entity="PLATE",
            name="aigov_plate",
            supported_language=LANGUAGE,
            patterns=[Pattern("plate", _PLATE, 0.6)],
            context=CONTEXT,
            global_regex_flags=REGEX_FLAGS,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if pattern_text[:2] in REGION_CODES else False

    def invalidate_result(self, pattern_text: str) -> bool | None:
        letters = re.sub(r"[^A-Za-z]", "", pattern_text)
        return not letters.isupper() and not letters.islower() or None

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):  # type: ignore[no-untyped-def]
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for (
            result
        ) in results:  # lower case letters: weak alone, a context word can lift it over the threshold
            if text[result.start : result.end].lower() == text[result.start : result.end]:
                result.score = 0.1
        return results
