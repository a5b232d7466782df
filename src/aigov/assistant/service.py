"""The assistant's conversation: answer from the knowledge base, remember the topic, offer and open cases."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aigov.analysis.pipeline import Pipeline
from aigov.assistant import answers, intents
from aigov.assistant import text as tx
from aigov.assistant.answers import Answer, phrase
from aigov.assistant.config import assistant_settings
from aigov.assistant.eligibility import Profile, programmes_for
from aigov.assistant.generator import GeneratorError, OpenAICompatibleGenerator, with_sources
from aigov.assistant.kb import Entry, KBError, load_directory, starter_entries
from aigov.assistant.models import Conversation, Handoff, ImportedEntry
from aigov.assistant.retrieval import Hit, Index, load_embedder
from aigov.db.base import utcnow

MAX_TURNS = 10
LANGUAGES = ("az", "ru", "en")


class AssistantError(ValueError):
    """A question or request the assistant cannot take; the message says why (never quoting it)."""


# --- the knowledge base in use --------------------------------------------------------------------------


@dataclass
class _Cached:
    key: tuple[Any, ...]
    index: Index


_cache: _Cached | None = None


def base_entries() -> list[Entry]:
    """The configured folder of entries, or the packaged starter knowledge base."""
    folder = assistant_settings().kb_dir
    return load_directory(Path(folder)) if folder else starter_entries()


def imported_entries(session: Session) -> list[Entry]:
    from aigov.assistant.kb import entry_from_mapping

    rows = session.scalars(select(ImportedEntry).order_by(ImportedEntry.id))
    entries = []
    for row in rows:
        data = dict(row.data)
        body = data.pop("body", {}) or {}
        entries.append(entry_from_mapping(data, body, where=f"imported entry {row.id}", origin=row.origin))
    return entries


def current_index(session: Session) -> Index:
    """The index of the knowledge base in use, rebuilt only when imported entries change."""
    global _cache
    count, latest = session.execute(select(func.count(), func.max(ImportedEntry.imported_at))).one()
    settings = assistant_settings()
    key = (count, latest, str(settings.kb_dir), settings.embeddings)
    if _cache is None or _cache.key != key:
        by_id = {entry.id: entry for entry in base_entries()}
        for entry in imported_entries(session):
            by_id[entry.id] = entry  # an agency's own entry replaces a starter entry of the same id
        _cache = _Cached(key, Index(list(by_id.values()), embedder=load_embedder(settings.embeddings)))
    return _cache.index


def reset_cache() -> None:
    global _cache
    _cache = None


def import_entries(session: Session, entries: list[Entry]) -> tuple[int, int]:
    """Store imported entries (an existing id is replaced); returns (new, replaced)."""
    new = replaced = 0
    now = utcnow()
    for entry in entries:
        data = entry.as_dict()
        origin = str(data.pop("origin"))[:255]
        row = session.get(ImportedEntry, entry.id)
        if row is None:
            session.add(ImportedEntry(id=entry.id, origin=origin, data=data, imported_at=now))
            new += 1
        else:
            row.origin, row.data, row.imported_at = origin, data, now
            replaced += 1
    session.flush()
    return new, replaced


# --- conversations --------------------------------------------------------------------------------------


def new_token() -> str:
    return secrets.token_urlsafe(32)


def channel_token(channel: str, sender_id: str) -> str:
    """A conversation key for a channel's sender that does not store the sender id itself."""
    from aigov.config import get_settings

    key = get_settings().resolved_secret_key().encode()
    return (
        f"{channel}:" + hmac.new(key, f"assistant|{channel}|{sender_id}".encode(), hashlib.sha256).hexdigest()
    )


def conversation(
    session: Session, token: str, *, channel: str, language: str = "az", create: bool = True
) -> Conversation | None:
    found = session.scalar(select(Conversation).where(Conversation.token == token))
    if found is None and create:
        found = Conversation(
            token=token,
            channel=channel,
            language=language if language in LANGUAGES else "az",
            profile={},
            turns=[],
            turn_count=0,
        )
        session.add(found)
        session.flush()
    return found


