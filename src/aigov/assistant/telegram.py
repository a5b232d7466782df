"""The Telegram channel: updates in through the webhook, replies out through a channel adapter.

Telegram sends every update with the secret token set by ``setWebhook`` in the
``X-Telegram-Bot-Api-Secret-Token`` header; a request without it (or with another) is refused.  Replies
go through :mod:`aigov.channels.outbox`'s adapter for the ``telegram`` channel: a RecordingAdapter until
:class:`TelegramBotAdapter` is registered (it is, at start-up, when AIGOV_ASSISTANT_TELEGRAM_TOKEN is set).
A case opened from Telegram keeps ``chat_id:update_id`` as its external id, so an officer's answer
reaches the same chat through the outbox.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from aigov.analysis.pipeline import Pipeline
from aigov.assistant.config import assistant_settings
from aigov.assistant.service import AssistantError, ask, channel_token, conversation
from aigov.assistant.text import guess_language
from aigov.channels.outbox import Outgoing, SendResult, adapter_for, register_adapter

log = logging.getLogger("aigov.assistant")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CHANNEL = "telegram"
MAX_REPLY = 4096  # Telegram's limit for one message


@dataclass(frozen=True)
class Incoming:
    update_id: int
    chat_id: str
    text: str
    language_code: str | None


def secret_ok(given: str | None) -> bool:
    expected = assistant_settings().telegram_secret
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def valid_unicode(text: str) -> bool:
    """False for text holding lone surrogates (which a JSON body may escape but no UTF-8 text holds)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_update(update: Any) -> Incoming | None:
    """A text message from an update, or None for anything else."""
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        return None
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    chat, text = message.get("chat"), message.get("text")
    if not isinstance(chat, dict) or not isinstance(chat.get("id"), int) or not isinstance(text, str):
        return None
    sender = message.get("from") if isinstance(message.get("from"), dict) else {}
    code = sender.get("language_code") if isinstance(sender.get("language_code"), str) else None
    return Incoming(
        update_id=update["update_id"], chat_id=str(chat["id"]), text=text[:4096], language_code=code
    )


def handle(session: Session, incoming: Incoming, analysis: Pipeline) -> None:
    """Answer one message in the chat's conversation and send the reply through the channel adapter."""
    start = (incoming.language_code or "")[:2]
    language = start if start in ("az", "ru", "en") else guess_language(incoming.text, default="az")
    chat = conversation(session, channel_token(CHANNEL, incoming.chat_id), channel=CHANNEL, language=language)
    assert chat is not None
    if incoming.text.strip().startswith("/start"):
        reply = {
            "az": "Salam! Dövlət xidmətləri barədə sualınızı yazın.",
            "ru": "Здравствуйте! Напишите ваш вопрос о государственных услугах.",
            "en": "Hello! Write your question about public services.",
        }[chat.language if chat.language in ("az", "ru", "en") else "az"]
    else:
        try:
            answer = ask(
                session,
                chat,
                incoming.text,
                pipeline=analysis,
                yes_no_consent=True,
                external_id=f"{incoming.chat_id}:{incoming.update_id}",
            )
            reply = answer.text
        except AssistantError as exc:
            reply = str(exc)
    outgoing = Outgoing(id=0, channel=CHANNEL, recipient=incoming.chat_id, body=reply[:MAX_REPLY])
    try:
        result = adapter_for(CHANNEL).send(outgoing)
    except Exception as exc:  # the reply failed; the conversation is still stored
        result = SendResult(ok=False, error=type(exc).__name__)
    if not result.ok:
        log.warning("telegram reply not sent: %s", result.error)


class TelegramBotAdapter:
    """Sends messages with the Bot API's sendMessage (the recipient is ``chat_id`` or ``chat_id:update``)."""

    def __init__(
        self, token: str, *, base_url: str = "https://api.telegram.org", timeout: float = 10.0
    ) -> None:
        self._url = f"{base_url.rstrip('/')}/bot{token}/sendMessage"
        self._timeout = timeout

    def send(self, outgoing: Outgoing) -> SendResult:
        import httpx

        chat_id = (outgoing.recipient or "").split(":")[0]
        if not chat_id.lstrip("-").isdigit():
            return SendResult(ok=False, error="no Telegram chat id for this message")
        try:
            response = httpx.post(
                self._url,
                json={"chat_id": int(chat_id), "text": outgoing.body[:MAX_REPLY]},
                timeout=self._timeout,
            )
        except httpx.HTTPError as exc:
            return SendResult(ok=False, error=f"Telegram not reached ({type(exc).__name__})")
        if response.status_code != 200:
            return SendResult(ok=False, error=f"Telegram answered HTTP {response.status_code}")
        return SendResult(ok=True)


def register_from_settings() -> None:
    """Use the real Bot API adapter for the telegram channel when a bot token is configured."""
    token = assistant_settings().telegram_token
    if token:
        register_adapter(CHANNEL, TelegramBotAdapter(token))
