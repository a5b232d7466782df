"""The intake API as a channel or a web form uses it."""

from __future__ import annotations

AZ_WITH_PHONE = "Salam, Sumqayıtda 3 gündür işıq yoxdur. Zəhmət olmasa zəng edin: +994 50 123 45 67"


def post(client, body: dict, **params):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/messages", json=body, params=params)


def test_azerbaijani_message_is_analysed_redacted_and_given_a_reference(client) -> None:
    response = post(client, {"text": AZ_WITH_PHONE, "channel": "web", "external_id": "w-1"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["language"] == "az"
    assert "123 45 67" not in body["redacted_text"]
    assert "<PHONE>" in body["redacted_text"]
    assert "PHONE" in body["personal_data_found"]
    assert body["reference"].startswith("AG-")
    assert body["topic"] == "electricity"
    assert body["agency"] == "azerishiq"
    assert body["region"] == "absheron_khizi"
    assert body["analysis_version"]
    assert "text" not in body  # the raw text never leaves through the API


def test_same_external_id_twice_stores_one_message(client) -> None:
    first = post(client, {"text": AZ_WITH_PHONE, "channel": "telegram", "external_id": "tg-77"})
    again = post(client, {"text": AZ_WITH_PHONE, "channel": "telegram", "external_id": "tg-77"})
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["reference"] == first.json()["reference"]
    listing = client.get("/api/v1/messages").json()
    assert listing["total"] == 1


def test_same_external_id_on_another_channel_is_another_message(client) -> None:
    post(client, {"text": "Su yoxdur", "channel": "sms", "external_id": "1"})
    assert post(client, {"text": "Su yoxdur", "channel": "web", "external_id": "1"}).status_code == 201
    assert client.get("/api/v1/messages").json()["total"] == 2


def test_lookup_by_reference_and_explanations_on_request(client) -> None:
    created = post(client, {"text": "Нет воды в Гяндже уже неделю", "external_id": "r1"}).json()
    plain = client.get(f"/api/v1/messages/{created['reference']}")
    assert plain.status_code == 200 and plain.json()["explanations"] is None
    explained = client.get(f"/api/v1/messages/{created['reference'].lower()}", params={"explain": True})
    assert explained.status_code == 200
    assert {"language", "topic", "sentiment"} <= set(explained.json()["explanations"])
    missing = client.get("/api/v1/messages/AG-0000-0000-0")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "message_not_found"


def test_region_given_by_the_channel_wins_and_unknown_region_is_refused(client) -> None:
    given = post(client, {"text": "Yol çox pisdir", "region": "lankaran_astara", "external_id": "g1"})
    assert given.status_code == 201 and given.json()["region"] == "lankaran_astara"
    unknown = post(client, {"text": "Yol çox pisdir", "region": "atlantis", "external_id": "g2"})
    assert unknown.status_code == 422
    assert unknown.json()["error"]["code"] == "unknown_region"


def test_search_and_filters(client) -> None:
    post(client, {"text": "Qaz yoxdur, Şəkidə çox soyuqdur", "external_id": "a"})
    post(client, {"text": "The bus to the airport never comes on time in Baku", "external_id": "b"})
    post(client, {"text": "Спасибо за быстрый ремонт дороги!", "external_id": "c"})
    assert client.get("/api/v1/messages", params={"q": "airport"}).json()["total"] == 1
    assert client.get("/api/v1/messages", params={"language": "ru"}).json()["total"] == 1
    assert client.get("/api/v1/messages", params={"q": "100%_"}).json()["total"] == 0
    page = client.get("/api/v1/messages", params={"page_size": 2}).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    stats = client.get("/api/v1/stats").json()
    assert stats["total"] == 3
    assert sum(stats["by_language"].values()) == 3


def test_bad_input_gets_a_clear_4xx_with_a_code(client) -> None:
    cases = [
        ({"text": ""}, 422),
        ({"text": "   "}, 422),
        ({"text": "x" * 20_000}, 422),
        ({"text": 42}, 422),
        ({"text": ["a"]}, 422),
        ({"text": "ok", "unexpected": 1}, 422),
        ({"text": "ok", "channel": "Bad Channel!"}, 422),
        ({"text": "ok", "received_at": "yesterday"}, 422),
        ({"text": "ok", "received_at": "2999-01-01T00:00:00Z"}, 422),
        ({"text": "ok\u0000"}, 422),
        ({}, 422),
    ]
    for body, status in cases:
        response = post(client, body)
        assert response.status_code == status, (body, response.text)
        error = response.json()["error"]
        assert error["code"] == "invalid_request" and error["message"]
    assert client.get("/api/v1/messages").json()["total"] == 0


def test_rejected_values_are_not_echoed_back(client) -> None:
    secret = "+994 55 765 43 21 AZ21NABZ00000000137010001944"
    response = post(client, {"text": "ok", "channel": secret})
    assert response.status_code == 422
    assert "765 43 21" not in response.text and "NABZ" not in response.text


def test_malformed_and_oversized_bodies(client) -> None:
    invalid_utf8 = client.post("/api/v1/messages", content=b'{"text": "\xff\xfe bad"}',
                               headers={"content-type": "application/json"})
    assert invalid_utf8.status_code == 400
    assert invalid_utf8.json()["error"]["code"] == "invalid_body"
    not_json = client.post("/api/v1/messages", content=b"text=hello",
                           headers={"content-type": "application/json"})
    assert not_json.status_code == 422
    form = client.post("/api/v1/messages", content=b'{"text": "x"}', headers={"content-type": "text/plain"})
    assert form.status_code == 422 and "JSON object" in form.json()["error"]["message"]
    huge = client.post("/api/v1/messages", content=b'{"text": "' + b"a" * 1_000_000 + b'"}',
                       headers={"content-type": "application/json"})
    assert huge.status_code == 413
    assert huge.json()["error"]["code"] == "payload_too_large"
    bad_query = client.get("/api/v1/messages", params={"page": "-1"})
    assert bad_query.status_code == 422
    assert client.get("/api/v1/messages").json()["total"] == 0


def test_reference_data_endpoints(client) -> None:
    regions = client.get("/api/v1/regions").json()
    assert len(regions) == 14
    assert any(d["code"] == "sumgayit_city" for r in regions for d in r["districts"])
    topics = {t["code"]: t for t in client.get("/api/v1/topics").json()}
    assert topics["water"]["agency"] == "azersu"
    agencies = {a["code"] for a in client.get("/api/v1/agencies").json()}
    assert {t["agency"] for t in topics.values() if t["agency"]} <= agencies
