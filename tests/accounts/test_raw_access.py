"""Raw text and contact details: only through /raw, only for roles that need them, each read audited."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.audit.models import AuditEntry

PHONE = "+994 50 123 45 67"
TEXT = f"Salam, Binəqədi rayonunda üç gündür işıq yoxdur. Zəhmət olmasa kömək edin. Telefon: {PHONE}"


def post(client) -> str:  # type: ignore[no-untyped-def]
    body = {"text": TEXT, "channel": "web", "external_id": "raw-1", "region": "baku",
            "sender": {"name": "Aynur Əliyeva", "phone": "050 123 45 67"}}
    response = client.post("/api/v1/messages", json=body)
    assert response.status_code == 201, response.text
    assert response.json()["agency"] == "azerishiq"
    return response.json()["reference"]


def reads(db: Session, reference: str) -> list[tuple[str, str]]:
    db.commit()  # end this session's read snapshot
    rows = db.execute(select(AuditEntry.actor, AuditEntry.details).where(
        AuditEntry.action == "personal_data.read", AuditEntry.subject_id == reference))
    return [(actor, details) for actor, details in rows]


def test_only_roles_that_need_it_read_the_raw_text_and_each_read_is_audited(client, client_as, db) -> None:
    reference = post(client)
    shown = client.get(f"/api/v1/messages/{reference}").json()
    assert PHONE not in str(shown) and "Aynur" not in str(shown)
    for role, agency in (("analyst", None), ("auditor", None), ("officer", "azersu"), ("public", None)):
        other = client_as(role, agency=agency)
        response = other.get(f"/api/v1/messages/{reference}/raw")
        assert response.status_code in {401, 403}, role
        assert PHONE not in response.text and "Aynur" not in response.text
    assert reads(db, reference) == []
    officer = client_as("officer", agency="azerishiq")
    raw = officer.get(f"/api/v1/messages/{reference}/raw")
    assert raw.status_code == 200, raw.text
    body = raw.json()
    assert body["text"] == TEXT and body["sender"]["name"] == "Aynur Əliyeva"
    assert body["sender"]["phone"] == "+994501234567"
    actors = {actor for actor, _details in reads(db, reference)}
    assert len(actors) == 1 and actors.pop().startswith("test-officer")
    assert all(PHONE not in details and "Aynur" not in details for _actor, details in reads(db, reference))
