"""Forecasts for the month after the data (or after a chosen month), with their drivers."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aigov.diplomacy.events.frame import EventFrame, frame_from_db, month_label
from aigov.diplomacy.events.models import Event
from aigov.diplomacy.forecast.features import NAMES, build_features
from aigov.diplomacy.forecast.model import EscalationModel, training_rows
from aigov.diplomacy.forecast.panel import build_panel, with_empty_month
from aigov.diplomacy.forecast.target import K_SD, MIN_EVENTS

MC = NAMES.index("mc_last")


@dataclass
class UnitForecast:
    unit: str  # 'ARM' or 'ARM-AZE'
    kind: str  # country or dyad
    probability: float
    last_count: int  # material-conflict events in the last month
    mean12: float
    needed: int  # the smallest count next month that would be an escalation
    escalated_last_month: bool
    drivers: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "kind": self.kind,
            "probability": round(self.probability, 4),
            "last_month_material_conflict": self.last_count,
            "mean_12_months": round(self.mean12, 2),
            "escalation_needs_at_least": self.needed,
            "escalated_last_month": self.escalated_last_month,
            "drivers": self.drivers,
        }


@dataclass
class NextMonth:
    month: str  # the month forecast
    as_of: str  # the last month of data used
    base_rate: float  # escalations per eligible unit-month in the training data
    forecasts: list[UnitForecast]  # highest probability first
    model: EscalationModel | None = field(default=None, repr=False)
    rows: dict[str, np.ndarray] = field(default_factory=dict, repr=False)  # feature row per unit

    def for_country(self, country: str) -> list[UnitForecast]:
        """The country's own forecast first, then its dyads by probability."""
        code = country.upper()
        own = [f for f in self.forecasts if f.unit == code]
        pairs = [f for f in self.forecasts if f.kind == "dyad" and code in f.unit.split("-")]
        return own + pairs

    def as_dict(self, forecasts: list[UnitForecast] | None = None) -> dict[str, Any]:
        chosen = self.forecasts if forecasts is None else forecasts
        return {
            "month": self.month,
            "as_of": self.as_of,
            "training_base_rate": round(self.base_rate, 4),
            "target": {"k_sd": K_SD, "min_events": MIN_EVENTS},
            "forecasts": [f.as_dict() for f in chosen],
        }


def forecast_next(frame: EventFrame, *, as_of: int | None = None, drivers_for: int = 60) -> NextMonth:
    """Fit on everything up to ``as_of`` (a month count; default the data's last month) and forecast the
    month after it for every eligible country and dyad. Drivers are given for the ``drivers_for`` most
    likely units (and for every unit of a country asked for later through :meth:`NextMonth.for_country`)."""
    if len(frame) == 0:
        raise ValueError("no events stored yet: import some with `aigov events import FILE`")
    last = int(frame.month.max()) if as_of is None else as_of
    if last < int(frame.month.min()):
        raise ValueError(
            f"no events up to {month_label(last)} (they start in {month_label(int(frame.month.min()))})"
        )
    panel = with_empty_month(build_panel(frame, last=last))  # a month to hold the forecast's features
    features = build_features(panel)
    column = panel.n_months - 1
    x, y = training_rows(features, column)
    model = EscalationModel.fit(x, y)
    eligible = np.nonzero(features.eligible[:, column])[0]
    rows = features.values[eligible, column]
    probabilities = model.predict(rows) if len(rows) else np.zeros(0)
    order = np.argsort(-probabilities, kind="stable")
    mc = panel.counts[..., 3]
    mean12 = mc[:, max(column - 12, 0) : column].mean(axis=1)
    sd12 = mc[:, max(column - 12, 0) : column].std(axis=1)
    results = []
    for rank, i in enumerate(order):
        unit = int(eligible[i])
        needed = int(np.floor(mean12[unit] + K_SD * sd12[unit])) + 1
        results.append(
            UnitForecast(
                unit=panel.unit_label(unit),
                kind="country" if unit < panel.n_countries else "dyad",
                probability=float(probabilities[i]),
                last_count=int(mc[unit, column - 1]),
                mean12=float(mean12[unit]),
                needed=max(needed, MIN_EVENTS),
                escalated_last_month=bool(rows[i, NAMES.index("state_last")]),
                drivers=model.drivers(rows[i]) if rank < drivers_for else [],
            )
        )
    return NextMonth(
        month=month_label(panel.first + column),
        as_of=month_label(last),
        base_rate=float(y.mean()) if len(y) else 0.0,
        forecasts=results,
        model=model,
        rows={f.unit: rows[i] for f, i in zip(results, order, strict=True)},
    )


def with_drivers(result: NextMonth, forecasts: list[UnitForecast]) -> list[UnitForecast]:
    """Fill in the drivers of forecasts that were ranked too low to get them up front."""
    for forecast in forecasts:
        if not forecast.drivers and result.model is not None and forecast.unit in result.rows:
            forecast.drivers = result.model.drivers(result.rows[forecast.unit])
    return forecasts


_cache: dict[tuple, NextMonth] = {}
_lock = threading.Lock()


def stored_next(session: Session, *, as_of: int | None = None) -> NextMonth:
    """:func:`forecast_next` over the stored events, cached until events are added or removed."""
    version = tuple(session.execute(select(func.count(Event.id), func.max(Event.id))).one()) + (as_of,)
    with _lock:
        cached = _cache.get(version)
    if cached is not None:
        return cached
    result = forecast_next(frame_from_db(session), as_of=as_of)
    with _lock:
        _cache.clear()
        _cache[version] = result
    return result
