"""The web chat page (public): works with plain form posts (POST-redirect-GET); a small local script only
keeps the latest answer in view.  The conversation is found by a random token in a cookie; every form
carries an HMAC of that token, so another site cannot post into someone's conversation."""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from aigov.analysis.pipeline import Pipeline
from aigov.assistant.eligibility import Profile
from aigov.assistant.models import Conversation
from aigov.assistant.service import AssistantError, ask, conversation, handoff, new_token, set_profile
from aigov.config import get_settings
from aigov.web.deps import SessionDep, pipeline
from aigov.web.i18n import request_locale, use_locale
from aigov.web.pages import COOKIE_MAX_AGE, render

router = APIRouter(include_in_schema=False)
COOKIE = "aigov_chat"
FIELD = "form_key"
MAX_FIELDS = 20
EMPLOYMENT = ("employed", "self_employed", "unemployed", "student", "retired", "other")
CONSENT_TEXT = {
    "az": "Razıyam ki, mesajım və verdiyim əlaqə məlumatları müraciətə baxılması və mənə cavab "
    "verilməsi üçün aidiyyəti dövlət qurumuna ötürülsün.",
    "ru": "Я согласен(на), чтобы моё сообщение и контактные данные были переданы в ответственное "
    "ведомство для рассмотрения обращения и ответа мне.",
    "en": "I agree that my message and the contact details I give are passed to the responsible "
    "public body to examine my appeal and answer me.",
}


def form_key(token: str) -> str:
    key = get_settings().resolved_secret_key().encode()
    return hmac.new(key, f"assistant-form|{token}".encode(), hashlib.sha256).hexdigest()[:32]


def _token(request: Request) -> str | None:
    token = request.cookies.get(COOKIE)
    return (
        token
        if token and 20 <= len(token) <= 96 and token.replace("-", "").replace("_", "").isalnum()
        else None
    )


def _chat(session: Session, request: Request, locale: str) -> tuple[Conversation, str, bool]:
    """The conversation of the cookie's token (created on the first post)."""
    token = _token(request)
    fresh = token is None
    token = token or new_token()
    chat = conversation(session, token, channel="web", language=locale)
    assert chat is not None
    return chat, token, fresh


