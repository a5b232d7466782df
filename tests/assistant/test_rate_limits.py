"""The assistant's public routes are rate-limited per client address, each answering 429 in its own format."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from aigov.config import reset_settings_cache

from .conftest import SECRET


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("AIGOV_RATE_LIMIT_ASSISTANT", "3/minute")
    monkeypatch.setenv("AIGOV_RATE_LIMIT_WEBHOOK", "2/minute")
    reset_settings_cache()
    yield
    monkeypatch.undo()
    reset_settings_cache()


def test_the_ask_api_answers_429_in_the_json_error_format(limits, client_as) -> None:
    public = client_as("public")
    codes = [public.post("/api/v1/assistant/ask", json={"question": "passport fee"}).status_code
             for _ in range(3)]
    assert codes == [200, 200, 200]
    limited = public.post("/api/v1/assistant/ask", json={"question": "passport fee"})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert limited.json()["error"]["code"] == "too_many_requests"
    assert public.post("/api/v1/assistant/programmes", json={"age": 30}).status_code == 429  # same bucket
    assert client_as("public").post("/api/v1/assistant/ask", json={"question": "passport"}).status_code == 200


def test_chat_page_posts_answer_429_with_a_localised_page(limits, client_as) -> None:
    public = client_as("public")
    key = re.search(r'name="form_key" value="([0-9a-f]+)"', public.get("/assistant").text).group(1)  # type: ignore[union-attr]
    for _ in range(3):
        assert public.post("/assistant", data={"q": "passport", "form_key": key}).status_code == 200
    limited = public.post("/assistant", data={"q": "passport", "form_key": key},
                          headers={"Accept-Language": "en"})
    assert limited.status_code == 429 and limited.headers["retry-after"]
    assert limited.headers["content-type"].startswith("text/html") and "Too many requests" in limited.text
    assert public.post("/assistant/profile", data={"age": "30", "form_key": key}).status_code == 429
    assert public.get("/assistant").status_code == 200  # reading the page is not counted


def test_the_telegram_webhook_keeps_its_secret_and_has_a_limit(limits, client_as, telegram_out) -> None:
    public = client_as("public")
    body = {"update_id": 1, "edited_message": {}}
    url, header = "/channels/telegram/webhook", "X-Telegram-Bot-Api-Secret-Token"
    assert public.post(url, json=body).status_code == 403  # no secret: refused (and counted)
    assert public.post(url, json=body, headers={header: SECRET}).status_code == 200
    assert public.post(url, json=body, headers={header: SECRET}).status_code == 429
