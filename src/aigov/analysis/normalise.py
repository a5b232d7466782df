"""Normalise stage: Unicode NFC, no control characters, tidy whitespace, and the script used."""

from __future__ import annotations

import re
import unicodedata

from aigov.analysis.pipeline import AnalysisItem

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_HSPACE = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r" ?\n[\s]*")
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u0259]")

MIXED_MIN_SHARE = 0.2  # the smaller script must hold at least this share of letters to call a text mixed


def normalise_text(text: str) -> str:
    """NFC, control characters removed (newlines kept), whitespace runs collapsed, ends stripped."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if text.isprintable() and "  " not in text:
        # No control character, no whitespace but single ASCII spaces (every character the expressions
        # below remove or collapse is unprintable): they would change nothing, and cost a third of the stage.
        return text.strip()
    text = _CONTROL.sub("", text.replace("\t", " "))
    text = _HSPACE.sub(" ", text)
    text = _NEWLINES.sub("\n", text)
    return text.strip()


def script_counts(text: str) -> tuple[int, int]:
    """Number of Latin and Cyrillic letters in ``text``."""
    # Most texts use one script: a search that fails costs less than a list of every letter.
    latin = len(_LATIN.findall(text)) if _LATIN.search(text) else 0
    cyrillic = len(_CYRILLIC.findall(text)) if _CYRILLIC.search(text) else 0
    return latin, cyrillic


def detect_script(text: str) -> str | None:
    """``latin``, ``cyrillic``, ``mixed``, or None when the text has no letters of either."""
    return script_from_counts(*script_counts(text))


def script_from_counts(latin: int, cyrillic: int) -> str | None:
    """The script name for given Latin and Cyrillic letter counts."""
    total = latin + cyrillic
    if total == 0:
        return None
    if min(latin, cyrillic) / total >= MIXED_MIN_SHARE:
        return "mixed"
    return "latin" if latin > cyrillic else "cyrillic"


class NormaliseStage:
    """Fills ``normalised`` and ``script``."""

    name = "normalise"
    version = "1"

    def run(self, items: list[AnalysisItem]) -> list[AnalysisItem]:
        for item in items:
            item.normalised = normalise_text(item.text or "")
            latin, cyrillic = script_counts(item.normalised)
            item.script = script_from_counts(latin, cyrillic)
            item.explanations[self.name] = {
                "latin_letters": latin,
                "cyrillic_letters": cyrillic,
                "script": item.script,
                "chars_removed": len(item.text or "") - len(item.normalised),
            }
        return items
