"""Telephone numbers through the phonenumbers library: Azerbaijani in any common notation, others as +CC."""

from __future__ import annotations

import re

import phonenumbers
from presidio_analyzer import EntityRecognizer, RecognizerResult

from aigov.analysis.pii.base import LANGUAGE, make_result, number_candidates

CONTEXT = [
    "telefon",
    "tel",
    "nömrə",
    "nomre",
    "mobil",
    "zəng",
    "zeng",
    "whatsapp",
    "тел",
    "номер",
    "звон",
    "моб",
    "phone",
    "call",
    "mobile",
    "number",
    "contact",
    "əlaqə",
]
_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
_PREFIXED = re.compile(r"\+|00|0|\(|994|8\s?\(?9")  # international, national trunk 0 (or Russian 8 9..)


class AigovPhoneRecognizer(EntityRecognizer):
    """Valid numbers for region AZ (national 0XX/(012) forms, 994 without plus) and any +CC number; in
    Cyrillic text also Russian national forms (8 912 ...)."""

    needs_digit = True
    trigger = re.compile(r"(?:\d\D{0,3}){7}")

    def __init__(self) -> None:
        super().__init__(
            supported_entities=["PHONE"], name="aigov_phone", supported_language=LANGUAGE, context=CONTEXT
        )

    def load(self) -> None:
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:  # type: ignore[no-untyped-def]
        regions = ("AZ", "RU") if _CYRILLIC.search(text) else ("AZ",)
        results = []
        for start, end in number_candidates(
            text, 7, 15, lambda c: not _DATE.fullmatch(c) and _valid_region(c, regions) is not None
        ):
            candidate = text[start:end]
            region = _valid_region(candidate, regions)
            if _PREFIXED.match(candidate):
                results.append(
                    make_result(self, start, end, 0.75, f"valid number (phonenumbers, region {region})")
                )
            else:  # a bare number such as 123456789 may be an order number: it needs a context word
                reason = f"valid number without prefix (phonenumbers, region {region})"
                results.append(make_result(self, start, end, 0.2, reason))
        return results


def _valid_region(candidate: str, regions: tuple[str, ...]) -> str | None:
    """The first region in which ``candidate`` parses as a valid number, or None."""
    for region in regions:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return region
    return None
