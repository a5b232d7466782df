"""The API documentation pages work with no internet: Swagger UI and ReDoc from the installed package,
their start-up scripts allowed by hash (no 'unsafe-inline' scripts), nothing fetched from elsewhere."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser]


def test_swagger_ui_and_redoc_render_offline_under_a_strict_policy(live_server: str, launch_chromium,
                                                                   anon_client) -> None:
    from playwright.sync_api import sync_playwright

    for url in ("/docs", "/redoc", "/docs/oauth2-redirect"):
        script_src = next(p for p in anon_client.get(url).headers["content-security-policy"].split(";")
                          if p.strip().startswith("script-src"))
        assert "unsafe-inline" not in script_src and "http" not in script_src, url
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            for url, selector in (("/docs", ".opblock"), ("/redoc", "[data-section-id^='operation/']")):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                errors: list[str] = []
                fetched: list[str] = []
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                page.on("requestfinished", lambda r, fetched=fetched: fetched.append(r.url))
                page.goto(live_server + url, wait_until="networkidle")
                page.locator(selector).first.wait_for(timeout=20_000)
                assert page.locator(selector).count() >= 20, url  # every operation listed
                assert not errors, errors
                assert all(u.startswith((live_server, "blob:", "data:")) for u in fetched), fetched
                page.close()
        finally:
            browser.close()
