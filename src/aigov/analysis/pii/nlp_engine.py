"""An NLP engine that needs no model: a regular-expression tokenizer whose lemmas are lower-cased tokens.

Presidio's context enhancement only needs tokens, their offsets and lemmas; a word-split is enough for that
and runs far faster than any spaCy pipeline. It finds no entities itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

from aigov.analysis.pii.base import LANGUAGE

_TOKEN = re.compile(r"\w+|[^\w\s]")


class _Artifacts(NlpArtifacts):
    """Presidio's artifacts, with its keywords found without a call per token to the engine."""

    @staticmethod
    def set_keywords(nlp_engine, lemmas: list[str], language: str) -> list[str]:  # type: ignore[no-untyped-def]
        # As NlpArtifacts.set_keywords for RegexNlpEngine: no stop words, punctuation is one non-alphanumeric
        # character (so no kept token holds ":" to split on).
        return [k.lower() for k in lemmas if (len(k) != 1 or k.isalnum()) and k != "-PRON-" and k != "be"]


class RegexNlpEngine(NlpEngine):
    """Tokens are runs of word characters or single punctuation marks; no stop words, no NER."""

    def __init__(self, languages: Iterable[str] = (LANGUAGE,)):
        self.languages = list(languages)

    def load(self) -> None:  # nothing to load
        return None

    def is_loaded(self) -> bool:
        return True

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        tokens, starts = [], []
        for m in _TOKEN.finditer(text):
            tokens.append(m.group())
            starts.append(m.start())
        lemmas = [t.lower().replace("\u0307", "") for t in tokens]  # "FİN".lower() has a combining dot
        return _Artifacts(
            entities=[],
            tokens=tokens,
            tokens_indices=starts,
            lemmas=lemmas,
            nlp_engine=self,
            language=language,
        )

    def process_batch(
        self, texts: Iterable[str], language: str, batch_size: int = 1, n_process: int = 1, **kwargs
    ) -> Iterator[tuple[str, NlpArtifacts]]:
        for text in texts:
            yield text, self.process_text(text, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return False

    def is_punct(self, word: str, language: str) -> bool:
        return len(word) == 1 and not word.isalnum()

    def get_supported_entities(self) -> list[str]:
        return []

    def get_supported_languages(self) -> list[str]:
        return self.languages
