import json
import math

from aigov.analysis.pii import analyze
from aigov.analysis.pii.engine import rules_only_recognizers
from aigov.analysis.pii.person import AigovPersonRecognizer
from aigov.analysis.pii.person_features import bucket, candidates, tokens, word_features
from aigov.analysis.pii.person_model import MODEL_DIR, default_model, is_held_out, load_model


def persons(text: str, rules_only: bool = False) -> list[str]:
    recognizers = rules_only_recognizers() if rules_only else None
    return [
        text[r.start : r.end] for r in analyze(text, recognizers=recognizers) if r.entity_type == "PERSON"
    ]


def test_model_finds_transliterated_foreign_names_the_rules_miss():
    text = "Dünən Fan Noli haqqında kitab oxudum."
    assert persons(text) == ["Fan Noli"]
    assert persons(text, rules_only=True) == []


def test_model_keeps_places_and_institutions_out():
    assert persons("Bakıda Nizami küçəsində su yoxdur") == []
    assert persons("Azərbaycan Respublikasının Prezidenti sərəncam imzalayıb") == []


def test_explanation_names_the_model_not_the_value():
    results = [r for r in analyze("Dünən Fan Noli haqqında kitab oxudum.") if r.entity_type == "PERSON"]
    reason = results[0].analysis_explanation.textual_explanation
    assert "PERSON model" in reason and "Noli" not in reason


def test_recognizer_without_model_files_falls_back_to_rules(tmp_path):
    assert load_model(tmp_path) is None
    rules = AigovPersonRecognizer(use_model=False)
    text = "Bu gün Günel Həsənova ilə danışdım"
    assert [text[r.start : r.end] for r in rules.analyze(text, ["PERSON"])] == ["Günel Həsənova"]


def test_held_out_split_is_a_stable_hash_of_the_text():
    keys = [f"cümlə {i}" for i in range(2000)]
    held = [k for k in keys if is_held_out(k)]
    assert held == [k for k in keys if is_held_out(f"  {k} ")]  # surrounding space does not move a sentence
    assert 0.25 < len(held) / len(keys) < 0.35


def test_shipped_model_and_card_describe_data_licences_and_held_out_metrics():
    model = default_model()
    assert model is not None and 0 < model.threshold < 1 and model.weights
    card = json.loads((MODEL_DIR / "card.json").read_text(encoding="utf-8"))
    licences = " ".join(d["licence"] for d in card["training_data"])
    assert "MIT" in licences and "Apache-2.0" in licences
    for split in ("az_held_out", "ru_held_out"):
        for detector in ("model", "rules_only"):
            assert 0 <= card["evaluation"][split][detector]["person"]["recall"] <= 1
    assert (MODEL_DIR / "card.md").read_text(encoding="utf-8").startswith("# Model card")


def test_cached_scores_are_the_sums_of_the_training_features():
    model = default_model()
    texts = [
        "Dünən Fan Noli haqqında kitab oxudum.",
        "Hörmətli Rəşad müəllim, Ə. Məmmədova ilə danışdım",
        "Меня зовут Иван Петрович, г. Баку",
        "Mr. J. Smith - call me",
    ]
    for _ in range(2):  # cold caches, then warm
        for text in texts:
            toks, probs = model.candidates(text)
            expected = []
            for _i, cand in candidates(text, tokens(text)):
                z = sum(model.weights.get(bucket(f), 0.0) for f in word_features(cand.word, cand.kind))
                for f in cand.context:
                    z += model.weights.get(bucket(f), 0.0)
                z += model.intercept
                expected.append(1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0))))
            assert probs == expected  # to the bit: the weights are added in the features' order
