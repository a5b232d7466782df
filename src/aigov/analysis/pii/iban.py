"""IBANs, mod-97 checked: Azerbaijani (AZ, 28 characters) and others, whole or in groups of four."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from stdnum import iban

from aigov.analysis.pii.base import LANGUAGE, make_result

CONTEXT = ["iban", "hesab", "счет", "счёт", "account", "bank"]
_IBAN = re.compile(r"(?<![\w-])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]{4}){2,7}(?:[ -]?[A-Za-z0-9]{1,3})?(?!\w)")
_LAST_GROUP = re.compile(r"[ -]?[A-Za-z0-9]{1,4}$")
MIN_LENGTH = 15  # the shortest IBAN (Norway)


class AigovIbanRecognizer(EntityRecognizer):
    """Candidates are trimmed group by group from the end until valid (a next word can look like a group)."""

    needs_digit = True
    trigger = re.compile(r"[A-Za-z]{2}\d{2}")  # the country code and check digits

    def __init__(self) -> None:
        super().__init__(
            supported_entities=["IBAN"], name="aigov_iban", supported_language=LANGUAGE, context=CONTEXT
        )

    def load(self) -> None:
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:  # type: ignore[no-untyped-def]
        results = []
        for m in _IBAN.finditer(text):
            candidate = m.group()
            while len(re.sub(r"[ -]", "", candidate)) >= MIN_LENGTH:
                if iban.is_valid(candidate.upper().replace("-", "")):
                    results.append(
                        make_result(
                            self,
                            m.start(),
                            m.start() + len(candidate),
                            0.95,
                            "IBAN shape with a valid mod-97 checksum",
                        )
                    )
                    break
                candidate = _LAST_GROUP.sub("", candidate)
        return results
