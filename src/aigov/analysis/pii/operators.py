"""Anonymizer operators on Presidio's AnonymizerEngine: type tags, masking, keyed pseudonyms.

- ``redact``: every entity becomes its type tag, ``<PHONE>``.
- ``mask``: letters and digits become ``*``, separators stay, so the shape remains readable.
- ``pseudonymise``: ``<PERSON_3f9a1c>``, the first hex digits of HMAC-SHA256 over the type and the value
  (case and separators ignored) with the installation's secret key: the same input gives the same token,
  and nobody without the key can link a token back to a value.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from functools import lru_cache

from presidio_analyzer import RecognizerResult
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig
from presidio_anonymizer.entities import RecognizerResult as AnonymizerResult

from aigov.analysis.pii.engine import ENTITY_TYPES

MODES = ("redact", "mask", "pseudonymise")
TOKEN_HEX = 6
_SEPARATORS = re.compile(r"[\W_]+")
_MASKED = re.compile(r"\w")


@lru_cache(maxsize=1)
def anonymizer() -> AnonymizerEngine:
    return AnonymizerEngine()


def pseudonym(entity_type: str, value: str, key: str) -> str:
    """``<TYPE_xxxxxx>``: keyed HMAC-SHA256 of the type and the value without case and separators."""
    canonical = _SEPARATORS.sub("", value).casefold()
    digest = hmac.new(key.encode(), f"{entity_type}:{canonical}".encode(), hashlib.sha256).hexdigest()
    return f"<{entity_type}_{digest[:TOKEN_HEX]}>"


def mask(value: str) -> str:
    """Letters and digits as ``*``; spaces, dashes and dots kept."""
    return _MASKED.sub("*", value)


def _secret_key() -> str:
    from aigov.config import get_settings

    return get_settings().resolved_secret_key()


def operators(mode: str, key: str | None = None) -> dict[str, OperatorConfig]:
    """Presidio operator configurations, one per entity type, for ``mode``."""
    if mode not in MODES:
        raise ValueError(f"unknown anonymisation mode {mode!r}; use one of {', '.join(MODES)}")
    configs: dict[str, OperatorConfig] = {}
    if mode == "pseudonymise":
        secret = key or _secret_key()
    for entity_type in ENTITY_TYPES:
        if mode == "redact":
            configs[entity_type] = OperatorConfig("replace", {"new_value": f"<{entity_type}>"})
        elif mode == "mask":
            configs[entity_type] = OperatorConfig("custom", {"lambda": mask})
        else:
            configs[entity_type] = OperatorConfig("custom", {"lambda": _pseudonymiser(entity_type, secret)})
    configs["DEFAULT"] = OperatorConfig("replace", {"new_value": "<PII>"})
    return configs


def _pseudonymiser(entity_type: str, key: str) -> Callable[[str], str]:
    return lambda value: pseudonym(entity_type, value, key)


def anonymize(
    text: str, results: list[RecognizerResult], mode: str = "redact", key: str | None = None
) -> str:
    """``text`` with every result replaced as ``mode`` says (results must not overlap)."""
    if not results:
        return text
    plain = [AnonymizerResult(r.entity_type, r.start, r.end, r.score) for r in results]
    return anonymizer().anonymize(text=text, analyzer_results=plain, operators=operators(mode, key)).text
