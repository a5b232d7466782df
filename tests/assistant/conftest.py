"""Assistant fixtures: lexical ranking only (deterministic whether or not an embedding model is installed),
a Telegram secret, a recording adapter for replies, and the web fixtures (live server, chromium)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

from aigov.assistant.config import assistant_settings
from aigov.assistant.kb import starter_entries
from aigov.assistant.retrieval import Index
from aigov.assistant.service import reset_cache
from aigov.channels.outbox import RecordingAdapter, register_adapter, reset_adapters

SECRET = "test-secret-token-0123456789"

_spec = importlib.util.spec_from_file_location(
    "aigov_tests_web_conftest", Path(__file__).parents[1] / "web" / "conftest.py"
)
_web = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(_web)  # type: ignore[union-attr]
live_server = _web.live_server
launch_chromium = _web.launch_chromium


@pytest.fixture(autouse=True)
def _assistant_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("AIGOV_ASSISTANT_EMBEDDINGS", "off")
    monkeypatch.setenv("AIGOV_ASSISTANT_TELEGRAM_SECRET", SECRET)
    monkeypatch.delenv("AIGOV_ASSISTANT_GENERATOR_URL", raising=False)
    monkeypatch.delenv("AIGOV_ASSISTANT_KB_DIR", raising=False)
    assistant_settings.cache_clear()
    reset_cache()
    yield
    assistant_settings.cache_clear()
    reset_cache()


@pytest.fixture(scope="session")
def index() -> Index:
    """The starter knowledge base, indexed once (lexical ranking)."""
    return Index(starter_entries())


@pytest.fixture
def telegram_out() -> Iterator[RecordingAdapter]:
    reset_adapters()
    adapter = RecordingAdapter()
    register_adapter("telegram", adapter)
    yield adapter
    reset_adapters()
