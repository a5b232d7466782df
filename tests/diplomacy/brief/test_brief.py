"""The briefing: self-contained HTML in the reader's language, saying plainly what is missing."""

from __future__ import annotations

import pytest

from aigov.db.engine import session_factory
from aigov.diplomacy.barometer.service import BarometerError
from aigov.diplomacy.brief.render import build_brief
from aigov.diplomacy.events.ingest import import_file

from ..conftest import synthetic_history


def test_a_briefing_in_azerbaijani_with_every_section(db, write_kg) -> None:
    import_file(session_factory(), write_kg(synthetic_history(), name="s.tsv"))
    html = build_brief(db, country="arm", month="2004-06", locale="az")
    assert html.startswith("<!doctype html>") and '<html lang="az">' in html
    assert "Brifinq: Ermənistan, 2004-06" in html
    assert "Münasibətlər barometri: Azərbaycan və Ermənistan" in html
    for key in ("activity", "with_az", "partners", "forecast", "drivers"):
        assert f'id="chart-{key}-figure"' in html, key
    assert "Plotly" in html and "<script src=" not in html
    assert "Bu ölkə və ay üçün xəbər yüklənməyib" in html  # no news imported


def test_a_briefing_without_events_says_so(db) -> None:
    html = build_brief(db, country="GEO", month="2015-06", locale="en")
    assert "No events are stored for this month." in html
    assert "No forecast could be made from the stored events." in html


@pytest.mark.parametrize(("country", "month"), [("XXX", "2015-06"), ("ARM", "2015-6"), ("ARM", "")])
def test_bad_country_or_month_is_refused(db, country: str, month: str) -> None:
    with pytest.raises(BarometerError):
        build_brief(db, country=country, month=month)
