"""Open311 GeoReport v2 endpoints under /open311/v2, in JSON (``.json``) and XML (``.xml``).

Every error, whatever went wrong, is answered in the spec's format with the matching HTTP status:
``[{"code": 404, "description": "..."}]`` or ``<errors><error><code/><description/></error></errors>``,
never quoting what the client sent. ``api_key`` and ``jurisdiction_id`` are accepted and ignored for
now: as the spec intends, reading and posting requests is public (one jurisdiction; posting is
rate-limited per client address, see aigov.accounts.policy), while channels that deliver in bulk use
``POST /api/v1/messages`` with an intake token. Non-standard extensions: ``page`` and
``page_size`` on GET requests (the total comes in the ``X-Total-Count`` header), ``locale`` (az, ru,
en; else Accept-Language; default az) for names and notes, and an ``Idempotency-Key`` header on POST.
See aigov.open311.service for how services and requests map onto topics, messages and cases.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Coroutine
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from aigov.analysis.pipeline import Pipeline
from aigov.open311 import service, xml
from aigov.open311.service import Open311Error
from aigov.web.deps import SessionDep, pipeline
from aigov.web.i18n import DEFAULT_LOCALE, from_accept_language, supported

log = logging.getLogger("aigov.open311")

FORMATS = ("json", "xml")
MAX_FORM_FIELDS = 100


def error_response(fmt: str, status: int, description: str) -> Response:
    """The spec's error list, in the requested format."""
    errors = [{"code": status, "description": description}]
    return _render(fmt, "errors", errors, status)


class Open311Route(APIRoute):
    """Turns every failure of an Open311 route into the spec's error format."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            fmt = "xml" if request.url.path.endswith(".xml") else "json"
            try:
                return await handler(request)
            except Open311Error as exc:
                return error_response(fmt, exc.status, exc.description)
            except RequestValidationError:
                return error_response(fmt, 400, "the request is not valid")
            except HTTPException as exc:
                if exc.status_code in {401, 403, 429}:  # access and rate limits: our own words, safe to show
                    response = error_response(fmt, exc.status_code, str(exc.detail))
                    response.headers.update(exc.headers or {})
                    return response
                return error_response(fmt, exc.status_code, "the request cannot be served")
            except Exception as exc:  # log the type only: the text may quote a citizen
                log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
                return error_response(fmt, 500, "something went wrong on our side")

        return guarded


router = APIRouter(prefix="/open311/v2", tags=["open311"], route_class=Open311Route)



@router.get("/services.{fmt}")
def list_services(fmt: str, request: Request) -> Response:
    """Every service (topic) with its name in the request's locale and its agency as group."""
    fmt = _format(fmt)
    return _render(fmt, "services", service.services(_locale(request)))


@router.get("/services/{service_code}.{fmt}")
def service_definition(service_code: str, fmt: str) -> Response:
    """A service's definition: no extra attributes are asked for, so ``attributes`` is empty."""
    fmt = _format(fmt)
    definition = service.service_definition(service_code)
    if fmt == "xml":
        return _xml(xml.record("service_definition", definition))
    return _json(definition)


@router.post("/requests.{fmt}")
async def post_request(fmt: str, request: Request, session: SessionDep,
                       analysis: Annotated[Pipeline, Depends(pipeline)]) -> Response:
    """Create a service request from form fields (the spec) or a JSON object; 201, or 200 on a replay."""
    fmt = _format(fmt)
    fields = await _fields(request)
    key = request.headers.get("idempotency-key")
    if key is not None and not (0 < len(key) <= 200 and key.isprintable()):
        raise Open311Error(400, "Idempotency-Key must be 1 to 200 printable characters")
    new = service.parse_new_request(fields)
    answer, created = service.create_request(session, new, analysis, locale=_locale(request),
                                             idempotency_key=key)
    return _render(fmt, "service_requests", [answer], 201 if created else 200)


@router.get("/requests.{fmt}")
def list_requests(fmt: str, request: Request, session: SessionDep) -> Response:
    """Requests, newest first: the last 90 days unless dated, at most 1000 (``page``/``page_size``)."""
    fmt = _format(fmt)
    query = service.parse_query(request.query_params)
    total, rows = service.find_requests(session, query, locale=_locale(request))
    response = _render(fmt, "service_requests", rows)
    response.headers["X-Total-Count"] = str(total)
    return response


@router.get("/requests/{service_request_id}.{fmt}")
def get_request(service_request_id: str, fmt: str, request: Request, session: SessionDep) -> Response:
    """One request, as a list of one (the spec's shape)."""
    fmt = _format(fmt)
    return _render(fmt, "service_requests",
                   [service.get_request(session, service_request_id, locale=_locale(request))])


@router.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
def not_found(rest: str) -> Response:
    raise Open311Error(404, "no such Open311 resource: see /open311/v2/services.json")


# --- helpers --------------------------------------------------------------------------------------------

def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Open311Error(404, "format not supported: use .json or .xml")
    return fmt


def _locale(request: Request) -> str:
    return (supported(request.query_params.get("locale"))
            or from_accept_language(request.headers.get("accept-language")) or DEFAULT_LOCALE)


async def _fields(request: Request) -> dict[str, Any]:
    """The POSTed fields, from a form (application/x-www-form-urlencoded) or a JSON object, UTF-8 only."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if content_type == "application/json":
        try:
            data = json.loads(body.decode("utf-8"))
        except ValueError:
            raise Open311Error(400, "the body is not valid JSON in UTF-8") from None
        if not isinstance(data, dict):
            raise Open311Error(400, "the JSON body must be an object")
        return data
    if content_type in {"", "application/x-www-form-urlencoded"}:
        try:
            text = body.decode("utf-8")
            pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8",
                              errors="strict", max_num_fields=MAX_FORM_FIELDS)
        except ValueError:  # invalid UTF-8 (raw or percent-encoded) or too many fields
            raise Open311Error(400, "the body is not valid UTF-8 form data") from None
        return dict(pairs)
    raise Open311Error(415, "send the fields as application/x-www-form-urlencoded or application/json")


def _render(fmt: str, root: str, items: list[dict[str, Any]], status: int = 200) -> Response:
    if fmt == "xml":
        return _xml(xml.document(root, items), status)
    return _json(items, status)


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status_code=status,
                    media_type="application/json; charset=utf-8")


def _xml(text: str, status: int = 200) -> Response:
    return Response(text.encode("utf-8"), status_code=status, media_type="text/xml; charset=utf-8")
