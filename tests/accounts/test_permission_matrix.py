"""The permission matrix: every route of the app × every role gets exactly what the policy says.

The routes come from the app itself, so a route added without a policy entry fails here. Each
request is real: a denied one must be refused (401 or a redirect to the login page for the public,
403 for a signed-in role), an allowed one must get past the check (any answer but those).
"""

from __future__ import annotations

import re

import pytest
from fastapi.routing import iter_route_contexts
from starlette.routing import Mount

from aigov.accounts.deps import DENIED_HEADER, SESSION_COOKIE, session_secret
from aigov.accounts.policy import PUBLIC_ROLE, ROLES, ROUTES, role_allows, route_permission
from aigov.cases.pages import CSRF_COOKIE, csrf_token
from aigov.web.app import create_app

MATRIX_ROLES = (PUBLIC_ROLE, *ROLES)
PARAM = re.compile(r"{(\w+)(?::(\w+))?}")


def app_routes() -> list[tuple[str, str]]:
    """(method, path) of every route the app serves (HEAD follows GET; a mounted app counts as GET)."""
    found = set()
    for context in iter_route_contexts(create_app().routes):
        route = context.original_route
        if isinstance(route, Mount):
            found.add(("GET", route.path))
            continue
        path = getattr(route, "path", None) or context.path
        for method in context.methods or ():
            if method != "HEAD":
                found.add((method, path))
    return sorted(found, key=lambda mp: (mp[1], mp[0]))


ROUTE_LIST = app_routes()


def test_every_route_has_an_entry_in_the_policy() -> None:
    missing = [f"{method} {path}" for method, path in ROUTE_LIST if (method, path) not in ROUTES]
    assert not missing, "routes without a permission in aigov.accounts.policy.ROUTES: " + ", ".join(missing)


def test_the_policy_names_no_route_the_app_lacks() -> None:
    stale = [f"{method} {path}" for method, path in ROUTES if (method, path) not in ROUTE_LIST]
    assert not stale, "policy entries for routes that do not exist: " + ", ".join(stale)


def test_every_role_and_permission_in_the_policy_is_known() -> None:
    from aigov.accounts.policy import PERMISSIONS, PUBLIC, ROLE_PERMISSIONS, SIGNED_IN

    assert set(ROLE_PERMISSIONS) == {*ROLES, PUBLIC_ROLE}
    for permissions in ROLE_PERMISSIONS.values():
        assert permissions <= set(PERMISSIONS)
    assert set(ROUTES.values()) <= {*PERMISSIONS, PUBLIC, SIGNED_IN}
    assert not ROLE_PERMISSIONS[PUBLIC_ROLE]


def concrete(path: str, reference: str) -> str:
    """A URL for a route template, with a value of the right kind for each parameter."""
    samples = {"reference": reference, "agency": "azerishiq", "code": "en", "action": "comment",
               "service_code": "electricity", "service_request_id": reference, "rest": "nothing.json"}

    def value(match: re.Match[str]) -> str:
        name, convertor = match.group(1), match.group(2)
        if convertor == "int":
            return "1"
        if name == "fmt":
            return "json" if path.startswith("/open311/") else "csv"
        return samples.get(name, "x")

    url = PARAM.sub(value, path)
    return url + "/aigov.css" if url == "/static" else url


def is_page(path: str) -> bool:
    return not path.startswith(("/api/", "/open311/"))


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_each_route_allows_or_refuses_each_role_as_the_policy_says(role: str, client_as, make_case) -> None:
    reference = make_case("azerishiq")  # an officer's own agency: object rules allow it
    client = client_as(role, agency="azerishiq" if role == "officer" else None)
    nonce = "n" * 43  # the CSRF nonce cookie every browser that was shown a form has, and its token
    client.cookies.set(CSRF_COOKIE, nonce)
    session = session_secret(client.cookies.get(SESSION_COOKIE))
    form = {"csrf_token": csrf_token(nonce), "logout_token": csrf_token(session) if session else ""}
    wrong = []
    for method, path in sorted(ROUTE_LIST, key=lambda mp: mp == ("POST", "/logout")):  # sign out last
        needed = route_permission(method, path)
        url = concrete(path, reference)
        if method == "GET":
            response = client.get(url, follow_redirects=False)
        elif is_page(path):
            response = client.request(method, url, data=form, follow_redirects=False)
        else:
            response = client.request(method, url, json={}, follow_redirects=False)
        to_login = response.status_code == 303 and response.headers["location"].startswith("/login?next=")
        by_policy = response.headers.get(DENIED_HEADER) == "denied"  # not a route's own 403 (a bad secret...)
        refused = (response.status_code in {401, 403} and by_policy) or to_login
        if role_allows(role, needed) == refused:
            wrong.append(f"{method} {path} ({needed}): {response.status_code}")
            continue
        if refused and role == PUBLIC_ROLE:  # the public: the login page for pages, 401 for the API
            assert (to_login if is_page(path) else response.status_code == 401), f"{method} {path}"
        if refused and role != PUBLIC_ROLE:
            assert response.status_code == 403, f"{method} {path}"
    assert not wrong, f"{role}: " + "; ".join(wrong)


def test_the_matrix_covers_pages_and_api_of_every_kind() -> None:
    needed = {route_permission(method, path) for method, path in ROUTE_LIST}
    assert {"public", "messages.read", "messages.read_raw", "cases.act", "dashboard.view"} <= needed
    assert ("GET", "/api/v1/messages/{reference}/raw") in ROUTE_LIST


# The decisions a reader of the README relies on, pinned so that an edit of the policy shows up here.
PINNED = [
    ("public", "GET", "/track/{reference}", True), ("public", "POST", "/open311/v2/requests.{fmt}", True),
    ("public", "GET", "/", False), ("public", "POST", "/api/v1/messages", False),
    ("public", "GET", "/api/v1/messages", False), ("public", "GET", "/api/v1/cases", False),
    ("analyst", "GET", "/api/v1/messages", True), ("analyst", "GET", "/", True),
    ("analyst", "GET", "/api/v1/messages/{reference}/raw", False),
    ("analyst", "POST", "/api/v1/cases/{reference}/transition", False),
    ("officer", "GET", "/api/v1/messages/{reference}/raw", True),
    ("officer", "POST", "/cases/{reference}/{action}", True), ("officer", "POST", "/api/v1/messages", False),
    ("auditor", "GET", "/", False), ("auditor", "GET", "/api/v1/cases", True),
    ("auditor", "GET", "/api/v1/messages", False),
    ("admin", "GET", "/api/v1/messages/{reference}/raw", True), ("admin", "POST", "/api/v1/messages", True),
]


@pytest.mark.parametrize(("role", "method", "path", "allowed"), PINNED)
def test_pinned_decisions(role: str, method: str, path: str, allowed: bool) -> None:
    assert role_allows(role, route_permission(method, path)) is allowed
