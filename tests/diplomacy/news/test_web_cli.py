"""The news API, the news page and the `aigov news` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from aigov.cli import app
from aigov.db.engine import session_factory
from aigov.diplomacy.news import service

DATA = Path(__file__).with_name("data")


@pytest.fixture
def imported(db: Session) -> None:
    for name in ("caucasus.rss", "energy.atom", "mixed.jsonl"):
        service.import_file(session_factory(), DATA / name)


def test_api_lists_and_filters_articles(imported: None, client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/news", params={"country": "geo"})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 2
    assert {a["title"] for a in body["articles"]} == {
        "Georgia opens new railway link to Turkey",
        "Azərbaycan ilə Gürcüstan arasında ticarət artıb",
    }
    article = body["articles"][0]
    assert {"tone", "countries", "tags", "people", "language", "url", "published_at"} <= set(article)
    monthly = client.get("/api/v1/news/tone/monthly").json()["months"]
    assert [m["month"] for m in monthly] == ["2015-06", "2015-07"]
    summary = client.get("/api/v1/news/tone/summary", params={"country": "ARM", "month": "2015-06"}).json()
    assert summary["articles"] == 2


def test_api_translation_without_a_translator_says_so(imported: None, client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("AIGOV_TRANSLATION_BACKEND", raising=False)
    body = client.get("/api/v1/news", params={"translate_to": "en"}).json()
    assert body["translation"]["configured"] is False
    assert "no translator configured" in body["translation"]["error"]
    assert all("translation" not in a for a in body["articles"])
    status = client.get("/api/v1/translation").json()
    assert status["configured"] is False and status["backend"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"country": "Armenia"}, "country"),
        ({"language": "fr"}, "language"),
        ({"limit": 0}, "limit"),
        ({"since": "yesterday"}, "since"),
        ({"translate_to": "xx"}, "translate_to"),
    ],
)
def test_api_refuses_bad_filters_in_the_error_format(client, params: dict, field: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/news", params=params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request" and (field in error["message"] or field in json.dumps(error))


def test_api_summary_refuses_a_bad_month(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/news/tone/summary", params={"country": "ARM", "month": "2015-6"})
    assert response.status_code == 422 and "YYYY-MM" in response.json()["error"]["message"]


def test_api_import_takes_a_feed_body_and_refuses_garbage(client, db: Session) -> None:  # type: ignore[no-untyped-def]
    feed = (DATA / "energy.atom").read_bytes()
    first = client.post("/api/v1/news/import", content=feed, headers={"content-type": "application/atom+xml"})
    assert first.status_code == 200 and first.json()["new"] == 2
    again = client.post("/api/v1/news/import", content=feed)
    assert again.json()["new"] == 0 and again.json()["duplicate"] == 2
    bad = client.post("/api/v1/news/import", content=b"\x00\xff\xfe")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_feed"


def test_who_may_read_and_who_may_import(client_as) -> None:  # type: ignore[no-untyped-def]
    assert client_as("analyst").get("/api/v1/news").status_code == 200
    assert client_as("analyst").post("/api/v1/news/import", content=b"{}").status_code == 403
    assert client_as("officer").get("/api/v1/news").status_code == 403
    assert client_as("public").get("/api/v1/news").status_code == 401


@pytest.mark.parametrize("locale", ["az", "ru", "en"])
def test_news_page_lists_articles_with_tone_tags_and_the_chart(imported: None, client, locale: str) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/news", params={"lang": locale})
    assert page.status_code == 200
    html = page.text
    assert 'id="chart-tone-figure"' in html and "Shelling reported near the line of contact" in html
    assert 'data-translation="none"' in html  # no translator configured: said on the page
    assert html.count('data-article="') == 7
    filtered = client.get("/news", params={"lang": locale, "tag": "migration"}).text
    assert filtered.count('data-article="') == 1 and "Refugees cross into Turkey" in filtered


def test_news_page_translates_on_request_through_the_configured_translator(
    imported: None,
    client,  # type: ignore[no-untyped-def]
    monkeypatch,
) -> None:
    class Upper:
        name = "upper"

        def translate(self, texts: list[str], source: str | None, target: str) -> list[str]:
            return [f"[{target}] {t}" for t in texts]

    monkeypatch.setattr(service, "get_translator", lambda: Upper())
    before = client.get("/news", params={"lang": "en"}).text
    assert 'data-translation="available"' in before and "[en] " not in before
    after = client.get("/news", params={"lang": "en", "translate": "1"}).text
    assert "[en] Азербайджан и Россия обсудили поставки газа" in after
    assert "Machine translation from Russian (upper)" in after


def test_news_page_ignores_hostile_filters(imported: None, client) -> None:  # type: ignore[no-untyped-def]
    page = client.get(
        "/news", params={"country": "<script>", "tag": "x' OR 1=1", "page": "-3", "since": "nope"}
    )
    assert page.status_code == 200 and "<script>" not in page.text.split("<main", 1)[1].split("</main>")[0]


def test_cli_import_list_and_tone(db: Session) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["news", "import", str(DATA / "caucasus.rss")])
    assert result.exit_code == 1  # one item rejected; the others are stored
    assert "rss: 3 new, 0 duplicate, 1 rejected" in result.output and "item 4: no title" in result.output
    result = runner.invoke(app, ["news", "import", str(DATA / "caucasus.rss"), "--json"])
    assert json.loads(result.output)["duplicate"] == 3
    listed = runner.invoke(app, ["news", "list", "--country", "ARM", "--json"])
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.output)["total"] == 2
    tone = runner.invoke(app, ["news", "tone", "--country", "ARM", "--month", "2015-06", "--json"])
    assert tone.exit_code == 0 and json.loads(tone.output)["articles"] == 2
    table = runner.invoke(app, ["news", "list"])
    assert table.exit_code == 0 and "3 articles" in table.output and "Shelling" in table.output


def test_cli_errors_are_one_line_with_exit_2(db: Session, tmp_path: Path) -> None:
    runner = CliRunner()
    empty = tmp_path / "empty.rss"
    empty.write_bytes(b"")
    for args in (
        ["news", "import", str(empty)],
        ["news", "import", str(tmp_path / "missing.jsonl")],
        ["news", "list", "--country", "Armenia"],
        ["news", "tone", "--country", "ARM", "--month", "x"],
        ["news", "list", "--limit", "0"],
        ["news", "list", "--translate-to", "fr"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
