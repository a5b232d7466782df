import json

import pytest

from aigov.analysis.pii.evaluate import evaluate_pii_file


def write(tmp_path, rows):
    path = tmp_path / "gold.jsonl"
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows),
        encoding="utf-8",
    )
    return path


def test_scores_per_type_and_overall(tmp_path):
    text = "Tel 050 123 45 67, sifariş 12.05.2024"
    path = write(
        tmp_path,
        [
            {"text": text, "lang": "az", "entities": [{"start": 4, "end": 17, "type": "PHONE"}]},
            {"text": "Leyla Həsənova", "lang": "az", "entities": [{"start": 0, "end": 5, "type": "EMAIL"}]},
        ],
    )
    report = evaluate_pii_file(path)
    assert report["n"] == 2
    assert report["per_type"]["PHONE"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "gold": 1,
        "predicted": 1,
        "true_positives": 1,
        "found": 1,
    }
    assert report["per_type"]["EMAIL"]["recall"] == 0.0
    assert report["per_type"]["PERSON"]["precision"] == 0.0
    assert report["overall"]["gold"] == 2 and report["overall"]["predicted"] == 2


def test_overlap_with_same_type_counts(tmp_path):
    path = write(
        tmp_path, [{"text": "cənab Quliyev gəldi", "entities": [{"start": 0, "end": 13, "type": "PERSON"}]}]
    )
    assert evaluate_pii_file(path)["per_type"]["PERSON"]["recall"] == 1.0


@pytest.mark.parametrize(
    "line,message",
    [
        ("{not json", "line 2: not valid JSON"),
        ('{"entities": []}', 'line 2: expected an object with a string "text"'),
        (
            '{"text": "abc", "entities": [{"start": 1, "end": 9, "type": "PHONE"}]}',
            "line 2: entity 0 has start/end",
        ),
        ('{"text": "abc", "entities": [{"start": 0, "end": 1}]}', 'line 2: entity 0 needs a string "type"'),
    ],
)
def test_malformed_lines_name_the_line(tmp_path, line, message):
    path = write(tmp_path, [{"text": "ok", "entities": []}, line])
    with pytest.raises(ValueError, match=message):
        evaluate_pii_file(path)


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(ValueError, match="cannot read"):
        evaluate_pii_file(tmp_path / "none.jsonl")
    with pytest.raises(ValueError, match="holds no lines"):
        evaluate_pii_file(write(tmp_path, [""]))
