"""API of the foreign-policy analytics: the relations barometer, next month's forecasts, stored events."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from aigov.diplomacy.barometer.service import BarometerError, country_code, period, relations
from aigov.diplomacy.events.frame import parse_month
from aigov.diplomacy.events.service import status
from aigov.diplomacy.forecast.model import NotEnoughHistory
from aigov.diplomacy.forecast.service import stored_next, with_drivers
from aigov.web.deps import SessionDep
from aigov.web.errors import ApiError

router = APIRouter(prefix="/api/v1/diplomacy", tags=["diplomacy"])
Code = Annotated[str, Query(min_length=3, max_length=3, description="ISO 3166 alpha-3 code, e.g. AZE")]
Month = Annotated[str, Query(min_length=7, max_length=7, description="YYYY-MM")]


def _invalid(exc: Exception) -> ApiError:
    return ApiError(422, "invalid_request", str(exc))


@router.get("/relations")
def get_relations(
    session: SessionDep,
    a: Code,
    b: Code,
    start: Annotated[str, Query(alias="from", min_length=7, max_length=7)],
    end: Annotated[str, Query(alias="to", min_length=7, max_length=7)],
) -> dict[str, Any]:
    """Monthly counts per QuadClass, the Goldstein index, top and notable events of a pair of countries."""
    try:
        first, last = period(start, end)
        return relations(session, a, b, first, last).as_dict()
    except BarometerError as exc:
        raise _invalid(exc) from None


@router.get("/forecast")
def get_forecast(
    session: SessionDep,
    country: Annotated[str | None, Query(max_length=3)] = None,
    as_of: Annotated[str | None, Query(min_length=7, max_length=7)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    """Escalation probabilities for the month after ``as_of`` (default: the last month of stored events),
    with their drivers; for one country (its own and its pairs') or the ``limit`` highest."""
    try:
        code = country_code(country) if country else None
        month = parse_month(as_of) if as_of else None
        result = stored_next(session, as_of=month)
    except (BarometerError, NotEnoughHistory, ValueError) as exc:
        raise _invalid(exc) from None
    chosen = with_drivers(result, result.for_country(code)) if code else result.forecasts[:limit]
    return result.as_dict(chosen)


@router.get("/events/status")
def get_status(session: SessionDep) -> dict[str, Any]:
    """How many events are stored, per format, which months they cover, the latest imports."""
    return status(session)
