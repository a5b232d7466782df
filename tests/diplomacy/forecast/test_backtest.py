"""Rolling-origin backtest: scores equal scikit-learn's, baselines as documented, no leakage."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from aigov.diplomacy.events.frame import EventFrame, frame_from_files, parse_month
from aigov.diplomacy.forecast.backtest import run_backtest
from aigov.diplomacy.forecast.features import NAMES, build_features
from aigov.diplomacy.forecast.panel import build_panel
from aigov.diplomacy.forecast.service import forecast_next

from ..conftest import synthetic_history


@pytest.fixture(scope="module")
def frame(tmp_path_factory: pytest.TempPathFactory) -> EventFrame:
    path = tmp_path_factory.mktemp("events") / "synthetic.tsv"
    rows = synthetic_history()
    path.write_text(
        "source\tevent\ttarget\tdate\n" + "\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8"
    )
    return frame_from_files([path])[0]


@pytest.fixture(scope="module")
def result(frame: EventFrame):  # type: ignore[no-untyped-def]
    return run_backtest(frame, train_until=parse_month("2002-12"), refit_every=3)


def test_reported_scores_are_scikit_learn_s_on_the_forecasts(result) -> None:  # type: ignore[no-untyped-def]
    summary = result.summary()
    assert summary["test_from"] == "2003-01" and summary["test_until"] == "2004-12"
    assert summary["forecasts"] == len(result.y) > 0 and summary["escalations"] == int(result.y.sum()) > 0
    assert summary["model_fits"] == 8  # 24 test months, refitted every 3
    for name in ("model", "persistence", "climatology"):
        p = result.forecasts[name]
        assert summary[name]["brier"] == pytest.approx(brier_score_loss(result.y, p), abs=1e-6)
        assert summary[name]["aupr"] == pytest.approx(average_precision_score(result.y, p), abs=1e-6)
        assert summary[name]["roc_auc"] == pytest.approx(roc_auc_score(result.y, p), abs=1e-6)


def test_baselines_are_last_month_s_state_and_a_rate(result) -> None:  # type: ignore[no-untyped-def]
    assert set(np.unique(result.forecasts["persistence"])) <= {0.0, 1.0}
    assert ((result.forecasts["climatology"] > 0) & (result.forecasts["climatology"] < 1)).all()
    outcome = {(label, int(m)): y for label, m, y in zip(result.labels, result.months, result.y, strict=True)}
    checked = 0
    for label, month, state in zip(
        result.labels, result.months, result.forecasts["persistence"], strict=True
    ):
        if (label, int(month) - 1) in outcome:
            assert state == outcome[(label, int(month) - 1)]
            checked += 1
    assert checked > 100


def test_the_model_learns_a_warning_sign_the_baselines_cannot_see(result) -> None:  # type: ignore[no-untyped-def]
    summary = result.summary()
    assert summary["beats_baselines"]["brier"] and summary["beats_baselines"]["aupr"]


def test_forecasts_use_nothing_from_the_month_forecast_or_after(frame: EventFrame) -> None:
    """Changing every event from 2004-06 on changes no forecast for months up to 2004-06 (only outcomes)."""
    cut = parse_month("2004-06")
    changed = EventFrame(
        frame.month.copy(),
        frame.source.copy(),
        frame.target.copy(),
        frame.quad.copy(),
        frame.goldstein.copy(),
        list(frame.countries),
    )
    later = changed.month >= cut
    changed.quad[later] = 4
    changed.goldstein[later] = -10.0
    before = run_backtest(frame, train_until=parse_month("2003-12"), test_until=cut, refit_every=2)
    after = run_backtest(changed, train_until=parse_month("2003-12"), test_until=cut, refit_every=2)
    assert before.labels == after.labels
    for name in ("model", "persistence", "climatology"):
        assert np.allclose(before.forecasts[name], after.forecasts[name])
    assert not np.array_equal(before.y, after.y)


def test_features_of_a_month_use_only_earlier_months(frame: EventFrame) -> None:
    panel = build_panel(frame)
    features = build_features(panel)
    altered = build_panel(frame)
    altered.counts[:, 40:] = 0.0
    altered.gold_sum[:, 40:] = 0.0
    assert np.allclose(build_features(altered).values[:, :41], features.values[:, :41])
    assert not np.allclose(build_features(altered).values[:, 41:], features.values[:, 41:])


def test_next_month_forecasts_come_with_drivers_that_add_up(frame: EventFrame) -> None:
    result = forecast_next(frame, as_of=parse_month("2004-06"))
    assert (result.month, result.as_of) == ("2004-07", "2004-06")
    top = result.forecasts[0]
    assert 0 < top.probability < 1 and top.drivers
    baseline, contributions = result.model.contributions(result.rows[top.unit].reshape(1, -1))
    logit = baseline[0] + contributions.sum()
    assert 1 / (1 + np.exp(-logit)) == pytest.approx(top.probability, abs=1e-9)
    assert "kind of unit" not in {d["driver"] for d in top.drivers}  # part of the baseline
    assert {d["driver"] for d in top.drivers} <= {
        "recent material conflict",
        "usual level of material conflict",
        "trend of material conflict",
        "verbal conflict",
        "cooperation",
        "volume of events",
        "Goldstein score",
        "escalation last month",
        "past escalations",
        "kind of unit",
        "partners' and neighbours' conflict",
        "worldwide conflict",
    }
    arm = result.for_country("ARM")
    assert arm and arm[0].unit == "ARM" and all("ARM" in f.unit.split("-") for f in arm)
    assert len(NAMES) == result.rows[top.unit].shape[0]


@pytest.mark.parametrize(
    ("train_until", "message"), [("2000-06", "less than 13 months"), ("2004-12", "no events after")]
)
def test_an_origin_without_history_or_test_months_is_refused(
    frame: EventFrame, train_until: str, message
) -> None:
    with pytest.raises(ValueError, match=message):
        run_backtest(frame, train_until=parse_month(train_until))
