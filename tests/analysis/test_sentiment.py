import pytest

from aigov.analysis.pipeline import AnalysisItem
from aigov.analysis.sentiment import SentimentStage, score_text


def label(text: str, lang: str | None) -> str:
    return score_text(text, lang)["label"]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Üç gündür su yoxdur, bu biabırçılıqdır!", "az", "negative"),
        ("Problem həll olundu, çox təşəkkür edirəm, razıyam", "az", "positive"),
        ("Sabah saat 10-da qəbula gələcəyəm", "az", "neutral"),
        ("Это ужас, жалоба уже месяц без ответа", "ru", "negative"),
        ("Спасибо большое, всё быстро починили!", "ru", "positive"),
        ("The service was terrible and my complaint was ignored", "en", "negative"),
        ("Thank you, the road was fixed quickly. Great work!", "en", "positive"),
        ("Ürün berbat, hiç tavsiye etmiyorum", "tr", "negative"),
        ("Hızlı teslimat, çok teşekkürler, harika", "tr", "positive"),
    ],
)
def test_labels(text, lang, expected):
    assert label(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Xidmətdən razı deyiləm", "az"),
        ("Bu tətbiqi bəyənmirəm", "az"),
        ("Я не доволен работой ЖЭКа", "ru"),
        ("I am not happy with the response", "en"),
        ("Hizmet iyi değil", "tr"),
        ("İnternet işləmir", "az"),
        ("Лифт не работает", "ru"),
    ],
)
def test_negation_flips_positive_words(text, lang):
    result = score_text(text, lang)
    assert result["label"] == "negative"
    assert any(h["negated"] for h in result["hits"]) or result["score"] < 0


def test_emoji_count():
    assert label("😡😡", "az") == "negative"
    assert label("👍", None) == "positive"
    assert label("Спасибо :)", "ru") == "positive"
    assert label("опять (((", "ru") == "negative"


def test_unknown_language_uses_all_lexicons():
    assert label("təşəkkür, спасибо", None) == "positive"


def test_explanation_lists_words_and_weights():
    item = SentimentStage().run([AnalysisItem(text="", normalised="Çox pis, problem var", language="az")])[0]
    why = item.explanations["sentiment"]
    assert {h["word"] for h in why["hits"]} >= {"pis", "problem"}
    assert all(h["weight"] < 0 for h in why["hits"])
    assert item.sentiment == "negative" and -1 <= item.sentiment_score < 0


def test_empty_and_long_text():
    assert score_text("", "az")["label"] == "neutral"
    result = score_text("Çox sağ olun! " * 800, "az")
    assert result["label"] == "positive" and result["score"] < 1