def _keep_cookie(request: Request, response: Response, token: str) -> Response:
    response.set_cookie(
        COOKIE,
        token,
        max_age=COOKIE_MAX_AGE,
        path="/assistant",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


async def _form(request: Request) -> dict[str, str]:
    form = await request.form(max_fields=MAX_FIELDS)
    return {key: value for key, value in form.items() if isinstance(value, str)}


@router.get("/assistant", response_class=HTMLResponse)
def chat_page(request: Request, session: SessionDep) -> Response:
    with use_locale(request_locale(request)) as locale:
        token = _token(request) or new_token()
        # A conversation is stored from the first question on, not for every visit.
        chat = conversation(session, token, channel="web", create=False) or Conversation(
            token=token, channel="web", language=locale, profile={}, turns=[], turn_count=0)
        return _keep_cookie(request, _render(request, locale, chat, token), token)


def _render(
    request: Request,
    locale: str,
    chat: Conversation,
    token: str,
    *,
    status_code: int = 200,
    problem: str | None = None,
    handoff_open: bool = False,
) -> HTMLResponse:
    turns: list[dict[str, Any]] = list(chat.turns or [])
    offer = chat.pending == "consent"
    case = request.query_params.get("case")
    return render(
        request,
        locale,
        "assistant.html",
        status_code=status_code,
        nav="assistant",
        turns=turns,
        key=form_key(token),
        offer=offer,
        handoff_open=handoff_open or (offer and request.query_params.get("handoff") == "1"),
        pending_text=chat.pending_text or "",
        profile=chat.profile or {},
        employment=EMPLOYMENT,
        problem=problem,
        consent_text=CONSENT_TEXT.get(locale, CONSENT_TEXT["en"]),
        case=case if case and case.replace("-", "").isalnum() and len(case) <= 20 else None,
    )


def _checked(request: Request, form: dict[str, str]) -> str | None:
    token = _token(request)
    if token is None or not hmac.compare_digest(form.get(FIELD, ""), form_key(token)):
        return None
    return token


def _refused(request: Request, locale: str) -> HTMLResponse:
    return render(request, locale, "form_refused.html", status_code=403, back="/assistant", nav="assistant")


@router.post("/assistant")
async def chat_post(request: Request, session: SessionDep) -> Response:
    form = await _form(request)
    with use_locale(request_locale(request)) as locale:
        token = _checked(request, form)
        if token is None:
            return _refused(request, locale)
        chat, _token_, _fresh = _chat(session, request, locale)
        try:
            ask(session, chat, form.get("q", ""))
        except AssistantError:
            return _render(request, locale, chat, token, status_code=422, problem="question")
        return RedirectResponse("/assistant#latest", status_code=303)


@router.post("/assistant/profile")
async def profile_post(request: Request, session: SessionDep) -> Response:
    form = await _form(request)
    with use_locale(request_locale(request)) as locale:
        token = _checked(request, form)
        if token is None:
            return _refused(request, locale)
        chat, _token_, _fresh = _chat(session, request, locale)
        values: dict[str, Any] = {}
        for field in ("age", "children", "youngest_child_age", "household_size"):
            if form.get(field, "").strip():
                values[field] = form[field].strip()
        if form.get("employment") in EMPLOYMENT:
            values["employment"] = form["employment"]
        for field in ("low_income", "disability", "pensioner"):
            if form.get(field) in ("yes", "no"):
                values[field] = form[field] == "yes"
        try:
            set_profile(session, chat, Profile.model_validate(values))
        except ValidationError:
            return _render(request, locale, chat, token, status_code=422, problem="profile")
        return RedirectResponse("/assistant#profile", status_code=303)


@router.post("/assistant/handoff")
async def handoff_post(
    request: Request, session: SessionDep, analysis: Annotated[Pipeline, Depends(pipeline)]
) -> Response:
    from aigov.messages.schemas import SenderIn

    form = await _form(request)
    with use_locale(request_locale(request)) as locale:
        token = _checked(request, form)
        if token is None:
            return _refused(request, locale)
        chat, _token_, _fresh = _chat(session, request, locale)
        consent_text = CONSENT_TEXT.get(locale, CONSENT_TEXT["en"])
        if form.get("decline"):
            handoff(
                session,
                chat,
                text="-",
                consent=False,
                pipeline=analysis,
                external_id="-",
                consent_text=consent_text,
            )
            return RedirectResponse("/assistant#latest", status_code=303)
        if form.get("consent") != "yes":
            return _render(
                request, locale, chat, token, status_code=422, problem="consent", handoff_open=True
            )
        try:
            sender = SenderIn.model_validate({k: form.get(k) for k in ("name", "phone", "email")})
        except ValidationError:
            return _render(
                request, locale, chat, token, status_code=422, problem="contact", handoff_open=True
            )
        text = (form.get("text") or chat.pending_text or "").strip()
        try:
            result = handoff(
                session,
                chat,
                text=text,
                consent=True,
                pipeline=analysis,
                external_id=f"assistant-{chat.id}-{chat.turn_count}",
                consent_text=consent_text,
                sender=None if sender.anonymous else sender,
            )
        except (AssistantError, ValueError):
            return _render(request, locale, chat, token, status_code=422, problem="text", handoff_open=True)
        turns = list(chat.turns or [])
        turns.append(
            {
                "q": None,
                "a": result.text,
                "kind": result.kind,
                "offer": False,
                "ref": result.reference,
                "entries": [],
            }
        )
        chat.turns = turns[-10:]
        return RedirectResponse(f"/assistant?case={result.reference}#latest", status_code=303)


@router.post("/assistant/reset")
async def reset_post(request: Request, session: SessionDep) -> Response:
    form = await _form(request)
    with use_locale(request_locale(request)) as locale:
        if _checked(request, form) is None:
            return _refused(request, locale)
        response = RedirectResponse("/assistant", status_code=303)
        return _keep_cookie(request, response, new_token())
