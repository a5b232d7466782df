"""FIN: the 7-character personal code on Azerbaijani ID cards (0-9 and A-Z without I and O)."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

from aigov.analysis.pii.base import LANGUAGE, REGEX_FLAGS
from aigov.analysis.pii.plate import REGION_CODES

CONTEXT = ["fin", "фин", "pin", "şəxsiyyət", "vəsiqə", "удостоверени", "personal code", "identification"]
_CHARS = "0-9A-HJ-NP-Z"
# Upper case with both a digit and a letter; it may follow "FIN:" or "FIN" glued on without a space.
_UPPER = (
    rf"(?:(?<=[Ff][İIiı][Nn])|(?<=[Ff][İIiı][Nn]:)|(?<![\w-]))"
    rf"(?=[{_CHARS}]*\d)(?=[{_CHARS}]*[A-Z])[{_CHARS}]{{7}}(?![\w-])"
)
# Lower or mixed case counts only beside a context word (its base score is under the threshold).
_ANY_CASE = (
    r"(?<![\w-])(?=[0-9a-np-z]*\d)(?=[0-9a-np-z]*[a-z])(?=\w*[a-z])[0-9a-hj-np-zA-HJ-NP-Z]{7}(?![\w-])"
)


_PLATE_SHAPE = re.compile(r"(\d\d)[A-Z]{2}\d{3}")


class AigovFinRecognizer(PatternRecognizer):
    """The FIN shape; a context word (FİN, vəsiqə, ФИН...) raises the score."""

    needs_digit = True  # both patterns hold one (the trigger's "FİN:XXXXXXX" alone finds nothing)
    trigger = re.compile(
        r"(?<![^\W_])(?=[0-9A-Za-z]{0,6}\d)[0-9A-Za-z]{7}(?![^\W_])|[Ff][İIiı][Nn]:?[0-9A-Z]{7}"
    )

    def __init__(self) -> None:
        patterns = [Pattern("fin_upper", _UPPER, 0.5), Pattern("fin_lower_case", _ANY_CASE, 0.1)]
        super().__init__(
            supported_entity="FIN",
            name="aigov_fin",
            supported_language=LANGUAGE,
            patterns=patterns,
            context=CONTEXT,
            global_regex_flags=REGEX_FLAGS,
        )

    def invalidate_result(self, pattern_text: str) -> bool | None:
        """A car plate without dashes (10AA123 with a known region code) is left to the plate recognizer."""
        shape = _PLATE_SHAPE.fullmatch(pattern_text.upper())
        return bool(shape and shape.group(1) in REGION_CODES) or None
