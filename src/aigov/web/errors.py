"""One error format for the API: a stable code plus a readable message, never a traceback."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("aigov.web")

STATUS_CODES = {
    400: "bad_request",
    401: "unauthorised",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(Exception):
    """Raise from a route to answer with an error code and message."""

    def __init__(self, status: int, code: str, message: str, details: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details


def error_body(code: str, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body["details"] = details
    return {"error": body}


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    details = []
    for error in exc.errors():
        loc = [str(p) for p in error.get("loc", ())]
        where = ".".join(p for p in loc if p not in {"body"}) or "body"
        problem = "unknown field" if error.get("type") == "extra_forbidden" else error.get("msg", "invalid")
        if error.get("type") == "json_invalid":
            problem = "the body is not valid JSON (or not valid UTF-8)"
        elif where == "body" and error.get("type") in {"model_attributes_type", "dict_type"}:
            problem = "the body must be a JSON object sent as application/json"
        details.append({"field": where, "problem": problem, "type": error.get("type", "invalid")})
    return details


def is_api_path(request: Request) -> bool:
    path = request.url.path
    return path == "/api" or path.startswith("/api/")


def html_error(request: Request, status: int, headers: dict[str, str] | None = None) -> Response | None:
    """A small error page in the reader's language for a non-API path; None for API paths."""
    if is_api_path(request):
        return None
    try:
        from aigov.web.pages import error_page

        response = error_page(request, status)
    except Exception as exc:  # the page itself failed: fall back to the JSON body
        log.error("error page failed with %s on %s", type(exc).__name__, request.url.path)
        return None
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message, exc.details), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        page = html_error(request, 422)
        if page is not None:
            return page
        details = _validation_details(exc)
        summary = "; ".join(f"{d['field']}: {d['problem']}" for d in details[:5])
        body = error_body("invalid_request", f"The request is not valid: {summary}", details)
        return JSONResponse(body, 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        page = html_error(request, exc.status_code, exc.headers)
        if page is not None:
            return page
        code = STATUS_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 400 and "parsing the body" in message:
            code, message = "invalid_body", "The body could not be read: send JSON encoded as UTF-8."
        return JSONResponse(error_body(code, message), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # Log the type and route only: exception text may quote a citizen's message.
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
        page = html_error(request, 500)
        if page is not None:
            return page
        return JSONResponse(error_body("internal_error", "Something went wrong on our side."), 500)
