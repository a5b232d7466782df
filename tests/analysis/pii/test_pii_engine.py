import json

from aigov.analysis.pii import ENTITY_TYPES, analyze, explain, get_analyzer
from aigov.analysis.pii.base import LANGUAGE


def test_engine_holds_only_aigov_recognizers_for_every_type():
    analyzer = get_analyzer()
    assert analyzer is get_analyzer()
    names = {r.name for r in analyzer.registry.recognizers}
    assert all(name.startswith("aigov_") for name in names)
    assert set(analyzer.get_supported_entities(LANGUAGE)) == set(ENTITY_TYPES)


def test_fast_path_agrees_with_presidio_analyze():
    text = "Tel 050 123 45 67, VÖEN 1400057421, Günel Həsənova, IBAN AZ21 NABZ 0000 0000 1370 1000 1944"
    ours = {(r.entity_type, r.start, r.end) for r in analyze(text)}
    stock = {(r.entity_type, r.start, r.end) for r in get_analyzer().analyze(text, language=LANGUAGE)}
    assert ours == stock


def test_context_word_in_russian_raises_score_by_prefix():
    assert analyze("номера 501234567")[0].score > 0.4
    assert analyze("501234567") == []


def test_explanation_never_holds_the_value():
    value = "050 123 45 67"
    result = analyze(f"telefonum {value}")[0]
    why = explain(result)
    assert why["type"] == "PHONE" and why["recognizer"] == "aigov_phone" and why["context_word"] == "telefon"
    assert value not in json.dumps(why) and "1234567" not in json.dumps(why).replace(" ", "")


def test_overlaps_resolved_and_empty_text():
    assert [r.entity_type for r in analyze("IBAN AZ21NABZ00000000137010001944")] == ["IBAN"]
    assert analyze("") == []
