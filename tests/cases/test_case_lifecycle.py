"""The case lifecycle: allowed moves, refused moves with the allowed next states, events recorded."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from aigov.cases.lifecycle import InvalidTransition, allowed_next, check_transition
from aigov.cases.service import case_events, open_or_attach, transition


def test_allowed_next_states() -> None:
    assert allowed_next("triaged") == ["assigned", "rejected", "forwarded", "escalated"]
    assert allowed_next("resolved") == ["closed"]
    assert allowed_next("closed") == []


@pytest.mark.parametrize(
    ("current", "to", "expected"),
    [
        ("new", "resolved", r"from 'new' to 'resolved'; allowed next: triaged, rejected, forwarded"),
        ("closed", "in_progress", r"allowed next: none \(the case is closed\)"),
        ("assigned", "done", r"unknown status 'done'"),
        ("in_progress", "rejected", r"'rejected' needs a reason"),
    ],
)
def test_invalid_transitions_name_the_allowed_states(current: str, to: str, expected: str) -> None:
    with pytest.raises(InvalidTransition, match=expected):
        check_transition(current, to)


def test_full_lifecycle_records_every_step(db: Session, make_message) -> None:  # type: ignore[no-untyped-def]
    case = open_or_attach(db, message=make_message("Küçədə işıq yoxdur")).case
    assert case.status == "triaged" and case.agency == "azerishiq"
    transition(db, case, "assigned", actor="officer-7", assignee="officer-9")
    assert case.assigned_to == "officer-9"
    transition(db, case, "in_progress", actor="officer-9", note="crew sent")
    transition(db, case, "resolved", actor="officer-9", reason="line repaired")
    assert case.answered_at is not None and case.resolution_reason == "line repaired"
    transition(db, case, "closed", actor="officer-9")
    steps = [(e.from_status, e.to_status, e.actor) for e in case_events(db, case)]
    assert steps == [
        (None, "new", "system"), ("new", "triaged", "system"), ("triaged", "assigned", "officer-7"),
        ("assigned", "in_progress", "officer-9"), ("in_progress", "resolved", "officer-9"),
        ("resolved", "closed", "officer-9"),
    ]
    assert all(e.at is not None for e in case_events(db, case))
    with pytest.raises(InvalidTransition, match="allowed next: none"):
        transition(db, case, "in_progress", actor="officer-9")
    assert len(case_events(db, case)) == 6  # the refused move left no event


def test_rejection_needs_a_reason_and_keeps_it(db: Session, make_message) -> None:  # type: ignore[no-untyped-def]
    case = open_or_attach(db, message=make_message("İşıq pulu çox gəlir")).case
    with pytest.raises(InvalidTransition, match="needs a reason"):
        transition(db, case, "rejected", actor="officer-1", reason="  ")
    transition(db, case, "rejected", actor="officer-1", reason="not within the agency's powers")
    assert case.status == "rejected" and case.resolution_reason == "not within the agency's powers"
    assert case_events(db, case)[-1].note == "not within the agency's powers"


def test_a_case_in_triage_cannot_be_assigned_without_an_agency(db: Session, make_message) -> None:  # type: ignore[no-untyped-def]
    case = open_or_attach(db, message=make_message("salam", topic="other", confidence=0.0)).case
    transition(db, case, "triaged", actor="triage-1")
    with pytest.raises(InvalidTransition, match="without an agency"):
        transition(db, case, "assigned", actor="triage-1")
