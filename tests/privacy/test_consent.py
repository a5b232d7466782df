"""Consent and lawful basis per message: the channel's defaults plus what the citizen agreed to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from aigov.messages.service import get_by_reference
from aigov.privacy.models import MessageConsent, MessageRawText
from aigov.privacy.policy import consent_policy

from .conftest import NAME, PHONE, TEXT, aigov


def _consent(db: Session, reference: str) -> MessageConsent:
    db.commit()
    message = get_by_reference(db, reference)
    assert message is not None
    return db.get_one(MessageConsent, message.id)


def post(client, external_id: str, **extra):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/messages", json={"text": TEXT, "external_id": external_id, **extra})


def test_without_a_consent_object_the_channel_default_applies(db: Session, client) -> None:
    web = post(client, "c-1", channel="web")
    sms = post(client, "c-2", channel="sms")
    assert web.status_code == sms.status_code == 201
    policy = consent_policy()
    web_consent, sms_consent = _consent(db, web.json()["reference"]), _consent(db, sms.json()["reference"])
    assert web_consent.lawful_basis == policy.for_channel("web").lawful_basis == "consent"
    assert web_consent.source == "channel"
    assert sms_consent.lawful_basis == policy.default.lawful_basis == "law"
    assert web_consent.valid_until is not None and web_consent.valid_until > datetime.now(UTC)
    assert "consent" not in web.json()  # nothing about it is echoed


def test_what_the_citizen_agreed_to_is_recorded(db: Session, client) -> None:
    until = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    response = post(client, "c-3", channel="web", sender={"name": NAME, "phone": PHONE}, consent={
        "purposes": ["appeal", "research"], "data": ["text", "phone"], "valid_until": until,
        "third_party_transfer": True})
    assert response.status_code == 201, response.text
    consent = _consent(db, response.json()["reference"])
    assert consent.source == "citizen" and consent.consented_purposes == ["appeal", "research"]
    assert "research" in consent.purposes and "appeal" in consent.purposes
    assert consent.data == ["text", "phone"] and consent.third_party_transfer is True
    assert consent.valid_until is not None and abs((consent.valid_until - datetime.fromisoformat(until))
                                                   .total_seconds()) < 1


@pytest.mark.parametrize(("consent", "field"), [
    ({"purposes": ["selling"]}, "consent.purposes"),
    ({"purposes": []}, "consent.purposes"),
    ({"purposes": ["appeal"], "data": ["passport"]}, "consent.data"),
    ({"purposes": ["appeal"], "given_at": "2030-01-01T00:00:00Z"}, "consent"),
    ({"purposes": ["appeal"], "given_at": "2025-01-02T00:00:00Z", "valid_until": "2025-01-01T00:00:00Z"},
     "consent"),
    ({"purposes": ["appeal"], "revocable": True}, "consent.revocable"),
])
def test_bad_consent_gets_a_clear_422_and_nothing_is_stored(client, consent: dict, field: str) -> None:
    response = post(client, "c-bad", consent=consent)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == field
    assert client.get("/api/v1/messages").json()["total"] == 0


def test_revoking_consent_removes_raw_text_and_contacts_when_consent_was_the_only_basis(db: Session,
                                                                                      client) -> None:
    by_consent = post(client, "r-1", channel="web", sender={"phone": PHONE}).json()["reference"]
    by_law = post(client, "r-2", channel="sms", sender={"phone": PHONE}).json()["reference"]
    for reference in (by_consent, by_law):
        answer = client.post(f"/api/v1/privacy/consent/{reference}/revoke")
        assert answer.status_code == 200, answer.text
    db.commit()
    gone, kept = get_by_reference(db, by_consent), get_by_reference(db, by_law)
    assert db.get(MessageRawText, gone.id) is None and not gone.has_contact  # type: ignore[union-attr]
    assert db.get(MessageRawText, kept.id) is not None  # type: ignore[union-attr]
    assert _consent(db, by_law).revoked_at is not None
    assert client.post("/api/v1/privacy/consent/AG-0000-0000-0/revoke").status_code == 404


def test_revoke_from_the_command_line(db: Session, ingest) -> None:
    message = ingest(channel="web")
    result = aigov("privacy", "revoke", "--reference", message.reference)
    assert result.returncode == 0, result.stderr
    assert "raw text 1" in result.stdout
    assert aigov("privacy", "revoke", "--reference", "nonsense").returncode == 2


def test_the_consent_policy_is_published(anon_client) -> None:
    policy = anon_client.get("/api/v1/privacy/consent-policy").json()
    assert {"appeal", "statistics"} <= set(policy["purposes"]) and "phone" in policy["data"]
    assert policy["channels"]["web"]["lawful_basis"] == "consent"
