"""FIN: the 7-character personal code on Azerbaijani ID cards (0-9 and A-Z without I and O)."""

from __future__ import annotations

import re

from aigov.analysis.redaction.base import Span, has_context

_FIN = re.compile(r"(?<![\w-])(?=[0-9A-HJ-NP-Z]*\d)(?=[0-9A-HJ-NP-Z]*[A-HJ-NP-Z])[0-9A-HJ-NP-Z]{7}(?![\w-])")
_CONTEXT = re.compile(
    r"(?<!\w)(?i:fin|fİn|фин|pin|personal code|şəxsiyyət vəsiqə|vəsiqə|удостоверени|personal identification)"
)


class FinRecognizer:
    name = "az_fin"
    entity_type = "FIN"

    def find(self, text: str) -> list[Span]:
        spans = []
        for m in _FIN.finditer(text):
            if has_context(text, m.start(), m.end(), _CONTEXT):
                score, reason = 0.9, "FIN shape, context word"
            else:
                score, reason = 0.5, "FIN shape"
            spans.append(Span(self.entity_type, m.start(), m.end(), score, self.name, reason))
        return spans
