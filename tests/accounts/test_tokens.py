"""API tokens: hashed at rest, scoped, expiring, revocable; an analyst's token never reads raw text."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from aigov.accounts import service
from aigov.accounts.models import ApiToken
from aigov.db.base import utcnow
from aigov.db.engine import session_factory


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_a_token_is_stored_as_its_sha256_only(anon_client, api_token, db: Session) -> None:
    secret = api_token("analyst", scopes=["messages.read"])
    assert secret.startswith("aigov_") and len(secret) > 40
    stored = db.execute(text("SELECT token_hash, prefix FROM api_tokens")).one()
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret[12:] not in stored.prefix
    dump = " ".join(str(v) for row in db.execute(text("SELECT * FROM api_tokens")) for v in row)
    assert secret not in dump
    me = anon_client.get("/api/v1/me", headers=bearer(secret))
    assert me.status_code == 200
    assert me.json() == {"username": me.json()["username"], "role": "analyst", "agency": None,
                         "permissions": ["messages.read"], "via": "token"}


def test_expired_revoked_unknown_and_disabled_tokens_are_401(anon_client, api_token, db: Session) -> None:
    good, old, revoked, disabled = (api_token("admin") for _ in range(4))
    with session_factory()() as session, session.begin():
        tokens = {t.token_hash: t for t in session.scalars(select(ApiToken))}
        digest = hashlib.sha256
        tokens[digest(old.encode()).hexdigest()].expires_at = utcnow() - timedelta(seconds=1)
        service.revoke_token(session, token_id=tokens[digest(revoked.encode()).hexdigest()].id)
        owner = tokens[digest(disabled.encode()).hexdigest()].user_id
        service.set_disabled(session, username=session.get(service.User, owner).username)
    assert anon_client.get("/api/v1/messages", headers=bearer(good)).status_code == 200
    for secret in (old, revoked, disabled, good[:-2] + "xx", "aigov_nothing", "not-a-token"):
        response = anon_client.get("/api/v1/messages", headers=bearer(secret))
        assert response.status_code == 401, secret
        assert response.json()["error"]["code"] == "unauthorised"
        assert "invalid_token" in response.headers["www-authenticate"]
    assert anon_client.get("/api/v1/messages", headers={"Authorization": "Basic abc"}).status_code == 401


def test_a_token_can_do_only_what_both_its_scopes_and_its_role_allow(anon_client, api_token) -> None:
    intake_only = api_token("admin", scopes=["messages.submit"])
    assert anon_client.get("/api/v1/messages", headers=bearer(intake_only)).status_code == 403
    refused = anon_client.get("/api/v1/stats", headers=bearer(intake_only))
    assert refused.status_code == 403 and "scopes" in refused.json()["error"]["message"]
    assert anon_client.post("/api/v1/messages", json={}, headers=bearer(intake_only)).status_code == 422
    # scopes never add to a role: an analyst's token with every scope still has only an analyst's rights
    analyst_all = api_token("analyst", scopes=["*"])
    assert anon_client.get("/api/v1/stats", headers=bearer(analyst_all)).status_code == 200
    assert anon_client.post("/api/v1/messages", json={}, headers=bearer(analyst_all)).status_code == 403


def test_an_analysts_token_cannot_read_raw_text(anon_client, api_token, make_case) -> None:
    reference = make_case("azerishiq")
    for scopes in (["*"], ["messages.read", "messages.read_raw"]):
        secret = api_token("analyst", scopes=scopes)
        assert anon_client.get(f"/api/v1/messages/{reference}", headers=bearer(secret)).status_code == 200
        raw = anon_client.get(f"/api/v1/messages/{reference}/raw", headers=bearer(secret))
        assert raw.status_code == 403 and raw.json()["error"]["code"] == "forbidden"
        assert "text" not in raw.json()


def test_use_is_recorded_and_listing_shows_no_secret(anon_client, api_token, db: Session) -> None:
    secret = api_token("auditor", scopes=["cases.read"])
    anon_client.get("/api/v1/cases", headers=bearer(secret))
    db.expire_all()
    token, user = service.list_tokens(db)[0]
    assert token.last_used_at is not None and user.role == "auditor" and token.scopes == ["cases.read"]
    assert secret not in repr(token) and token.token_hash not in repr(token)


def test_token_arguments_are_checked(make_user, db: Session) -> None:
    name = make_user("admin")
    for kwargs, problem in (({"scopes": []}, "at least one"), ({"scopes": ["nope"]}, "unknown scope"),
                            ({"expires_days": 0}, "between"), ({"expires_days": 99999}, "between"),
                            ({"name": "\x00"}, "printable")):
        args = {"username": name, "name": "t", "scopes": ["*"], "expires_days": 5, **kwargs}
        with pytest.raises(service.AccountError, match=problem):
            service.create_token(db, **args)
    with pytest.raises(service.AccountError, match="no user"):
        service.create_token(db, username="ghost", name="t", scopes=["*"], expires_days=1)
