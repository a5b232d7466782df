"""The public chat page and API without a browser: form posts, the form key, language, the API."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.assistant.models import Handoff


def form_key(html: str) -> str:
    return re.search(r'name="form_key" value="([0-9a-f]+)"', html).group(1)  # type: ignore[union-attr]


def test_chat_page_answers_through_plain_form_posts(anon_client) -> None:
    page = anon_client.get("/assistant", headers={"Accept-Language": "ru"})
    assert page.status_code == 200 and "Вопросы о государственных услугах" in page.text
    key = form_key(page.text)
    response = anon_client.post(
        "/assistant", data={"q": "как получить водительские права", "form_key": key}, follow_redirects=False
    )
    assert response.status_code == 303
    page = anon_client.get("/assistant")
    assert "как получить водительские права" in page.text and "Дорожной полиции" in page.text


def test_a_post_without_the_form_key_changes_nothing(anon_client) -> None:
    anon_client.get("/assistant")
    response = anon_client.post("/assistant", data={"q": "passport", "form_key": "0" * 32})
    assert response.status_code == 403
    assert "passport" not in anon_client.get("/assistant").text.split('<ol class="chat"')[1]


def test_handoff_needs_consent(anon_client, db: Session) -> None:
    anon_client.headers["Accept-Language"] = "en"
    key = form_key(anon_client.get("/assistant").text)
    anon_client.post("/assistant", data={"q": "where can I buy football tickets", "form_key": key})
    page = anon_client.get("/assistant")
    assert 'action="/assistant/handoff"' in page.text
    refused = anon_client.post("/assistant/handoff", data={"text": "tickets", "form_key": key})
    assert refused.status_code == 422 and "tick the consent box" in refused.text
    blank = anon_client.post("/assistant/handoff", data={"text": "  ", "consent": "yes", "form_key": key})
    assert blank.status_code == 422 and "appeal text is empty" in blank.text
    bad_phone = anon_client.post(
        "/assistant/handoff", data={"text": "tickets", "consent": "yes", "phone": "12", "form_key": key}
    )
    assert bad_phone.status_code == 422 and "could not be read" in bad_phone.text
    assert db.scalar(select(Handoff)) is None  # nothing recorded for a refused form


def test_api_ask_and_follow_up(anon_client) -> None:
    first = anon_client.post("/api/v1/assistant/ask", json={"question": "how do I register a marriage"})
    assert first.status_code == 200
    body = first.json()
    assert body["entries"][0]["id"] == "marriage-registration" and body["confidence"] >= 0.4
    follow = anon_client.post(
        "/api/v1/assistant/ask",
        json={"question": "and where do we apply?", "conversation": body["conversation"]},
    )
    assert (
        follow.json()["kind"] == "follow_up" and follow.json()["entries"][0]["id"] == "marriage-registration"
    )
    bad = anon_client.post("/api/v1/assistant/ask", json={"question": "x" * 5000})
    assert bad.status_code == 422 and "x" * 50 not in bad.text


def test_api_programmes_for_a_profile(anon_client) -> None:
    response = anon_client.post(
        "/api/v1/assistant/programmes", json={"age": 40, "employment": "unemployed", "children": 0}
    )
    statuses = {item["id"]: item["status"] for item in response.json()["items"]}
    assert statuses["unemployment-registration"] == "eligible" and "child-benefit" not in statuses
    assert anon_client.post("/api/v1/assistant/programmes", json={"age": -3}).status_code == 422


def test_visiting_the_page_stores_nothing_until_a_question_is_asked(anon_client, db: Session) -> None:
    from aigov.assistant.models import Conversation

    page = anon_client.get("/assistant")
    assert page.status_code == 200 and "aigov_chat" in page.headers["set-cookie"]
    assert db.scalar(select(Conversation)) is None
    anon_client.post("/assistant", data={"q": "passport", "form_key": form_key(page.text)})
    db.rollback()  # end the read snapshot
    assert db.scalar(select(Conversation)) is not None
