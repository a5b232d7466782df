"""Language stage: Azerbaijani, Russian, English or Turkish, with lingua and a few script rules."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from aigov.analysis.pipeline import AnalysisItem

LANGUAGES = {
    Language.AZERBAIJANI: "az",
    Language.RUSSIAN: "ru",
    Language.ENGLISH: "en",
    Language.TURKISH: "tr",
}
MIN_LETTERS = 3  # fewer letters than this: language unknown
RULE_CONFIDENCE = 0.99

_ENOUGH_LETTERS = re.compile(rf"[^\W\d_](?:[\W\d_]*[^\W\d_]){{{MIN_LETTERS - 1}}}")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u0259\u018f]")
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
# Letters of Azerbaijani Cyrillic that Russian lacks (no detector knows Azerbaijani in Cyrillic).
_AZ_CYRILLIC = re.compile(r"[әғҹјөүһҝӘҒҸЈӨҮҺҜ]")
# Schwa is Azerbaijani-only; Turkish has no q, x or w, while Azerbaijani uses q and x in everyday words.
_AZ_SCHWA = re.compile(r"[əƏ]")
_AZ_CUES = re.compile(
    r"(?<!\w)(?:\w*[qx]\w*|men|sen|ele|hec|heç|indi|deyil\w*|yox\w*|amma|nece|niye|cox|ucun|üçün|gore|görə"
    r"|hansi|bele|edir\w*|(?-i:[a-zçğıöşü]\w+(?:mir|mır|mur|mür)(?:lər|ler|lar)?))(?!\w)",
    re.IGNORECASE,
)
_TR_CUES = re.compile(
    r"(?<!\w)(?:\w+[iıuü]yor\w*|değil\w*|için|çok|ben|yok|gibi|kadar|şimdi|hiç|nasıl|neden|ederim|ediyor\w*"
    r"|olmuş|ama|\w+(?:mış|miş|muş|müş)(?:tır|tir|tur|tür)?|\w+(?:acak|ecek)(?:tır|tir)?)(?!\w)",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    """The one lingua detector of the process, restricted to our four languages."""
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).with_preloaded_language_models().build()


def az_tr_vote(text: str) -> tuple[str | None, str | None]:
    """(language, reason) from letters and words unique to az or tr; (None, None) if undecided."""
    if _AZ_SCHWA.search(text):
        return "az", "schwa"
    az, tr = len(_AZ_CUES.findall(text)), len(_TR_CUES.findall(text))
    if az > tr:
        return "az", "az_words"
    if tr > az:
        return "tr", "tr_words"
    return None, None


def script_rule(text: str) -> str | None:
    """The rule that decides ``text`` without the detector, or None.

    ``too_few_letters``; ``az_cyrillic_letters`` (letters of Azerbaijani Cyrillic that Russian lacks);
    ``cyrillic_only`` (Cyrillic without any Latin letter: of our four languages only Russian is written so);
    ``schwa`` (ə in Latin text with no Cyrillic letter: only Azerbaijani has it). On 20,000 benchmark
    messages the last two agreed with the detector on every text it could decide.
    """
    if not _ENOUGH_LETTERS.search(text):
        return "too_few_letters"
    if _CYRILLIC.search(text):
        if _AZ_CYRILLIC.search(text):
            return "az_cyrillic_letters"
        return None if _LATIN.search(text) else "cyrillic_only"
    if _AZ_SCHWA.search(text):
        return "schwa"
    return None


def detect(texts: list[str]) -> list[dict[str, Any]]:
    """Language, confidence and explanation for each text, in one batch call to lingua."""
    results: list[dict[str, Any] | None] = [None] * len(texts)
    todo: list[int] = []
    for i, text in enumerate(texts):
        rule = script_rule(text)
        if rule is None:
            todo.append(i)
        elif rule == "too_few_letters":
            results[i] = {"language": None, "confidence": None, "why": {"rule": rule}}
        else:
            language = "ru" if rule == "cyrillic_only" else "az"
            results[i] = {"language": language, "confidence": RULE_CONFIDENCE, "why": {"rule": rule}}
    if todo:
        batch = detector().compute_language_confidence_values_in_parallel([texts[i] for i in todo])
        for i, values in zip(todo, batch, strict=True):
            results[i] = _from_lingua(texts[i], values)
    return results  # type: ignore[return-value]


def _from_lingua(text: str, values: list[Any]) -> dict[str, Any]:
    top = [{"language": LANGUAGES[v.language], "confidence": round(v.value, 3)} for v in values[:3]]
    why: dict[str, Any] = {"rule": None, "candidates": top}
    if not values or values[0].value == 0:
        return {"language": None, "confidence": None, "why": why}
    language, confidence = top[0]["language"], values[0].value
    if language in ("az", "tr"):
        vote, reason = az_tr_vote(text)
        if vote and vote != language:
            wanted = Language.AZERBAIJANI if vote == "az" else Language.TURKISH
            other = next((v.value for v in values if v.language is wanted), 0.0)
            language, confidence = vote, max(other, 0.5)
            why["rule"] = f"az_tr_{reason}"
    return {"language": language, "confidence": round(confidence, 3), "why": why}


class LanguageStage:
    """Fills ``language`` and ``language_confidence`` from ``normalised``."""

    name = "language"
    version = "lingua-2-rules-2"

    def run(self, items: list[AnalysisItem]) -> list[AnalysisItem]:
        for item, result in zip(items, detect([it.normalised for it in items]), strict=True):
            item.language = result["language"]
            item.language_confidence = result["confidence"]
            item.explanations[self.name] = result["why"]
        return items
