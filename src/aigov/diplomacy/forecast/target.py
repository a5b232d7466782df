"""The forecast target: a month whose material-conflict events rise above the unit's own recent norm.

For a unit (a country, or an unordered pair of countries) and month t, with x_t its count of material-
conflict events (CAMEO QuadClass 4) and mu, sd the mean and population standard deviation of
x_{t-12} .. x_{t-1}:

    escalation(t) = 1  if  x_t > mu + K_SD * sd  and  x_t >= MIN_EVENTS,  else 0

It is defined from the 13th month of data on (12 months of history are needed); the norm uses only
months before t.
"""

from __future__ import annotations

import numpy as np

WINDOW = 12
K_SD = 1.0
MIN_EVENTS = 2


def rolling_sum(values: np.ndarray, window: int) -> np.ndarray:
    """S[..., t] = sum of values[..., t-window : t] (months before t only; fewer at the start)."""
    zeros = np.zeros((*values.shape[:-1], 1), dtype=np.float64)
    cumulative = np.concatenate([zeros, np.cumsum(values, axis=-1, dtype=np.float64)], axis=-1)
    months = values.shape[-1]
    ends = np.arange(months)
    starts = np.maximum(ends - window, 0)
    return cumulative[..., ends] - cumulative[..., starts]


def norm(counts: np.ndarray, window: int = WINDOW) -> tuple[np.ndarray, np.ndarray]:
    """Mean and population standard deviation of the ``window`` months before each month."""
    months = counts.shape[-1]
    n = np.minimum(np.arange(months), window).astype(np.float64)
    n[n == 0] = np.nan
    mean = rolling_sum(counts, window) / n
    square = rolling_sum(counts.astype(np.float64) ** 2, window) / n
    sd = np.sqrt(np.maximum(square - mean**2, 0.0))
    return mean, sd


def threshold(
    counts: np.ndarray, *, k_sd: float = K_SD, min_events: int = MIN_EVENTS, window: int = WINDOW
) -> np.ndarray:
    """The smallest count above the norm: x_t escalates when x_t > mu + k*sd and x_t >= min_events."""
    mean, sd = norm(counts, window)
    return np.maximum(mean + k_sd * sd, min_events - 0.5)


def escalation(
    counts: np.ndarray, *, k_sd: float = K_SD, min_events: int = MIN_EVENTS, window: int = WINDOW
) -> np.ndarray:
    """1.0 / 0.0 per unit and month, NaN for the first ``window`` months (no norm yet)."""
    mean, sd = norm(counts, window)
    above = (counts > mean + k_sd * sd) & (counts >= min_events)
    result = above.astype(np.float64)
    result[..., :window] = np.nan
    return result
