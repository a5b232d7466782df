"""The OpenAPI schema tells who may call each operation, and every error it may answer.

From the permission policy: the security schemes (bearer token, session cookie), which operations
need them and which permission, and the errors every operation can give (401/403 where it is not
public, 404 where a path names something, 413 for bodies, 429 where rate-limited), in the API's
JSON error format, or Open311's list of errors under /open311/.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from aigov.accounts.policy import PUBLIC, RATE_LIMITED, SIGNED_IN, UnknownRoute, route_permission

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                       "details": {"type": "array", "items": {"type": "object"}}},
    }},
}
OPEN311_ERRORS = {
    "type": "array",
    "items": {"type": "object", "required": ["code", "description"],
              "properties": {"code": {"type": "integer"}, "description": {"type": "string"}}},
}
WORDS = {400: "The request cannot be read.", 401: "Not signed in, or the API token is not valid.",
         403: "Signed in, but this role or token may not do this.",
         404: "Nothing has this reference or name.",
         413: "The body is too large.", 415: "The body is not of a type this operation reads.",
         422: "The request is not valid.", 429: "Too many requests from this address: see Retry-After."}
PATH_ITEM_METHODS = ("get", "post", "put", "patch", "delete")


def _error(status: int, open311: bool) -> dict[str, Any]:
    ref = "#/components/schemas/Open311Errors" if open311 else "#/components/schemas/Error"
    return {"description": WORDS[status],
            "content": {"application/json": {"schema": {"$ref": ref}}}}


def document_access(schema: dict[str, Any]) -> dict[str, Any]:
    """Add security and error responses to ``schema`` (in place) from the policy; return it."""
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {}).update({"Error": ERROR_SCHEMA, "Open311Errors": OPEN311_ERRORS})
    components.setdefault("securitySchemes", {}).update({
        "bearer": {"type": "http", "scheme": "bearer", "description": "An API token: aigov tokens create"},
        "session": {"type": "apiKey", "in": "cookie", "name": "aigov_session",
                    "description": "The browser session of a signed-in user (pages at /login)"},
    })
    for path, item in schema.get("paths", {}).items():
        for method in PATH_ITEM_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            try:
                needed = route_permission(method.upper(), path)
            except UnknownRoute:
                needed = "unknown"
            _document(operation, method, path, needed)
    return schema


def _document(operation: dict[str, Any], method: str, path: str, needed: str) -> None:
    open311 = path.startswith("/open311/")
    responses = operation.setdefault("responses", {})
    statuses = {422}
    if needed != PUBLIC:
        statuses |= {401, 403}
        operation["security"] = [{"bearer": []}, {"session": []}]
        rule = "any signed-in account" if needed == SIGNED_IN else f"the permission `{needed}`"
        operation["description"] = (operation.get("description", "") + f"\n\nNeeds {rule}.").strip()
    if "{" in path:
        statuses.add(404)
    if method != "get":
        statuses |= {413}
    if open311:
        statuses |= {400, 404} | ({415} if method == "post" else set())
    if (method.upper(), path) in RATE_LIMITED:
        statuses.add(429)
    for status in sorted(statuses):
        responses.setdefault(str(status), _error(status, open311))


def install(app: FastAPI) -> None:
    """Make ``app.openapi()`` document access and errors (computed once, like FastAPI's own)."""
    original: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        return document_access(original())

    app.openapi = openapi  # type: ignore[method-assign]
