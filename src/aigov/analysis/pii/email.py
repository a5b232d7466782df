"""E-mail addresses."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

from aigov.analysis.pii.base import LANGUAGE, REGEX_FLAGS

CONTEXT = ["email", "e-mail", "mail", "poçt", "почт", "электронн"]


class AigovEmailRecognizer(PatternRecognizer):
    """Local part, @, a domain with a top-level part of letters."""

    # "@", then the domain's first label and its dot (a mention such as "@AmericanAir" has none).
    trigger = re.compile(r"@[^\s.]+\.")

    def __init__(self) -> None:
        pattern = Pattern("email", r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?!\w)", 0.9)
        super().__init__(
            supported_entity="EMAIL",
            name="aigov_email",
            supported_language=LANGUAGE,
            patterns=[pattern],
            context=CONTEXT,
            global_regex_flags=REGEX_FLAGS,
        )
