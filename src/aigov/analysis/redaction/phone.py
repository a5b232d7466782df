"""Telephone numbers: Azerbaijani in any common notation, other countries in international format."""

from __future__ import annotations

import re

import phonenumbers

from aigov.analysis.redaction.base import Span

_DIGITS = re.compile(r"\d")


class PhoneRecognizer:
    name = "phone_numbers"
    entity_type = "PHONE"
    region = "AZ"

    def find(self, text: str) -> list[Span]:
        if len(_DIGITS.findall(text)) < 7:
            return []
        return [
            Span(self.entity_type, m.start, m.end, 0.85, self.name, "valid number (phonenumbers, region AZ)")
            for m in phonenumbers.PhoneNumberMatcher(text, self.region)
        ]
