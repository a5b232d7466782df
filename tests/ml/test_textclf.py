"""The classifier, its storage and its explanations, on small data the tests write."""

import numpy as np
import pytest

from aigov.ml.datasets import DataError, dedupe, read_labelled_csv, split
from aigov.ml.features import fold_for_features
from aigov.ml.metrics import classification_report
from aigov.ml.modelstore import ModelError, content_hash, load_model, save_model
from aigov.ml.textclf import ClassifierConfig, TextClassifier

SMALL = ClassifierConfig(max_features=2000, min_df=1)


def test_folding_unifies_spellings() -> None:
    assert fold_for_features("Çoooooox YAXŞI") == fold_for_features("cooox yaxshi")
    assert fold_for_features("ÇOX YAXŞI") == fold_for_features("cox yaxsi")
    assert fold_for_features("Бу чох јахшыдыр") == fold_for_features("bu cox yaxsidir")
    assert fold_for_features("Спасибо") == fold_for_features("spasibo")
    assert "smilex" in fold_for_features("ok :)")


def test_fit_predict_explain(three_class_csv) -> None:
    data = read_labelled_csv(three_class_csv)
    model = TextClassifier(SMALL).fit(data.texts, data.labels)
    assert model.classes_ == ["negative", "neutral", "positive"]
    assert model.predict(["çox pis xidmət", "əla, təşəkkür edirəm"]) == ["negative", "positive"]
    proba = model.predict_proba(["çox pis xidmət"])
    assert proba.shape == (1, 3) and np.isclose(proba.sum(), 1)
    why = model.explain("çox pis xidmət")
    assert why and all(w["weight"] > 0 for w in why)
    folded = fold_for_features("çox pis xidmət")
    for w in why:  # every named feature is an n-gram of the (folded) text itself
        feature = w["feature"].strip("‹›")
        assert feature.strip() in f" {folded} "


def test_restricting_labels_never_predicts_others(three_class_csv) -> None:
    data = read_labelled_csv(three_class_csv)
    model = TextClassifier(SMALL).fit(data.texts, data.labels)
    two = ["negative", "positive"]
    assert set(model.predict(["ünvan haradadır", "sabah saat 10-da"], labels=two)) <= set(two)


def test_one_class_is_refused() -> None:
    with pytest.raises(ValueError, match="one class"):
        TextClassifier(SMALL).fit(["a", "b"], ["x", "x"])


def test_dedupe_and_split_keep_texts_apart(csv_writer, tmp_path) -> None:
    rows = [(f"mətn {i}", "a" if i % 2 else "b") for i in range(200)]
    rows += [("Mətn 1!", "a"), ("MƏTN 2", "a")]  # a copy of row 1 and a conflicting copy of row 2
    data = read_labelled_csv(csv_writer(tmp_path / "x.csv", rows))
    assert len(dedupe(data)) == 199  # row 1 merged, row 2 dropped for its conflicting labels
    train, test = split(data, 0.25, seed=3)
    again_train, again_test = split(data, 0.25, seed=3)
    assert train.texts == again_train.texts and test.texts == again_test.texts
    from aigov.ml.datasets import dedupe_key

    assert not {dedupe_key(t) for t in train.texts} & {dedupe_key(t) for t in test.texts}


def test_metrics_average_over_gold_labels_only() -> None:
    report = classification_report(["positive", "negative"], ["positive", "neutral"])
    assert set(report["per_class"]) == {"positive", "negative"}
    assert report["macro_f1"] == 0.5 and report["accuracy"] == 0.5
    assert report["predicted_outside_gold"] == {"neutral": 1}


def test_model_dir_round_trip_and_hash(three_class_csv, tmp_path) -> None:
    data = read_labelled_csv(three_class_csv)
    model = TextClassifier(SMALL).fit(data.texts, data.labels)
    card = save_model(model, tmp_path / "m", {"task": "sentiment", "labels": model.classes_})
    assert card["content_hash"] == content_hash(tmp_path / "m")
    assert content_hash(tmp_path / "m") == content_hash(tmp_path / "m")
    loaded, loaded_card = load_model(tmp_path / "m")
    assert loaded.predict(["çox pis xidmət"]) == model.predict(["çox pis xidmət"])
    assert loaded_card["content_hash"] == card["content_hash"]
    (tmp_path / "m" / "model.joblib").write_bytes(b"tampered")
    with pytest.raises(ModelError, match="content hash"):
        load_model(tmp_path / "m")


def test_read_errors_are_clear(tmp_path, csv_writer) -> None:
    with pytest.raises(DataError, match="no such file"):
        read_labelled_csv(tmp_path / "nothing.csv")
    with pytest.raises(DataError, match="no column 'label'"):
        read_labelled_csv(csv_writer(tmp_path / "a.csv", [("x", "y")], header=("text", "mood")))
    with pytest.raises(DataError, match="no labelled rows"):
        read_labelled_csv(csv_writer(tmp_path / "b.csv", [("", "")]))
