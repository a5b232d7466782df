"""The negotiation page and POST /api/v1/negotiation/forecast."""

from __future__ import annotations

import json

import pytest

ACTORS = [
    {"name": "Ministry", "capability": 3, "position": 20, "salience": 0.9},
    {"name": "Operator", "capability": 2, "position": 80, "salience": 0.6},
    {"name": "Union", "capability": 1, "position": 50, "salience": 0.4},
]


def test_api_forecast_returns_rounds_scenarios_and_simple_predictions(client) -> None:  # type: ignore[no-untyped-def]
    body = {
        "issue": "Port fees",
        "actors": ACTORS,
        "rounds": 5,
        "sensitivity": True,
        "scenarios": [{"name": "Union sides with the ministry", "changes": {"Union": {"position": 20}}}],
    }
    response = client.post("/api/v1/negotiation/forecast", json=body)
    assert response.status_code == 200, response.text
    data = response.json()
    weights = [3 * 0.9, 2 * 0.6, 1 * 0.4]
    assert data["forecasts"]["weighted_mean"] == pytest.approx(
        (weights[0] * 20 + weights[1] * 80 + weights[2] * 50) / sum(weights), abs=1e-4
    )
    assert data["forecasts"]["weighted_median"] == 20
    assert 1 <= len(data["rounds"]) <= 5
    assert data["scenarios"][0]["name"] == "Union sides with the ministry"
    assert data["sensitivity"]["one_at_a_time"]


@pytest.mark.parametrize(
    "change",
    [
        {"actors": ACTORS[:1]},
        {"actors": [*ACTORS[:2], {**ACTORS[2], "salience": 1.5}]},
        {"actors": [*ACTORS[:2], {**ACTORS[2], "name": "Ministry"}]},
        {"scenarios": [{"name": "x", "changes": {"Nobody": {"position": 1}}}]},
        {"rules": "magic"},
        {"rounds": 1000},
    ],
)
def test_api_forecast_refuses_bad_input_in_the_error_format(client, change: dict) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/negotiation/forecast", json={"actors": ACTORS, **change})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_api_forecast_is_for_diplomacy_readers(client_as) -> None:  # type: ignore[no-untyped-def]
    body = {"actors": ACTORS}
    assert client_as("analyst").post("/api/v1/negotiation/forecast", json=body).status_code == 200
    assert client_as("officer").post("/api/v1/negotiation/forecast", json=body).status_code == 403
    assert client_as("public").post("/api/v1/negotiation/forecast", json=body).status_code == 401


@pytest.mark.parametrize("locale", ["az", "ru", "en"])
def test_page_shows_the_published_example_with_its_charts(client, locale: str) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/negotiation", params={"lang": locale})
    assert page.status_code == 200
    html = page.text
    for chart in ("chart-paths-figure", "chart-forecasts-figure", "chart-view-figure"):
        assert f'id="{chart}"' in html
    figure = json.loads(html.split('id="chart-paths-figure">', 1)[1].split("</script>", 1)[0])
    belgium = next(trace for trace in figure["data"] if trace["name"] == "Belgium")
    assert belgium["y"][:2] == [7, pytest.approx(8.4159, abs=1e-3)]  # start, then after round 1
    assert "Netherlands,0.08,4,80" in html  # the example, ready to edit


def test_page_runs_pasted_actors_and_explains_bad_ones(client) -> None:  # type: ignore[no-untyped-def]
    actors = "name,capability,position,salience\nA,2,0,100\nB,1,10,50\n"
    page = client.post(
        "/negotiation",
        data={"actors": actors, "scenarios": "", "rules": "textbook", "rounds": "3", "lang": "en"},
    )
    assert page.status_code == 200
    assert 'data-forecast="' in page.text and "chart-paths-figure" in page.text
    bad = client.post("/negotiation?lang=en", data={"actors": "name,capability\nA,1\n", "scenarios": ""})
    assert bad.status_code == 422
    assert (
        "These inputs cannot be used" in bad.text and "the CSV header lacks: position, salience" in bad.text
    )
    hostile = client.post(
        "/negotiation?lang=en",
        data={"actors": "name,capability,position,salience\n<script>x</script>,1,0,1\nB,1,5,1\n"},
    )
    assert hostile.status_code == 200 and "<script>x</script>" not in hostile.text
