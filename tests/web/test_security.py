"""Security hardening: headers on every answer, rate limits on public endpoints, size limits, quiet logs."""

from __future__ import annotations

import logging

import pytest

from aigov.config import reset_settings_cache


@pytest.fixture
def settings_env(monkeypatch):  # type: ignore[no-untyped-def]
    """Set AIGOV_* settings for one test (the settings cache is reset before and after)."""

    def set_(**values: str) -> None:
        for key, value in values.items():
            monkeypatch.setenv(f"AIGOV_{key.upper()}", value)
        reset_settings_cache()

    yield set_
    monkeypatch.undo()
    reset_settings_cache()


def test_pages_api_and_files_carry_security_headers(client, anon_client) -> None:
    for who, url in ((client, "/"), (anon_client, "/track"), (anon_client, "/login"),
                     (client, "/api/v1/messages"), (anon_client, "/api/v1/messages"),
                     (anon_client, "/static/aigov.css"), (anon_client, "/open311/v2/services.json"),
                     (anon_client, "/no-such-page")):
        headers = who.get(url).headers
        assert headers["x-content-type-options"] == "nosniff", url
        assert headers["x-frame-options"] == "DENY" and headers["referrer-policy"] == "same-origin", url
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp, url
        assert "object-src 'none'" in csp or "default-src 'none'" in csp, url
        script = next((p for p in csp.split(";") if p.strip().startswith("script-src")), "")
        assert "unsafe-inline" not in script and "http" not in csp, url  # no inline scripts, nothing remote
    assert client.get("/api/v1/messages").headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in client.get("/").headers  # plain http here


def test_https_answers_ask_for_https_next_time(anon_client) -> None:
    from fastapi.testclient import TestClient

    with TestClient(anon_client.app, base_url="https://testserver") as secure:
        assert secure.get("/track").headers["strict-transport-security"].startswith("max-age=")


def test_the_tracking_page_is_rate_limited_per_address(settings_env, client_as) -> None:
    settings_env(rate_limit_track="3/minute")
    public = client_as("public")
    codes = [public.get("/track/AG-0000-0000-0", params={"lang": "en"}).status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]
    limited = public.get("/track", params={"lang": "en"})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert "Too many requests" in limited.text
    assert public.get("/open311/v2/services.json").status_code == 200  # other endpoints are not counted


def test_public_submissions_are_rate_limited_in_each_apis_error_format(settings_env, client_as) -> None:
    settings_env(rate_limit_intake="2/minute")
    public = client_as("public")
    codes = [public.post("/open311/v2/requests.json", data={"service_code": "nope"}).status_code
             for _ in range(3)]
    assert codes[:2] == [404, 404] and codes[2] == 429  # an unknown service, then the limit
    refused = public.post("/open311/v2/requests.json", data={"service_code": "nope"})
    assert refused.json()[0]["code"] == 429 and refused.headers["retry-after"]


def test_rate_limits_can_be_switched_off(settings_env, client_as) -> None:
    settings_env(rate_limit_track="1/minute", rate_limits_enabled="false")
    public = client_as("public")
    assert [public.get("/track").status_code for _ in range(3)] == [200, 200, 200]


def test_api_rate_limit_answers_in_the_json_error_format(settings_env, client_as) -> None:
    from aigov.accounts import policy

    settings_env(rate_limit_track="1/minute")
    policy.RATE_LIMITED[("GET", "/api/v1/regions")] = "track"  # an API route in a bucket, for this test
    try:
        public = client_as("public")
        assert public.get("/api/v1/regions").status_code == 200
        limited = public.get("/api/v1/regions")
    finally:
        del policy.RATE_LIMITED[("GET", "/api/v1/regions")]
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "too_many_requests" and limited.headers["retry-after"]


def test_bodies_over_the_limit_are_refused_before_the_route(client) -> None:
    response = client.post("/api/v1/messages", content=b"x" * (300 * 1024),
                           headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "payload_too_large"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_logs_hold_no_passwords_tokens_or_cookies(anon_client, api_token, caplog) -> None:
    secret = api_token("admin")
    with caplog.at_level(logging.DEBUG):
        anon_client.get("/api/v1/messages", headers={"Authorization": f"Bearer {secret}"})
        anon_client.get("/api/v1/messages", headers={"Authorization": "Bearer aigov_wrong-secret-value"})
        page = anon_client.get("/login")
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        anon_client.post("/login", data={"username": "nobody", "password": "hunter2-secret-pw",
                                         "csrf_token": token})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "GET /api/v1/messages 200" in logged and "POST /login 401" in logged
    for secret_text in (secret, "wrong-secret-value", "hunter2-secret-pw", token):
        assert secret_text not in logged
