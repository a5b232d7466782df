"""Open311 GeoReport v2 as clients use it: the spec's example shapes, field by field, and bad input."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

BASE = "/open311/v2"
PHONE = "+994 50 123 45 67"
EMAIL = "aysel.mammadova@example.az"
AZ_POWER = f"Binəqədi rayonunda üç gündür işıq yoxdur. Zəng edin: {PHONE}"

SERVICE_KEYS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
POST_KEYS = {"service_request_id", "service_notice", "account_id"}
REQUEST_KEYS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
}


def post_form(client, **fields):  # type: ignore[no-untyped-def]
    return client.post(f"{BASE}/requests.json", data=fields)


def create(client, **fields) -> str:  # type: ignore[no-untyped-def]
    fields = {"service_code": "electricity", "lat": "40.4093", "long": "49.8671", "first_name": "Aysel",
              **fields}  # a name: a formal appeal with a deadline (without name or contact: anonymous)
    response = post_form(client, **fields)
    assert response.status_code == 201, response.text
    return response.json()[0]["service_request_id"]


def assert_spec_error(response, status: int) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    body = response.json()
    assert isinstance(body, list) and len(body) == 1
    assert set(body[0]) == {"code", "description"}
    assert body[0]["code"] == status and isinstance(body[0]["description"], str) and body[0]["description"]
    return body[0]["description"]


def assert_offset_datetime(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    assert parsed.utcoffset() == timedelta(hours=4), value  # Baku time, offset given
    assert value.endswith("+04:00")
    return parsed


# --- services -------------------------------------------------------------------------------------------

def test_service_list_has_the_spec_fields_and_types(client) -> None:
    response = client.get(f"{BASE}/services.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    services = response.json()
    assert isinstance(services, list) and len(services) >= 10
    for item in services:
        assert set(item) == SERVICE_KEYS
        assert isinstance(item["service_code"], str) and isinstance(item["service_name"], str)
        assert item["metadata"] is False and item["type"] == "realtime"
        assert isinstance(item["keywords"], str) and isinstance(item["description"], str)
    power = next(s for s in services if s["service_code"] == "electricity")
    assert power["service_name"] == "Elektrik enerjisi"  # Azerbaijani by default
    assert power["group"] == "Azərişıq ASC"
    assert "işıq" in power["keywords"].split(", ")
    other = next(s for s in services if s["service_code"] == "other")
    assert other["group"] is None  # no agency: an officer triages


def test_service_names_follow_locale_then_accept_language(client) -> None:
    def power(**kwargs):  # type: ignore[no-untyped-def]
        services = client.get(f"{BASE}/services.json", **kwargs).json()
        return next(s for s in services if s["service_code"] == "electricity")

    assert power(params={"locale": "ru"})["service_name"] == "Электроэнергия"
    assert power(headers={"Accept-Language": "en-GB,en;q=0.9"})["group"] == "Azerishig OJSC"
    both = power(params={"locale": "ru"}, headers={"Accept-Language": "en"})
    assert both["service_name"] == "Электроэнергия"
    assert power(params={"locale": "xx"})["service_name"] == "Elektrik enerjisi"


def test_service_list_in_xml(client) -> None:
    response = client.get(f"{BASE}/services.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    assert response.text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(response.content)
    assert root.tag == "services"
    first = root.findall("service")[0]
    assert {child.tag for child in first} == SERVICE_KEYS
    assert first.findtext("metadata") == "false" and first.findtext("type") == "realtime"


def test_service_definition_is_empty_and_unknown_service_is_404(client) -> None:
    response = client.get(f"{BASE}/services/water.json")
    assert response.status_code == 200
    assert response.json() == {"service_code": "water", "attributes": []}
    as_xml = ET.fromstring(client.get(f"{BASE}/services/water.xml").content)
    assert as_xml.tag == "service_definition" and as_xml.findtext("service_code") == "water"
    assert as_xml.find("attributes") is not None and len(as_xml.find("attributes")) == 0
    assert_spec_error(client.get(f"{BASE}/services/potholes.json"), 404)


# --- posting --------------------------------------------------------------------------------------------

def test_form_post_answers_like_the_spec_and_opens_a_routed_case(client) -> None:
    response = post_form(client, service_code="electricity", lat="40.4093", long="49.8671",
                         description=AZ_POWER, email=EMAIL, first_name="Aysel", last_name="Məmmədova",
                         phone=PHONE, device_id="dev-1", account_id="acc-1", api_key="anything")
    assert response.status_code == 201, response.text
    body = response.json()
    assert isinstance(body, list) and len(body) == 1 and set(body[0]) == POST_KEYS
    request_id = body[0]["service_request_id"]
    assert isinstance(request_id, str) and request_id.startswith("AG-")
    assert body[0]["account_id"] is None
    assert "Qanun" in body[0]["service_notice"]  # answer due date under the law, in Azerbaijani

    case = client.get(f"/api/v1/cases/{request_id}").json()
    assert case["agency"] == "azerishiq" and case["status"] == "triaged"
    assert [m["channel"] for m in case["messages"]] == ["open311"]
    contact_notes = [e["note"] for e in case["events"] if e["actor"] == "open311"]
    assert len(contact_notes) == 1 and "contact details" in contact_notes[0]

    shown = client.get(f"{BASE}/requests/{request_id}.json")
    assert shown.status_code == 200
    everything = shown.text + client.get(f"/api/v1/cases/{request_id}").text
    for secret in (EMAIL, "Aysel", "Məmmədova", "123 45 67", "dev-1", "acc-1"):
        assert secret not in everything


def test_json_post_is_accepted_too(client) -> None:
    response = client.post(f"{BASE}/requests.json",
                           json={"service_code": "water", "address_string": "Sülh küçəsi 5, Sumqayıt şəhəri",
                                 "description": "Нет воды уже неделю"})
    assert response.status_code == 201
    request_id = response.json()[0]["service_request_id"]
    shown = client.get(f"{BASE}/requests/{request_id}.json").json()[0]
    assert shown["service_code"] == "water" and shown["address_id"] == "sumgayit_city"
    assert shown["address"] == "Sülh küçəsi 5, Sumqayıt şəhəri"  # the address given, stored


def test_one_request_has_every_spec_field_with_its_type(client) -> None:
    request_id = create(client, description=AZ_POWER)
    response = client.get(f"{BASE}/requests/{request_id}.json")
    items = response.json()
    assert isinstance(items, list) and len(items) == 1
    item = items[0]
    assert set(item) == REQUEST_KEYS
    assert item["service_request_id"] == request_id
    assert item["status"] == "open" and isinstance(item["status_notes"], str)
    assert item["service_code"] == "electricity" and item["service_name"] == "Elektrik enerjisi"
    assert item["agency_responsible"] == "Azərişıq ASC"
    assert "<PHONE>" in item["description"] and "123 45 67" not in item["description"]  # redacted only
    requested = assert_offset_datetime(item["requested_datetime"])
    assert abs(requested - datetime.now(UTC)) < timedelta(minutes=5)
    assert_offset_datetime(item["updated_datetime"])
    assert assert_offset_datetime(item["expected_datetime"]) > requested
    assert item["address"] == "Bakı şəhəri, Bakı" and item["address_id"] == "baku_city"  # no address_string
    assert (item["lat"], item["long"]) == (40.4093, 49.8671)
    for absent in ("zipcode", "media_url"):
        assert item[absent] is None
    ru = client.get(f"{BASE}/requests/{request_id}.json", params={"locale": "ru"}).json()[0]
    assert ru["service_name"] == "Электроэнергия" and ru["agency_responsible"] == "ОАО «Азеришыг»"


def test_without_description_the_service_name_is_the_text(client) -> None:
    request_id = create(client, service_code="gas")
    item = client.get(f"{BASE}/requests/{request_id}.json").json()[0]
    assert item["service_code"] == "gas" and item["description"]


def test_idempotency_key_replays_the_first_answer(client) -> None:
    fields = {"service_code": "roads", "address_id": "goygol", "description": "Yolda çuxurlar var"}
    first = client.post(f"{BASE}/requests.json", data=fields, headers={"Idempotency-Key": "k-1"})
    again = client.post(f"{BASE}/requests.json", data=fields, headers={"Idempotency-Key": "k-1"})
    plain = client.post(f"{BASE}/requests.json", data=fields)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == first.json()
    assert plain.status_code == 201  # no key: the spec has no client id, so this is a new request
    assert plain.json()[0]["service_request_id"] != first.json()[0]["service_request_id"]


def test_bad_posts_get_spec_errors_without_echoing_input(client) -> None:
    secret = "<script>alert(1)</script>"
    assert "service_code" in assert_spec_error(post_form(client, lat="40", long="49"), 400)
    assert secret not in assert_spec_error(post_form(client, service_code=secret, lat="40", long="49"), 404)
    assert "location" in assert_spec_error(post_form(client, service_code="water", description="x"), 400)
    assert_spec_error(post_form(client, service_code="water", lat="40"), 400)
    assert_spec_error(post_form(client, service_code="water", lat="200", long="49"), 400)
    assert_spec_error(post_form(client, service_code="water", lat="nan", long="49"), 400)
    assert_spec_error(post_form(client, service_code="water", lat="abc", long="49"), 400)
    assert_spec_error(post_form(client, service_code="water", address_id=secret), 400)
    huge = post_form(client, service_code="water", lat="40", long="49", description="su " * 2000)
    assert "4000" in assert_spec_error(huge, 400)
    assert_spec_error(client.post(f"{BASE}/requests.json", json=["service_code"]), 400)
    assert_spec_error(client.post(f"{BASE}/requests.json", json={"service_code": {"a": 1}}), 400)
    assert_spec_error(client.post(f"{BASE}/requests.json", content=b"{not json",
                                  headers={"Content-Type": "application/json"}), 400)
    assert_spec_error(client.post(f"{BASE}/requests.json", files={"f": ("a.txt", b"x")}), 415)
    assert client.get(f"{BASE}/requests.json").json() == []  # nothing was stored


def test_invalid_utf8_is_refused(client) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    raw = b"service_code=water&lat=40&long=49&description=\xff\xfe"
    assert_spec_error(client.post(f"{BASE}/requests.json", content=raw, headers=form), 400)
    encoded = b"service_code=water&lat=40&long=49&description=%FF%FE"
    assert_spec_error(client.post(f"{BASE}/requests.json", content=encoded, headers=form), 400)
    as_json = b'{"service_code": "water", "lat": 40, "long": 49, "description": "\xff"}'
    assert_spec_error(client.post(f"{BASE}/requests.json", content=as_json,
                                  headers={"Content-Type": "application/json"}), 400)


# --- reading --------------------------------------------------------------------------------------------

def test_xml_injection_in_description_comes_back_escaped(client) -> None:
    attack = "Su yoxdur </description><status>closed</status><x>&amp; ]]> \x07"
    request_id = create(client, service_code="water", description=attack)
    response = client.get(f"{BASE}/requests/{request_id}.xml")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/xml")
    assert "&lt;/description&gt;&lt;status&gt;" in response.text
    root = ET.fromstring(response.content)  # well-formed despite the attack
    assert root.tag == "service_requests"
    requests = root.findall("request")
    assert len(requests) == 1 and {c.tag for c in requests[0]} == REQUEST_KEYS
    assert requests[0].findtext("status") == "open"
    assert "</description><status>closed</status>" in requests[0].findtext("description")


def test_post_answer_in_xml(client) -> None:
    response = client.post(f"{BASE}/requests.xml", data={"service_code": "water", "address_id": "baku"})
    assert response.status_code == 201
    root = ET.fromstring(response.content)
    request = root.find("request")
    assert root.tag == "service_requests" and request is not None
    assert {c.tag for c in request} == POST_KEYS
    assert request.find("account_id").text is None  # <account_id />


def test_list_filters_by_id_code_and_status(client) -> None:
    power = create(client, description="İşıq yoxdur, Gəncə")
    water = create(client, service_code="water", address_id="ganja_city", description="Gəncədə su yoxdur")

    def ids(**params) -> list[str]:  # type: ignore[no-untyped-def]
        response = client.get(f"{BASE}/requests.json", params=params)
        assert response.status_code == 200, response.text
        return [r["service_request_id"] for r in response.json()]

    assert sorted(ids()) == sorted([power, water])
    assert ids(service_request_id=f"{power},AG-0000-0000-0") == [power]
    assert ids(service_request_id=power.lower()) == [power]
    assert ids(service_request_id="nonsense") == []
    assert ids(service_code="water") == [water]
    assert sorted(ids(service_code="water,electricity")) == sorted([power, water])
    assert sorted(ids(status="open")) == sorted([power, water])
    assert ids(status="closed") == []
    for step in ({"to": "assigned"}, {"to": "resolved", "reason": "Xətt bərpa olundu"}):
        moved = client.post(f"/api/v1/cases/{water}/transition", json={"actor": "officer-1", **step})
        assert moved.status_code == 200, moved.text
    assert ids(status="closed") == [water]
    assert ids(status="open") == [power]
    closed = client.get(f"{BASE}/requests/{water}.json").json()[0]
    assert closed["status"] == "closed" and closed["service_notice"] is None
    assert ids(service_request_id=water, status="open") == [water]  # ids override other filters


def test_dates_default_to_90_days_and_filter(client) -> None:
    old = client.post("/api/v1/messages", json={"text": "Qaz yoxdur", "external_id": "old-1",
                                                "received_at": "2024-03-01T10:00:00+04:00",
                                                "consent": {"purposes": ["appeal", "publication"]}})
    assert old.status_code == 201
    old_ref = old.json()["reference"]
    recent = create(client, service_code="gas", description="Qaz təzyiqi aşağıdır")

    def ids(**params) -> list[str]:  # type: ignore[no-untyped-def]
        response = client.get(f"{BASE}/requests.json", params=params)
        assert response.status_code == 200, response.text
        return [r["service_request_id"] for r in response.json()]

    assert ids() == [recent]
    assert ids(start_date="2024-02-29T00:00:00Z", end_date="2024-03-02T00:00:00+04:00") == [old_ref]
    assert ids(start_date="2024-03-01", end_date="2024-03-01") == [old_ref]  # a date covers its day
    assert ids(start_date="2024-03-02T00:00:00+04:00", end_date="2024-04-01T00:00:00+04:00") == []
    assert old_ref in ids(start_date="2024-01-01T00:00:00Z")
    assert_spec_error(client.get(f"{BASE}/requests.json", params={"start_date": "yesterday"}), 400)
    assert_spec_error(client.get(f"{BASE}/requests.json", params={"end_date": "2024-13-45"}), 400)
    assert_spec_error(client.get(f"{BASE}/requests.json",
                                 params={"start_date": "2024-03-02", "end_date": "2024-03-01"}), 400)


def test_pages_and_bad_paging(client) -> None:
    made = [create(client, service_code="roads", address_id="goygol", description=f"Çuxur {i}")
            for i in range(3)]
    first = client.get(f"{BASE}/requests.json", params={"page": 1, "page_size": 2})
    second = client.get(f"{BASE}/requests.json", params={"page": 2, "page_size": 2})
    assert first.headers["X-Total-Count"] == "3"
    seen = [r["service_request_id"] for r in first.json() + second.json()]
    assert len(first.json()) == 2 and len(second.json()) == 1
    assert sorted(seen) == sorted(made)
    for params in ({"page": -1}, {"page": 0}, {"page": "x"}, {"page_size": 0}, {"page_size": 1001},
                   {"page_size": "9" * 40}, {"status": "pending"}):
        assert_spec_error(client.get(f"{BASE}/requests.json", params=params), 400)


def test_unknown_request_resource_and_format_are_404_in_spec_format(client) -> None:
    assert_spec_error(client.get(f"{BASE}/requests/AG-0000-0000-0.json"), 404)
    assert_spec_error(client.get(f"{BASE}/requests/{'x' * 500}.json"), 404)
    assert_spec_error(client.get(f"{BASE}/services.csv"), 404)
    assert_spec_error(client.get(f"{BASE}/tokens/abc.json"), 404)
    as_xml = client.get(f"{BASE}/requests/AG-0000-0000-0.xml")
    assert as_xml.status_code == 404
    root = ET.fromstring(as_xml.content)
    assert root.tag == "errors"
    assert root.find("error").findtext("code") == "404" and root.find("error").findtext("description")


def test_status_notes_carry_the_public_answer(client, db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from aigov.cases.models import Case

    request_id = create(client, service_code="water", address_id="goygol", description="Su yoxdur")

    def notes() -> str:
        return client.get(f"{BASE}/requests/{request_id}.json").json()[0]["status_notes"]

    assert notes() == "Məsul quruma göndərilib"
    case = db.scalar(select(Case).where(Case.reference == request_id))
    case.public_answer = "Su xətti təmir olundu."
    db.commit()
    assert notes() == "Su xətti təmir olundu."


def test_openapi_document_still_builds(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/open311/v2/requests.{fmt}" in paths and "/api/v1/cases/{reference}/transition" in paths
