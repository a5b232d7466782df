"""The dashboard and the message list: what they show, how they filter, and how they treat bad input."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest

from aigov.reference.service import region_names, topic_names

CHART_KEYS = ["timeline", "language", "sentiment", "topic", "region", "topic_trend", "sentiment_trend"]
CASE_CHART_KEYS = ["cases_agency", "cases_region", "compliance_month", "compliance_agency"]
PHONE = "+994 50 123 45 67"  # the number the seeded messages carry (tests/web/conftest.py)
PHONE_DIGITS = "501234567"


def rows_of(html: str) -> list[str]:
    return re.findall(r'<tr data-reference="([^"]+)"', html)


def kpi(html: str, name: str) -> str:
    match = re.search(rf'data-kpi="{name}">([^<]*)<', html)
    assert match, name
    return unescape(match.group(1))


def test_dashboard_shows_headline_numbers_and_every_chart(client, seeded: list[dict[str, Any]]) -> None:
    page = client.get("/", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert kpi(page.text, "total") == "30"
    assert int(kpi(page.text, "last_7_days")) == sum(1 for i in range(30) if 13 * i < 7 * 24)
    urgent = sum(1 for m in seeded if m["urgency"] in {"high", "critical"})
    assert kpi(page.text, "urgent") == str(urgent)
    negative = sum(1 for m in seeded if m["sentiment"] == "negative")
    assert kpi(page.text, "negative_share") == f"{round(100 * negative / 30)}%"
    for key in CHART_KEYS:
        assert f'id="chart-{key}" data-chart="{key}"' in page.text
        assert f'id="chart-{key}-figure"' in page.text
    for key in CASE_CHART_KEYS:
        assert f'data-chart="{key}"' in page.text
    # every drawn chart and the map keep a table; nothing is answered yet, so compliance has no chart
    assert page.text.count("<details") == len(CHART_KEYS) + 1 + 2
    assert page.text.count('data-empty="true"') == 2


def test_dashboard_names_topics_and_regions_in_the_readers_language(client, seeded) -> None:
    topics = {m["topic"] for m in seeded if m["topic"]}
    assert topics, "the analysis found no topic at all"
    for locale in ("az", "ru", "en"):
        html = unescape(client.get("/", params={"lang": locale}).text)
        assert region_names()["baku"][locale] in html
        for topic in topics:
            assert topic_names()[topic][locale] in html


def test_dashboard_filters_apply_to_every_number(client, seeded) -> None:
    in_baku = sum(1 for m in seeded if m["region"] == "baku")
    page = client.get("/", params={"region": "baku", "lang": "en"})
    assert page.status_code == 200
    assert kpi(page.text, "total") == str(in_baku)
    assert 'value="baku" selected' in page.text
    # The by-region fallback table lists Baku only.
    region_table = page.text.split('id="chart-region-figure"')[1].split("</details>")[0]
    assert unescape(region_table).count("<th scope=\"row\">") == 1

    empty = client.get("/", params={"since": "2001-01-01", "until": "2001-01-31", "lang": "en"})
    assert kpi(empty.text, "total") == "0"
    assert 'data-empty="true"' in empty.text


def test_message_list_shows_redacted_text_never_the_phone_number(client, seeded) -> None:
    page = client.get("/messages", params={"lang": "en"})
    assert page.status_code == 200
    assert len(rows_of(page.text)) == 25
    assert PHONE not in page.text and PHONE_DIGITS not in page.text.replace(" ", "")
    newest = seeded[0]
    assert newest["reference"] in page.text
    assert unescape(page.text).count(newest["redacted_text"]) == 1


def test_message_list_filters_match_the_api(client, seeded) -> None:
    for params in ({"region": "baku"}, {"language": "ru"}, {"sentiment": "negative"}, {"urgency": "normal"},
                   {"topic": seeded[0]["topic"] or "other"}, {"region": "baku", "language": "az"}):
        expected = client.get("/api/v1/messages", params={**params, "page_size": 100}).json()
        page = client.get("/messages", params=params)
        assert page.status_code == 200
        assert rows_of(page.text) == [m["reference"] for m in expected["items"]][:25], params
        assert f'data-total="{expected["total"]}"' in page.text


def test_search_finds_words_and_references(client, seeded) -> None:
    page = client.get("/messages", params={"q": "Автобус"})
    assert len(rows_of(page.text)) == 3  # samples 5, 15 and 25
    target = seeded[7]["reference"]
    assert rows_of(client.get("/messages", params={"q": target.lower()}).text) == [target]
    assert rows_of(client.get("/messages", params={"q": "no such words anywhere"}).text) == []


def test_pages_follow_on_and_keep_the_filters(client, seeded) -> None:
    first = client.get("/messages", params={"lang": "en"})
    assert "Page 1 of 2" in first.text
    assert 'href="/messages?page=2"' in first.text
    second = client.get("/messages", params={"page": 2, "lang": "en"})
    assert len(rows_of(second.text)) == 5
    assert set(rows_of(first.text)).isdisjoint(rows_of(second.text))
    filtered = client.get("/messages", params={"region": "baku", "q": "#", "lang": "en"})
    assert "Page 1 of 1" in filtered.text


@pytest.mark.parametrize("page", ["-1", "0", "abc", "99999999999"])
def test_odd_page_numbers_give_a_page(client, seeded, page: str) -> None:
    response = client.get("/messages", params={"page": page})
    assert response.status_code == 200
    assert rows_of(response.text)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "<script>alert(1)</script>"},
        {"q": '"><img src=x onerror=alert(1)>'},
        {"region": "<script>alert(1)</script>"},
        {"topic": "'; DROP TABLE messages; --"},
        {"lang": "<script>"},
        {"lang": "xx"},
        {"since": "<script>", "until": "2024-13-45"},
        {"q": "%_\\"},
    ],
)
def test_hostile_query_strings_are_never_echoed_unescaped(client, seeded, params: dict[str, str]) -> None:
    for path in ("/", "/messages"):
        response = client.get(path, params=params)
        assert response.status_code == 200, (path, params)
        assert "<script>alert" not in response.text and "<img src=x" not in response.text
        assert "<script>" not in response.text.split("</main>")[0].split("<main")[1]
    assert client.get("/api/v1/messages").json()["total"] == 30


def test_very_long_query_is_refused_with_a_page(client) -> None:
    response = client.get("/messages", params={"q": "x" * 5000}, headers={"Accept-Language": "ru"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert 'lang="ru"' in response.text


def test_unknown_pages_get_a_localised_html_error_but_the_api_keeps_json(client) -> None:
    page = client.get("/no-such-page", headers={"Accept-Language": "ru"})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Страница не найдена" in page.text
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404
    assert api.json()["error"]["code"] == "not_found"


def test_pages_load_nothing_from_other_sites(client, seeded) -> None:
    html = client.get("/").text
    assert not re.search(r'src="(https?:)?//', html)
    assert not re.search(r'<link[^>]+href="(https?:)?//', html)
    # Links to other sites are only the map's attribution (a reader may follow them; nothing is loaded).
    outside = re.findall(r'<a [^>]*href="(https?:)?//([^"/]+)', html)
    assert {host for _scheme, host in outside} == {"www.geoboundaries.org", "creativecommons.org"}
    assert '<script src="/static/vendor/plotly.min.js">' in html
    plotly = client.get("/static/vendor/plotly.min.js")
    assert plotly.status_code == 200
    assert "javascript" in plotly.headers["content-type"]
    assert len(plotly.content) > 1_000_000
    css = client.get("/static/aigov.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def test_pages_send_protective_headers(client) -> None:
    headers = client.get("/messages").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"
