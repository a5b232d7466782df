"""POST /api/v1/negotiation/forecast: the expected-utility model on actors sent as JSON (nothing stored)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from aigov.diplomacy.negotiation.analysis import analyse
from aigov.diplomacy.negotiation.inputs import Issue, Scenario
from aigov.diplomacy.negotiation.model import MAX_ACTORS, Actor, NegotiationError, Rules
from aigov.web.errors import ApiError

router = APIRouter(prefix="/api/v1/negotiation", tags=["negotiation"])


class ActorIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    capability: float = Field(ge=0, allow_inf_nan=False)
    position: float = Field(allow_inf_nan=False)
    salience: float = Field(ge=0, le=1, allow_inf_nan=False, description="0 to 1")
    risk: float | None = Field(default=None, ge=0.5, le=2, allow_inf_nan=False)


class ChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    capability: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    position: float | None = Field(default=None, allow_inf_nan=False)
    salience: float | None = Field(default=None, ge=0, le=1, allow_inf_nan=False)
    risk: float | None = Field(default=None, ge=0.5, le=2, allow_inf_nan=False)


class ScenarioIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    changes: dict[str, ChangeIn] = Field(min_length=1, max_length=MAX_ACTORS)


class ForecastIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    issue: str | None = Field(default=None, max_length=200)
    actors: list[ActorIn] = Field(min_length=2, max_length=MAX_ACTORS)
    scenarios: list[ScenarioIn] = Field(default_factory=list, max_length=20)
    rules: Literal["scholz2011", "textbook"] = "scholz2011"
    rounds: int = Field(default=10, ge=1, le=100)
    sensitivity: bool = False


@router.post("/forecast", summary="Forecast a negotiation (expected-utility model, weighted mean and median)")
def forecast(body: ForecastIn) -> dict[str, Any]:
    issue = Issue(actors=[Actor(**a.model_dump()) for a in body.actors], title=body.issue)
    scenarios = [
        Scenario(name=s.name, changes={k: v.model_dump(exclude_none=True) for k, v in s.changes.items()})
        for s in body.scenarios
    ]
    try:
        report = analyse(
            issue, scenarios, Rules(variant=body.rules, max_rounds=body.rounds), sensitivity=body.sensitivity
        )
    except NegotiationError as exc:
        raise ApiError(422, "invalid_request", str(exc)) from None
    return report.as_dict()
