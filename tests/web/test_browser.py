"""The pages in a real headless Chromium: charts drawn by the local Plotly, rows listed, language switched."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

CHART_KEYS = ["timeline", "language", "sentiment", "topic", "region", "topic_trend", "sentiment_trend", "map",
              "cases_agency", "cases_region"]

pytestmark = [
    pytest.mark.browser,
]


@pytest.fixture
def seeded_server(live_server: str, payloads, admin_headers) -> str:  # type: ignore[no-untyped-def]
    with httpx.Client(base_url=live_server, timeout=30, headers=admin_headers) as http:
        for body in payloads(30, prefix="browser"):
            response = http.post("/api/v1/messages", json=body)
            assert response.status_code == 201, response.text
    return live_server


def test_dashboard_messages_and_language_switch_in_chromium(seeded_server: str, tmp_path: Path,
                                                            launch_chromium, session_cookie) -> None:
    from playwright.sync_api import sync_playwright

    base = seeded_server
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="az-AZ")
            context.add_cookies([session_cookie(base, "analyst")])  # signed in as an analyst
            page = context.new_page()
            problems: list[str] = []
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            offsite: list[str] = []
            page.on("request", lambda r: offsite.append(r.url) if not r.url.startswith(base) else None)

            page.goto(base + "/", wait_until="networkidle")
            assert page.locator("html").get_attribute("lang") == "az"
            for key in CHART_KEYS:
                chart = page.locator(f'[data-chart="{key}"]')
                chart.locator("svg.main-svg").first.wait_for(state="attached", timeout=20_000)
                assert chart.get_attribute("data-rendered") == "true"
                assert "js-plotly-plot" in (chart.get_attribute("class") or "")
            assert page.locator('[data-kpi="total"]').inner_text() == "30"
            # Bars really drawn: the timeline has one bar per bucket and sentiment.
            assert page.locator('[data-chart="timeline"] g.point').count() > 0
            assert page.locator('[data-chart="sentiment"] g.slice').count() > 0
            # The map: one shape per economic region from our own GeoJSON, no basemap, and a keyboard toggle.
            regions = page.locator('[data-chart="map"] path.choroplethlocation')
            assert regions.count() == 14
            page.locator('[data-map-toggle] input[value="messages"]').focus()
            page.keyboard.press("ArrowRight")  # radio buttons move with the arrow keys
            assert page.locator('[data-map-toggle] input[value="cases"]').is_checked()
            page.wait_for_function("document.getElementById('chart-map').dataset.rendered === 'true'")
            assert page.locator("#chart-map").get_attribute("data-figure") == "chart-map-cases-figure"
            assert page.locator('[data-chart="map"] path.choroplethlocation').count() == 14
            page.locator("#chart-map").scroll_into_view_if_needed()
            page.locator("#chart-map").screenshot(path=str(tmp_path / "map-az.png"))
            page.screenshot(path=str(tmp_path / "dashboard-az.png"), full_page=True)

            page.click("nav.main-nav a[href='/messages']")
            page.wait_for_load_state("networkidle")
            rows = page.locator("table.messages tbody tr")
            assert rows.count() == 25
            assert "+994 50 123 45 67" not in page.content()
            page.screenshot(path=str(tmp_path / "messages-az.png"), full_page=True)

            page.click("nav.lang-switch a[lang='ru']")
            page.wait_for_load_state("networkidle")
            assert page.url == base + "/messages"
            assert page.locator("html").get_attribute("lang") == "ru"
            assert page.locator("h1").inner_text() == "Обращения"
            assert page.locator("table.messages thead").text_content().count("Тональность") == 1
            page.screenshot(path=str(tmp_path / "messages-ru.png"), full_page=True)

            page.click("nav.main-nav a[href='/']")
            region_chart = page.locator('[data-chart="region"] svg.main-svg').first
            region_chart.wait_for(state="attached", timeout=20_000)
            assert "Обращения по экономическим районам" in page.content()
            page.screenshot(path=str(tmp_path / "dashboard-ru.png"), full_page=True)

            narrow = context.new_page()
            narrow.set_viewport_size({"width": 390, "height": 844})
            narrow.goto(base + "/messages?lang=en", wait_until="networkidle")
            narrow.screenshot(path=str(tmp_path / "messages-en-phone.png"))

            assert not problems, problems
            assert not offsite, offsite
        finally:
            browser.close()
    assert all((tmp_path / name).stat().st_size > 10_000 for name in ("dashboard-az.png", "messages-ru.png",
                                                                       "map-az.png"))
