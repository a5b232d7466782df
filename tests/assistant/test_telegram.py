"""The Telegram webhook: the secret token is checked, replies go through the channel adapter, and a "yes"
to a case offer records consent and opens a case whose answer will reach the same chat."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.assistant.models import Conversation, Handoff
from aigov.assistant.telegram import TelegramBotAdapter, parse_update
from aigov.cases.models import Case
from aigov.channels.outbox import Outgoing
from aigov.messages.models import Message

from .conftest import SECRET

URL = "/channels/telegram/webhook"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


def update(update_id: int, text: str, chat_id: int = 5551234, language: str = "ru") -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1700000000,
            "text": text,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "X", "language_code": language},
        },
    }


def test_a_request_without_the_secret_is_refused_and_nothing_is_sent(anon_client, telegram_out) -> None:
    for headers in ({}, {HEADER: "wrong"}):
        response = anon_client.post(URL, json=update(1, "паспорт"), headers=headers)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "forbidden"
    assert telegram_out.sent == []


def test_a_question_is_answered_in_the_chat(anon_client, telegram_out, db: Session) -> None:
    response = anon_client.post(URL, json=update(10, "сколько стоит загранпаспорт"), headers={HEADER: SECRET})
    assert response.status_code == 200 and response.json() == {"ok": True}
    [reply] = telegram_out.sent
    assert reply.channel == "telegram" and reply.recipient == "5551234"
    assert "40 AZN" in reply.body and "[passport]" in reply.body
    # a follow-up in the same chat is answered from the same topic
    anon_client.post(URL, json=update(11, "а какие документы нужны?"), headers={HEADER: SECRET})
    assert "Удостоверение личности" in telegram_out.sent[-1].body
    chat = db.scalar(select(Conversation).where(Conversation.channel == "telegram"))
    assert chat is not None and "5551234" not in chat.token  # the chat id is not the stored key


def test_text_that_is_not_valid_unicode_is_refused_in_the_error_format(anon_client, telegram_out) -> None:
    body = json.dumps(update(21, "паспорт \ud800 нужен")).encode()  # JSON may escape a lone surrogate
    headers = {HEADER: SECRET, "content-type": "application/json"}
    response = anon_client.post(URL, content=body, headers=headers)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
    assert "паспорт" not in response.text and telegram_out.sent == []


def test_non_text_updates_and_bad_bodies_get_no_500(anon_client, telegram_out) -> None:
    ok = anon_client.post(URL, json={"update_id": 3, "edited_message": {}}, headers={HEADER: SECRET})
    assert ok.status_code == 200 and telegram_out.sent == []
    bad = anon_client.post(
        URL, content=b"{not json", headers={HEADER: SECRET, "content-type": "application/json"}
    )
    assert bad.status_code == 422
    assert parse_update([1, 2]) is None and parse_update({"update_id": "x"}) is None


def test_yes_to_the_offer_opens_a_case_with_consent(anon_client, telegram_out, db: Session) -> None:
    headers = {HEADER: SECRET}
    anon_client.post(
        URL, json=update(20, "хочу пожаловаться: в Сумгаите неделю нет воды", language="ru"), headers=headers
    )
    assert "Согласны?" in telegram_out.sent[-1].body
    anon_client.post(URL, json=update(21, "да"), headers=headers)
    last = telegram_out.sent[-1].body
    assert "Номер для отслеживания" in last
    db.rollback()  # end any read snapshot
    handoff = db.scalar(select(Handoff))
    assert handoff is not None and handoff.consent and handoff.reference in last
    message = db.scalar(select(Message).where(Message.channel == "telegram"))
    assert message is not None and message.external_id == "5551234:21"  # officers' answers reach this chat
    assert db.scalar(select(Case).where(Case.reference == handoff.reference)) is not None


def test_bot_adapter_sends_to_the_chat_id_of_the_recipient() -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen: list[tuple[str, bytes]] = []

    class Bot(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            seen.append((self.path, self.rfile.read(int(self.headers["content-length"]))))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"ok": true}')

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Bot)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        adapter = TelegramBotAdapter("123:ABC", base_url=f"http://127.0.0.1:{server.server_address[1]}")
        assert adapter.send(Outgoing(id=1, channel="telegram", recipient="777:42", body="Salam")).ok
        assert not adapter.send(Outgoing(id=2, channel="telegram", recipient="web-1", body="x")).ok
    finally:
        server.shutdown()
        server.server_close()
    assert seen[0][0] == "/bot123:ABC/sendMessage" and b'"chat_id": 777' in seen[0][1].replace(b'":', b'": ')
