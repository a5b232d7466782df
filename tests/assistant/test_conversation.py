"""Conversations: answers cite entries, follow-ups use the previous topic, refusals offer a case, benefits
follow the profile, and the handoff records consent and opens a routed case through the intake."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.analysis.default import default_pipeline
from aigov.assistant.eligibility import Profile, decide, programmes_for
from aigov.assistant.models import Handoff
from aigov.assistant.retrieval import Index
from aigov.assistant.service import answer_question, ask, conversation, handoff, new_token, set_profile
from aigov.cases.models import Case


def test_answer_cites_its_entry_in_the_question_language(index: Index) -> None:
    answer, topic = answer_question(index, "сколько стоит загранпаспорт?")
    assert topic == "passport" and answer.language == "ru"
    assert [e["id"] for e in answer.entries] == ["passport"]
    assert "40 AZN" in answer.text and "Пошлины" in answer.text  # the fees asked for, in Russian
    assert "bpqmi.gov.az" in answer.text and "[passport]" in answer.text  # the source is cited
    assert "не сверены" in answer.text  # unverified facts say so


def test_follow_up_question_is_answered_from_the_previous_topic(index: Index) -> None:
    first, topic = answer_question(index, "şəxsiyyət vəsiqəsi itib, yenisini almaq istəyirəm")
    assert topic == "id-card"
    follow, again = answer_question(
        index, "bəs hansı sənədlər lazımdır?", memory=(topic, "şəxsiyyət vəsiqəsi")
    )
    assert again == "id-card" and follow.kind == "follow_up"
    assert "Lazım olan sənədlər" in follow.text and "Doğum haqqında şəhadətnamə" in follow.text
    # without the memory the same words find no particular service
    alone, _ = answer_question(index, "bəs hansı sənədlər lazımdır?")
    assert alone.kind != "follow_up"


def test_a_new_topic_is_not_mistaken_for_a_follow_up(index: Index) -> None:
    answer, topic = answer_question(index, "how much is a driving licence", memory=("passport", "passport"))
    assert topic == "driving-licence"


def test_out_of_knowledge_base_question_gets_i_dont_know_and_a_case_offer(index: Index) -> None:
    answer, topic = answer_question(index, "where can I buy football tickets?")
    assert answer.kind == "dont_know" and answer.offer_case
    assert "don't know" in answer.text and "case" in answer.text
    assert topic is None


def test_complaint_offers_a_case(index: Index) -> None:
    for text in (
        "şikayət etmək istəyirəm, 3 gündür işıq yoxdur",
        "хочу подать жалобу на ЖЭК",
        "I want to complain about the water",
    ):
        answer, _ = answer_question(index, text)
        assert answer.kind == "complaint" and answer.offer_case


def test_eligibility_rules_filter_and_rank_programmes(index: Index) -> None:
    entries = index.entries
    by_id = {e.id: e for e in entries}
    assert (
        decide(by_id["unemployment-registration"], Profile(age=30, employment="unemployed")).status
        == "eligible"
    )
    assert (
        decide(by_id["unemployment-registration"], Profile(age=30, employment="employed")).status
        == "not_eligible"
    )
    assert decide(by_id["unemployment-registration"], Profile(age=30)).status == "maybe"
    family = programmes_for(
        entries,
        Profile(
            age=35, children=2, low_income=True, employment="employed", disability=False, pensioner=False
        ),
    )
    ids = [d.entry.id for d in family]
    assert {"child-benefit", "targeted-social-assistance"} <= set(ids)
    assert "unemployment-registration" not in ids and "disability-status" not in ids and "pension" not in ids
    assert all(d.status == "eligible" for d in family)
    assert "passport" not in ids  # a service, not a programme


def test_which_benefits_question_uses_the_profile(index: Index) -> None:
    empty, _ = answer_question(index, "which benefits can I get?")
    assert empty.kind == "benefits" and "profile" in empty.text
    answer, _ = answer_question(
        index, "hansı müavinətləri ala bilərəm?", profile=Profile(age=70, pensioner=True, low_income=False)
    )
    assert answer.kind == "benefits"
    ids = [e["id"] for e in answer.entries]
    assert "pension" in ids and "targeted-social-assistance" not in ids


def test_handoff_records_consent_and_opens_a_routed_case(db: Session) -> None:
    chat = conversation(db, new_token(), channel="web", language="az")
    ask(db, chat, "şikayət: Binəqədi rayonunda üç gündür işıq yoxdur")
    assert chat.pending == "consent"
    result = handoff(
        db,
        chat,
        text=chat.pending_text or "",
        consent=True,
        pipeline=default_pipeline(),
        external_id="assistant-test-1",
        consent_text="Razıyam",
    )
    assert result.kind == "case_opened" and result.reference
    case = db.scalar(select(Case).where(Case.reference == result.reference))
    assert case is not None and case.agency  # routed like any other appeal
    record = db.scalar(select(Handoff))
    assert (
        record.consent is True and record.reference == result.reference and record.consent_text == "Razıyam"
    )
    assert chat.pending is None


def test_declining_records_it_and_opens_nothing(db: Session) -> None:
    chat = conversation(db, new_token(), channel="web", language="en")
    ask(db, chat, "I want to complain about my pension being late")
    result = handoff(
        db,
        chat,
        text="x",
        consent=False,
        pipeline=default_pipeline(),
        external_id="x",
        consent_text="I agree",
    )
    assert result.kind == "declined"
    assert db.scalar(select(Handoff)).consent is False
    assert db.scalar(select(Case)) is None


def test_profile_is_kept_on_the_conversation(db: Session) -> None:
    chat = conversation(db, new_token(), channel="web")
    set_profile(db, chat, Profile(age=40, employment="unemployed"))
    answer = ask(db, chat, "which benefits can I get?")
    assert "unemployment-registration" in [e["id"] for e in answer.entries]


def test_idle_conversations_are_forgotten(db: Session) -> None:
    from datetime import timedelta

    from aigov.assistant.models import Conversation
    from aigov.assistant.service import forget_idle
    from aigov.db.base import utcnow

    old = conversation(db, new_token(), channel="web")
    recent = conversation(db, new_token(), channel="web")
    old.updated_at = utcnow() - timedelta(days=40)
    db.flush()
    assert forget_idle(db, older_than_days=30) == 1
    assert [c.id for c in db.scalars(select(Conversation))] == [recent.id]


def test_empty_and_oversized_questions_are_refused_without_quoting_them(index: Index) -> None:
    import pytest

    from aigov.assistant.service import AssistantError

    for question in ("", "   \x00  ", "secret-word " * 200):
        with pytest.raises(AssistantError) as caught:
            answer_question(index, question)
        assert "secret-word" not in str(caught.value)
