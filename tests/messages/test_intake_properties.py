"""Property tests of intake: reference numbers, file reading and what errors may say."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aigov.messages.files import ColumnMap, FileFormatError, read_rows
from aigov.messages.reference import ALPHABET, new_reference, normalise_reference, reference_for

FAST = settings(max_examples=150, deadline=None)
WITH_FIXTURES = settings(max_examples=40, deadline=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture])
# The reference's 40 bits come from Hypothesis, not from new_reference()'s secrets module: a property that
# fails for one reference in a thousand must fail again when Hypothesis replays and shrinks the example.
references = st.text(alphabet=ALPHABET, min_size=8, max_size=8).map(reference_for)


def test_new_references_are_well_formed_and_differ() -> None:
    made = {new_reference() for _ in range(200)}
    assert len(made) == 200 and all(normalise_reference(r) == r for r in made)


@pytest.mark.parametrize("body", ["AG000000", "AGAG1234", "AG9ZZZZZ"])
def test_a_body_that_starts_like_the_prefix_is_not_cut(body: str) -> None:
    reference = reference_for(body)
    for typed in (body + reference[-1], f"ag {body[:4]} {body[4:]} {reference[-1]}", reference):
        assert normalise_reference(typed) == reference


@FAST
@given(reference=references, data=st.data())
def test_a_reference_survives_how_people_type_it(reference: str, data: st.DataObject) -> None:
    body = reference.replace("AG-", "", 1).replace("-", "")
    separators = data.draw(st.lists(st.sampled_from(["", " ", "-"]), min_size=9, max_size=9))
    typed = "".join(sep + char for sep, char in zip(separators, body, strict=True))
    prefix = data.draw(st.sampled_from(["AG", "ag", "AG-", "ag ", ""]))
    typed = data.draw(st.sampled_from([str.upper, str.lower]))(prefix + typed)
    typed = typed.replace("0", data.draw(st.sampled_from(["0", "o", "O"])))
    assert normalise_reference(f"  {typed} ") == reference


@FAST
@given(reference=references, position=st.integers(0, 7), replacement=st.sampled_from(ALPHABET))
def test_any_single_mistyped_character_is_caught(reference: str, position: int, replacement: str) -> None:
    body = reference.replace("AG-", "", 1).replace("-", "")
    if body[position] == replacement:
        return
    typo = body[:position] + replacement + body[position + 1:]
    assert normalise_reference(typo) is None


@FAST
@given(st.text(max_size=80))
def test_any_text_normalises_to_nothing_or_to_a_valid_reference(raw: str) -> None:
    result = normalise_reference(raw)
    assert result is None or normalise_reference(result) == result


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=600) | st.text(max_size=400).map(lambda t: t.encode("utf-8")),
       suffix=st.sampled_from([".csv", ".jsonl", ".txt"]))
def test_any_file_is_read_row_by_row_or_refused_with_a_clear_error(tmp_path_factory, content: bytes,
                                                                   suffix: str) -> None:
    path = tmp_path_factory.mktemp("rows") / f"upload{suffix}"
    path.write_bytes(content)
    try:
        rows = list(read_rows(path, ColumnMap()))
    except FileFormatError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    lines = [row.line for row in rows]
    assert lines == sorted(lines) and all(line >= 1 for line in lines)
    for row in rows:
        assert (row.values is None) != (row.error is None)  # a row is either read or refused, with a reason


MARK = "Zərifə-0501234567"
invalid_bodies = st.sampled_from([
    {"text": MARK, "channel": MARK},
    {"text": MARK, "received_at": MARK},
    {"text": MARK, "region": MARK * 10},
    {"text": MARK, "sender": {"phone": MARK + MARK}},
    {"text": MARK, "sender": {"email": MARK}},
    {"text": MARK, "sender": {"name": MARK, "extra": MARK}},
    {"text": MARK, "external_id": "\x01" + MARK},
    {"text": MARK + "\x00"},
])


@WITH_FIXTURES
@given(body=invalid_bodies, extra=st.dictionaries(st.sampled_from(["note", "x"]), st.just(MARK), max_size=1))
def test_refused_submissions_never_quote_what_was_sent(client, body: dict, extra: dict) -> None:
    response = client.post("/api/v1/messages", json={**body, **extra})
    assert response.status_code == 422
    assert MARK not in response.text and "0501234567" not in response.text
    assert json.loads(response.text)["error"]["code"] == "invalid_request"
