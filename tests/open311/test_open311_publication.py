"""Open311 publishes only what the citizen's consent allows: requests posted through Open311 (whose channel
consent includes `publication`) and messages whose consent names it; others only by reference, bare."""

from __future__ import annotations

import xml.etree.ElementTree as ET

BASE = "/open311/v2"
SMS_TEXT = "Qonşuluqda su borusu partlayıb, Əhmədli"


def post_open311(client, description: str) -> str:  # type: ignore[no-untyped-def]
    response = client.post(f"{BASE}/requests.json", data={
        "service_code": "electricity", "description": description, "lat": "40.4093", "long": "49.8671",
        "address_string": "Nizami küçəsi 5, Bakı", "first_name": "Aysel"})
    assert response.status_code == 201, response.text
    return response.json()[0]["service_request_id"]


def submit(client, text: str, channel: str, consent: dict | None = None) -> str:  # type: ignore[no-untyped-def]
    body = {"text": text, "channel": channel, "external_id": f"{channel}-{len(text)}"}
    if consent is not None:
        body["consent"] = consent
    response = client.post("/api/v1/messages", json=body)
    assert response.status_code == 201, response.text
    return response.json()["reference"]


def test_the_list_holds_only_requests_whose_consent_allows_publication(client) -> None:
    public = post_open311(client, "Bakıda işıq yoxdur")
    sms = submit(client, SMS_TEXT, "sms")
    web_no = submit(client, "Gəncədə qaz yoxdur, küçə işıqları sönüb", "web",
                    consent={"purposes": ["appeal", "contact"]})
    web_yes = submit(client, "Lənkəranda yol çuxurla doludur", "web",
                     consent={"purposes": ["appeal", "publication"]})
    listed = client.get(f"{BASE}/requests.json")
    assert sorted(r["service_request_id"] for r in listed.json()) == sorted([public, web_yes])
    assert listed.headers["X-Total-Count"] == "2"
    assert SMS_TEXT not in listed.text and "Gəncədə" not in listed.text
    as_xml = ET.fromstring(client.get(f"{BASE}/requests.xml").content)
    assert sorted(r.findtext("service_request_id") for r in as_xml) == sorted([public, web_yes])
    assert next(r for r in listed.json() if r["service_request_id"] == public)["lat"] == 40.4093
    # by reference (the citizen's own number, as on the tracking page): status, no text, no place
    for reference in (sms, web_no):
        [bare] = client.get(f"{BASE}/requests/{reference}.json").json()
        assert bare["description"] is None and bare["lat"] is None and bare["media_url"] is None
        assert bare["status"] == "open" and bare["requested_datetime"]
    by_ids = client.get(f"{BASE}/requests.json", params={"service_request_id": f"{sms},{public}"}).json()
    assert {r["service_request_id"]: r["description"] is None for r in by_ids} == {sms: True, public: False}
    assert SMS_TEXT not in client.get(f"{BASE}/requests/{sms}.xml").text


def test_withdrawn_consent_takes_a_request_off_the_list(client) -> None:
    reference = post_open311(client, "Bakıda işıq yoxdur")
    assert [r["service_request_id"] for r in client.get(f"{BASE}/requests.json").json()] == [reference]
    revoked = client.post(f"/api/v1/privacy/consent/{reference}/revoke")
    assert revoked.status_code == 200, revoked.text
    assert client.get(f"{BASE}/requests.json").json() == []
    assert client.get(f"{BASE}/requests/{reference}.json").json()[0]["description"] is None
