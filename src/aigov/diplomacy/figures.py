"""The figures that the diplomacy pages and the briefing both draw, labelled in the current locale."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aigov.diplomacy import charts
from aigov.diplomacy.labels import labels, quad_names, unit_name


def barometer_figure(item: Any) -> dict[str, Any]:
    """Monthly QuadClass bars and the Goldstein index of a relations or activity result."""
    words = labels().words
    return charts.barometer(item.months, item.counts, item.index, quad_names=quad_names(),
                            index_name=words["index_short"], count_name=words["events"])


def forecast_figures(forecasts: Sequence[Any]) -> dict[str, dict[str, Any]]:
    """``forecast`` (probabilities of the units) and, when the first unit has them, ``drivers``."""
    if not forecasts:
        return {}
    words, driver_names = labels().words, labels().drivers
    units = [unit_name(f.unit) for f in forecasts]
    figures = {"forecast": charts.probabilities(units, [f.probability for f in forecasts],
                                                name=words["probability"])}
    main = forecasts[0]
    if main.drivers:
        figures["drivers"] = charts.drivers(
            [driver_names.get(d["driver"], d["driver"]) for d in main.drivers],
            [d["effect"] for d in main.drivers], axis_name=words["effect"])
    return figures
