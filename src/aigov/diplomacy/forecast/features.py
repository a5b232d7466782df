"""Lagged features per unit and month: every value for month t uses only months before t.

Each feature belongs to a driver group (what a reader is told raised or lowered a forecast).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aigov.diplomacy.forecast.panel import Panel
from aigov.diplomacy.forecast.target import K_SD, MIN_EVENTS, WINDOW, escalation, norm, rolling_sum

MATERIAL_CONFLICT, VERBAL_CONFLICT = 3, 2  # QuadClass - 1
# feature name -> driver group
FEATURES: dict[str, str] = {
    "mc_last": "recent material conflict",
    "mc_prev": "recent material conflict",
    "mc_mean3": "recent material conflict",
    "mc_mean12": "usual level of material conflict",
    "mc_sd12": "usual level of material conflict",
    "threshold": "usual level of material conflict",
    "gap_last": "recent material conflict",
    "mc_max12": "usual level of material conflict",
    "trend": "trend of material conflict",
    "vc_last": "verbal conflict",
    "vc_mean3": "verbal conflict",
    "coop_last": "cooperation",
    "coop_mean3": "cooperation",
    "volume_ratio": "volume of events",
    "gold_last": "Goldstein score",
    "gold_mean3": "Goldstein score",
    "conflict_share3": "Goldstein score",
    "state_last": "escalation last month",
    "spikes12": "past escalations",
    "base_rate": "past escalations",
    "active12": "volume of events",
    "is_dyad": "kind of unit",
    "partners_mc": "partners' and neighbours' conflict",
    "external_share": "partners' and neighbours' conflict",
    "dyad_hi_mc": "partners' and neighbours' conflict",
    "dyad_lo_mc": "partners' and neighbours' conflict",
    "dyad_country_state": "partners' and neighbours' conflict",
    "global_ratio": "worldwide conflict",
}
NAMES = list(FEATURES)


@dataclass
class Features:
    """values[u, t, j]: feature j of unit u for forecasting month t; y[u, t]: the target (NaN: undefined)."""

    values: np.ndarray
    y: np.ndarray
    eligible: np.ndarray  # forecast in month t: a norm, last month's state and an event in the past year


def _lag(values: np.ndarray, months: int = 1) -> np.ndarray:
    out = np.zeros_like(values, dtype=np.float64)
    out[..., months:] = values[..., :-months]
    return out


def _mean(values: np.ndarray, window: int) -> np.ndarray:
    months = values.shape[-1]
    n = np.maximum(np.minimum(np.arange(months), window), 1)
    return rolling_sum(values, window) / n


def _rolling_max(values: np.ndarray, window: int) -> np.ndarray:
    padded = np.concatenate([np.zeros((*values.shape[:-1], window)), values], axis=-1)
    windows = np.lib.stride_tricks.sliding_window_view(padded, window, axis=-1)[..., :-1, :]
    return windows.max(axis=-1)


def build_features(panel: Panel, *, k_sd: float = K_SD, min_events: int = MIN_EVENTS) -> Features:
    """All features for every unit and month of the panel."""
    counts = panel.counts
    n_units, n_months = counts.shape[:2]
    mc = counts[..., MATERIAL_CONFLICT]
    vc = counts[..., VERBAL_CONFLICT]
    coop = counts[..., 0] + counts[..., 1]
    total = counts.sum(axis=-1)
    y = escalation(mc, k_sd=k_sd, min_events=min_events)
    mean12, sd12 = norm(mc)
    mean12, sd12 = np.nan_to_num(mean12), np.nan_to_num(sd12)
    mc_last = _lag(mc)
    known_y = np.nan_to_num(y)
    state_last = _lag(known_y)
    defined = (~np.isnan(y)).astype(np.float64)
    spikes12 = rolling_sum(known_y, WINDOW)
    # Unit's escalation rate before t, shrunk toward the rate of all units before t by one observation.
    past_pos = rolling_sum(known_y, n_months + 1)
    past_n = rolling_sum(defined, n_months + 1)
    global_rate = np.nan_to_num(past_pos.sum(axis=0) / np.maximum(past_n.sum(axis=0), 1))
    base_rate = (past_pos + global_rate) / (past_n + 1)
    gold_mean = np.divide(
        panel.gold_sum, panel.gold_n, out=np.zeros_like(panel.gold_sum), where=panel.gold_n > 0
    )
    gold3 = np.divide(
        rolling_sum(panel.gold_sum, 3),
        rolling_sum(panel.gold_n, 3),
        out=np.zeros((n_units, n_months)),
        where=rolling_sum(panel.gold_n, 3) > 0,
    )
    conflict3 = rolling_sum(counts[..., 2] + counts[..., 3], 3)
    total3 = rolling_sum(total, 3)
    total12 = rolling_sum(total, WINDOW)
    active12 = rolling_sum((total > 0).astype(np.float64), WINDOW) / WINDOW
    early = _mean(mc, WINDOW) * np.minimum(np.arange(n_months), WINDOW) - rolling_sum(mc, 3)
    early = early / np.maximum(np.minimum(np.arange(n_months), WINDOW) - 3, 1)
    n_countries = panel.n_countries
    is_dyad = np.zeros((n_units, n_months))
    is_dyad[n_countries:] = 1.0

    partners_mc, external_share = _country_context(panel, mc, total)
    dyad_hi, dyad_lo, dyad_state = _dyad_context(panel, mc_last, state_last)
    world = mc[:n_countries].sum(axis=0)
    global_ratio = np.log1p(_lag(world)) - np.log1p(_mean(world, WINDOW))

    columns = {
        "mc_last": np.log1p(mc_last),
        "mc_prev": np.log1p(_lag(mc, 2)),
        "mc_mean3": np.log1p(_mean(mc, 3)),
        "mc_mean12": np.log1p(mean12),
        "mc_sd12": np.log1p(sd12),
        "threshold": np.log1p(np.maximum(mean12 + k_sd * sd12, min_events - 0.5)),
        "gap_last": (mc_last - (mean12 + k_sd * sd12)) / (sd12 + 1.0),
        "mc_max12": np.log1p(_rolling_max(mc, WINDOW)),
        "trend": np.log1p(_mean(mc, 3)) - np.log1p(np.maximum(early, 0)),
        "vc_last": np.log1p(_lag(vc)),
        "vc_mean3": np.log1p(_mean(vc, 3)),
        "coop_last": np.log1p(_lag(coop)),
        "coop_mean3": np.log1p(_mean(coop, 3)),
        "volume_ratio": np.log1p(_lag(total)) - np.log1p(total12 / WINDOW),
        "gold_last": _lag(gold_mean),
        "gold_mean3": gold3,
        "conflict_share3": np.divide(conflict3, total3, out=np.zeros_like(total3), where=total3 > 0),
        "state_last": state_last,
        "spikes12": spikes12,
        "base_rate": base_rate,
        "active12": active12,
        "is_dyad": is_dyad,
        "partners_mc": partners_mc,
        "external_share": external_share,
        "dyad_hi_mc": dyad_hi,
        "dyad_lo_mc": dyad_lo,
        "dyad_country_state": dyad_state,
        "global_ratio": np.broadcast_to(global_ratio, (n_units, n_months)),
    }
    values = np.stack([columns[name] for name in NAMES], axis=-1).astype(np.float64)
    eligible = (total12 > 0) & (np.arange(n_months) >= WINDOW + 1)
    return Features(values=np.nan_to_num(values), y=y, eligible=eligible)


def _country_context(panel: Panel, mc: np.ndarray, total: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For countries: mean last-month material conflict of the partners of the past year, and the share of
    the country's recent material conflict that involved another country."""
    n_countries, n_months = panel.n_countries, panel.n_months
    partners_mc = np.zeros((panel.n_units, n_months))
    external_share = np.zeros((panel.n_units, n_months))
    if len(panel.dyads) == 0:
        return partners_mc, external_share
    dyad_total12 = rolling_sum(total[n_countries:], WINDOW)
    partner = (dyad_total12 > 0).astype(np.float64)
    country_mc_last = np.log1p(_lag(mc[:n_countries]))
    a, b = panel.dyads[:, 0], panel.dyads[:, 1]
    sums = np.zeros((n_countries, n_months))
    n = np.zeros((n_countries, n_months))
    np.add.at(sums, a, partner * country_mc_last[b])
    np.add.at(sums, b, partner * country_mc_last[a])
    np.add.at(n, a, partner)
    np.add.at(n, b, partner)
    partners_mc[:n_countries] = np.divide(sums, n, out=np.zeros_like(sums), where=n > 0)
    dyad_mc3 = rolling_sum(mc[n_countries:], 3)
    external = np.zeros((n_countries, n_months))
    np.add.at(external, a, dyad_mc3)
    np.add.at(external, b, dyad_mc3)
    own3 = rolling_sum(mc[:n_countries], 3)
    external_share[:n_countries] = np.divide(
        np.minimum(external, own3), own3, out=np.zeros_like(own3), where=own3 > 0
    )
    return partners_mc, external_share


def _dyad_context(
    panel: Panel, mc_last: np.ndarray, state_last: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For dyads: the two countries' last-month material conflict (larger, smaller) and whether either
    escalated last month."""
    n_countries, n_months = panel.n_countries, panel.n_months
    hi = np.zeros((panel.n_units, n_months))
    lo = np.zeros((panel.n_units, n_months))
    state = np.zeros((panel.n_units, n_months))
    if len(panel.dyads):
        a, b = panel.dyads[:, 0], panel.dyads[:, 1]
        first, second = np.log1p(mc_last[a]), np.log1p(mc_last[b])
        hi[n_countries:] = np.maximum(first, second)
        lo[n_countries:] = np.minimum(first, second)
        state[n_countries:] = np.maximum(state_last[a], state_last[b])
    return hi, lo, state
