"""Open311 requests: the sender kept apart and never shown, anonymous requests as signals, the location."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.open311.test_open311_api import BASE, EMAIL, PHONE, assert_spec_error, post_form

from aigov.cases.models import Case
from aigov.messages.models import Message, MessageLocation, MessageSender
from aigov.privacy.service import read_sender

PHOTO = "https://photos.example.az/p/123.jpg"


def _message(db: Session, reference: str) -> Message:
    db.commit()  # end this session\'s read snapshot, then reload
    db.expire_all()
    return db.scalars(select(Message).where(Message.reference == reference)).one()


def test_a_request_without_name_or_contact_is_an_anonymous_signal(client, db: Session) -> None:
    response = post_form(client, service_code="electricity", lat="40.4093", long="49.8671",
                         description="Küçədə işıq yoxdur")
    assert response.status_code == 201
    reference = response.json()[0]["service_request_id"]
    assert "siqnal" in response.json()[0]["service_notice"]  # anonymous appeals get no formal answer
    message = _message(db, reference)
    case = db.get(Case, message.case_id)
    assert case is not None and case.anonymous and case.due_at is None
    assert message.has_contact is False and db.get(MessageSender, message.id) is None
    shown = client.get(f"{BASE}/requests/{reference}.json").json()[0]
    assert shown["status"] == "open" and shown["expected_datetime"] is None


def test_the_sender_is_stored_apart_normalised_and_never_shown(client, db: Session) -> None:
    response = post_form(client, service_code="water", address_id="goygol", description="Su yoxdur",
                         first_name="Aysel", last_name="Məmmədova", email="Aysel@Example.AZ",
                         phone="050 123 45 67")
    assert response.status_code == 201
    reference = response.json()[0]["service_request_id"]
    message = _message(db, reference)
    assert db.get(MessageSender, message.id) is not None
    sender = read_sender(db, message, actor="test")  # stored encrypted (aigov.privacy); this read is audited
    assert sender is not None
    assert (sender.name, sender.phone, sender.email, sender.address) == (
        "Aysel Məmmədova", "+994501234567", "Aysel@example.az", None)
    assert message.has_contact and "Aysel" not in repr(sender)
    case = db.get(Case, message.case_id)
    assert case is not None and not case.anonymous and case.due_at is not None
    shown = (client.get(f"{BASE}/requests/{reference}.json").text
             + client.get(f"{BASE}/requests/{reference}.xml").text
             + client.get(f"{BASE}/requests.json").text
             + client.get(f"/api/v1/messages/{reference}").text
             + client.get(f"/api/v1/cases/{reference}").text)
    for secret in ("Aysel", "Məmmədova", "example.az", "123 45 67", "501234567"):
        assert secret not in shown
    assert client.get(f"/api/v1/messages/{reference}").json()["has_contact"] is True


def test_a_name_alone_is_a_formal_appeal_without_contact(client, db: Session) -> None:
    response = post_form(client, service_code="gas", address_id="goygol", first_name="Rauf")
    reference = response.json()[0]["service_request_id"]
    message = _message(db, reference)
    assert message.has_contact is False
    assert not db.get(Case, message.case_id).anonymous  # type: ignore[union-attr]
    assert read_sender(db, message, actor="test").name == "Rauf"  # type: ignore[union-attr]


def test_the_location_is_stored_and_returned_in_json_and_xml(client, db: Session) -> None:
    response = post_form(client, service_code="roads", lat="40.6828", long="46.3606",
                         address_string="Atatürk prospekti 12, Gəncə şəhəri", media_url=PHOTO,
                         description="Yolda böyük çuxur var", first_name="Rauf")
    assert response.status_code == 201
    reference = response.json()[0]["service_request_id"]
    location = db.get(MessageLocation, _message(db, reference).id)
    assert location is not None and (location.lat, location.long) == (40.6828, 46.3606)
    item = client.get(f"{BASE}/requests/{reference}.json").json()[0]
    assert (item["lat"], item["long"], item["media_url"]) == (40.6828, 46.3606, PHOTO)
    assert item["address"] == "Atatürk prospekti 12, Gəncə şəhəri" and item["address_id"] == "ganja_city"
    listed = client.get(f"{BASE}/requests.json", params={"service_request_id": reference}).json()[0]
    assert listed == item
    request = ET.fromstring(client.get(f"{BASE}/requests/{reference}.xml").content).find("request")
    assert request is not None
    assert (request.findtext("lat"), request.findtext("long"), request.findtext("media_url")) == (
        "40.6828", "46.3606", PHOTO)


def test_an_idempotent_replay_stores_the_sender_and_location_once(client, db: Session) -> None:
    fields = {"service_code": "roads", "lat": "40.4", "long": "49.8", "phone": PHONE}
    first = client.post(f"{BASE}/requests.json", data=fields, headers={"Idempotency-Key": "k-7"})
    again = client.post(f"{BASE}/requests.json", data=fields, headers={"Idempotency-Key": "k-7"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert len(db.scalars(select(MessageSender)).all()) == 1
    assert len(db.scalars(select(MessageLocation)).all()) == 1


@pytest.mark.parametrize(("field", "value", "says"), [
    ("phone", "12345", "phone"),
    ("phone", "call me maybe", "phone"),
    ("email", "aysel.example.az", "email"),
    ("email", "aysel@", "email"),
    ("first_name", "A" * 201, "first_name/last_name"),
    ("media_url", "javascript:alert(1)", "media_url"),
    ("media_url", "ftp://files.example.az/p.jpg", "media_url"),
    ("address_string", "Sülh\x07küçəsi", "address_string"),
])
def test_bad_contact_or_location_is_a_spec_error_that_does_not_echo_it(client, field, value, says) -> None:
    response = post_form(client, service_code="water", lat="40.4", long="49.8", **{field: value})
    description = assert_spec_error(response, 400)
    assert says in description and value not in description
    assert client.get(f"{BASE}/requests.json").json() == []  # nothing stored


def test_an_email_alone_counts_as_contact(client, db: Session) -> None:
    response = post_form(client, service_code="water", address_id="goygol", email=EMAIL)
    message = _message(db, response.json()[0]["service_request_id"])
    assert message.has_contact and not db.get(Case, message.case_id).anonymous  # type: ignore[union-attr]


def test_address_is_published_without_other_personal_data(client) -> None:
    body = {"service_code": "roads", "description": "Yolda böyük çuxur var",
            "address_string": "Nizami küç. 45, Əli Məmmədov, tel 050 123 45 67"}
    created = client.post("/open311/v2/requests.json", data=body)
    assert created.status_code in {200, 201}, created.text
    ref = created.json()[0]["service_request_id"]
    published = client.get(f"/open311/v2/requests/{ref}.json").json()[0]["address"]
    assert "Nizami" in published
    assert "123 45 67" not in published and "<PHONE>" in published
    assert "Məmmədov" not in published
