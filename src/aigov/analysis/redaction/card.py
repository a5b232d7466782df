"""Payment card numbers: 13 to 19 digits, optionally grouped by spaces or dashes, Luhn checked."""

from __future__ import annotations

import re

from stdnum import luhn

from aigov.analysis.redaction.base import Span

_CARD = re.compile(r"(?<![\d+-])\d(?:[ -]?\d){12,18}(?![\d-])")
_NON_DIGIT = re.compile(r"\D")


class PaymentCardRecognizer:
    name = "payment_card_luhn"
    entity_type = "PAYMENT_CARD"

    def find(self, text: str) -> list[Span]:
        spans = []
        for m in _CARD.finditer(text):
            digits = _NON_DIGIT.sub("", m.group())
            if 13 <= len(digits) <= 19 and digits[0] != "0" and luhn.is_valid(digits):
                reason = "card length, Luhn valid"
                spans.append(Span(self.entity_type, m.start(), m.end(), 0.9, self.name, reason))
        return spans
