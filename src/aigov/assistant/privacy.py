"""The assistant's personal data under the privacy rules: erasure, access export, retention, key rotation.

A conversation is tied to a person only through a handoff: the case it opened belongs to the person who
gave the contact details or holds the reference. So an erasure request deletes the conversations handed
over to the person's messages (the handoff keeps its consent record, not the chat), and an access export
shows those conversations decrypted. Conversations are deleted after the retention period of the
``conversations`` category (reference/retention.yaml), counted from their last activity.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from aigov.assistant.models import Conversation, Handoff, conversation_aad
from aigov.privacy.holders import EncryptedTable, Holder, register
from aigov.privacy.policy import RetentionRule

CHUNK = 500


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[start:start + CHUNK] for start in range(0, len(ids), CHUNK)]


def erase_handed_over(session: Session, message_ids: list[int]) -> int:
    """Delete the conversations handed over to these messages; returns how many were deleted."""
    conversation_ids: set[int] = set()
    for chunk in _chunks(message_ids):
        conversation_ids |= {cid for cid in session.scalars(select(Handoff.conversation_id).where(
            Handoff.message_id.in_(chunk), Handoff.conversation_id.is_not(None))) if cid is not None}
    deleted = 0
    for chunk in _chunks(sorted(conversation_ids)):
        session.execute(update(Handoff).where(Handoff.conversation_id.in_(chunk))
                        .values(conversation_id=None).execution_options(synchronize_session=False))
        deleted += session.execute(delete(Conversation).where(Conversation.id.in_(chunk))
                                   .execution_options(synchronize_session=False)).rowcount or 0
    session.expire_all()
    return deleted


def export_handed_over(session: Session, message_ids: list[int]) -> dict[int, Any]:
    """For each of these messages that came from the assistant: the handoff and the conversation, if held."""
    found: dict[int, Any] = {}
    for chunk in _chunks(message_ids):
        for handoff in session.scalars(select(Handoff).where(Handoff.message_id.in_(chunk))
                                       .order_by(Handoff.id)):
            chat = session.get(Conversation, handoff.conversation_id) if handoff.conversation_id else None
            found[handoff.message_id] = {  # type: ignore[index]
                "channel": handoff.channel, "language": handoff.language,
                "consent": handoff.consent, "consent_text": handoff.consent_text,
                "handed_over_at": handoff.created_at.isoformat() if handoff.created_at else None,
                "conversation": _conversation_dict(chat) if chat is not None else None,
            }
    return found


def _conversation_dict(chat: Conversation) -> dict[str, Any]:
    private = chat.private_data()
    return {"started_at": chat.created_at.isoformat() if chat.created_at else None,
            "last_active_at": chat.updated_at.isoformat() if chat.updated_at else None,
            "language": chat.language, "profile": private["profile"],
            "turns": [{"question": t.get("q"), "answer": t.get("a")} for t in private["turns"]]}


def expire_conversations(session: Session, rule: RetentionRule, now: Any, dry_run: bool) -> int:
    """Conversations idle for longer than the rule's period: counted, and deleted unless ``dry_run``."""
    idle = Conversation.updated_at < now - rule.period
    if dry_run:
        return session.scalar(select(func.count()).select_from(Conversation).where(idle)) or 0
    ids = list(session.scalars(select(Conversation.id).where(idle)))
    for chunk in _chunks(ids):
        session.execute(update(Handoff).where(Handoff.conversation_id.in_(chunk))
                        .values(conversation_id=None).execution_options(synchronize_session=False))
        session.execute(delete(Conversation).where(Conversation.id.in_(chunk))
                        .execution_options(synchronize_session=False))
    session.expire_all()
    return len(ids)


register(Holder(
    "assistant",
    erase=erase_handed_over,
    export=export_handed_over,
    retention={"conversations": expire_conversations},
    encrypted=(EncryptedTable("assistant_conversations", Conversation,
                              lambda row: conversation_aad(row.token)),),
))
