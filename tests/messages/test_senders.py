"""A message's sender: optional, validated, kept apart, never shown; no name nor contact: anonymous."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.cases.models import Case
from aigov.messages.models import Message, MessageSender
from aigov.messages.schemas import MessageIn, SenderIn
from aigov.privacy.service import read_sender

NAME = "Aysel Məmmədova"
PHONE = "+994 50 123 45 67"
EMAIL = "aysel.mammadova@example.az"
ADDRESS = "Nizami küçəsi 10, mənzil 5, Bakı"
TEXT = "Sumqayıtda 3 gündür işıq yoxdur"


def post(client, external_id: str, **extra):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/messages", json={"text": TEXT, "external_id": external_id, **extra})


def stored(db: Session, reference: str) -> tuple[Message, MessageSender | None, Case]:
    db.commit()  # end this session\'s read snapshot, then reload
    db.expire_all()
    message = db.scalars(select(Message).where(Message.reference == reference)).one()
    case = db.get(Case, message.case_id)
    assert case is not None
    return message, db.get(MessageSender, message.id), case


def test_a_sender_is_stored_apart_and_never_shown(client, db: Session, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    sender = {"name": NAME, "phone": PHONE, "email": EMAIL, "address": ADDRESS}
    response = post(client, "s-1", sender=sender)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["has_contact"] is True and "sender" not in body
    message, row, case = stored(db, body["reference"])
    assert row is not None
    details = read_sender(db, message, actor="test")  # stored encrypted (aigov.privacy); this read is audited
    assert details is not None and NAME not in repr(details)
    assert (details.name, details.phone, details.email, details.address) == (
        NAME, "+994501234567", EMAIL, ADDRESS)
    assert message.has_contact and not case.anonymous and case.due_at is not None
    shown = "".join(client.get(path).text for path in (
        f"/api/v1/messages/{body['reference']}", "/api/v1/messages", f"/api/v1/cases/{body['reference']}",
        f"/open311/v2/requests/{body['reference']}.json"))
    logged = caplog.text
    for secret in ("Aysel", "Məmmədova", "123 45 67", "501234567", "example.az", "Nizami"):
        assert secret not in shown and secret not in logged


@pytest.mark.parametrize("sender", [{}, {"name": "  ", "phone": ""}, {"email": None}])
def test_neither_name_nor_contact_is_an_anonymous_signal_without_deadline(client, db: Session,
                                                                          sender: dict) -> None:
    response = post(client, "anon", sender=sender)
    assert response.status_code == 201, response.text
    message, row, case = stored(db, response.json()["reference"])
    assert case.anonymous and case.due_at is None and row is None and not message.has_contact


def test_a_message_without_a_sender_object_is_answered_through_its_channel(client, db: Session) -> None:
    response = post(client, "plain")
    message, row, case = stored(db, response.json()["reference"])
    assert not case.anonymous and case.due_at is not None and row is None
    assert response.json()["has_contact"] is False


@pytest.mark.parametrize(("sender", "anonymous", "has_contact"), [
    ({"name": NAME}, False, False),
    ({"phone": "050 123 45 67"}, False, True),
    ({"email": EMAIL}, False, True),
    ({"address": ADDRESS}, False, True),
    ({}, True, False),
])
def test_who_counts_as_anonymous(sender: dict, anonymous: bool, has_contact: bool) -> None:
    item = MessageIn(text=TEXT, sender=sender)
    assert item.anonymous is anonymous
    assert item.sender is not None and item.sender.has_contact is has_contact


def test_a_duplicate_stores_the_sender_once(client, db: Session) -> None:
    for _ in range(2):
        post(client, "dup", channel="sms", sender={"name": NAME, "phone": PHONE})
    assert len(db.scalars(select(MessageSender)).all()) == 1


@pytest.mark.parametrize(("sender", "field"), [
    ({"phone": "12345"}, "sender.phone"),
    ({"phone": "+994 50 123 45 67 89 00"}, "sender.phone"),
    ({"phone": "zəng edin"}, "sender.phone"),
    ({"email": "aysel.example.az"}, "sender.email"),
    ({"email": "aysel@example"}, "sender.email"),
    ({"email": "ay sel@example.az"}, "sender.email"),
    ({"name": "Ə" * 201}, "sender.name"),
    ({"address": "x" * 501}, "sender.address"),
    ({"name": "Aysel\x00"}, "sender.name"),
    ({"passport": "AZE1234567"}, "sender.passport"),
])
def test_bad_sender_fields_get_a_clear_422_that_does_not_echo_them(client, sender: dict, field: str) -> None:
    response = post(client, "bad", sender=sender)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert [d["field"] for d in error["details"]] == [field]
    for value in sender.values():
        assert value[:20] not in response.text
    assert client.get("/api/v1/messages").json()["total"] == 0


def test_phone_numbers_are_read_as_azerbaijani_and_stored_as_e164() -> None:
    assert SenderIn(phone="(012) 498 00 00").phone == "+994124980000"
    assert SenderIn(phone="+7 912 345-67-89").phone == "+79123456789"
    assert "Aysel" not in repr(SenderIn(name="Aysel", phone="0501234567"))
