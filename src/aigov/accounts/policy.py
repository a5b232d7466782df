"""The permission policy, in one place: what each role may do, and what every route needs.

Every route of the app (method and path template, as FastAPI knows it) has an entry in ``ROUTES``:
a permission, or ``PUBLIC`` (anyone, signed in or not), or ``SIGNED_IN`` (any account). A route with
no entry is refused to everyone (and the permission-matrix test fails). Roles get permissions in
``ROLE_PERMISSIONS``; an API token can use only the permissions of its scopes that its user's role
also has. Object-level rules (an officer sees only their own agency's cases) live in ``scope.py``.
"""

from __future__ import annotations

ROLES: tuple[str, ...] = ("admin", "officer", "analyst", "auditor")
PUBLIC_ROLE = "public"  # anyone not signed in
PUBLIC = "public"
SIGNED_IN = "signed_in"
ALL_SCOPES = "*"  # a token scope: every permission of the token's user's role

PERMISSIONS: dict[str, str] = {
    "messages.submit": "submit citizen messages through the API (channels' intake)",
    "messages.read": "read messages: redacted text and analysis only (officers: their agency's)",
    "messages.read_raw": "read a message's original text and contact details (each read is audited)",
    "dashboard.view": "dashboard and statistics (aggregates)",
    "cases.read": "read cases, work queues and their exports (officers: their agency's)",
    "cases.act": "change cases: assign, status, re-route, extend, comment, answer (officers: their agency's)",
    "audit.read": "read and verify the audit log",
    "privacy.manage": "data-subject requests (access, erasure), consent and retention",
    "diplomacy.read": "foreign-policy analytics: events, relations, forecasts, briefings",
    "diplomacy.write": "import events and change foreign-policy reference data",
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset(PERMISSIONS),
    "officer": frozenset({"messages.read", "messages.read_raw", "dashboard.view", "cases.read", "cases.act"}),
    "analyst": frozenset({"messages.read", "dashboard.view", "cases.read", "diplomacy.read"}),
    "auditor": frozenset({"audit.read", "cases.read", "diplomacy.read"}),
    PUBLIC_ROLE: frozenset(),
}

ROLE_DESCRIPTIONS: dict[str, str] = {
    "admin": "everything, including accounts, raw personal data and data-subject requests",
    "officer": "their agency's cases and messages (raw text of those, audited); the dashboard",
    "analyst": "dashboard, statistics, redacted messages and cases of every agency; no raw personal data",
    "auditor": "the audit log, case histories and foreign-policy pages, read-only",
}