def set_profile(session: Session, chat: Conversation, profile: Profile) -> None:
    chat.profile = profile.model_dump(exclude_none=True)
    chat.updated_at = utcnow()
    session.flush()


def conversation_days() -> int:
    """How long an idle conversation is kept: the retention policy's ``conversations`` period, else
    AIGOV_ASSISTANT_CONVERSATION_DAYS (when the retention file leaves the category out)."""
    from aigov.privacy.policy import retention_rule

    rule = retention_rule("conversations")
    return rule.days if rule is not None else assistant_settings().conversation_days


def forget_idle(session: Session, *, older_than_days: int | None = None, now: datetime | None = None) -> int:
    """Delete conversations idle for longer than the retention period; returns how many."""
    from aigov.assistant.privacy import expire_conversations
    from aigov.privacy.policy import RetentionRule

    days = older_than_days or conversation_days()
    rule = RetentionRule("conversations", days, "last_active", "delete")
    return expire_conversations(session, rule, now or utcnow(), False)


def clean_question(question: str) -> str:
    question = " ".join((question or "").replace("\x00", " ").split())
    if not question:
        raise AssistantError("the question is empty")
    limit = assistant_settings().max_question_chars
    if len(question) > limit:
        raise AssistantError(f"the question is {len(question)} characters long; at most {limit} are taken")
    return question


# --- answering ------------------------------------------------------------------------------------------


def default_generator() -> OpenAICompatibleGenerator | None:
    settings = assistant_settings()
    if not settings.generator_url:
        return None
    return OpenAICompatibleGenerator(
        settings.generator_url,
        model=settings.generator_model,
        api_key=settings.generator_api_key,
        timeout=settings.generator_timeout,
    )


def answer_question(
    index: Index,
    question: str,
    *,
    language: str | None = None,
    memory: tuple[str | None, str | None] = (None, None),
    profile: Profile | None = None,
    generator: OpenAICompatibleGenerator | None = None,
) -> tuple[Answer, str | None]:
    """The answer to one question and the entry now being talked about (no database needed).

    ``memory`` is (last entry id, last question): a follow-up ("and how much is it?") is answered from
    the entry talked about last.
    """
    settings = assistant_settings()
    question = clean_question(question)
    language = tx.guess_language(question, default=language or "en")
    last_id, last_question = memory
    if intents.is_complaint(question):
        return Answer(
            text=f"{phrase('complaint', language)}\n{phrase('consent_question', language)}",
            language=language,
            offer_case=True,
            kind="complaint",
        ), last_id
    if intents.asks_for_benefits(question) and len(_service_words(question)) <= 1:
        return benefits_answer(index, profile or Profile(), language), last_id

    hits = index.search(question, k=5, language=language)
    top = hits[0] if hits else None
    aspects = intents.aspects(question)
    service_words = _service_words(question)
    refers_back = intents.refers_back(question)
    follow_up = (
        last_id is not None
        and (refers_back or bool(aspects))
        and (
            not service_words
            or (top is not None and top.entry.id == last_id)
            or (refers_back and (top is None or top.confidence < settings.min_confidence))
        )
    )
    if follow_up:
        previous = next((e for e in index.entries if e.id == last_id), None)
        if previous is not None:
            combined = index.search(f"{last_question or ''} {question}", k=5, language=language)
            confidence = next(
                (h.confidence for h in combined if h.entry.id == last_id), settings.sure_confidence
            )
            hit = Hit(previous, 1.0, max(confidence, settings.sure_confidence))
            return _answer_from(hit, [hit], question, language, aspects, generator, follow_up=True), last_id
    if top is None or top.confidence < settings.min_confidence:
        return Answer(
            text=f"{phrase('dont_know', language)}\n{phrase('offer_case', language)}",
            language=language,
            entries=[h.as_dict(language) for h in hits[:3]],
            confidence=top.confidence if top else 0.0,
            offer_case=True,
            kind="dont_know",
        ), last_id
    return _answer_from(top, hits, question, language, aspects, generator), top.entry.id


