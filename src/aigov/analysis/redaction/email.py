"""E-mail addresses."""

from __future__ import annotations

import re

from aigov.analysis.redaction.base import Span

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?!\w)")


class EmailRecognizer:
    name = "email_pattern"
    entity_type = "EMAIL"

    def find(self, text: str) -> list[Span]:
        if "@" not in text:
            return []
        return [Span(self.entity_type, m.start(), m.end(), 0.95, self.name, "e-mail address pattern")
                for m in _EMAIL.finditer(text)]
