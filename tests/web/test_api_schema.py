"""schemathesis against the app's own OpenAPI schema, in-process, as an administrator: no 5xx anywhere,
and every answer conforms to the schema (status codes, content types, bodies, headers).

Kept small (a few examples per operation) so the whole run takes well under a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from aigov.config import reset_settings_cache

EXAMPLES = 10
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def app(db, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("AIGOV_RATE_LIMITS_ENABLED", "false")  # many requests from one address, on purpose
    reset_settings_cache()
    from aigov.web.app import create_app

    yield create_app()
    monkeypatch.undo()
    reset_settings_cache()


def test_the_api_answers_every_generated_request_without_a_server_error(app, api_token) -> None:
    headers = {"Authorization": f"Bearer {api_token('admin')}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def exercise(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            exercise()
        except (Exception, BaseExceptionGroup) as exc:  # try every operation; report all failures together
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}"[:1500])
    assert operations >= 10
    assert not failures, "\n\n".join(failures)
