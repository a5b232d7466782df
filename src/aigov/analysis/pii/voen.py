"""VÖEN: the Azerbaijani taxpayer number, 10 digits with a check digit."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer
from stdnum.az import voen

from aigov.analysis.pii.base import LANGUAGE, REGEX_FLAGS

CONTEXT = ["vöen", "voen", "воен", "инн", "tin", "taxpayer", "vergi", "налог"]


class AigovVoenRecognizer(PatternRecognizer):
    """Ten digits (spaces or dashes allowed) whose check digit is right; a context word raises the score."""

    needs_digit = True
    trigger = re.compile(r"(?:\d[ -]?){10}")

    def __init__(self) -> None:
        pattern = Pattern("voen", r"(?<![\d-])\d(?:[ -]?\d){9}(?![\d]|-\d)", 0.5)
        super().__init__(
            supported_entity="VOEN",
            name="aigov_voen",
            supported_language=LANGUAGE,
            patterns=[pattern],
            context=CONTEXT,
            global_regex_flags=REGEX_FLAGS,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """None (keep the pattern score) when the check digit is right, False otherwise."""
        return None if voen.is_valid(re.sub(r"\D", "", pattern_text)) else False
