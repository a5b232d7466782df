"""The one translation interface, its errors, and the stand-in used when no translator is configured."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

LANGUAGES = {"az": "Azerbaijani", "ru": "Russian", "en": "English", "tr": "Turkish"}
MAX_TEXTS = 200
MAX_CHARS = 5_000


class TranslationError(RuntimeError):
    """A translator could not translate. The message names the back end and the reason, never the text."""


class NotConfigured(TranslationError):
    """No translator is configured, or the configured one cannot start (library or model missing)."""


@runtime_checkable
class Translator(Protocol):
    """``translate(texts, source, target)`` returns one translation per text, in order."""

    name: str

    def translate(self, texts: list[str], source: str | None, target: str) -> list[str]: ...


class NoTranslator:
    """What aigov uses with no translator configured: it says so instead of pretending."""

    name = "none"

    def __init__(self, reason: str | None = None):
        self.reason = reason or ("no translator configured: set AIGOV_TRANSLATION_BACKEND "
                                 "(argos, ctranslate2, libretranslate or openai); see docs/news.md")

    def translate(self, texts: list[str], source: str | None, target: str) -> list[str]:
        raise NotConfigured(self.reason)


@dataclass
class TranslationOutcome:
    """Translations, or why there are none (for pages and commands to show)."""

    backend: str
    texts: list[str] | None = None
    error: str | None = None
    configured: bool = True

    @property
    def ok(self) -> bool:
        return self.texts is not None


def check_request(texts: list[str], source: str | None, target: str) -> None:
    """Refuse what no back end should be sent: unknown codes, too many or too long texts."""
    if target not in LANGUAGES:
        raise TranslationError(f"cannot translate into {target[:10]!r}: choose one of {', '.join(LANGUAGES)}")
    if source is not None and source not in LANGUAGES:
        raise TranslationError(f"cannot translate from {source[:10]!r}: choose one of {', '.join(LANGUAGES)}")
    if len(texts) > MAX_TEXTS:
        raise TranslationError(f"at most {MAX_TEXTS} texts per call")
    for number, text in enumerate(texts, 1):
        if not isinstance(text, str):
            raise TranslationError(f"text {number} is not a string")
        if len(text) > MAX_CHARS:
            raise TranslationError(f"text {number} is longer than {MAX_CHARS} characters")


def translate_safely(translator: Translator, texts: list[str], source: str | None, target: str
                     ) -> TranslationOutcome:
    """Translate, turning every failure into an outcome with a reason (nothing raised)."""
    if source == target:
        return TranslationOutcome(backend=translator.name, texts=list(texts))
    try:
        check_request(texts, source, target)
        todo = [i for i, text in enumerate(texts) if text.strip()]
        done = translator.translate([texts[i] for i in todo], source, target) if todo else []
    except NotConfigured as exc:
        return TranslationOutcome(backend=translator.name, error=str(exc), configured=False)
    except TranslationError as exc:
        return TranslationOutcome(backend=translator.name, error=str(exc))
    if len(done) != len(todo):
        return TranslationOutcome(backend=translator.name, error=f"{translator.name} returned "
                                  f"{len(done)} translations for {len(todo)} texts")
    result = list(texts)
    for i, text in zip(todo, done, strict=True):
        result[i] = text
    return TranslationOutcome(backend=translator.name, texts=result)
