import pytest

from aigov.analysis.language import LanguageStage
from aigov.analysis.normalise import NormaliseStage
from aigov.analysis.pipeline import AnalysisItem


def analyse(*texts: str) -> list[AnalysisItem]:
    items = [AnalysisItem(text=t) for t in texts]
    return LanguageStage().run(NormaliseStage().run(items))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Salam, bizim küçədə üç gündür işıq yoxdur, xahiş edirəm kömək edəsiniz.", "az"),
        ("Sabunçu rayonunda su verilmir, camaat çox narazıdır.", "az"),
        ("Здравствуйте, в нашем доме уже неделю нет горячей воды.", "ru"),
        ("Hello, the road near our school has been broken for months.", "en"),
        ("Merhaba, siparişim hâlâ gelmedi ve kimse cevap vermiyor.", "tr"),
        ("Бакы шәһәриндә ишыг јохдур", "az"),
        ("ЈАШАЈЫШ ЈЕРИМИЗДӘ ГАЗ ЈОХДУР", "az"),
    ],
)
def test_languages(text, language):
    item = analyse(text)[0]
    assert item.language == language
    assert 0 < item.language_confidence <= 1


def test_azerbaijani_without_schwa_is_not_turkish():
    item = analyse("Salam, internet islemir, nece gundur operatora zeng edirem cavab yoxdur")[0]
    assert item.language == "az"


def test_cyrillic_rule_is_explained():
    item = analyse("Ҝәнҹәдә су јохдур")[0]
    assert item.explanations["language"]["rule"] == "az_cyrillic_letters"


def test_candidates_listed_when_detector_decides():
    why = analyse("There has been no electricity in our street for three days")[0].explanations["language"]
    assert why["rule"] is None
    assert why["candidates"][0]["language"] == "en"
    assert all(0 <= c["confidence"] <= 1 for c in why["candidates"])


@pytest.mark.parametrize(
    "text,language,rule",
    [
        ("Нет света уже третий день", "ru", "cyrillic_only"),
        ("Kəndimizdə işıq yoxdur", "az", "schwa"),
        ("Ҝәнҹәдә су јохдур", "az", "az_cyrillic_letters"),
    ],
)
def test_script_rules_decide_without_the_detector(text, language, rule):
    item = analyse(text)[0]
    assert (item.language, item.explanations["language"]["rule"]) == (language, rule)


def test_mixed_scripts_go_to_the_detector():
    why = analyse("Салам, internet yoxdur третий день")[0].explanations["language"]
    assert "candidates" in why


@pytest.mark.parametrize("text", ["", "ok", "123 456", "😡😡😡", "!!!"])
def test_too_short_or_no_letters_is_unknown(text):
    item = analyse(text)[0]
    assert item.language is None and item.language_confidence is None


def test_batch_and_long_text():
    items = analyse("Küçədə işıq yoxdur. " * 500, "Russian text: привет", "Hi there, thanks")
    assert [i.language for i in items][0] == "az"
    assert items[2].language == "en"
