"""IBANs, mod-97 checked: Azerbaijani (AZ, 2 check digits, 4-letter bank, 20 alphanumerics) and others."""

from __future__ import annotations

import re

from stdnum import iban

from aigov.analysis.redaction.base import Span

_IBAN = re.compile(r"(?<![\w-])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?!\w)")
_LAST_GROUP = re.compile(r" ?[A-Z0-9]{1,4}$")
MIN_LENGTH = 15  # shortest IBAN (Norway)


class IbanRecognizer:
    name = "iban_checksum"
    entity_type = "IBAN"

    def find(self, text: str) -> list[Span]:
        spans = []
        for m in _IBAN.finditer(text):
            candidate = m.group()
            # a following capitalised word may have been taken as one more group: drop groups until valid
            while len(candidate.replace(" ", "")) >= MIN_LENGTH:
                if iban.is_valid(candidate):
                    end, reason = m.start() + len(candidate), "valid IBAN checksum"
                    spans.append(Span(self.entity_type, m.start(), end, 0.95, self.name, reason))
                    break
                candidate = _LAST_GROUP.sub("", candidate)
        return spans
