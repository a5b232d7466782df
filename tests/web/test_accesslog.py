import logging


def test_access_log_has_no_query_strings_or_references(client, caplog) -> None:
    created = client.post("/api/v1/messages", json={"text": "Su yoxdur", "external_id": "log-1"}).json()
    with caplog.at_level(logging.INFO, logger="aigov.access"):
        client.get("/api/v1/messages", params={"q": "+994501234567"})
        client.get(f"/api/v1/messages/{created['reference']}")
    lines = [r.getMessage() for r in caplog.records if r.name == "aigov.access"]
    assert any(line.startswith("GET /api/v1/messages 200") for line in lines)
    assert not any("994" in line or created["reference"] in line for line in lines)
