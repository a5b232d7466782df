"""Signing in and out in the browser: argon2 passwords, CSRF, the session cookie, throttling, redirects."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.accounts import passwords, service
from aigov.accounts.deps import SESSION_COOKIE
from aigov.accounts.models import User, UserSession
from aigov.config import reset_settings_cache
from aigov.db.engine import session_factory

PASSWORD = "a long enough password"


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def make_account(role: str = "analyst", *, username: str = "leyla", agency: str | None = None) -> None:
    with session_factory()() as session, session.begin():
        service.create_user(session, username=username, password=PASSWORD, role=role, agency_code=agency)


def login(client, username: str = "leyla", password: str = PASSWORD, *, next_path: str = "/"):  # type: ignore[no-untyped-def]
    client.cookies.set("aigov_lang", "en")
    page = client.get("/login", params={"next": next_path})
    return client.post("/login", data={"username": username, "password": password, "next": next_path,
                                       "csrf_token": csrf(page.text)}, follow_redirects=False)


@pytest.fixture
def settings_env(monkeypatch):  # type: ignore[no-untyped-def]
    """Set AIGOV_* settings for one test (the cache is reset before and after)."""

    def set_(**values: str) -> None:
        for key, value in values.items():
            monkeypatch.setenv(f"AIGOV_{key.upper()}", value)
        reset_settings_cache()

    yield set_
    monkeypatch.undo()
    reset_settings_cache()


def test_passwords_are_argon2id_hashes_and_checked(db: Session) -> None:
    make_account()
    stored = db.scalar(select(User.password_hash).where(User.username == "leyla"))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert passwords.verify_password(stored, PASSWORD)
    assert not passwords.verify_password(stored, PASSWORD + "x")
    assert not passwords.verify_password("not a hash", PASSWORD)
    assert service.authenticate(db, username="LEYLA ", password=PASSWORD) is not None
    assert service.authenticate(db, username="leyla", password="wrong password") is None
    assert service.authenticate(db, username="nobody", password=PASSWORD) is None


def test_accounts_are_checked_when_created(db: Session) -> None:
    for kwargs, problem in (({"username": "x"}, "2 to 64"), ({"username": "bad name"}, "2 to 64"),
                            ({"role": "king"}, "role must be"), ({"password": "short"}, "at least 10"),
                            ({"role": "officer"}, "needs an agency"),
                            ({"role": "officer", "agency_code": "atlantis"}, "unknown agency"),
                            ({"agency_code": "azersu"}, "only officers")):
        args = {"username": "rauf", "password": PASSWORD, "role": "analyst", **kwargs}
        with pytest.raises(service.AccountError, match=problem):
            service.create_user(db, **args)
    service.create_user(db, username="rauf", password=PASSWORD, role="analyst")
    with pytest.raises(service.AccountError, match="already exists"):
        service.create_user(db, username="Rauf", password=PASSWORD, role="admin")


def test_pages_send_the_public_to_the_login_page_and_back(anon_client) -> None:
    response = anon_client.get("/queue?status=all", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/queue%3Fstatus%3Dall"
    api = anon_client.get("/api/v1/messages")
    assert api.status_code == 401 and api.json()["error"]["code"] == "unauthorised"
    assert api.headers["www-authenticate"].startswith("Bearer")
    make_account()
    signed_in = login(anon_client, next_path="/queue?status=all")
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/queue?status=all"
    assert anon_client.get("/queue?status=all").status_code == 200


def test_the_session_cookie_is_httponly_lax_signed_and_not_the_stored_id(anon_client, db: Session) -> None:
    make_account()
    response = login(anon_client)
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Path=/" in cookie and "Secure" not in cookie  # plain http here; see the next test
    value = anon_client.cookies[SESSION_COOKIE]
    stored = db.scalars(select(UserSession.id)).all()
    assert len(stored) == 1 and stored[0] not in value and value.split(".")[0] not in stored
    assert db.scalar(select(User.last_login_at).where(User.username == "leyla")) is not None
    anon_client.cookies.clear()
    anon_client.cookies.set(SESSION_COOKIE, value[:-1] + ("0" if value[-1] != "0" else "1"))
    assert anon_client.get("/", follow_redirects=False).status_code == 303  # a forged signature: nobody


def test_secure_cookies_can_be_required(anon_client, settings_env) -> None:
    make_account()
    settings_env(secure_cookies="true")
    assert "Secure" in login(anon_client).headers["set-cookie"]


def test_wrong_passwords_and_forged_forms_sign_nobody_in(anon_client) -> None:
    make_account()
    wrong = login(anon_client, password="not the password")
    assert wrong.status_code == 401 and "The username or password is not right." in wrong.text
    assert 'value="leyla"' in wrong.text and "not the password" not in wrong.text
    assert SESSION_COOKIE not in anon_client.cookies
    forged = anon_client.post("/login", data={"username": "leyla", "password": PASSWORD, "csrf_token": "1.x"})
    assert forged.status_code == 403 and SESSION_COOKIE not in anon_client.cookies
    assert login(anon_client, next_path="//evil.example/x").headers["location"] == "/"


def test_disabled_accounts_cannot_sign_in_and_lose_their_sessions(anon_client, db: Session) -> None:
    make_account()
    assert login(anon_client).status_code == 303
    with session_factory()() as session, session.begin():
        service.set_disabled(session, username="leyla")
    assert anon_client.get("/", follow_redirects=False).status_code == 303
    assert login(anon_client).status_code == 401


def test_sign_out_ends_the_session_on_the_server(anon_client) -> None:
    make_account()
    login(anon_client)
    old_cookie = anon_client.cookies[SESSION_COOKIE]
    page = anon_client.get("/", params={"lang": "en"})
    assert "Signed in as leyla" in page.text
    token = re.search(r'name="logout_token" value="([^"]+)"', page.text).group(1)
    assert anon_client.post("/logout", data={"logout_token": "1.x"}).status_code == 403  # forged: kept
    assert anon_client.get("/", follow_redirects=False).status_code == 200
    out = anon_client.post("/logout", data={"logout_token": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login?signed_out=1"
    anon_client.cookies.clear()
    anon_client.cookies.set(SESSION_COOKIE, old_cookie)  # a copy of the cookie is worthless now
    assert anon_client.get("/", follow_redirects=False).status_code == 303


def test_failed_sign_ins_pause_the_account(anon_client, settings_env) -> None:
    settings_env(login_max_failures="3", rate_limit_login="100/minute")
    make_account()
    for _ in range(3):
        assert login(anon_client, password="wrong password!").status_code == 401
    locked = login(anon_client)  # even the right password waits
    assert locked.status_code == 429 and "Too many failed sign-ins" in locked.text
    assert SESSION_COOKIE not in anon_client.cookies


def test_sign_in_attempts_are_rate_limited_per_address(anon_client, settings_env) -> None:
    settings_env(rate_limit_login="4/minute")
    make_account()
    codes = [login(anon_client, username=f"user{i}", password="whatever pass").status_code for i in range(5)]
    assert codes[:4] == [401] * 4 and codes[4] == 429


def test_a_cookie_does_not_authorise_a_change_sent_from_another_site(client, make_case) -> None:
    reference = make_case("azerishiq")
    body = {"to": "assigned"}
    url = f"/api/v1/cases/{reference}/transition"
    assert client.post(url, json=body, headers={"Origin": "https://evil.example"}).status_code == 401
    assert client.post(url, json=body, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 401
    assert client.post(url, json=body, headers={"Origin": "http://testserver"}).status_code == 200


def test_demo_accounts_get_a_new_password_each_run(anon_client, db: Session) -> None:
    with session_factory()() as session, session.begin():
        made = service.ensure_demo_accounts(session, password="first demo password")
        assert {(u.username, u.role) for u in made} == {
            ("demo-admin", "admin"), ("demo-officer", "officer"), ("demo-analyst", "analyst"),
            ("demo-auditor", "auditor")}
    with session_factory()() as session, session.begin():
        service.ensure_demo_accounts(session, password="second demo password")
    assert login(anon_client, "demo-analyst", "first demo password").status_code == 401
    assert login(anon_client, "demo-analyst", "second demo password").status_code == 303
