import json

import pytest

from aigov.analysis.normalise import NormaliseStage
from aigov.analysis.pipeline import AnalysisItem
from aigov.analysis.redact import RedactStage, redact_text

VALID = {
    "PHONE": "+994 50 123 45 67",
    "EMAIL": "ali.veliyev@mail.az",
    "FIN": "5ZK8T2P",
    "VOEN": "1400057421",
    "IBAN": "AZ21 NABZ 0000 0000 1370 1000 1944",
    "PAYMENT_CARD": "4169 7388 1234 5670",
    "ID_CARD": "AZE12345678",
}
TEMPLATES = {
    "az": "Salam, mənim {label} belədir: {value}. Xahiş edirəm yoxlayın.",
    "ru": "Здравствуйте, мой {label}: {value}, прошу проверить.",
    "en": "Hello, my {label} is {value} please check.",
}
LABELS = {
    "PHONE": "telefon",
    "EMAIL": "e-mail",
    "FIN": "FİN",
    "VOEN": "VÖEN",
    "IBAN": "IBAN",
    "PAYMENT_CARD": "kart",
    "ID_CARD": "şəxsiyyət vəsiqəsi",
}


@pytest.mark.parametrize("lang", sorted(TEMPLATES))
@pytest.mark.parametrize("kind", sorted(VALID))
def test_each_type_found_and_replaced(kind, lang):
    value = VALID[kind]
    text = TEMPLATES[lang].format(label=LABELS[kind], value=value)
    redacted, entities = redact_text(text)
    assert f"<{kind}>" in redacted
    assert value not in redacted
    assert [e["type"] for e in entities] == [kind]
    entity = entities[0]
    assert text[entity["start"] : entity["end"]] == value


@pytest.mark.parametrize(
    "text",
    [
        "Zəng: 050-123-45-67",
        "Ofis: (012) 555-55-55",
        "Call +44 20 7946 0958 or +7 495 123-45-67",
    ],
)
def test_phone_notations(text):
    redacted, entities = redact_text(text)
    assert entities and all(e["type"] == "PHONE" for e in entities)
    assert not any(ch.isdigit() for ch in redacted.split(":")[-1].replace("<PHONE>", ""))


@pytest.mark.parametrize(
    "text",
    [
        "VÖEN: 1400057431",  # wrong check digit
        "IBAN AZ22 NABZ 0000 0000 1370 1000 1944",  # wrong mod-97 check digits
        "kart 4169 7388 1234 5674",  # Luhn fails
        "Model A320NEO, COVID19, ev 2024-cü ildə, 12345",  # not personal data
    ],
)
def test_invalid_numbers_not_redacted(text):
    assert redact_text(text) == (text, [])


def test_iban_followed_by_capitals():
    assert redact_text("IBAN AZ21 NABZ 0000 0000 1370 1000 1944 TESTX")[0] == "IBAN <IBAN> TESTX"


def test_id_card_short_serial_and_fin_with_cyrillic_context():
    redacted, entities = redact_text("Паспорт AA1234567, ФИН 5ZK8T2P")
    assert redacted == "Паспорт <ID_CARD>, ФИН <FIN>"
    assert entities[1]["score"] > 0.8


def test_fin_context_raises_confidence():
    _, with_context = redact_text("FİN kodum 5ZK8T2P")
    _, without = redact_text("kod 5ZK8T2P")
    assert with_context[0]["score"] > without[0]["score"]


def test_overlaps_resolved_longest_wins():
    redacted, entities = redact_text("IBAN AZ21NABZ00000000137010001944")
    assert redacted == "IBAN <IBAN>"
    assert len(entities) == 1


def test_stage_never_stores_values():
    text = " ".join(f"{k}: {v}" for k, v in VALID.items())
    item = RedactStage().run(NormaliseStage().run([AnalysisItem(text=text)]))[0]
    assert {e["type"] for e in item.entities} == set(VALID)
    stored = json.dumps([item.redacted, item.entities, item.explanations["redact"]], ensure_ascii=False)
    for value in VALID.values():
        assert value not in stored
        assert value.replace(" ", "") not in stored
    found = item.explanations["redact"]["found"][0]
    assert (
        {"type", "recognizer", "explanation", "score"}
        <= set(found)
        <= {"type", "recognizer", "explanation", "score", "context_word"}
    )


def test_offsets_point_into_normalised():
    item = RedactStage().run([AnalysisItem(text="", normalised="Mail: a.b@gov.az, tel +994 12 555 55 55")])[0]
    found = [item.normalised[e["start"] : e["end"]] for e in item.entities]
    assert found == ["a.b@gov.az", "+994 12 555 55 55"]


@pytest.mark.parametrize("mode", ["mask", "pseudonymise"])
def test_stage_modes(mode, monkeypatch):
    monkeypatch.setenv("AIGOV_SECRET_KEY", "test-key")
    from aigov.config import reset_settings_cache

    reset_settings_cache()
    try:
        item = RedactStage(mode=mode).run(
            [AnalysisItem(text="", normalised="Tel 050 123 45 67, Günel Həsənova")]
        )[0]
    finally:
        reset_settings_cache()
    assert "050 123 45 67" not in item.redacted and "Günel" not in item.redacted
    assert [e["type"] for e in item.entities] == ["PHONE", "PERSON"]
    assert item.redacted.startswith("Tel ***" if mode == "mask" else "Tel <PHONE_")


def test_names_and_plates_redacted():
    text = "Vətəndaş Günel Həsənova, maşın 10-AA-123, ünvan Nizami küç. 45"
    assert redact_text(text)[0] == "Vətəndaş <PERSON>, maşın <PLATE>, ünvan <ADDRESS>"


def test_empty_and_long_text():
    assert redact_text("") == ("", [])
    long_text = ("Küçədə işıq yoxdur, nömrəm 050 123 45 67. " * 250)[:10_000]
    redacted, entities = redact_text(long_text)
    assert len(entities) >= 200
    assert "123 45 67" not in redacted
