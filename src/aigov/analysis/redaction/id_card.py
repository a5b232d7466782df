"""Azerbaijani ID card serial numbers: AZE or AA followed by 7 or 8 digits."""

from __future__ import annotations

import re

from aigov.analysis.redaction.base import Span

_ID_CARD = re.compile(r"(?<!\w)(?:AZE|AA)[ -]?\d{7,8}(?!\w)")


class IdCardRecognizer:
    name = "az_id_card"
    entity_type = "ID_CARD"

    def find(self, text: str) -> list[Span]:
        return [Span(self.entity_type, m.start(), m.end(), 0.9, self.name, "ID card serial pattern")
                for m in _ID_CARD.finditer(text)]
