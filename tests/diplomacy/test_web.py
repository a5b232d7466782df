"""The relations and early-warning pages and the diplomacy API."""

from __future__ import annotations

import json
import re

import pytest

from aigov.db.engine import session_factory
from aigov.diplomacy.events.ingest import import_file

from .conftest import synthetic_history


@pytest.fixture
def stored(db, write_kg):  # type: ignore[no-untyped-def]
    import_file(session_factory(), write_kg(synthetic_history(), name="s.tsv"))
    return db


def figure(html: str, key: str) -> dict:
    match = re.search(rf'<script type="application/json" id="chart-{key}-figure">(.*?)</script>', html, re.S)
    assert match, key
    return json.loads(match.group(1))


def test_default_view_is_azerbaijan_with_its_neighbours(client, stored) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/diplomacy/relations?lang=en")
    assert response.status_code == 200
    html = response.text
    for code in ("ARM", "GEO", "RUS", "IRN", "TUR"):
        assert f'data-partner="{code}"' in html
    lines = figure(html, "overview")["data"]
    assert {trace["name"] for trace in lines} == {"Armenia", "Georgia", "Russia", "Iran", "Türkiye"}


def test_a_dyad_shows_its_barometer_with_translated_labels(client, stored) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/diplomacy/relations?a=AZE&b=ARM&from=2003-01&to=2004-12&lang=ru")
    assert response.status_code == 200
    data = figure(response.text, "barometer")["data"]
    assert "Материальный конфликт" in {trace["name"] for trace in data}
    assert len(data[0]["x"]) == 24


def test_bad_values_fall_back_to_the_default_view_with_a_notice(client, stored) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/diplomacy/relations?a=ZZZ&b=%3Cscript%3E&from=2020-99")
    assert response.status_code == 200
    assert (
        'data-refused="true"' in response.text and "<script>" not in response.text.split("<main")[1][:20000]
    )


def test_forecast_page_lists_forecasts_and_drivers(client, stored) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/diplomacy/forecast?country=ARM&lang=az")
    assert response.status_code == 200
    assert 'data-unit="ARM"' in response.text
    assert figure(response.text, "drivers")["data"][0]["x"]


def test_pages_without_events_say_so(client, db) -> None:  # type: ignore[no-untyped-def]
    for path in ("/diplomacy/relations?lang=en", "/diplomacy/forecast?lang=en"):
        response = client.get(path)
        assert response.status_code == 200 and "No events are stored yet" in response.text


def test_api_relations_and_its_errors(client, stored) -> None:  # type: ignore[no-untyped-def]
    ok = client.get(
        "/api/v1/diplomacy/relations", params={"a": "AZE", "b": "ARM", "from": "2004-01", "to": "2004-03"}
    )
    assert ok.status_code == 200 and [m["month"] for m in ok.json()["months"]] == [
        "2004-01",
        "2004-02",
        "2004-03",
    ]
    bad = client.get(
        "/api/v1/diplomacy/relations", params={"a": "AZE", "b": "QQQ", "from": "2004-01", "to": "2004-03"}
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"
    assert "unknown country code" in bad.json()["error"]["message"]
    missing = client.get("/api/v1/diplomacy/relations", params={"a": "AZE"})
    assert missing.status_code == 422 and "error" in missing.json()


def test_api_forecast_and_status(client, stored) -> None:  # type: ignore[no-untyped-def]
    data = client.get("/api/v1/diplomacy/forecast", params={"country": "ARM"}).json()
    assert data["month"] == "2005-01" and data["forecasts"][0]["unit"] == "ARM"
    assert client.get("/api/v1/diplomacy/forecast", params={"as_of": "1990-01"}).status_code == 422
    status = client.get("/api/v1/diplomacy/events/status").json()
    assert (
        status["events"] > 1000
        and status["first_month"] == "2000-01"
        and status["by_format"] == {"icews_kg": status["events"]}
    )


def test_the_public_cannot_see_foreign_policy_analytics(anon_client, stored) -> None:  # type: ignore[no-untyped-def]
    assert (
        anon_client.get("/api/v1/diplomacy/relations?a=AZE&b=ARM&from=2004-01&to=2004-02").status_code == 401
    )
    assert anon_client.get("/diplomacy/relations", follow_redirects=False).status_code in (302, 303, 401)
