"""Near-duplicate texts: Jaccard similarity of character shingles of the (redacted) text."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+")
SHINGLE = 4


def shingles(text: str, size: int = SHINGLE) -> frozenset[str]:
    """Character n-grams of the text folded for case, accents, punctuation and spacing."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c)).replace("ı", "i").replace("ə", "e")
    folded = " " + _NON_WORD.sub(" ", folded).strip() + " "
    if len(folded) <= size:
        return frozenset({folded})
    return frozenset(folded[i : i + size] for i in range(len(folded) - size + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
