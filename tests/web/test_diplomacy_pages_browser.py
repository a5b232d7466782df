"""The news and negotiation pages in headless Chromium: their charts drawn by the local Plotly, no errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from aigov.db.engine import session_factory

NEWS_DATA = Path(__file__).parents[1] / "diplomacy" / "news" / "data"

pytestmark = [pytest.mark.browser]


def test_news_and_negotiation_pages_draw_their_charts(live_server: str, launch_chromium,  # type: ignore[no-untyped-def]
                                                      session_cookie) -> None:
    from playwright.sync_api import sync_playwright

    from aigov.diplomacy.news.service import import_file

    for name in ("caucasus.rss", "mixed.jsonl"):
        import_file(session_factory(), NEWS_DATA / name)
    base = live_server
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
            context.add_cookies([session_cookie(base, "analyst")])
            page = context.new_page()
            problems: list[str] = []
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            offsite: list[str] = []
            page.on("request", lambda r: offsite.append(r.url) if not r.url.startswith(base) else None)

            page.goto(base + "/news", wait_until="networkidle")
            chart = page.locator('[data-chart="tone"]')
            chart.locator("svg.main-svg").first.wait_for(state="attached", timeout=20_000)
            assert chart.get_attribute("data-rendered") == "true"
            assert page.locator("tr[data-article]").count() == 6
            page.click("nav.main-nav a[href='/negotiation']")
            page.wait_for_load_state("networkidle")
            for key in ("paths", "forecasts", "view"):
                chart = page.locator(f'[data-chart="{key}"]')
                chart.locator("svg.main-svg").first.wait_for(state="attached", timeout=20_000)
                assert chart.get_attribute("data-rendered") == "true", key
            page.click("form.negotiation-form button[type=submit]")  # run the example again through the form
            page.wait_for_load_state("networkidle")
            assert page.locator("[data-forecast]").count() == 1
            assert problems == [] and offsite == []
        finally:
            browser.close()
