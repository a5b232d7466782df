"""Machine translation behind one interface: ``get_translator().translate(texts, source, target)``.

Back ends (chosen with ``AIGOV_TRANSLATION_BACKEND``): ``argos`` and ``ctranslate2`` (models on this
machine), ``libretranslate`` and ``openai`` (a server given by ``AIGOV_TRANSLATION_URL``). With none
configured, :class:`~aigov.translation.base.NoTranslator` answers "no translator configured".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aigov.translation.base import (
    LANGUAGES,
    NotConfigured,
    NoTranslator,
    TranslationError,
    TranslationOutcome,
    Translator,
    translate_safely,
)

if TYPE_CHECKING:  # the settings load lazily: `aigov --help` must start fast
    from aigov.config import Settings

BACKENDS = ("argos", "ctranslate2", "libretranslate", "openai")

__all__ = ["BACKENDS", "LANGUAGES", "NoTranslator", "NotConfigured", "TranslationError", "TranslationOutcome",
           "Translator", "describe", "get_translator", "translate_safely"]


def get_translator(settings: Settings | None = None) -> Translator:
    """The configured translator, or a :class:`NoTranslator` that says what is missing."""
    from aigov.config import get_settings

    settings = settings or get_settings()
    backend = (settings.translation_backend or "").strip().lower()
    if backend in ("", "none"):
        return NoTranslator()
    try:
        if backend == "libretranslate":
            from aigov.translation.http import LibreTranslateTranslator, check_url

            return LibreTranslateTranslator(check_url(settings.translation_url, backend),
                                            api_key=settings.translation_api_key,
                                            timeout=settings.translation_timeout_s)
        if backend == "openai":
            from aigov.translation.http import OpenAICompatibleTranslator, check_url

            return OpenAICompatibleTranslator(check_url(settings.translation_url, backend),
                                              model=settings.translation_model,
                                              api_key=settings.translation_api_key,
                                              timeout=settings.translation_timeout_s)
        if backend == "argos":
            from aigov.translation.local import ArgosTranslator

            return ArgosTranslator(settings.translation_model_dir)
        if backend == "ctranslate2":
            from aigov.translation.local import CTranslate2Translator

            return CTranslate2Translator(settings.translation_model_dir)
    except NotConfigured as exc:
        return NoTranslator(str(exc))
    return NoTranslator(f"unknown translation back end {backend[:20]!r}: choose one of {', '.join(BACKENDS)}")


def describe(translator: Translator) -> dict[str, object]:
    """What pages and commands say about translation: the back end, or why there is none."""
    if isinstance(translator, NoTranslator):
        return {"backend": None, "configured": False, "reason": translator.reason}
    return {"backend": translator.name, "configured": True, "reason": None}
