"""Payment card numbers: 13 to 19 digits, optionally grouped by spaces or dashes, Luhn checked."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from stdnum import luhn

from aigov.analysis.pii.base import LANGUAGE, make_result, number_candidates

CONTEXT = ["kart", "card", "карт", "visa", "master", "hesab", "счет", "счёт"]
_NON_DIGIT = re.compile(r"\D")


def _is_card(candidate: str) -> bool:
    digits = _NON_DIGIT.sub("", candidate)
    return candidate[0] in "123456789" and "." not in candidate and luhn.is_valid(digits)


class AigovPaymentCardRecognizer(EntityRecognizer):
    """A Luhn-valid run of 13-19 digits that does not start with 0 (a number glued before it is skipped)."""

    needs_digit = True
    trigger = re.compile(r"(?:\d\D?){13}")

    def __init__(self) -> None:
        super().__init__(
            supported_entities=["PAYMENT_CARD"],
            name="aigov_payment_card",
            supported_language=LANGUAGE,
            context=CONTEXT,
        )

    def load(self) -> None:
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:  # type: ignore[no-untyped-def]
        return [
            make_result(self, start, end, 0.85, "card length, Luhn checksum valid")
            for start, end in number_candidates(text, 13, 19, _is_card)
        ]
