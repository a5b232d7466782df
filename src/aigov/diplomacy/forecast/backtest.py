"""Rolling-origin backtest of the early-warning model against persistence and climatology.

For every test month t after ``train_until``: the model is (re)fitted on the unit-months before t (refit
every ``refit_every`` months), then forecasts month t for every eligible unit from features of months
before t. Persistence forecasts last month's state (0 or 1); climatology the unit's escalation rate
before t (shrunk toward the rate of all units by one observation). Scores: Brier score (lower is better),
area under the precision-recall curve (average precision) and ROC-AUC (higher is better).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from aigov.diplomacy.events.frame import EventFrame, month_label
from aigov.diplomacy.forecast.features import NAMES, build_features
from aigov.diplomacy.forecast.model import EscalationModel, training_rows
from aigov.diplomacy.forecast.panel import build_panel
from aigov.diplomacy.forecast.target import K_SD, MIN_EVENTS, WINDOW

PREDICTORS = ("model", "persistence", "climatology")
TARGET_TEXT = (
    f"material-conflict events (QuadClass 4) of a country or a dyad in the month > mean + "
    f"{K_SD:g} sd of its previous {WINDOW} months, and >= {MIN_EVENTS}"
)


def scores(y: np.ndarray, p: np.ndarray) -> dict[str, float | None]:
    """Brier score, AUPR (average precision) and ROC-AUC; the last two are None without both outcomes."""
    if len(y) == 0:
        return {"brier": None, "aupr": None, "roc_auc": None}
    both = 0 < y.sum() < len(y)
    return {
        "brier": round(float(brier_score_loss(y, p)), 6),
        "aupr": round(float(average_precision_score(y, p)), 6) if both else None,
        "roc_auc": round(float(roc_auc_score(y, p)), 6) if both else None,
    }


@dataclass
class Backtest:
    train_until: str
    test_from: str
    test_until: str
    refit_every: int
    units: np.ndarray
    months: np.ndarray
    y: np.ndarray
    forecasts: dict[str, np.ndarray]
    labels: list[str]
    kinds: np.ndarray  # "country" or "dyad" per forecast
    fits: int = 0
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "train_until": self.train_until,
            "test_from": self.test_from,
            "test_until": self.test_until,
            "refit_every_months": self.refit_every,
            "model_fits": self.fits,
            "target": {
                "definition": TARGET_TEXT,
                "k_sd": K_SD,
                "min_events": MIN_EVENTS,
                "window_months": WINDOW,
            },
            "forecasts": int(len(self.y)),
            "escalations": int(self.y.sum()),
            "observed_rate": round(float(self.y.mean()), 6) if len(self.y) else None,
        }
        for name in PREDICTORS:
            result[name] = scores(self.y, self.forecasts[name])
            result[name]["mean_forecast"] = (
                round(float(self.forecasts[name].mean()), 6) if len(self.y) else None
            )
        result["by_kind"] = {}
        for kind in ("country", "dyad"):
            mask = self.kinds == kind
            result["by_kind"][kind] = {
                "forecasts": int(mask.sum()),
                "escalations": int(self.y[mask].sum()),
                **{name: scores(self.y[mask], self.forecasts[name][mask]) for name in PREDICTORS},
            }
        model, persistence, climatology = (result[name] for name in PREDICTORS)
        result["beats_baselines"] = {
            metric: _better(metric, model[metric], [persistence[metric], climatology[metric]])
            for metric in ("brier", "aupr", "roc_auc")
        }
        result["seconds"] = round(self.seconds, 1)
        result.update(self.extra)
        return result

    def rows(self) -> list[dict[str, Any]]:
        """One row per forecast: unit, month, outcome and the three forecasts (for --out)."""
        return [
            {
                "unit": self.labels[i],
                "month": month_label(int(m)),
                "escalation": int(yv),
                **{name: round(float(self.forecasts[name][i]), 6) for name in PREDICTORS},
            }
            for i, (m, yv) in enumerate(zip(self.months, self.y, strict=True))
        ]


def _better(metric: str, value: float | None, baselines: list[float | None]) -> bool | None:
    if value is None or any(b is None for b in baselines):
        return None
    if metric == "brier":
        return all(value < b for b in baselines)  # type: ignore[operator]
    return all(value > b for b in baselines)  # type: ignore[operator]


def run_backtest(
    frame: EventFrame, *, train_until: int, test_until: int | None = None, refit_every: int = 1
) -> Backtest:
    """Backtest on the months after ``train_until`` (a month count) up to ``test_until`` or the data's end."""
    started = time.perf_counter()
    panel = build_panel(frame, last=test_until)
    if panel.n_months == 0:
        raise ValueError("no events with a country and a CAMEO code to forecast from")
    features = build_features(panel)
    first_test = train_until + 1 - panel.first
    if first_test <= WINDOW + 1:
        raise ValueError(
            f"--train-until {month_label(train_until)} leaves less than {WINDOW + 1} months of "
            f"history (the events start in {month_label(panel.first)})"
        )
    if first_test >= panel.n_months:
        raise ValueError(
            f"no events after --train-until {month_label(train_until)} to test on "
            f"(the events end in {month_label(panel.first + panel.n_months - 1)})"
        )
    state_col, clim_col = NAMES.index("state_last"), NAMES.index("base_rate")
    model: EscalationModel | None = None
    fits = 0
    units, months, ys, kinds = [], [], [], []
    predictions: dict[str, list[np.ndarray]] = {name: [] for name in PREDICTORS}
    for column in range(first_test, panel.n_months):
        if model is None or (column - first_test) % refit_every == 0:
            model = EscalationModel.fit(*training_rows(features, column))
            fits += 1
        mask = features.eligible[:, column] & ~np.isnan(features.y[:, column])
        rows = features.values[mask, column]
        unit_ids = np.nonzero(mask)[0]
        units.append(unit_ids)
        months.append(np.full(len(unit_ids), panel.first + column))
        ys.append(features.y[mask, column])
        kinds.append(np.where(unit_ids < panel.n_countries, "country", "dyad"))
        predictions["model"].append(model.predict(rows) if len(rows) else np.zeros(0))
        predictions["persistence"].append(rows[:, state_col])
        predictions["climatology"].append(rows[:, clim_col])
    unit_array = np.concatenate(units)
    return Backtest(
        train_until=month_label(train_until),
        test_from=month_label(panel.first + first_test),
        test_until=month_label(panel.first + panel.n_months - 1),
        refit_every=refit_every,
        units=unit_array,
        months=np.concatenate(months),
        y=np.concatenate(ys),
        forecasts={name: np.concatenate(values) for name, values in predictions.items()},
        labels=[panel.unit_label(int(u)) for u in unit_array],
        kinds=np.concatenate(kinds),
        fits=fits,
        seconds=time.perf_counter() - started,
    )
