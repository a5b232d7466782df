"""Who is asking: the Principal of a request (session cookie, bearer token or the public), and the checks.

``enforce_policy`` runs before every route (an app-wide dependency): it looks the route up in the
policy, refuses callers without the permission (API: 401/403 in the JSON error format; pages: a
redirect to the login page, or a 403 page), and applies the route's rate limit. Routes that need to
know who acts declare ``principal: Annotated[Principal, Depends(require("cases.act"))]``.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException

from aigov.accounts import service
from aigov.accounts.models import User
from aigov.accounts.policy import (
    ALL_SCOPES,
    PUBLIC,
    PUBLIC_ROLE,
    RATE_LIMITED,
    UnknownRoute,
    allows,
    role_permissions,
    route_permission,
)
from aigov.config import get_settings
from aigov.web.deps import SessionDep

log = logging.getLogger("aigov.accounts")

SESSION_COOKIE = "aigov_session"
DENIED_HEADER = "X-Access-Policy"  # "denied" on every refusal by the policy (not by a route's own checks)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Principal:
    """The caller: a signed-in user (through a session or an API token) or the public."""

    user_id: int | None
    username: str | None
    role: str
    agency_code: str | None
    permissions: frozenset[str]
    via: str | None = None  # "session", "token", or None for the public
    token_id: int | None = None

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None

    @property
    def actor(self) -> str:
        """The name recorded with what this caller does."""
        return self.username or PUBLIC_ROLE

    def can(self, permission: str) -> bool:
        return allows(self.permissions, permission, signed_in=self.signed_in)


ANONYMOUS = Principal(user_id=None, username=None, role=PUBLIC_ROLE, agency_code=None,
                      permissions=frozenset())


class LoginRequired(HTTPException):
    """A page asked for by someone not signed in: answered with a redirect to the login page."""

    def __init__(self, next_path: str):
        super().__init__(401, "Sign in to see this page.")
        self.next_path = next_path


# --- the session cookie ---------------------------------------------------------------------------------

def _cookie_signature(secret: str) -> str:
    key = get_settings().resolved_secret_key().encode()
    return hmac.new(key, f"aigov-session|{secret}".encode(), hashlib.sha256).hexdigest()


def session_cookie_value(secret: str) -> str:
    """The cookie for a session secret: the secret and its signature with the project's key."""
    return f"{secret}.{_cookie_signature(secret)}"


def session_secret(cookie: str | None) -> str | None:
    """The session secret of a cookie whose signature is right, else None."""
    if not cookie or len(cookie) > 200:
        return None
    secret, _dot, signature = cookie.rpartition(".")
    if not secret or not hmac.compare_digest(signature, _cookie_signature(secret)):
        return None
    return secret


# --- resolving the principal ----------------------------------------------------------------------------

def _principal(user: User, via: str, *, scopes: list[str] | None = None,
               token_id: int | None = None) -> Principal:
    permissions = role_permissions(user.role)
    if scopes is not None and ALL_SCOPES not in scopes:
        permissions = permissions & frozenset(scopes)
    return Principal(user_id=user.id, username=user.username, role=user.role, agency_code=user.agency_code,
                     permissions=permissions, via=via, token_id=token_id)


def _cross_site(request: Request) -> bool:
    """A state-changing request sent by another site's page (where the browser says so)."""
    if request.headers.get("sec-fetch-site") in {"cross-site", "same-site"}:
        return True
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return origin.rstrip("/") != f"{request.url.scheme}://{request.url.netloc}"
    return origin == "null"


def resolve_principal(request: Request, session: Session) -> Principal:
    """The request's principal (computed once per request, kept in request.state)."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    principal = ANONYMOUS
    scheme, _space, credential = (request.headers.get("authorization") or "").partition(" ")
    if scheme.lower() == "bearer":  # other schemes (a proxy's Basic auth) are not ours: ignored
        found = service.token_user(session, credential.strip())
        if found is None:
            raise HTTPException(401, "The API token is missing, not valid, expired or revoked.",
                                headers={"WWW-Authenticate": 'Bearer error="invalid_token"',
                                         DENIED_HEADER: "denied"})
        user, token = found
        principal = _principal(user, "token", scopes=list(token.scopes or []), token_id=token.id)
    else:
        secret = session_secret(request.cookies.get(SESSION_COOKIE))
        user = service.session_user(session, secret) if secret else None
        # A cookie rides along on cross-site requests too: it never authorises a change from another site.
        if user is not None and not (request.method not in SAFE_METHODS and _cross_site(request)):
            principal = _principal(user, "session")
    request.state.principal = principal
    return principal


def _is_page(request: Request) -> bool:
    path = request.url.path
    return not (path == "/api" or path.startswith(("/api/", "/open311/")))


def denial(request: Request, principal: Principal, needed: str) -> HTTPException:
    """What to answer a caller who may not use a route."""
    if not principal.signed_in:
        if _is_page(request):
            here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return LoginRequired(here if request.method in SAFE_METHODS else request.url.path)
        return HTTPException(401, "Sign in or send an API token (Authorization: Bearer ...).",
                             headers={"WWW-Authenticate": "Bearer", DENIED_HEADER: "denied"})
    if principal.via == "token" and needed in role_permissions(principal.role):
        return HTTPException(403, f"This API token's scopes do not include '{needed}'.",
                             headers={DENIED_HEADER: "denied"})
    return HTTPException(403, f"The role '{principal.role}' may not do this: it needs '{needed}'.",
                         headers={DENIED_HEADER: "denied"})


def enforce_policy(request: Request, session: SessionDep) -> None:
    """The app-wide check: the route's permission from the policy, then its rate limit."""
    route = request.scope.get("route")
    path = getattr(route, "path", None) or "(no route)"  # the template as declared, e.g. /x/{rest:path}
    try:
        needed = route_permission(request.method, path)
    except UnknownRoute:
        log.error("route %s %s has no entry in the permission policy: refused", request.method, path)
        raise HTTPException(403, "This address has no access rule yet, so it is refused.",
                            headers={DENIED_HEADER: "denied"}) from None
    principal = resolve_principal(request, session)
    if not principal.can(needed):
        raise denial(request, principal, needed)
    bucket = RATE_LIMITED.get(("GET" if request.method == "HEAD" else request.method, path))
    if bucket is not None:
        from aigov.web.ratelimit import check

        check(request, bucket)
    if needed != PUBLIC:
        log.debug("allowed %s %s to role %s", request.method, path, principal.role)


def require(permission: str) -> Callable[..., Principal]:
    """A dependency that returns the caller's Principal, refusing callers without ``permission``."""

    def dependency(request: Request, session: SessionDep) -> Principal:
        principal = resolve_principal(request, session)
        if not principal.can(permission):
            raise denial(request, principal, permission)
        return principal

    dependency.__name__ = f"require_{permission.replace('.', '_')}"
    return dependency


def current_principal(request: Request, session: SessionDep) -> Principal:
    """The caller, whoever it is (the public included)."""
    return resolve_principal(request, session)


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def login_url(next_path: str) -> str:
    return "/login?next=" + quote(next_path, safe="/")
