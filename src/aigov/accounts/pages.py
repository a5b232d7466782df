"""Sign-in and sign-out pages, the signed-in user's bar, and `GET /api/v1/me`.

The login form carries the same signed CSRF token as the case forms (aigov.cases.pages); a
successful sign-in starts a new server-side session (a fresh secret, so a session id planted
before sign-in is worthless) and sets it in an HttpOnly, SameSite=Lax cookie signed with the
project's key. Failed sign-ins of one account are counted: after ``login_max_failures`` of them the
account's sign-in pauses for ``login_lockout_minutes`` (whatever the password), and each address
may try ``rate_limit_login`` times (the policy's "login" bucket).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from aigov.accounts import service
from aigov.accounts.deps import (
    SESSION_COOKIE,
    LoginRequired,
    Principal,
    current_principal,
    login_url,
    require,
    session_cookie_value,
    session_secret,
)
from aigov.accounts.policy import SIGNED_IN
from aigov.cases.pages import (
    CSRF_COOKIE,
    CSRF_FIELD,
    FormDep,
    csrf_token,
    csrf_valid,
    keep_nonce,
    refused,
    visitor,
)
from aigov.config import get_settings
from aigov.web.deps import SessionDep
from aigov.web.i18n import request_locale, use_locale
from aigov.web.pages import render, safe_next
from aigov.web.ratelimit import limit_item, limiter

router = APIRouter()
MAX_USERNAME = 64
LOGOUT_FIELD = "logout_token"  # the sign-out form's CSRF token, bound to the session (not the page forms')


def cookie_secure(request: Request) -> bool:
    return get_settings().secure_cookies or request.url.scheme == "https"


def _failure_limit():  # type: ignore[no-untyped-def]
    settings = get_settings()
    return limit_item(f"{settings.login_max_failures}/{settings.login_lockout_minutes} minutes")


@dataclass
class AccountBar:
    """What the page layout shows about the signed-in user (None for the public)."""

    username: str
    role: str
    agency: str | None
    logout_token: str | None
    principal: Principal

    def can(self, permission: str) -> bool:
        return self.principal.can(permission)


def account_bar(request: Request) -> AccountBar | None:
    principal = getattr(request.state, "principal", None)
    if principal is None or not principal.signed_in:
        return None
    # The sign-out form's CSRF token is bound to the session itself (its secret is the nonce).
    secret = session_secret(request.cookies.get(SESSION_COOKIE)) if principal.via == "session" else None
    token = csrf_token(secret) if secret else None
    return AccountBar(username=principal.username, role=principal.role, agency=principal.agency_code,
                      logout_token=token, principal=principal)


def _login_page(request: Request, *, next_path: str, problem: str | None = None, typed: str = "",
                status_code: int = 200, values: dict[str, Any] | None = None) -> Response:
    who = visitor(request)
    with use_locale(request_locale(request)) as locale:
        response = render(request, locale, "login.html", status_code=status_code, nav="login",
                          who=who, next_path=next_path, problem=problem, typed=typed[:MAX_USERNAME],
                          values=values or {}, signed_out=request.query_params.get("signed_out") == "1")
    return keep_nonce(request, response, who)


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, principal: Annotated[Principal, Depends(current_principal)],
               next: Annotated[str | None, Query(max_length=2000)] = None) -> Response:  # noqa: A002
    """The sign-in form; someone already signed in goes straight on."""
    target = safe_next(next)
    if principal.signed_in and principal.via == "session":
        return RedirectResponse(target, status_code=303)
    return _login_page(request, next_path=target)


@router.post("/login", include_in_schema=False)
def login(request: Request, session: SessionDep, form: FormDep) -> Response:
    """Check the password; on success start a session and go to the page asked for."""
    target = safe_next(form.get("next"))
    username = service.normalise_username(form.get("username") or "")[:MAX_USERNAME]
    password = form.get("password") or ""
    if not csrf_valid(request.cookies.get(CSRF_COOKIE), form.get(CSRF_FIELD)):
        return _login_page(request, next_path=target, problem="expired", typed=username, status_code=403)
    if not username or not password:
        return _login_page(request, next_path=target, problem="missing", typed=username, status_code=422)
    counter, item = limiter(request), _failure_limit()
    if not counter.test(item, "login-failures", username):
        minutes = max(1, -(-counter.retry_after(item, "login-failures", username) // 60))
        return _login_page(request, next_path=target, problem="locked", typed=username, status_code=429,
                           values={"minutes": minutes})
    user = service.authenticate(session, username=username, password=password)
    if user is None:
        counter.hit(item, "login-failures", username)
        return _login_page(request, next_path=target, problem="wrong", typed=username, status_code=401)
    counter.clear(item, "login-failures", username)
    old = session_secret(request.cookies.get(SESSION_COOKIE))
    if old:
        service.end_session(session, old)
    secret = service.start_session(session, user, hours=get_settings().session_hours)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, session_cookie_value(secret),
                        max_age=get_settings().session_hours * 3600, path="/", httponly=True, samesite="lax",
                        secure=cookie_secure(request))
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, session: SessionDep, form: FormDep) -> Response:
    """End this browser's session (the form's CSRF token must be right: no one else can sign you out)."""
    secret = session_secret(request.cookies.get(SESSION_COOKIE))
    if secret:
        if not csrf_valid(secret, form.get(LOGOUT_FIELD)):
            return refused(request, "/")
        service.end_session(session, secret)
    response = RedirectResponse("/login?signed_out=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                           secure=cookie_secure(request))
    return response


def redirect_to_login(request: Request, exc: Exception) -> Response:
    """The answer to LoginRequired: 303 to the login page, which comes back here afterwards."""
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(login_url(exc.next_path), status_code=303)


class Me(BaseModel):
    username: str
    role: str
    agency: str | None
    permissions: list[str]
    via: str


@router.get("/api/v1/me", response_model=Me, tags=["accounts"])
def me(principal: Annotated[Principal, Depends(require(SIGNED_IN))]) -> Me:
    """Who the API token (or session) belongs to, and what it may do."""
    return Me(username=principal.username or "", role=principal.role, agency=principal.agency_code,
              permissions=sorted(principal.permissions), via=principal.via or "")


def install(app: FastAPI) -> None:
    """The login pages, /api/v1/me, the redirect of anonymous page visitors to the login page, and the
    OpenAPI schema's account of who may call what."""
    from aigov.accounts import openapi

    app.add_exception_handler(LoginRequired, redirect_to_login)
    app.include_router(router)
    openapi.install(app)
