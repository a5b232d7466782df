"""HTTP API of the assistant (public): ask, which programmes fit a profile, and the Telegram webhook."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from aigov.analysis.pipeline import Pipeline
from aigov.assistant import telegram
from aigov.assistant.eligibility import Profile, programmes_for
from aigov.assistant.service import AssistantError, ask, conversation, current_index, new_token, set_profile
from aigov.web.deps import SessionDep, pipeline
from aigov.web.errors import ApiError, error_body

router = APIRouter(tags=["assistant"])


class AskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(
        min_length=1, max_length=20000, description="The citizen's question (az, ru or en)."
    )
    conversation: str | None = Field(
        default=None,
        min_length=16,
        max_length=96,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="The token of an earlier answer, for follow-up questions.",
    )
    profile: Profile | None = Field(default=None, description="Age, region, family, employment, disability.")


class EntryOut(BaseModel):
    id: str
    title: str
    source: str | None
    verified: bool
    score: float | None = None
    confidence: float | None = None
    eligibility: str | None = None


class AskOut(BaseModel):
    answer: str
    language: str
    entries: list[dict[str, Any]]
    confidence: float
    offer_case: bool = Field(
        description="True when the assistant offers to open a case (web chat: /assistant)."
    )
    kind: str
    conversation: str


@router.post("/api/v1/assistant/ask", response_model=AskOut)
def ask_api(body: AskIn, session: SessionDep) -> AskOut:
    """Answer a question from the knowledge base, citing its entries, with a confidence."""
    token = body.conversation or new_token()
    chat = conversation(session, token, channel="api")
    if body.profile is not None:
        set_profile(session, chat, body.profile)
    try:
        answer = ask(session, chat, body.question)
    except AssistantError as exc:
        raise ApiError(422, "invalid_question", str(exc)) from None
    return AskOut(**{k: v for k, v in answer.as_dict().items() if k != "reference"}, conversation=token)


@router.post("/api/v1/assistant/programmes")
def programmes_api(profile: Profile, session: SessionDep) -> dict[str, Any]:
    """The programmes of the knowledge base this profile may qualify for: eligible first, then maybe."""
    decisions = programmes_for(current_index(session).entries, profile)
    return {
        "items": [
            {
                "id": d.entry.id,
                "title": d.entry.title,
                "status": d.status,
                "unknown": d.unknown,
                "source": d.entry.source,
                "verified": d.entry.verified,
            }
            for d in decisions
        ]
    }


@router.post("/channels/telegram/webhook", include_in_schema=False)
async def telegram_webhook(
    request: Request, session: SessionDep, analysis: Annotated[Pipeline, Depends(pipeline)]
) -> JSONResponse:
    """Telegram Bot API updates: checked against the secret token, answered through the channel adapter."""
    if not telegram.secret_ok(request.headers.get(telegram.SECRET_HEADER)):
        return JSONResponse(error_body("forbidden", "missing or wrong secret token"), status_code=403)
    try:
        update = await request.json()
    except ValueError:
        return JSONResponse(error_body("invalid_request", "the body is not JSON"), status_code=422)
    incoming = telegram.parse_update(update)
    if incoming is None:  # edited messages, stickers, channel posts...: acknowledged, not answered
        return JSONResponse({"ok": True})
    if not telegram.valid_unicode(incoming.text):  # JSON may escape lone surrogates; UTF-8 cannot hold them
        return JSONResponse(error_body("invalid_request", "the message text is not valid Unicode"),
                            status_code=422)
    telegram.handle(session, incoming, analysis)
    return JSONResponse({"ok": True})
