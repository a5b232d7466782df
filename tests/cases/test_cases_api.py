"""The cases JSON API as an agency's tools use it: list and filter, read, move, re-route, extend."""

from __future__ import annotations

from datetime import datetime

PHONE = "+994 50 123 45 67"


def new_case(client, text: str, external_id: str, **extra) -> str:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/messages", json={"text": text, "external_id": external_id, **extra})
    assert response.status_code == 201, response.text
    return response.json()["reference"]


def move(client, reference: str, **body):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/cases/{reference}/transition", json={"actor": "officer-1", **body})


def refs(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return [item["reference"] for item in response.json()["items"]]


def test_case_detail_shows_history_and_redacted_messages_only(client) -> None:
    ref = new_case(client, f"Sumqayıtda üç gündür işıq yoxdur. Nömrəm {PHONE}", "m-1")
    response = client.get(f"/api/v1/cases/{ref.lower()}")
    assert response.status_code == 200
    case = response.json()
    assert case["reference"] == ref and case["status"] == "triaged" and case["agency"] == "azerishiq"
    assert case["allowed_next"] == ["assigned", "rejected", "forwarded", "escalated"]
    assert case["deadline"] == "ok" and datetime.fromisoformat(case["due_at"])
    assert [e["to_status"] for e in case["events"]] == ["new", "triaged"]
    assert [m["reference"] for m in case["messages"]] == [ref]
    assert "<PHONE>" in case["messages"][0]["redacted_text"]
    assert "123 45 67" not in response.text and '"text"' not in response.text


def test_list_filters_by_agency_status_region_and_breach(client) -> None:
    power = new_case(client, "Sumqayıtda işıq yoxdur", "m-1")
    water = new_case(client, "Gəncədə su yoxdur", "m-2", received_at="2024-03-04T10:00:00+04:00")
    listing = client.get("/api/v1/cases").json()
    assert listing["total"] == 2 and listing["page"] == 1
    assert refs(client.get("/api/v1/cases", params={"agency": "azersu"})) == [water]
    assert refs(client.get("/api/v1/cases", params={"region": "absheron_khizi"})) == [power]
    assert refs(client.get("/api/v1/cases", params={"status": "closed"})) == []
    assert refs(client.get("/api/v1/cases", params={"breached": True})) == [water]
    assert refs(client.get("/api/v1/cases", params={"breached": False})) == [power]
    assert refs(client.get("/api/v1/cases", params={"due_before": "2025-01-01T00:00:00Z"})) == [water]
    page = client.get("/api/v1/cases", params={"page": 2, "page_size": 1}).json()
    assert page["total"] == 2 and len(page["items"]) == 1
    assert client.get("/api/v1/cases", params={"status": "pending"}).status_code == 422
    assert client.get("/api/v1/cases", params={"page": 0}).status_code == 422
    assert client.get("/api/v1/cases", params={"breached": "maybe"}).status_code == 422


def test_lifecycle_through_the_api_and_invalid_moves_are_409(client) -> None:
    ref = new_case(client, "Gəncədə su yoxdur", "m-1")
    refused = move(client, ref, to="closed")
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "invalid_transition"
    assert "assigned, rejected, forwarded, escalated" in error["message"]
    assigned = move(client, ref, to="assigned", assignee="officer-2", note="take it")
    assert assigned.status_code == 200 and assigned.json()["assigned_to"] == "officer-2"
    no_reason = move(client, ref, to="rejected")
    assert no_reason.status_code == 409 and "reason" in no_reason.json()["error"]["message"]
    resolved = move(client, ref, to="resolved", reason="Su verildi")
    assert resolved.status_code == 200
    body = resolved.json()
    assert body["status"] == "resolved" and body["deadline"] == "in_time" and body["answered_at"]
    me = client.get("/api/v1/me").json()["username"]  # the signed-in user acts, whatever the body says
    assert body["events"][-1]["actor"] == me and body["events"][-1]["to_status"] == "resolved"
    assert move(client, ref, to="closed").json()["allowed_next"] == []
    assert move(client, ref, to="new").json()["error"]["code"] == "invalid_transition"
    assert move(client, ref, to="nonsense").status_code == 409


def test_reroute_forwards_to_another_agency(client) -> None:
    ref = new_case(client, "Gəncədə su yoxdur", "m-1")
    moved = client.post(f"/api/v1/cases/{ref}/reroute",
                        json={"agency": "local_executive", "actor": "officer-1", "note": "yerli problem"})
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert body["agency"] == "local_executive" and body["status"] == "triaged"
    assert "forwarded" in [e["to_status"] for e in body["events"]]
    unknown = client.post(f"/api/v1/cases/{ref}/reroute", json={"agency": "atlantis", "actor": "officer-1"})
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "invalid_reroute"
    bad_topic = client.post(f"/api/v1/cases/{ref}/reroute",
                            json={"agency": "azersu", "topic": "nope", "actor": "officer-1"})
    assert bad_topic.status_code == 422


def test_extend_once_or_require_extra_checking(client) -> None:
    ref = new_case(client, "Gəncədə su yoxdur", "m-1")
    before = datetime.fromisoformat(client.get(f"/api/v1/cases/{ref}").json()["due_at"])
    extended = client.post(f"/api/v1/cases/{ref}/extend", json={"days": 10, "actor": "head-1"})
    assert extended.status_code == 200
    assert datetime.fromisoformat(extended.json()["due_at"]) > before
    assert extended.json()["extension_count"] == 1
    again = client.post(f"/api/v1/cases/{ref}/extend", json={"days": 5, "actor": "head-1"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "deadline_unchanged"
    other = new_case(client, "Sumqayıtda işıq yoxdur", "m-2")
    checked = client.post(f"/api/v1/cases/{other}/extend", json={"extra_checking": True, "actor": "head-1"})
    assert checked.status_code == 200 and checked.json()["extra_checking"] is True
    for body in ({"actor": "head-1"}, {"days": 31, "actor": "head-1"},
                 {"days": 5, "extra_checking": True, "actor": "head-1"}):
        assert client.post(f"/api/v1/cases/{other}/extend", json=body).status_code == 422


def test_unknown_case_and_bad_bodies(client) -> None:
    missing = client.get("/api/v1/cases/AG-0000-0000-0")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "case_not_found"
    assert client.get("/api/v1/cases/not-a-reference").status_code == 404
    assert move(client, "AG-0000-0000-0", to="assigned").status_code == 404
    ref = new_case(client, "Gəncədə su yoxdur", "m-1")
    for body in ({}, {"to": "assigned", "actor": ""}, {"to": "assigned", "actor": "a\x00b"},
                 {"to": "assigned", "actor": "x", "extra": 1}):
        response = client.post(f"/api/v1/cases/{ref}/transition", json=body)
        assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_request"
