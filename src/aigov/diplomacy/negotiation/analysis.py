"""What the negotiation page and command show: forecasts side by side, scenarios, and sensitivity."""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from aigov.diplomacy.negotiation.inputs import Issue, Scenario
from aigov.diplomacy.negotiation.model import (
    Actor,
    Outcome,
    Rules,
    simulate,
    validate,
    with_changes,
)

SHIFT = 0.10  # one-at-a-time sensitivity: ±10% of capability and salience, ±10% of the position range
NOISE_RUNS = 100


@dataclass
class Forecasts:
    """The model's forecast next to the simpler predictions, for one set of actors."""

    expected_utility: float
    final_mean: float
    weighted_mean: float
    weighted_median: float
    rounds: int
    settled: bool

    @classmethod
    def of(cls, outcome: Outcome) -> Forecasts:
        return cls(expected_utility=outcome.forecast, final_mean=outcome.final_mean,
                   weighted_mean=outcome.initial_mean, weighted_median=outcome.initial_median,
                   rounds=len(outcome.rounds), settled=outcome.settled)

    def as_dict(self) -> dict[str, Any]:
        return {"expected_utility": _r(self.expected_utility), "final_mean": _r(self.final_mean),
                "weighted_mean": _r(self.weighted_mean), "weighted_median": _r(self.weighted_median),
                "rounds": self.rounds, "settled": self.settled}


@dataclass
class ScenarioResult:
    name: str
    changes: dict[str, dict[str, float]]
    forecasts: Forecasts
    outcome: Outcome


@dataclass
class Sensitivity:
    """How far the forecast moves when one input of one actor moves, and under noise on all inputs."""

    one_at_a_time: list[dict[str, Any]]  # actor, field, direction, value, forecast, change
    noise_runs: int
    noise_low: float | None  # 10th percentile of forecasts with every input jittered by up to ±SHIFT
    noise_median: float | None
    noise_high: float | None  # 90th percentile

    def as_dict(self) -> dict[str, Any]:
        return {"shift": SHIFT, "one_at_a_time": self.one_at_a_time, "noise_runs": self.noise_runs,
                "noise_p10": _r(self.noise_low), "noise_p50": _r(self.noise_median),
                "noise_p90": _r(self.noise_high)}


@dataclass
class Report:
    issue: Issue
    rules: Rules
    base: Outcome
    forecasts: Forecasts
    scenarios: list[ScenarioResult]
    sensitivity: Sensitivity | None

    def as_dict(self) -> dict[str, Any]:
        base, base_forecast = self.base, self.forecasts.expected_utility
        return {
            "issue": self.issue.title,
            "rules": {"variant": self.rules.variant, "q": self.rules.q, "t": self.rules.t,
                      "max_rounds": self.rules.max_rounds},
            "actors": [{"name": a.name, "capability": a.capability, "position": a.position,
                        "salience": a.salience, "risk": a.risk} for a in self.issue.actors],
            "forecasts": self.forecasts.as_dict(),
            "rounds": [round_dict(r) for r in base.rounds],
            "scenarios": [{"name": s.name, "changes": s.changes, "forecasts": s.forecasts.as_dict(),
                           "change_in_forecast": _r(s.forecasts.expected_utility - base_forecast)}
                          for s in self.scenarios],
            "sensitivity": self.sensitivity.as_dict() if self.sensitivity else None,
        }


def round_dict(r: Any) -> dict[str, Any]:
    return {"round": r.number, "risk": {k: _r(v) for k, v in r.risk.items()},
            "moves": [{"actor": m.actor, "kind": m.kind, "partner": m.partner, "from": _r(m.old),
                       "to": _r(m.new), "own_eu": _r(m.own_eu), "partner_eu": _r(m.partner_eu)}
                      for m in r.moves],
            "positions": {k: _r(v) for k, v in r.end.items()}, "mean": _r(r.mean), "median": _r(r.median)}


def analyse(issue: Issue, scenarios: Sequence[Scenario] = (), rules: Rules | None = None, *,
            sensitivity: bool = True, seed: int = 7) -> Report:
    """Run the base case, every scenario and (optionally) the sensitivity checks."""
    rules = (rules or Rules()).checked()
    actors = validate(issue.actors)
    base = simulate(actors, rules)
    results = []
    for scenario in scenarios:
        outcome = simulate(with_changes(actors, scenario.changes), rules)
        results.append(ScenarioResult(scenario.name, scenario.changes, Forecasts.of(outcome), outcome))
    return Report(issue=issue, rules=rules, base=base, forecasts=Forecasts.of(base), scenarios=results,
                  sensitivity=sensitivity_of(actors, rules, seed=seed) if sensitivity else None)


def sensitivity_of(actors: Sequence[Actor], rules: Rules, *, seed: int = 7,
                   runs: int = NOISE_RUNS) -> Sensitivity:
    """One input at a time ±SHIFT, then ``runs`` draws with every input jittered uniformly by up to ±SHIFT."""
    actors = list(actors)
    base = simulate(actors, rules).forecast
    span = max(a.position for a in actors) - min(a.position for a in actors)
    rows = []
    for i, actor in enumerate(actors):
        for key in ("capability", "salience", "position"):
            for sign in (-1, 1):
                changed = _shifted(actor, key, sign * SHIFT, span)
                if getattr(changed, key) == getattr(actor, key):
                    continue
                trial = actors[:i] + [changed] + actors[i + 1:]
                try:
                    forecast = simulate(trial, rules).forecast
                except ValueError:
                    continue
                rows.append({"actor": actor.name, "field": key, "direction": "+" if sign > 0 else "-",
                             "value": _r(getattr(changed, key)), "forecast": _r(forecast),
                             "change": _r(forecast - base)})
    rows.sort(key=lambda row: (-abs(row["change"]), row["actor"], row["field"], row["direction"]))
    rng = random.Random(seed)
    forecasts = []
    for _ in range(runs):
        trial = [_jittered(a, rng, span) for a in actors]
        try:
            forecasts.append(simulate(trial, rules).forecast)
        except ValueError:
            continue
    low = median = high = None
    if len(forecasts) >= 10:
        deciles = statistics.quantiles(forecasts, n=10, method="inclusive")
        low, high, median = deciles[0], deciles[-1], statistics.median(forecasts)
    return Sensitivity(one_at_a_time=rows, noise_runs=len(forecasts), noise_low=low, noise_median=median,
                       noise_high=high)


def _shifted(actor: Actor, key: str, share: float, span: float) -> Actor:
    value = getattr(actor, key)
    if key == "position":
        return replace(actor, position=value + share * span)
    new = value * (1 + share)
    if key == "salience":
        new = min(max(new, 0.0), 1.0)
    return replace(actor, **{key: new})


def _jittered(actor: Actor, rng: random.Random, span: float) -> Actor:
    return replace(
        actor,
        capability=actor.capability * (1 + rng.uniform(-SHIFT, SHIFT)),
        salience=min(max(actor.salience * (1 + rng.uniform(-SHIFT, SHIFT)), 0.0), 1.0),
        position=actor.position + rng.uniform(-SHIFT, SHIFT) * span,
    )


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)
