import json
import re

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


def test_recognizers_skipped_for_a_text_find_nothing_in_it():
    texts = [
        "Tel 050 123 45 67, VÖEN 1400057421, FİN:5ZK8T2P, AZE 1234567, 10-AA-123, Nizami küç. 5, mənzil 12",
        "ул. Ленина, д. 5, кв. 3; IBAN AZ21 NABZ 0000 0000 1370 1000 1944; 4169 7388 1234 5678",
        "FİN:ABCDEFG kod, @AmericanAir salam, poçt: a.b@mail.az, Nizami küçəsi",
        "Nizami Küçəsi beş, IBAN yoxdur, kart 4169-7388",
    ]
    for recognizer in get_analyzer().registry.recognizers:
        for text in texts:
            for variant in (text, re.sub(r"\d", "", text)):
                needs_digit = getattr(recognizer, "needs_digit", False) and not re.search(r"\d", variant)
                trigger = getattr(recognizer, "trigger", None)
                if needs_digit or (trigger is not None and not trigger.search(variant)):
                    assert recognizer.analyze(variant, recognizer.supported_entities, None) == []
