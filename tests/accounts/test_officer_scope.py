"""An officer sees and acts on their own agency's cases only: API, pages, exports and messages."""

from __future__ import annotations

import re

import pytest

OWN, OTHER = "azerishiq", "azersu"


@pytest.fixture
def cases(make_case) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"own": make_case(OWN, text="Binəqədidə işıq yoxdur"),
            "other": make_case(OTHER, text="Suraxanıda su yoxdur"),
            "triage": make_case(None, text="Bir sualım var")}


@pytest.fixture
def officer(client_as):  # type: ignore[no-untyped-def]
    return client_as("officer", agency=OWN)


def test_the_cases_api_lists_and_shows_only_the_officers_agency(officer, cases) -> None:
    listed = officer.get("/api/v1/cases", params={"status": "triaged"}).json()
    assert [c["reference"] for c in listed["items"]] == [cases["own"]] and listed["total"] == 1
    assert officer.get("/api/v1/cases", params={"agency": OTHER}).status_code == 403
    assert officer.get(f"/api/v1/cases/{cases['own']}").status_code == 200
    for key in ("other", "triage"):
        response = officer.get(f"/api/v1/cases/{cases[key]}")
        assert response.status_code == 403 and "another agency" in response.json()["error"]["message"]


def test_an_officer_cannot_change_another_agencys_case(officer, cases, client) -> None:
    for action, body in (("transition", {"to": "assigned"}), ("reroute", {"agency": OWN}),
                         ("extend", {"days": 5})):
        assert officer.post(f"/api/v1/cases/{cases['other']}/{action}", json=body).status_code == 403
    assert client.get(f"/api/v1/cases/{cases['other']}").json()["status"] == "triaged"
    moved = officer.post(f"/api/v1/cases/{cases['own']}/transition", json={"to": "assigned"})
    assert moved.status_code == 200 and moved.json()["assigned_to"].startswith("test-officer")


def test_queue_and_case_pages_keep_to_the_officers_agency(officer, cases) -> None:
    index = officer.get("/queue", params={"lang": "en"}).text
    assert f'href="/queue/{OWN}"' in index and f'href="/queue/{OTHER}"' not in index
    assert 'href="/queue/triage"' not in index
    assert cases["own"] in officer.get(f"/queue/{OWN}").text
    for url in (f"/queue/{OTHER}", "/queue/triage", f"/queue/{OTHER}/export.csv", f"/cases/{cases['other']}"):
        assert officer.get(url).status_code == 403, url
    own_page = officer.get(f"/cases/{cases['own']}").text
    assert f'action="/cases/{cases["own"]}/comment"' in own_page
    token = re.search(r'name="csrf_token" value="([^"]+)"', own_page).group(1)
    post = officer.post(f"/cases/{cases['other']}/comment", data={"csrf_token": token, "comment": "x"})
    assert post.status_code == 403


def test_messages_lists_and_exports_keep_to_the_officers_agency(officer, cases) -> None:
    found = officer.get("/api/v1/messages").json()
    assert [m["reference"] for m in found["items"]] == [cases["own"]]
    assert officer.get(f"/api/v1/messages/{cases['other']}").status_code == 403
    page = officer.get("/messages").text
    assert cases["own"] in page and cases["other"] not in page and cases["triage"] not in page
    export = officer.get("/messages/export.csv").text
    assert cases["own"] in export and cases["other"] not in export


def test_an_analyst_sees_every_agency_but_no_forms(client_as, cases) -> None:
    analyst = client_as("analyst")
    assert analyst.get("/api/v1/cases", params={"status": "triaged"}).json()["total"] == 3
    page = analyst.get(f"/cases/{cases['other']}").text
    assert "Suraxanıda su yoxdur" in page and 'method="post" action="/cases/' not in page
