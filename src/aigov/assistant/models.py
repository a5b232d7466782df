"""Stored assistant state: conversations (short memory), handoffs to cases (with consent), imported
entries."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from typing import Any, cast

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aigov.db.base import Base, UTCDateTime, utcnow
from aigov.privacy import crypto

PRIVATE_FIELDS: dict[str, Any] = {"profile": {}, "last_question": None, "pending_text": None, "turns": []}


def conversation_aad(token: str) -> bytes:
    """What a conversation's ciphertext is bound to: its table and its token (set once, never changed)."""
    return f"aigov:assistant_conversations:{token}".encode()


class Conversation(Base):
    """One chat: its language, the citizen's profile, the topic talked about last and a few recent turns.

    What the citizen wrote or told about themselves (``profile``, ``last_question``, ``pending_text`` and
    ``turns``) is stored only as one AES-GCM ciphertext (aigov.privacy.crypto); the attributes of those
    names decrypt it on first use and seal it again on every assignment (assign new values, do not change
    the returned ones in place). The turns are shown back only to the holder of the conversation's token;
    retention (`aigov retention run`, category ``conversations``) deletes idle conversations, and an
    erasure request deletes the conversations that were handed over to the person's cases.
    """

    __tablename__ = "assistant_conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token: Mapped[str] = mapped_column(
        String(96), unique=True
    )  # random for the web; a keyed hash for Telegram
    channel: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8), default="az")
    last_entry_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    pending: Mapped[str | None] = mapped_column(String(16), nullable=True)  # "consent": a case was offered
    turn_count: Mapped[int] = mapped_column(Integer, default=0)
    key_id: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    nonce: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    def __init__(self, **kwargs: Any) -> None:
        private = {name: kwargs.pop(name) for name in list(kwargs) if name in PRIVATE_FIELDS}
        super().__init__(**kwargs)  # the token first: the ciphertext is bound to it
        self._seal({**copy.deepcopy(PRIVATE_FIELDS), **private})

    def _private(self) -> dict[str, Any]:
        """The decrypted private fields (cached until the stored ciphertext changes)."""
        cached = self.__dict__.get("_private_cache")
        if cached is not None and cached[0] == self.nonce:
            return cast(dict[str, Any], cached[1])
        if self.ciphertext is None or self.nonce is None or self.key_id is None:
            data = copy.deepcopy(PRIVATE_FIELDS)
        else:
            plain = crypto.unseal(self.key_id, self.nonce, self.ciphertext, conversation_aad(self.token))
            data = {**copy.deepcopy(PRIVATE_FIELDS), **json.loads(plain)}
        self.__dict__["_private_cache"] = (self.nonce, data)
        return data

    def _seal(self, data: dict[str, Any]) -> None:
        plain = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        sealed = crypto.seal(plain, conversation_aad(self.token))
        self.key_id, self.nonce, self.ciphertext = sealed.key_id, sealed.nonce, sealed.ciphertext
        self.__dict__["_private_cache"] = (sealed.nonce, data)

    def _get(self, name: str) -> Any:
        return copy.deepcopy(self._private()[name])

    def _set(self, name: str, value: Any) -> None:
        self._seal({**self._private(), name: copy.deepcopy(value)})

    def private_data(self) -> dict[str, Any]:
        """A copy of everything sealed: profile, last question, pending text and turns."""
        return copy.deepcopy(self._private())

    @property
    def profile(self) -> dict[str, Any]:
        """Age, region, family, employment, disability... as the citizen gave them."""
        return cast(dict[str, Any], self._get("profile"))

    @profile.setter
    def profile(self, value: dict[str, Any]) -> None:
        self._set("profile", value)

    @property
    def last_question(self) -> str | None:
        """The question about the entry talked about last (for follow-up questions)."""
        return cast(str | None, self._get("last_question"))

    @last_question.setter
    def last_question(self, value: str | None) -> None:
        self._set("last_question", value)

    @property
    def pending_text(self) -> str | None:
        """What would go into the case the assistant offered to open."""
        return cast(str | None, self._get("pending_text"))

    @pending_text.setter
    def pending_text(self, value: str | None) -> None:
        self._set("pending_text", value)

    @property
    def turns(self) -> list[dict[str, Any]]:
        """The last few questions and answers, shown back to the holder of the token."""
        return cast(list[dict[str, Any]], self._get("turns"))

    @turns.setter
    def turns(self, value: list[dict[str, Any]]) -> None:
        self._set("turns", value)




class Handoff(Base):
    """A conversation handed over to a case: the consent the citizen gave and the message it created."""

    __tablename__ = "assistant_handoffs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("assistant_conversations.id", ondelete="SET NULL"), nullable=True, index=True
    )
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL"), nullable=True, index=True
    )
    channel: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    consent: Mapped[bool] = mapped_column(Boolean)
    consent_text: Mapped[str] = mapped_column(Text)  # the words the citizen agreed to (or declined)
    reference: Mapped[str | None] = mapped_column(String(16), nullable=True)  # the case's tracking reference
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ImportedEntry(Base):
    """A knowledge-base entry an agency loaded from its own catalogue (``aigov assistant kb import``)."""

    __tablename__ = "assistant_kb_entries"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    origin: Mapped[str] = mapped_column(String(255))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
