"""Translation servers reached by URL: LibreTranslate and any OpenAI-compatible chat endpoint (httpx)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx

from aigov.translation.base import LANGUAGES, NotConfigured, TranslationError

REASONS = {400: "refused the request (is this language pair offered?)", 401: "refused the API key",
           403: "refused the API key", 404: "has no such endpoint (check the URL)",
           429: "is rate-limiting requests", 413: "refused the request as too large"}
SYSTEM_PROMPT = (
    "You are a translation engine. Translate the user's message from {source} into {target}. Reply with the "
    "translation only: no explanations, notes, quotation marks or alternatives. Keep names, numbers and line "
    "breaks as they are."
)


def check_url(url: str | None, backend: str) -> str:
    if not url:
        raise NotConfigured(f"{backend}: set AIGOV_TRANSLATION_URL to the server's address")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise NotConfigured(f"{backend}: AIGOV_TRANSLATION_URL must be an http(s) URL")
    return url.rstrip("/")


class _HttpBackend:
    name = "http"

    def __init__(self, url: str, *, api_key: str | None, timeout: float,
                 transport: httpx.BaseTransport | None = None):
        self.url = url
        self.api_key = api_key
        self.timeout = timeout
        self._transport = transport
        self._host = urlsplit(url).netloc

    def _post(self, path: str, payload: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        try:
            with httpx.Client(timeout=self.timeout, transport=self._transport,
                              follow_redirects=False) as client:
                response = client.post(self.url + path, json=payload, headers=headers or {})
        except httpx.TimeoutException:
            raise TranslationError(
                f"{self.name} at {self._host} did not answer within {self.timeout:g} s") from None
        except httpx.HTTPError:
            raise TranslationError(f"cannot reach {self.name} at {self._host}") from None
        if response.status_code != 200:
            code = response.status_code
            reason = REASONS.get(code, "failed (server error)" if code >= 500 else "refused the request")
            raise TranslationError(f"{self.name} at {self._host} {reason}: HTTP {code}")
        try:
            return response.json()
        except ValueError:
            raise TranslationError(
                f"{self.name} at {self._host} answered something that is not JSON") from None


class LibreTranslateTranslator(_HttpBackend):
    """``POST {url}/translate`` with ``q`` as a list; LibreTranslate answers ``translatedText`` as a list."""

    name = "libretranslate"

    def translate(self, texts: list[str], source: str | None, target: str) -> list[str]:
        if not texts:
            return []
        payload: dict[str, Any] = {"q": texts, "source": source or "auto", "target": target, "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        data = self._post("/translate", payload)
        translated = data.get("translatedText") if isinstance(data, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]
        if not isinstance(translated, list) or not all(isinstance(t, str) for t in translated):
            raise TranslationError(f"{self.name} at {self._host} answered without translatedText")
        return translated


class OpenAICompatibleTranslator(_HttpBackend):
    """``POST {url}/chat/completions``, one text per call, asking for the translation only."""

    name = "openai"

    def __init__(self, url: str, *, model: str | None, api_key: str | None, timeout: float,
                 transport: httpx.BaseTransport | None = None):
        if not model:
            raise NotConfigured("openai: set AIGOV_TRANSLATION_MODEL to the model the server should use")
        if url.endswith("/chat/completions"):
            url = url[: -len("/chat/completions")]
        super().__init__(url, api_key=api_key, timeout=timeout, transport=transport)
        self.model = model

    def translate(self, texts: list[str], source: str | None, target: str) -> list[str]:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        prompt = SYSTEM_PROMPT.format(source=LANGUAGES.get(source or "", "the language it is written in"),
                                      target=LANGUAGES[target])
        results = []
        for text in texts:
            payload = {"model": self.model, "temperature": 0,
                       "messages": [{"role": "system", "content": prompt}, {"role": "user", "content": text}]}
            data = self._post("/chat/completions", payload, headers)
            try:
                content = data["choices"][0]["message"]["content"]
            except (KeyError, IndexError, TypeError):
                raise TranslationError(f"{self.name} at {self._host} answered without a message") from None
            if not isinstance(content, str) or not content.strip():
                raise TranslationError(f"{self.name} at {self._host} answered an empty translation")
            results.append(content.strip())
        return results
