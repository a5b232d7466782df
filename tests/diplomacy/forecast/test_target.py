"""The forecast target on hand-worked examples: above the unit's own norm of the 12 months before."""

from __future__ import annotations

import numpy as np
import pytest

from aigov.diplomacy.forecast.target import K_SD, MIN_EVENTS, escalation, norm, threshold


def test_the_documented_parameters() -> None:
    assert (K_SD, MIN_EVENTS) == (1.0, 2)


def test_a_month_escalates_when_it_exceeds_mean_plus_one_sd_of_the_year_before() -> None:
    history = [1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3]  # mean 2, population sd 1: the bar is "more than 3"
    for value, expected in ((3, 0.0), (4, 1.0), (0, 0.0)):
        y = escalation(np.array([history + [value]], dtype=float))
        assert np.isnan(y[0, :12]).all()
        assert y[0, 12] == expected, value
    mean, sd = norm(np.array([history + [4]], dtype=float))
    assert (mean[0, 12], sd[0, 12]) == (2.0, 1.0)


def test_a_quiet_unit_needs_at_least_the_minimum_count() -> None:
    quiet = [0] * 12
    assert (
        escalation(np.array([quiet + [1]], dtype=float))[0, 12] == 0.0
    )  # above a norm of 0, but only 1 event
    assert escalation(np.array([quiet + [2]], dtype=float))[0, 12] == 1.0
    assert threshold(np.array([quiet + [0]], dtype=float))[0, 12] == pytest.approx(1.5)


def test_the_norm_uses_only_the_months_before() -> None:
    counts = np.array([[2, 0, 5, 1, 0, 0, 3, 2, 1, 0, 4, 1, 6, 0, 9]], dtype=float)
    changed = counts.copy()
    changed[0, 14] = 0  # the future does not move earlier outcomes
    assert np.array_equal(escalation(counts)[0, :14], escalation(changed)[0, :14], equal_nan=True)
    mean, sd = norm(counts)
    assert mean[0, 12] == pytest.approx(np.mean(counts[0, :12]))
    assert sd[0, 12] == pytest.approx(np.std(counts[0, :12]))
    assert mean[0, 13] == pytest.approx(np.mean(counts[0, 1:13]))
