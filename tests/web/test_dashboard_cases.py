"""The dashboard's regions map and its cases block: same numbers as the database, in the reader's language."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html import unescape

from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.cases.deadlines import answer_due
from aigov.cases.lifecycle import OPEN_STATUSES
from aigov.cases.models import Case
from aigov.cases.service import transition
from aigov.reference.service import agency_names, region_names


def figure(html: str, element_id: str) -> dict:
    match = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S)
    assert match, element_id
    return json.loads(unescape(match.group(1)))


def kpi(html: str, name: str) -> str:
    match = re.search(rf'data-kpi="{name}">([^<]*)<', html)
    assert match, name
    return unescape(match.group(1))


def test_the_map_colours_every_region_by_messages_and_by_open_cases(client, seeded, db: Session) -> None:
    html = client.get("/", params={"lang": "ru"}).text
    messages = figure(html, "chart-map-messages-figure")
    cases = figure(html, "chart-map-cases-figure")
    (trace,) = messages["data"]
    assert trace["type"] == "choropleth" and trace["geojson"] == "/static/geo/economic_regions.geojson"
    assert sorted(trace["locations"]) == sorted(region_names())
    assert messages["layout"]["geo"]["visible"] is False  # no basemap, nothing fetched from elsewhere
    assert messages["layout"]["geo"]["fitbounds"] == "locations"
    per_region = dict(zip(trace["locations"], trace["z"], strict=True))
    for region in region_names():
        assert per_region[region] == sum(1 for m in seeded if m["region"] == region)
    open_cases = db.execute(select(Case.region).where(Case.status.in_(OPEN_STATUSES))).scalars().all()
    case_trace = cases["data"][0]
    case_counts = dict(zip(case_trace["locations"], case_trace["z"], strict=True))
    assert case_counts["baku"] == open_cases.count("baku")
    # hover: the region's Russian name and both counts
    index = trace["locations"].index("baku")
    assert trace["text"][index] == region_names()["baku"]["ru"]
    assert "Обращения" in trace["hovertemplate"] and "Открытые дела" in trace["hovertemplate"]
    assert 'data-map-toggle="chart-map"' in html and "<legend>Раскрасить районы по</legend>" in html
    assert "geoBoundaries" in html and "CC BY-SA 3.0" in html


def test_the_geojson_is_served_from_our_own_site(client) -> None:
    response = client.get("/static/geo/economic_regions.geojson")
    assert response.status_code == 200
    assert {f["id"] for f in response.json()["features"]} == set(region_names())


def test_cases_block_counts_open_cases_and_deadline_compliance(client, seeded, db: Session) -> None:
    db.commit()  # end this session\'s read snapshot, then reload
    db.expire_all()
    cases = db.scalars(select(Case).where(Case.agency.is_not(None)).order_by(Case.id)).all()
    assert cases
    answered = cases[0]
    answered.anonymous = False  # a formal appeal, whatever intake decided: it has a deadline
    answered.due_at = answered.due_at or answer_due(answered.registered_at)
    transition(db, answered, "assigned", actor="test")
    transition(db, answered, "resolved", actor="test", reason="done",
               now=max(answered.registered_at, datetime.now(UTC)))
    db.commit()
    html = client.get("/", params={"lang": "en"}).text
    open_count = sum(1 for c in db.scalars(select(Case)) if c.status in OPEN_STATUSES)
    assert kpi(html, "open_cases") == str(open_count)
    agency = figure(html, "chart-cases_agency-figure")["data"][0]
    names = {code: names["en"] for code, names in agency_names().items()}
    by_agency: dict[str, int] = {}
    for case in db.scalars(select(Case).where(Case.status.in_(OPEN_STATUSES))):
        label = names[case.agency] if case.agency else "Triage (no agency yet)"
        by_agency[label] = by_agency.get(label, 0) + 1
    assert dict(zip(agency["y"], agency["x"], strict=True)) == by_agency
    assert kpi(html, "in_time_share") == "100%"
    assert 'data-chart="compliance_month" data-figure' in html
    month = figure(html, "chart-compliance_month-figure")["data"]
    assert month[0]["y"][-1] == 1.0 and month[1]["y"][-1] == 0.0  # answered on the day it came


def test_cases_block_follows_the_region_filter(client, seeded, db: Session) -> None:
    html = client.get("/", params={"lang": "en", "region": "baku"}).text
    in_baku = db.scalars(select(Case).where(Case.region == "baku", Case.status.in_(OPEN_STATUSES))).all()
    assert kpi(html, "open_cases") == str(len(in_baku))
    regions = figure(html, "chart-cases_region-figure")["data"][0]
    assert regions["y"] == [region_names()["baku"]["en"]]