# (method, path) -> permission, PUBLIC or SIGNED_IN. HEAD follows GET.
ROUTES: dict[tuple[str, str], str] = {
    # documentation, health, static files, language switch
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/openapi.json"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
    ("GET", "/docs/oauth2-redirect"): PUBLIC,
    ("GET", "/redoc"): PUBLIC,
    ("GET", "/docs-assets"): PUBLIC,
    ("GET", "/static"): PUBLIC,
    ("GET", "/static/vendor/plotly.min.js"): PUBLIC,
    ("GET", "/lang/{code}"): PUBLIC,
    # accounts
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): PUBLIC,
    ("GET", "/api/v1/me"): SIGNED_IN,
    # reference data
    ("GET", "/api/v1/agencies"): PUBLIC,
    ("GET", "/api/v1/topics"): PUBLIC,
    ("GET", "/api/v1/regions"): PUBLIC,
    # messages
    ("POST", "/api/v1/messages"): "messages.submit",
    ("GET", "/api/v1/messages"): "messages.read",
    ("GET", "/api/v1/messages/{reference}"): "messages.read",
    ("GET", "/api/v1/messages/{reference}/raw"): "messages.read_raw",
    ("GET", "/api/v1/stats"): "dashboard.view",
    ("GET", "/"): "dashboard.view",
    ("GET", "/messages"): "messages.read",
    ("GET", "/messages/export.{fmt}"): "messages.read",
    # cases
    ("GET", "/api/v1/cases"): "cases.read",
    ("GET", "/api/v1/cases/{reference}"): "cases.read",
    ("POST", "/api/v1/cases/{reference}/transition"): "cases.act",
    ("POST", "/api/v1/cases/{reference}/reroute"): "cases.act",
    ("POST", "/api/v1/cases/{reference}/extend"): "cases.act",
    ("GET", "/queue"): "cases.read",
    ("GET", "/queue/{agency}"): "cases.read",
    ("GET", "/queue/{agency}/export.{fmt}"): "cases.read",
    ("GET", "/cases/{reference}"): "cases.read",
    ("POST", "/cases/{reference}/{action}"): "cases.act",
    # the citizen's side: tracking page and Open311 (public by the GeoReport v2 spec)
    ("GET", "/track"): PUBLIC,
    ("GET", "/track/{reference}"): PUBLIC,
    ("GET", "/open311/v2/services.{fmt}"): PUBLIC,
    ("GET", "/open311/v2/services/{service_code}.{fmt}"): PUBLIC,
    ("GET", "/open311/v2/requests.{fmt}"): PUBLIC,
    ("GET", "/open311/v2/requests/{service_request_id}.{fmt}"): PUBLIC,
    ("POST", "/open311/v2/requests.{fmt}"): PUBLIC,
    **{(method, "/open311/v2/{rest:path}"): PUBLIC for method in ("GET", "POST", "PUT", "PATCH", "DELETE")},
    # audit log (aigov.audit.api): auditors and admins; the key that verifies tree heads is public
    ("GET", "/api/v1/audit/head"): "audit.read",
    ("GET", "/api/v1/audit/public-key"): PUBLIC,
    ("GET", "/api/v1/audit/entries"): "audit.read",
    ("GET", "/api/v1/audit/proof/inclusion"): "audit.read",
    ("GET", "/api/v1/audit/proof/consistency"): "audit.read",
    ("GET", "/api/v1/audit/verify"): "audit.read",
    # personal data (aigov.privacy.api): data-subject requests, consent, retention; consent codes public
    ("POST", "/api/v1/privacy/access"): "privacy.manage",
    ("POST", "/api/v1/privacy/erase"): "privacy.manage",
    ("POST", "/api/v1/privacy/consent/{reference}/revoke"): "privacy.manage",
    ("POST", "/api/v1/privacy/retention"): "privacy.manage",
    ("GET", "/api/v1/privacy/consent-policy"): PUBLIC,
    # negotiation model and news monitoring (aigov.diplomacy.negotiation, aigov.diplomacy.news): the forecast
    # computes and stores nothing; importing news changes data; which translator is configured is no secret
    ("GET", "/negotiation"): "diplomacy.read",
    ("POST", "/negotiation"): "diplomacy.read",
    ("POST", "/api/v1/negotiation/forecast"): "diplomacy.read",
    ("GET", "/news"): "diplomacy.read",
    ("GET", "/api/v1/news"): "diplomacy.read",
    ("GET", "/api/v1/news/tone/monthly"): "diplomacy.read",
    ("GET", "/api/v1/news/tone/summary"): "diplomacy.read",
    ("POST", "/api/v1/news/import"): "diplomacy.write",
    ("GET", "/api/v1/translation"): SIGNED_IN,
    # event data, relations barometer, early warning (aigov.diplomacy): reading only; imports are CLI-only
    ("GET", "/diplomacy"): "diplomacy.read",
    ("GET", "/diplomacy/relations"): "diplomacy.read",
    ("GET", "/diplomacy/forecast"): "diplomacy.read",
    ("GET", "/api/v1/diplomacy/relations"): "diplomacy.read",
    ("GET", "/api/v1/diplomacy/forecast"): "diplomacy.read",
    ("GET", "/api/v1/diplomacy/events/status"): "diplomacy.read",
    # the citizen service assistant (aigov.assistant): public chat, API and Telegram webhook (own secret)
    ("GET", "/assistant"): PUBLIC,
    ("POST", "/assistant"): PUBLIC,
    ("POST", "/assistant/profile"): PUBLIC,
    ("POST", "/assistant/handoff"): PUBLIC,
    ("POST", "/assistant/reset"): PUBLIC,
    ("POST", "/api/v1/assistant/ask"): PUBLIC,
    ("POST", "/api/v1/assistant/programmes"): PUBLIC,
    ("POST", "/channels/telegram/webhook"): PUBLIC,
}

# (method, path) -> the rate-limit bucket that counts requests per client address (see ratelimit.py).
RATE_LIMITED: dict[tuple[str, str], str] = {
    ("GET", "/track"): "track",
    ("GET", "/track/{reference}"): "track",
    ("POST", "/login"): "login",
    ("POST", "/open311/v2/requests.{fmt}"): "intake",
    ("POST", "/assistant/handoff"): "intake",
    ("POST", "/assistant"): "assistant",
    ("POST", "/assistant/profile"): "assistant",
    ("POST", "/assistant/reset"): "assistant",
    ("POST", "/api/v1/assistant/ask"): "assistant",
    ("POST", "/api/v1/assistant/programmes"): "assistant",
    ("POST", "/channels/telegram/webhook"): "webhook",  # besides its secret token
}


class UnknownRoute(LookupError):
    """A route the policy does not name: refused to everyone."""


def route_permission(method: str, path: str) -> str:
    """The permission (or PUBLIC / SIGNED_IN) a route needs; UnknownRoute when the policy lacks it."""
    method = "GET" if method == "HEAD" else method
    try:
        return ROUTES[(method, path)]
    except KeyError:
        raise UnknownRoute(f"{method} {path}") from None


def role_permissions(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())


def allows(permissions: frozenset[str], needed: str, *, signed_in: bool) -> bool:
    """Whether a caller holding ``permissions`` may use a route that needs ``needed``."""
    if needed == PUBLIC:
        return True
    if needed == SIGNED_IN:
        return signed_in
    return needed in permissions


def role_allows(role: str, needed: str) -> bool:
    """Whether a signed-in user of ``role`` (or the public) passes a route's check."""
    return allows(role_permissions(role), needed, signed_in=role != PUBLIC_ROLE)
