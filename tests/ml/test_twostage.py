"""The two-stage sentiment model: polarity, neutrality and source heads beside the softmax."""

import numpy as np

from aigov.ml.datasets import read_many
from aigov.ml.textclf import ClassifierConfig, TextClassifier
from aigov.ml.train import fit_with_validation

from .conftest import NEGATIVE, NEUTRAL, POSITIVE, three_class_rows

TWO_STAGE = ClassifierConfig(max_features=2000, min_df=1, two_stage=True)


def mixed_sources() -> tuple[list[str], list[str], list[str]]:
    """A 3-class source and a 2-class one, as the shared Azerbaijani files are."""
    three = three_class_rows()
    polar = (("positive", POSITIVE), ("negative", NEGATIVE))
    two = [(f"{t} v{i}", lab) for i in range(12) for lab, ts in polar for t in ts]
    rows = [(t, lab, "three.csv") for t, lab in three] + [(t, lab, "two.csv") for t, lab in two]
    texts, labels, sources = (list(col) for col in zip(*rows, strict=True))
    return texts, labels, sources


def test_two_stage_heads_predict_and_explain_both_stages() -> None:
    texts, labels, sources = mixed_sources()
    model = TextClassifier(TWO_STAGE).fit(texts, labels, sources=sources)
    assert model.stages() == ["neutrality", "polarity", "source"]
    assert model.predict(["çox pis xidmət", "əla, təşəkkür edirəm", "ünvan haradadır"]) == [
        "negative", "positive", "neutral"]
    proba = model.predict_proba(["çox pis xidmət", "what time do you open"])
    assert proba.shape == (2, 3) and np.allclose(proba.sum(axis=1), 1)
    why = model.explain("çox pis xidmət")
    assert {w.get("stage") for w in why} == {None, "polarity"}  # the softmax and the polarity head
    assert {w.get("stage") for w in model.explain("ünvan haradadır")} == {None, "neutrality"}
    assert all(w["weight"] > 0 for w in why + model.explain("ünvan haradadır"))


def test_two_stage_degrades_to_a_softmax_without_neutral() -> None:
    texts = [t for t in POSITIVE + NEGATIVE for _ in range(3)]
    labels = ["positive"] * 15 + ["negative"] * 15
    model = TextClassifier(TWO_STAGE).fit(texts, labels, sources=["two.csv"] * 30)
    assert model.stages() == [] and model.classes_ == ["negative", "positive"]
    assert model.predict(["çox pis xidmət", "great service, thank you"]) == ["negative", "positive"]
    assert model.explain("çox pis xidmət")


def test_neutral_bias_moves_the_neutral_line_per_language() -> None:
    texts, labels, sources = mixed_sources()
    model = TextClassifier(TWO_STAGE).fit(texts, labels, sources=sources)
    sample = ["ünvan haradadır", "sabah saat 10-da gələcəyəm"]
    assert set(model.predict(sample, ["az", "az"])) == {"neutral"}
    model.neutral_bias = {"az": -30.0}
    assert "neutral" not in model.predict(sample, ["az", "az"])
    assert set(model.predict(sample, ["ru", "ru"])) == {"neutral"}  # another language keeps its line


def test_fit_with_validation_tunes_on_rows_it_does_not_train_on(tmp_path, csv_writer) -> None:
    rows = [(f"{t} {i}", lab) for i in range(120)
            for lab, ts in (("positive", POSITIVE), ("negative", NEGATIVE), ("neutral", NEUTRAL)) for t in ts]
    raw = read_many([csv_writer(tmp_path / "az_three.csv", rows)])
    model, tuned = fit_with_validation("sentiment", raw, TWO_STAGE)
    assert tuned["validation_rows"] >= 200 and set(tuned["neutral_bias"]) == {"az"}
    assert model.neutral_bias == tuned["neutral_bias"]
    assert model.predict(["çox pis xidmət 7"], ["az"]) == ["negative"]
