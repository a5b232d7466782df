"""VÖEN: the Azerbaijani taxpayer number, 10 digits with a check digit."""

from __future__ import annotations

import re

from stdnum.az import voen

from aigov.analysis.redaction.base import Span, has_context

_VOEN = re.compile(r"(?<![\d-])\d{10}(?![\d-])")
_CONTEXT = re.compile(r"(?<!\w)(?i:vöen|voen|vÖen|воен|инн|tin|taxpayer|vergi)(?!\w)")


class VoenRecognizer:
    name = "az_voen"
    entity_type = "VOEN"

    def find(self, text: str) -> list[Span]:
        spans = []
        for m in _VOEN.finditer(text):
            if not voen.is_valid(m.group()):
                continue
            if has_context(text, m.start(), m.end(), _CONTEXT):
                score, reason = 0.95, "valid check digit, context word"
            else:
                score, reason = 0.6, "valid check digit"
            spans.append(Span(self.entity_type, m.start(), m.end(), score, self.name, reason))
        return spans
