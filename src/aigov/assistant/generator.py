"""An optional answer writer: any OpenAI-compatible chat endpoint (llama.cpp, vLLM, Ollama) given by URL.

The model sees only the retrieved passages, each with its id, and must cite them as ``[id]``; it answers
``NO_ANSWER`` when the passages do not contain the answer.  An answer that cites nothing it was given
is treated as a refusal, so the assistant never passes on an uncited claim.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from aigov.assistant.answers import footer, pick_language
from aigov.assistant.kb import Entry

log = logging.getLogger("aigov.assistant")

NO_ANSWER = "NO_ANSWER"
MAX_PASSAGE_CHARS = 2500
_CITATION = re.compile(r"\[([A-Za-z0-9][A-Za-z0-9_.:-]{0,127})\]")
LANGUAGE_NAMES = {"az": "Azerbaijani", "ru": "Russian", "en": "English"}
SYSTEM_PROMPT = (
    "You answer citizens' questions about public services using ONLY the numbered passages given. "
    "Cite every fact with the passage id in square brackets, e.g. [id-card]. Never add fees, documents, "
    "deadlines or rules that are not in the passages. If the passages do not contain the answer, reply "
    f"with exactly {NO_ANSWER}. Answer in {{language}}, briefly."
)


class GeneratorError(RuntimeError):
    """The endpoint could not be used (unreachable, an error status, or an unreadable reply)."""


@dataclass
class Generated:
    text: str | None  # None: refused (the passages do not hold the answer)
    cited: list[str]


def passage(entry: Entry, language: str) -> str:
    lang = pick_language(entry, language)
    parts = [entry.title_in(lang), entry.text_in(lang)]
    if entry.documents.get(lang):
        parts.append("Documents: " + "; ".join(entry.documents[lang]))
    if entry.fees:
        parts.append("Fees: " + "; ".join(f"{f.amount} ({f.when.get(lang, '')})" for f in entry.fees))
    if entry.duration.get(lang):
        parts.append("Duration: " + entry.duration[lang])
    return "\n".join(p for p in parts if p)[:MAX_PASSAGE_CHARS]


class OpenAICompatibleGenerator:
    """Writes an answer from passages through ``POST {url}/chat/completions`` (url ends with /v1)."""

    def __init__(
        self, url: str, *, model: str = "default", api_key: str | None = None, timeout: float = 30.0
    ) -> None:
        self.url = url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.timeout = timeout

    def generate(self, question: str, entries: list[Entry], language: str) -> Generated:
        import httpx

        passages = "\n\n".join(f"[{e.id}]\n{passage(e, language)}" for e in entries)
        body = {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {
                    "role": "system",
                    "content": SYSTEM_PROMPT.format(language=LANGUAGE_NAMES.get(language, "English")),
                },
                {"role": "user", "content": f"Passages:\n{passages}\n\nQuestion: {question}"},
            ],
        }
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        try:
            response = httpx.post(
                f"{self.url}/chat/completions", json=body, headers=headers, timeout=self.timeout
            )
        except httpx.HTTPError as exc:
            raise GeneratorError(
                f"the generator endpoint could not be reached ({type(exc).__name__})"
            ) from None
        if response.status_code != 200:
            raise GeneratorError(f"the generator endpoint answered HTTP {response.status_code}")
        try:
            text = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise GeneratorError(
                "the generator endpoint sent a reply without choices[0].message.content"
            ) from None
        if not isinstance(text, str):
            raise GeneratorError("the generator endpoint sent a reply that is not text")
        return self.check(text, entries)

    @staticmethod
    def check(text: str, entries: list[Entry]) -> Generated:
        """Keep a reply only if it is not a refusal and cites at least one given passage (and no other)."""
        text = text.strip()
        given = {e.id for e in entries}
        cited = list(dict.fromkeys(_CITATION.findall(text)))
        if not text or NO_ANSWER in text or not cited or any(c not in given for c in cited):
            return Generated(None, [c for c in cited if c in given])
        return Generated(text, cited)


def with_sources(text: str, entries: list[Entry], cited: list[str], language: str) -> str:
    """The generated text followed by the source line (and unverified warning) of every cited entry."""
    by_id = {e.id: e for e in entries}
    return "\n".join([text, *(footer(by_id[c], pick_language(by_id[c], language)) for c in cited)])
