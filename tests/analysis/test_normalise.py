import unicodedata

from aigov.analysis.normalise import NormaliseStage, detect_script, normalise_text
from aigov.analysis.pipeline import AnalysisItem


def run(text: str) -> AnalysisItem:
    return NormaliseStage().run([AnalysisItem(text=text)])[0]


def test_nfc_composes_decomposed_letters():
    decomposed = unicodedata.normalize("NFD", "Şikayət: küçədə işıq yoxdur")
    assert run(decomposed).normalised == "Şikayət: küçədə işıq yoxdur"


def test_control_characters_removed_but_newlines_kept():
    item = run("Salam\x00\x07 hörmətli\r\nidarə\u200b\tmüdiri")
    assert item.normalised == "Salam hörmətli\nidarə müdiri"


def test_whitespace_runs_collapsed_and_stripped():
    assert normalise_text("  Su   yoxdur \n\n\n  3 gündür  ") == "Su yoxdur\n3 gündür"


def test_script_latin_cyrillic_mixed_none():
    assert run("Bakıda su yoxdur").script == "latin"
    assert run("Бакыда су јохдур").script == "cyrillic"
    assert run("Здравствуйте, в Baku нет воды в доме на улице Nizami").script == "mixed"
    assert run("123 !!! 😡").script is None
    assert detect_script("Bakı Баку") == "mixed"
    assert run("Privet, u nas net sveta").script == "latin"  # Russian in Latin letters


def test_empty_and_emoji_only():
    item = run("")
    assert item.normalised == "" and item.script is None
    assert run("👍👍").normalised == "👍👍"


def test_long_text_is_handled():
    item = run("Küçədə işıq yoxdur. " * 500)
    assert len(item.normalised) == 10_000 - 1
    assert item.explanations["normalise"]["script"] == "latin"
