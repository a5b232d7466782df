"""The translation back ends against a local stand-in server, fake model libraries, and no configuration."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aigov.config import Settings, reset_settings_cache
from aigov.translation import NoTranslator, describe, get_translator, translate_safely
from aigov.translation.base import NotConfigured, TranslationError
from aigov.translation.http import LibreTranslateTranslator, OpenAICompatibleTranslator

SECRET_TEXT = "Əli Məmmədovun telefonu 050 123 45 67"


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_without_configuration_translation_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIGOV_TRANSLATION_BACKEND", raising=False)
    translator = get_translator(settings(translation_backend=None))
    assert isinstance(translator, NoTranslator)
    outcome = translate_safely(translator, ["Salam"], "az", "en")
    assert not outcome.ok and not outcome.configured
    assert "no translator configured" in (outcome.error or "")
    with pytest.raises(NotConfigured):
        translator.translate(["Salam"], "az", "en")
    assert describe(translator)["configured"] is False


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"translation_backend": "libretranslate"}, "AIGOV_TRANSLATION_URL"),
        ({"translation_backend": "libretranslate", "translation_url": "ftp://x"}, "http(s) URL"),
        ({"translation_backend": "openai", "translation_url": "http://127.0.0.1:9/v1"},
         "AIGOV_TRANSLATION_MODEL"),
        ({"translation_backend": "deepl"}, "unknown translation back end"),
        ({"translation_backend": "ctranslate2"}, "AIGOV_TRANSLATION_MODEL_DIR"),
    ],
)
def test_incomplete_configuration_is_reported_not_hidden(values: dict, reason: str) -> None:
    translator = get_translator(settings(**values))
    assert isinstance(translator, NoTranslator)
    assert reason in translator.reason


def test_libretranslate_adapter_sends_a_batch_and_reads_the_list(stand_in) -> None:  # type: ignore[no-untyped-def]
    translator = get_translator(settings(translation_backend="libretranslate",
                                         translation_url=stand_in.url + "/", translation_api_key="k-123"))
    assert isinstance(translator, LibreTranslateTranslator)
    assert translator.translate(["Salam", "Bakı"], "az", "en") == ["Hello", "Baku"]
    request = stand_in.requests[-1]
    assert request["path"] == "/translate"
    assert request["body"] == {"q": ["Salam", "Bakı"], "source": "az", "target": "en", "format": "text",
                               "api_key": "k-123"}
    translator.translate(["Salam"], None, "ru")
    assert stand_in.requests[-1]["body"]["source"] == "auto"


@pytest.mark.parametrize(("mode", "message"), [
    ("error400", "language pair offered"), ("error403", "API key"), ("error429", "rate-limiting"),
    ("error500", "server error"), ("not_json", "not JSON"), ("no_field", "without translatedText"),
])
def test_libretranslate_errors_are_clear_and_never_quote_the_text(stand_in, mode: str, message: str) -> None:  # type: ignore[no-untyped-def]
    stand_in.mode = mode
    translator = LibreTranslateTranslator(stand_in.url, api_key=None, timeout=5)
    with pytest.raises(TranslationError, match=message) as caught:
        translator.translate([SECRET_TEXT], "az", "en")
    assert "Məmmədov" not in str(caught.value) and "050" not in str(caught.value)


def test_a_slow_server_times_out(stand_in) -> None:  # type: ignore[no-untyped-def]
    stand_in.mode, stand_in.delay = "slow", 1.5
    translator = LibreTranslateTranslator(stand_in.url, api_key=None, timeout=0.3)
    with pytest.raises(TranslationError, match="did not answer within 0.3 s"):
        translator.translate(["Salam"], "az", "en")


def test_an_unreachable_server_is_reported() -> None:
    translator = LibreTranslateTranslator("http://127.0.0.1:9", api_key=None, timeout=2)
    outcome = translate_safely(translator, ["Salam"], "az", "en")
    assert not outcome.ok and outcome.configured
    assert "cannot reach libretranslate at 127.0.0.1:9" in (outcome.error or "")


def test_a_wrong_number_of_translations_is_an_error_not_a_misalignment(stand_in) -> None:  # type: ignore[no-untyped-def]
    stand_in.mode = "wrong_count"
    translator = LibreTranslateTranslator(stand_in.url, api_key=None, timeout=5)
    outcome = translate_safely(translator, ["Salam", "Bakı"], "az", "en")
    assert not outcome.ok and "1 translations for 2 texts" in (outcome.error or "")


def test_openai_adapter_asks_for_the_translation_only(stand_in) -> None:  # type: ignore[no-untyped-def]
    translator = get_translator(settings(translation_backend="openai", translation_url=stand_in.url + "/v1",
                                         translation_model="local-mt", translation_api_key="sk-test"))
    assert isinstance(translator, OpenAICompatibleTranslator)
    assert translator.translate(["Salam", "Sülh danışıqları"], "az", "en") == ["Hello", "Peace talks"]
    assert len(stand_in.requests) == 2  # one call per text
    request = stand_in.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer sk-test"
    body = request["body"]
    assert body["model"] == "local-mt" and body["temperature"] == 0
    system = body["messages"][0]
    assert system["role"] == "system" and "translation only" in system["content"]
    assert "from Azerbaijani into English" in system["content"]
    assert body["messages"][1] == {"role": "user", "content": "Salam"}


def test_openai_adapter_accepts_the_full_endpoint_url(stand_in) -> None:  # type: ignore[no-untyped-def]
    translator = OpenAICompatibleTranslator(stand_in.url + "/v1/chat/completions", model="m", api_key=None,
                                            timeout=5)
    assert translator.translate(["Bakı"], "az", "en") == ["Baku"]
    assert "Authorization" not in stand_in.requests[-1]["headers"]


@pytest.mark.parametrize(("mode", "message"), [("error500", "HTTP 500"), ("no_field", "without a message"),
                                               ("error401", "API key")])
def test_openai_adapter_errors(stand_in, mode: str, message: str) -> None:  # type: ignore[no-untyped-def]
    stand_in.mode = mode
    translator = OpenAICompatibleTranslator(stand_in.url + "/v1", model="m", api_key=None, timeout=5)
    outcome = translate_safely(translator, [SECRET_TEXT], "az", "en")
    assert not outcome.ok and message in (outcome.error or "")
    assert "Məmmədov" not in (outcome.error or "")


def test_requests_no_back_end_should_see_are_refused_before_sending(stand_in) -> None:  # type: ignore[no-untyped-def]
    translator = LibreTranslateTranslator(stand_in.url, api_key=None, timeout=5)
    cases = ((["x"], "az", "fr", "into 'fr'"), (["x" * 5001], "az", "en", "longer"),
             (["x"] * 201, "az", "en", "at most 200"))
    for texts, source, target, message in cases:
        outcome = translate_safely(translator, texts, source, target)
        assert message in (outcome.error or "")
    assert stand_in.requests == []
    same = translate_safely(translator, ["Salam", ""], "az", "az")  # nothing to do, nothing sent
    assert same.texts == ["Salam", ""] and stand_in.requests == []


def test_ctranslate2_adapter_tokenises_translates_and_detokenises(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    calls: dict[str, object] = {}

    class FakeTranslator:
        def __init__(self, path: str, device: str) -> None:
            calls["model"] = Path(path).name

        def translate_batch(self, batch, **options):  # type: ignore[no-untyped-def]
            calls["batch"] = batch
            return [types.SimpleNamespace(hypotheses=[[tok.upper() for tok in tokens]]) for tokens in batch]

    class FakeProcessor:
        def __init__(self, model_file: str) -> None:
            self.name = Path(model_file).name

        def encode(self, text: str, out_type: type) -> list[str]:
            return ["▁" + word for word in text.split()]

        def decode(self, tokens: list[str]) -> str:
            return " ".join(t.lstrip("▁") for t in tokens)

    monkeypatch.setitem(sys.modules, "ctranslate2", types.SimpleNamespace(Translator=FakeTranslator))
    spm = types.SimpleNamespace(SentencePieceProcessor=FakeProcessor)
    monkeypatch.setitem(sys.modules, "sentencepiece", spm)
    pair = tmp_path / "az-en"
    pair.mkdir()
    for name in ("model.bin", "source.spm", "target.spm"):
        (pair / name).write_bytes(b"")
    translator = get_translator(settings(translation_backend="ctranslate2", translation_model_dir=tmp_path))
    assert translator.name == "ctranslate2"
    assert translator.translate(["sülh danışıqları"], "az", "en") == ["SÜLH DANIŞIQLARI"]
    assert calls["batch"] == [["▁sülh", "▁danışıqları"]] and calls["model"] == "az-en"
    outcome = translate_safely(translator, ["salam"], "az", "ru")
    assert not outcome.configured and "no model folder az-ru" in (outcome.error or "")


def test_argos_adapter_uses_the_installed_pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Lang:
        def __init__(self, code: str) -> None:
            self.code = code

        def get_translation(self, other: Lang):  # type: ignore[no-untyped-def]
            if (self.code, other.code) != ("ru", "en"):
                return None
            return types.SimpleNamespace(translate=lambda text: f"en:{text}")

    package = types.ModuleType("argostranslate")
    languages = [Lang("ru"), Lang("en"), Lang("az")]
    translate_module = types.SimpleNamespace(get_installed_languages=lambda: languages)
    settings_module = types.SimpleNamespace(package_dirs=[])
    monkeypatch.setitem(sys.modules, "argostranslate", package)
    monkeypatch.setitem(sys.modules, "argostranslate.translate", translate_module)
    monkeypatch.setitem(sys.modules, "argostranslate.settings", settings_module)
    translator = get_translator(settings(translation_backend="argos", translation_model_dir=tmp_path))
    assert translator.name == "argos"
    assert settings_module.package_dirs == [tmp_path]
    assert translator.translate(["Мирные переговоры"], "ru", "en") == ["en:Мирные переговоры"]
    outcome = translate_safely(translator, ["Salam"], "az", "en")
    assert not outcome.configured and "no installed package translates az to en" in (outcome.error or "")


def test_missing_model_libraries_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # import fails as if not installed
    translator = get_translator(settings(translation_backend="ctranslate2", translation_model_dir=tmp_path))
    assert isinstance(translator, NoTranslator) and "'ctranslate2' is not installed" in translator.reason


def test_cli_translates_or_says_no_translator_is_configured(stand_in, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    from aigov.cli import app

    monkeypatch.setenv("AIGOV_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.delenv("AIGOV_TRANSLATION_BACKEND", raising=False)
    reset_settings_cache()
    runner = CliRunner()
    result = runner.invoke(app, ["translate", "Salam", "--from", "az", "--to", "en"])
    assert result.exit_code == 2 and "no translator configured" in result.output
    monkeypatch.setenv("AIGOV_TRANSLATION_BACKEND", "libretranslate")
    monkeypatch.setenv("AIGOV_TRANSLATION_URL", stand_in.url)
    reset_settings_cache()
    try:
        result = runner.invoke(app, ["translate", "Salam", "--from", "az", "--to", "en"])
        assert result.exit_code == 0 and result.output.strip() == "Hello"
    finally:
        monkeypatch.undo()
        reset_settings_cache()
