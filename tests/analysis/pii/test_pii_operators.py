import pytest

from aigov.analysis.pii import analyze
from aigov.analysis.pii.operators import anonymize, pseudonym

TEXT = "Günel Həsənova, tel 050-123-45-67"


def test_redact_mask_and_pseudonymise():
    results = analyze(TEXT)
    assert anonymize(TEXT, results, "redact") == "<PERSON>, tel <PHONE>"
    assert anonymize(TEXT, results, "mask") == "***** ********, tel ***-***-**-**"
    token = anonymize(TEXT, results, "pseudonymise", key="k")
    assert token.startswith("<PERSON_") and "Günel" not in token and "050" not in token


def test_pseudonyms_are_stable_keyed_and_ignore_separators():
    assert pseudonym("PHONE", "050-123-45-67", "k") == pseudonym("PHONE", "050 123 45 67", "k")
    assert pseudonym("PHONE", "050-123-45-67", "k") != pseudonym("PHONE", "050-123-45-67", "other")
    assert pseudonym("PERSON", "Leyla", "k") != pseudonym("PERSON", "Aynur", "k")


def test_pseudonymise_uses_the_configured_secret(monkeypatch, tmp_path):
    from aigov.config import reset_settings_cache

    monkeypatch.setenv("AIGOV_SECRET_KEY", "s3cret")
    reset_settings_cache()
    try:
        assert anonymize(TEXT, analyze(TEXT), "pseudonymise") == anonymize(
            TEXT, analyze(TEXT), "pseudonymise", "s3cret"
        )
    finally:
        reset_settings_cache()


def test_unknown_mode_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown anonymisation mode"):
        anonymize(TEXT, analyze(TEXT), "shred")
