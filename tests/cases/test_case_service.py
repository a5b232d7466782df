"""Cases from messages: same-problem attach, routing, re-routing with corrections, deadlines, SLA report."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.analysis.default import default_pipeline
from aigov.calendar import current_calendar
from aigov.cases.models import Case, RoutingCorrection
from aigov.cases.service import (
    CaseError,
    case_events,
    case_messages,
    deadline_flag,
    escalate_breached,
    export_corrections_csv,
    extend_deadline,
    open_or_attach,
    require_extra_checking,
    reroute,
    sla_report,
    transition,
)
from aigov.messages.schemas import MessageIn
from aigov.messages.service import intake

MONDAY = datetime(2025, 2, 3, 5, 0, tzinfo=UTC)  # 09:00 in Baku, as in conftest.py

OUTAGE = "Nəsimi rayonunda, Füzuli küçəsində 3 gündür işıq yoxdur, uşaqlar qaranlıqda qalıb"
OUTAGE_AGAIN = "Nəsimi rayonu Füzuli küçəsində 3 gündür işıq yoxdur, uşaqlar qaranlıqda qalıblar!"
OTHER_OUTAGE = "Sayğac yanıb, yeni sayğac quraşdırılmasını bir aydır gözləyirik"


def baku_day(moment: datetime) -> date:
    return current_calendar().local_date(moment)


def test_a_new_message_opens_a_routed_case_with_the_statutory_deadline(db: Session, make_message) -> None:  # type: ignore[no-untyped-def]
    message = make_message(OUTAGE)
    outcome = open_or_attach(db, message=message)
    case = outcome.case
    assert not outcome.attached
    assert case.reference == message.reference and message.case_id == case.id
    assert (case.status, case.agency) == ("triaged", "azerishiq")
    assert (case.topic, case.region) == ("electricity", "baku")
    assert baku_day(case.due_at) == date(2025, 2, 24)  # 15 working days after Monday 3 February


def test_a_near_duplicate_attaches_and_a_different_text_opens_a_case(db: Session, make_message) -> None:  # type: ignore[no-untyped-def]
    first = open_or_attach(db, message=make_message(OUTAGE)).case
    again = open_or_attach(db, message=make_message(OUTAGE_AGAIN, received_at=MONDAY + timedelta(hours=5)))
    assert again.attached and again.case.id == first.id and again.similarity >= 0.5
    other = open_or_attach(db, message=make_message(OTHER_OUTAGE))
    assert not other.attached
    elsewhere = open_or_attach(db, message=make_message(OUTAGE, region="ganja_dashkasan"))
    assert not elsewhere.attached
    later = open_or_attach(db, message=make_message(OUTAGE, received_at=MONDAY + timedelta(days=31)))
    assert not later.attached  # outside the 30-day window
    assert len(case_messages(db, first)) == 2
    assert "attached" in (case_events(db, first)[-1].note or "")


def test_a_closed_case_does_not_take_new_messages(db: Session, make_message) -> None:  # type: ignore[no-untyped-def]
    case = open_or_attach(db, message=make_message(OUTAGE)).case
    transition(db, case, "rejected", actor="officer-1", reason="duplicate of an earlier appeal")
    assert not open_or_attach(db, message=make_message(OUTAGE_AGAIN)).attached


def test_region_override_routes_to_the_regional_agency(db: Session, make_message) -> None:  # type: ignore[no-untyped-def]
    case = open_or_attach(db, message=make_message(OUTAGE, region="nakhchivan")).case
    assert (case.status, case.agency) == ("triaged", "nakhchivan_energy")
    assert "override" in (case_events(db, case)[1].note or "")


@pytest.mark.parametrize(("topic", "confidence"), [("electricity", 0.2), ("other", 0.0), (None, None)])
def test_unsure_analyses_go_to_human_triage(db: Session, make_message, topic, confidence) -> None:  # type: ignore[no-untyped-def]
    case = open_or_attach(db, message=make_message(OUTAGE, topic=topic, confidence=confidence)).case
    assert (case.status, case.agency) == ("new", None)
    assert case.due_at is not None  # the law's period runs from registration, triage or not


def test_anonymous_messages_are_signals_without_deadline(db: Session, make_message) -> None:  # type: ignore[no-untyped-def]
    case = open_or_attach(db, message=make_message(OUTAGE), anonymous=True).case
    assert case.anonymous and case.due_at is None
    assert deadline_flag(case, MONDAY + timedelta(days=90)) is None
    with pytest.raises(CaseError, match="no deadline"):
        extend_deadline(db, case, days=10, actor="officer-1")


def test_reroute_from_triage_stores_a_correction(db: Session, make_message) -> None:  # type: ignore[no-untyped-def]
    case = open_or_attach(db, message=make_message(OUTAGE, topic="other", confidence=0.0)).case
    correction = reroute(db, case, "azerishiq", actor="triage-2", topic="electricity")
    assert (case.status, case.agency, case.topic) == ("triaged", "azerishiq", "electricity")
    assert (correction.old_topic, correction.old_agency) == ("other", None)
    assert (correction.new_topic, correction.new_agency) == ("electricity", "azerishiq")
    assert correction.actor == "triage-2"
    assert correction.redacted_text == OUTAGE


def test_misrouted_case_is_forwarded_with_a_fresh_period(db: Session, make_message) -> None:  # type: ignore[no-untyped-def]
    case = open_or_attach(db, message=make_message("Binanın damı axır, mənzil su içindədir")).case
    transition(db, case, "assigned", actor="officer-1")
    now = datetime(2025, 2, 5, 8, 0, tzinfo=UTC)  # Wednesday: two working days after registration
    reroute(db, case, "local_executive", actor="officer-1", topic="housing", note="the roof", now=now)
    steps = [(e.from_status, e.to_status) for e in case_events(db, case)][-2:]
    assert steps == [("assigned", "forwarded"), ("forwarded", "triaged")]
    assert "forwarded after 2 working days" in (case_events(db, case)[-2].note or "")
    assert "late" not in (case_events(db, case)[-2].note or "")
    assert case.assigned_to is None and baku_day(case.due_at) == date(2025, 2, 26)
    with pytest.raises(CaseError, match="unknown agency"):
        reroute(db, case, "ministry_of_magic", actor="officer-1")


def test_corrections_export_as_text_label_csv_that_trains(db: Session, make_message, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    examples = [("Küçədə işıq yoxdur", "electricity"), ("Evdə işıq yoxdur, sayğac yanıb", "electricity"),
                ("Kranlardan su gəlmir", "water"), ("Həyətdə su borusu partlayıb, su gəlmir", "water")]
    for text, topic in examples:
        case = open_or_attach(db, message=make_message(text, topic="other", confidence=0.0, region=None)).case
        reroute(db, case, "azerishiq" if topic == "electricity" else "azersu", actor="triage-1", topic=topic)
    path = tmp_path / "corrections.csv"
    assert export_corrections_csv(db, path) == 4
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["text", "label"]
    model = make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)), LogisticRegression())
    model.fit([r["text"] for r in rows], [r["label"] for r in rows])
    assert list(model.predict(["işıq yoxdur", "su gəlmir"])) == ["electricity", "water"]
    assert export_corrections_csv(db, tmp_path / "agency.csv", label="agency") == 4
    assert "azersu" in (tmp_path / "agency.csv").read_text(encoding="utf-8")


def test_untouched_case_is_breached_and_escalated(db: Session, make_message) -> None:  # type: ignore[no-untyped-def]
    case = open_or_attach(db, message=make_message(OUTAGE)).case
    due_day = datetime(2025, 2, 24, 12, 0, tzinfo=UTC)
    assert deadline_flag(case, MONDAY) == "ok"
    assert deadline_flag(case, datetime(2025, 2, 20, 12, 0, tzinfo=UTC)) == "near"  # Thursday: 2 days left
    assert deadline_flag(case, due_day) == "near"
    assert escalate_breached(db, now=due_day) == []
    after = datetime(2025, 2, 24, 20, 30, tzinfo=UTC)  # 00:30 on Tuesday in Baku
    assert deadline_flag(case, after) == "breached"
    assert escalate_breached(db, now=after) == [case]
    assert case.status == "escalated"
    event = case_events(db, case)[-1]
    assert (event.from_status, event.to_status, event.actor) == ("triaged", "escalated", "system")
    assert "2025-02-24" in (event.note or "")
    assert escalate_breached(db, now=after + timedelta(days=1)) == []  # escalated once


def test_extra_checking_and_one_extension(db: Session, make_message) -> None:  # type: ignore[no-untyped-def]
    case = open_or_attach(db, message=make_message(OUTAGE)).case
    require_extra_checking(db, case, actor="officer-1")
    # 30 working days; 8 March 2025 is a Saturday, so Monday 10 March is a rest day.
    assert baku_day(case.due_at) == date(2025, 3, 18)
    extend_deadline(db, case, days=5, actor="officer-1", note="waiting for the grid operator")
    # 19 March, Novruz 20-26 March (with transfers), 27, 28 March, Ramazan 30 March-1 April, 2, 3 April
    assert baku_day(case.due_at) == date(2025, 4, 3)
    assert case.extended and case.extension_count == 1
    with pytest.raises(CaseError, match="only once"):
        extend_deadline(db, case, days=5, actor="officer-1")


def test_sla_report_on_a_small_constructed_dataset(db: Session, make_message) -> None:  # type: ignore[no-untyped-def]
    texts = ["Küçə işıqları yanmır", "Transformator yanıb", "Sayğac işləmir", "Elektrik xətti qırılıb"]
    cases = [open_or_attach(db, message=make_message(t)).case for t in texts]
    # answered after 3 and after 20 working days (due on 24 February), one still open, one breached
    transition(db, cases[0], "assigned", actor="o")
    transition(db, cases[0], "resolved", actor="o", reason="fixed", now=datetime(2025, 2, 6, 8, tzinfo=UTC))
    transition(db, cases[1], "rejected", actor="o", reason="private wiring",
               now=datetime(2025, 3, 3, 8, tzinfo=UTC))
    water = open_or_attach(db, message=make_message("Su yoxdur", topic="water")).case
    triage = open_or_attach(db, message=make_message("salam", topic="other", confidence=0.0)).case
    assert triage.agency is None and water.agency == "azersu"
    report = {row.agency: row for row in sla_report(db, today=date(2025, 2, 21))}  # Friday, 1 day left
    electricity = report["azerishiq"]
    assert (electricity.open, electricity.due_soon, electricity.breached) == (3, 3, 0)
    assert (electricity.answered, electricity.in_time_share) == (1, 1.0)
    assert electricity.median_days_to_answer == 3.0
    report = {row.agency: row for row in sla_report(db, today=date(2025, 3, 10))}
    electricity = report["azerishiq"]
    assert (electricity.open, electricity.due_soon, electricity.breached) == (2, 0, 2)
    assert (electricity.answered, electricity.answered_in_time, electricity.in_time_share) == (2, 1, 0.5)
    assert electricity.median_days_to_answer == 11.5  # median of 3 and 20 working days
    assert (report["azersu"].breached, report[None].breached) == (1, 1)
    assert list(report) == ["azerishiq", "azersu", None]  # the triage queue last


def test_intake_opens_and_attaches_cases(db: Session) -> None:
    items = [MessageIn(text=OUTAGE, channel="sms", external_id="a-1", region="baku"),
             MessageIn(text=OUTAGE_AGAIN, channel="sms", external_id="a-2", region="baku"),
             MessageIn(text=OUTAGE, channel="sms", external_id="a-1", region="baku")]
    outcomes = intake(db, items, default_pipeline())
    assert [o.status for o in outcomes] == ["new", "new", "duplicate"]
    cases = list(db.scalars(select(Case)))
    assert len(cases) == 1 and cases[0].reference == outcomes[0].message.reference
    assert {o.message.case_id for o in outcomes} == {cases[0].id}
    assert cases[0].agency == "azerishiq"
    assert db.scalar(select(RoutingCorrection)) is None
