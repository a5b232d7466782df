"""Property tests of redaction: whatever surrounds them, phone numbers and e-mail addresses never survive."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aigov.analysis.redact import redact_text

AZ_LETTERS = "abcçdeəfgğhxıijkqlmnoöprsştuüvyzABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVYZ"
RU_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ"
words = st.lists(st.text(alphabet=AZ_LETTERS + RU_LETTERS, min_size=1, max_size=12), min_size=0, max_size=8)
OPERATORS = ("50", "51", "55", "70", "77", "99")


@st.composite
def az_mobile(draw: st.DrawFn) -> tuple[str, str]:
    """(as written, its 9 national digits) for a valid Azerbaijani mobile number in a common notation."""
    operator = draw(st.sampled_from(OPERATORS))
    first = draw(st.sampled_from("2345679"))
    rest = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    digits = operator + first + rest
    a, b, c = digits[2:5], digits[5:7], digits[7:9]
    written = draw(st.sampled_from([
        f"+994 {operator} {a} {b} {c}", f"0{operator} {a} {b} {c}", f"+994{digits}", f"0{operator}{a}{b}{c}",
        f"(0{operator}) {a}-{b}-{c}", f"+994-{operator}-{a}-{b}-{c}",
    ]))
    return written, digits


emails = st.builds(
    lambda local, domain, tld: f"{local}@{domain}.{tld}",
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._", min_size=1, max_size=15).filter(
        lambda s: s[0] not in "._" and s[-1] not in "._" and ".." not in s),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=12),
    st.sampled_from(["az", "com", "ru", "org", "gov.az"]),
)
PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(before=words, phone=az_mobile(), after=words)
def test_a_mobile_number_never_survives_redaction(before: list[str], phone: tuple[str, str],
                                                  after: list[str]) -> None:
    written, digits = phone
    text = " ".join([*before, "nömrəm", written, *after])
    redacted, entities = redact_text(text)
    assert written not in redacted
    assert digits[2:] not in re.sub(r"\D", "", redacted), (text, redacted)
    assert any(e["type"] == "PHONE" for e in entities)


@PROPERTY
@given(before=words, email=emails, after=words)
def test_an_email_address_never_survives_redaction(before: list[str], email: str, after: list[str]) -> None:
    text = " ".join([*before, email, *after])
    redacted, _entities = redact_text(text)
    assert email not in redacted and "@" + email.split("@")[1] not in redacted, (text, redacted)


@PROPERTY
@given(text=st.text(max_size=400))
def test_any_text_is_redacted_without_error_and_offsets_stay_inside_it(text: str) -> None:
    redacted, entities = redact_text(text)
    assert isinstance(redacted, str)
    for entity in entities:
        assert 0 <= entity["start"] < entity["end"] <= len(text)
        assert 0.0 <= entity["score"] <= 1.0


@PROPERTY
@given(before=words, phone=az_mobile(), email=emails, after=words)
def test_redacting_redacted_text_again_never_undoes_a_tag(before: list[str], phone: tuple[str, str],
                                                          email: str, after: list[str]) -> None:
    """A second pass may hide more (a tag is new context for the name model) but never brings text back."""
    text = " ".join([*before, phone[0], "və", email, *after])
    once, _ = redact_text(text)
    twice, _ = redact_text(once)
    tags = re.compile(r"<[A-Z_]+>")
    assert set(tags.sub(" ", twice).split()) <= set(tags.sub(" ", once).split())
    assert "<PHONE>" in twice and "<EMAIL>" in twice
