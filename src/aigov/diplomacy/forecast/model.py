"""The early-warning model: logistic regression on standardised lagged features.

A linear model in log-odds is calibrated by construction of its loss and explains itself exactly: each
forecast's log-odds is the baseline plus one contribution per feature, which are summed into driver groups.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from aigov.diplomacy.forecast.features import FEATURES, NAMES, Features

REGULARISATION_C = 0.1
DYAD = NAMES.index("is_dyad")
MAX_ITER = 1000


class NotEnoughHistory(ValueError):
    """The training months hold too few forecasts, or no escalation at all, to fit a model."""


def training_rows(features: Features, before: int) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and targets of every eligible unit-month before month ``before`` (panel column)."""
    mask = features.eligible[:, :before] & ~np.isnan(features.y[:, :before])
    return features.values[:, :before][mask], features.y[:, :before][mask]


@dataclass
class EscalationModel:
    scaler: StandardScaler
    classifier: LogisticRegression
    reference: dict[int, np.ndarray]  # mean standardised features of the training countries (0) and pairs (1)

    @classmethod
    def fit(cls, x: np.ndarray, y: np.ndarray) -> EscalationModel:
        positives = int(y.sum())
        if len(y) < 50 or positives == 0 or positives == len(y):
            raise NotEnoughHistory(
                f"the training months hold {len(y)} forecasts with {positives} escalations: "
                "need at least 50 forecasts and both outcomes (give more events or an earlier --train-until)"
            )
        scaler = StandardScaler().fit(x)
        classifier = LogisticRegression(C=REGULARISATION_C, max_iter=MAX_ITER)
        z = scaler.transform(x)
        classifier.fit(z, y)
        kinds = x[:, DYAD] > 0.5
        reference = {
            kind: z[kinds == bool(kind)].mean(axis=0) if (kinds == bool(kind)).any() else z.mean(axis=0)
            for kind in (0, 1)
        }
        return cls(scaler, classifier, reference)

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Probability of escalation next month for each row."""
        return self.classifier.predict_proba(self.scaler.transform(x))[:, 1]

    def contributions(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(baseline log-odds per row, per-feature contributions); they add up to each row's log-odds.

        A row is compared with the average training unit of its kind: a country with the average country,
        a pair with the average pair (so being a country or a pair is part of the baseline, not a driver).
        """
        z = self.scaler.transform(x)
        coef = self.classifier.coef_[0]
        reference = np.where((x[:, DYAD] > 0.5)[:, None], self.reference[1], self.reference[0])
        baseline = self.classifier.intercept_[0] + (reference * coef).sum(axis=1)
        return baseline, (z - reference) * coef

    def drivers(self, row: np.ndarray, *, top: int = 5) -> list[dict[str, object]]:
        """The driver groups that raised or lowered one forecast most, largest effect first."""
        _, contribution = self.contributions(row.reshape(1, -1))
        groups: dict[str, float] = {}
        members: dict[str, list[dict[str, float | str]]] = {}
        for j, name in enumerate(NAMES):
            group = FEATURES[name]
            groups[group] = groups.get(group, 0.0) + float(contribution[0, j])
            members.setdefault(group, []).append(
                {
                    "feature": name,
                    "value": round(float(row[j]), 3),
                    "effect": round(float(contribution[0, j]), 3),
                }
            )
        ranked = sorted(groups.items(), key=lambda item: abs(item[1]), reverse=True)[:top]
        return [
            {
                "driver": group,
                "effect": round(effect, 3),
                "direction": "up" if effect > 0 else "down",
                "features": sorted(members[group], key=lambda m: abs(float(m["effect"])), reverse=True),
            }
            for group, effect in ranked
            if abs(effect) >= 0.01
        ]