def _service_words(question: str) -> list[str]:
    """Content words that are neither aspect nor benefit-question words."""
    ignore = intents.cue_words(question)
    return [w for w in tx.content_words(question) if tx.fold(w) not in ignore]


def _answer_from(
    top: Hit,
    hits: list[Hit],
    question: str,
    language: str,
    aspects: list[str],
    generator: OpenAICompatibleGenerator | None,
    *,
    follow_up: bool = False,
) -> Answer:
    settings = assistant_settings()
    unsure = top.confidence < settings.sure_confidence
    cited = [top]
    text = None
    if generator is not None:
        passages = [h.entry for h in hits[:3] if h.confidence >= settings.min_confidence] or [top.entry]
        try:
            generated = generator.generate(question, passages, language)
        except GeneratorError:
            generated = None  # fall back to the extractive answer below
        if generated is not None:
            if generated.text is None:
                return Answer(
                    text=f"{phrase('dont_know', language)}\n{phrase('offer_case', language)}",
                    language=language,
                    entries=[h.as_dict(language) for h in hits[:3]],
                    confidence=top.confidence,
                    offer_case=True,
                    kind="dont_know",
                )
            text = with_sources(generated.text, passages, generated.cited, language)
            cited = [h for h in hits if h.entry.id in generated.cited] or [top]
    if text is None:
        text = answers.extract(top.entry, language, aspects)
    if unsure:
        text = f"{phrase('unsure', language)}\n{text}\n{phrase('offer_case', language)}"
    return Answer(
        text=text,
        language=language,
        entries=[h.as_dict(language) for h in cited],
        confidence=top.confidence,
        offer_case=unsure,
        kind="unsure" if unsure else ("follow_up" if follow_up else "answer"),
    )


def benefits_answer(index: Index, profile: Profile, language: str) -> Answer:
    """The programmes the profile may qualify for (eligible first), or a request to fill the profile."""
    if profile.is_empty():
        return Answer(text=phrase("benefits_profile", language), language=language, kind="benefits")
    decisions = programmes_for(index.entries, profile)
    lines: list[str] = []
    eligible = [d for d in decisions if d.status == "eligible"]
    maybe = [d for d in decisions if d.status == "maybe"]
    if eligible:
        lines.append(phrase("benefits_intro", language))
        lines += [
            f"- {d.entry.title_in(answers.pick_language(d.entry, language))} [{d.entry.id}]" for d in eligible
        ]
    if maybe:
        lines.append(phrase("benefits_maybe", language))
        lines += [
            f"- {d.entry.title_in(answers.pick_language(d.entry, language))} [{d.entry.id}]" for d in maybe
        ]
    if not lines:
        lines.append(phrase("benefits_none", language))
    entries = [
        {
            "id": d.entry.id,
            "title": d.entry.title_in(language),
            "source": d.entry.source,
            "verified": d.entry.verified,
            "eligibility": d.status,
            "unknown": d.unknown,
        }
        for d in decisions
    ]
    return Answer(text="\n".join(lines), language=language, entries=entries, confidence=1.0, kind="benefits")


def ask(
    session: Session,
    chat: Conversation,
    question: str,
    *,
    pipeline: Pipeline | None = None,
    generator: OpenAICompatibleGenerator | None = None,
    external_id: str | None = None,
    yes_no_consent: bool = False,
) -> Answer:
    """One turn of ``chat``: answer, remember the topic, and keep a case offer open for the next turn.

    With ``yes_no_consent`` (channels without forms, e.g. Telegram) a "yes" to an open offer records the
    consent and opens the case through the intake (``pipeline`` and ``external_id`` are then required);
    a "no" records that the citizen declined.
    """
    question = clean_question(question)
    language = tx.guess_language(question, default=chat.language)
    if yes_no_consent and chat.pending == "consent":
        agreed = intents.yes_or_no(question)
        if agreed is not None and pipeline is not None and external_id is not None:
            language = chat.language
            result = handoff(
                session,
                chat,
                text=chat.pending_text or question,
                consent=agreed,
                pipeline=pipeline,
                external_id=external_id,
                consent_text=phrase("consent_question", language),
            )
            _remember(chat, question, result, chat.last_entry_id)
            return result
    profile = Profile.model_validate(chat.profile or {})
    result, topic = answer_question(
        current_index(session),
        question,
        language=language,
        memory=(chat.last_entry_id, chat.last_question),
        profile=profile,
        generator=generator if generator is not None else default_generator(),
    )
    if result.offer_case:
        chat.pending, chat.pending_text = "consent", question
        if yes_no_consent and result.kind != "complaint":
            result.text = f"{result.text}\n{phrase('consent_question', result.language)}"
    else:
        chat.pending, chat.pending_text = None, None
    if topic != chat.last_entry_id or result.kind in ("answer", "unsure"):
        chat.last_question = question if topic else None
    chat.language = result.language
    _remember(chat, question, result, topic)
    session.flush()
    return result


def _remember(chat: Conversation, question: str, result: Answer, topic: str | None) -> None:
    chat.last_entry_id = topic
    turns = list(chat.turns or [])
    turns.append(
        {
            "q": question,
            "a": result.text,
            "kind": result.kind,
            "offer": result.offer_case,
            "ref": result.reference,
            "entries": [e["id"] for e in result.entries][:3],
        }
    )
    chat.turns = turns[-MAX_TURNS:]
    chat.turn_count = (chat.turn_count or 0) + 1
    chat.updated_at = utcnow()


def handoff(
    session: Session,
    chat: Conversation,
    *,
    text: str,
    consent: bool,
    pipeline: Pipeline,
    external_id: str,
    consent_text: str,
    sender: Any = None,
) -> Answer:
    """Record the citizen's consent (or refusal); with consent, create the message through the intake so it
    becomes a routed case, and return the tracking reference."""
    from aigov.cases.models import Case
    from aigov.messages.schemas import MessageIn
    from aigov.messages.service import intake
    from aigov.privacy.schemas import ConsentIn

    language = chat.language
    item = None
    if consent:  # check the appeal first: a refused text leaves no consent record behind
        text = " ".join((text or "").replace("\x00", " ").split())
        if not text:
            raise AssistantError("the appeal text is empty")
        item = MessageIn(
            text=text,
            channel=chat.channel,
            external_id=external_id,
            sender=sender,
            consent=ConsentIn(purposes=["appeal", "contact"], given_at=utcnow()),
        )
    record = Handoff(
        conversation_id=chat.id,
        channel=chat.channel,
        language=language,
        consent=consent,
        consent_text=consent_text,
        created_at=utcnow(),
    )
    session.add(record)
    chat.pending, chat.pending_text = None, None
    if item is None:
        session.flush()
        return Answer(text=phrase("case_declined", language), language=language, kind="declined")
    outcome = intake(session, [item], pipeline)[0]
    message = outcome.message
    case = session.get(Case, message.case_id) if message.case_id else None
    reference = case.reference if case is not None else message.reference
    record.message_id, record.reference = message.id, reference
    session.flush()
    return Answer(
        text=phrase("case_opened", language, reference=reference),
        language=language,
        kind="case_opened",
        reference=reference,
    )


def entry_by_id(session: Session, entry_id: str) -> Entry | None:
    return next((e for e in current_index(session).entries if e.id == entry_id), None)


__all__ = ["AssistantError", "KBError", "answer_question", "ask", "current_index", "handoff"]
