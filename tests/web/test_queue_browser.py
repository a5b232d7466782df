"""End to end in headless Chromium: a message becomes a routed case, the officer signs in and answers it from
the agency's queue, the outbox holds the answer and the citizen's tracking page shows it; axe-core finds no
serious or critical accessibility violation on the main pages."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.cases.models import Case
from aigov.channels.outbox import OutboxMessage

pytestmark = [
    pytest.mark.browser,
]

TEXT = "Salam, Binəqədi rayonunda üç gündür işıq yoxdur. Zəhmət olmasa kömək edin. Telefon: +994 50 123 45 67"
ANSWER = "Salam! Binəqədi rayonunda elektrik xətti təmir olundu, işıq bərpa edildi. Təşəkkür edirik."
OFFICER = "leyla.quliyeva"  # the officer's username, recorded with what she does
PASSWORD = "a long enough password"
# Known and reported, owned elsewhere: the dashboard's Plotly charts are role="img" yet hold focusable parts
# (web/templates/dashboard.html). Remove the entry once that is fixed.
KNOWN: dict[str, set[str]] = {}
# Each violation as [rule, impact, "selector: axe's message | ..."].
AXE_RUN = """async () => (await axe.run(document)).violations.map(v => [v.id, v.impact,
    v.nodes.map(n => n.target.join(' ') + ': ' + (n.any[0] ? n.any[0].message : '')).join(' | ')])"""
AXE_DEFAULT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


def axe_script() -> Path | None:
    path = Path(os.environ.get("AIGOV_AXE_JS") or AXE_DEFAULT)
    return path if path.is_file() else None


@pytest.fixture
def post(admin_headers):  # type: ignore[no-untyped-def]
    """Send a message to the live server through the API, as a channel with an intake token would."""

    def send(base: str, text: str, external_id: str, channel: str = "sms") -> str:
        with httpx.Client(base_url=base, timeout=30, headers=admin_headers) as http:
            response = http.post("/api/v1/messages", json={"text": text, "channel": channel,
                                                           "external_id": external_id, "region": "baku"})
        assert response.status_code == 201, response.text
        return response.json()["reference"]

    return send


def no_horizontal_scroll(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_officer_answers_from_the_queue_and_the_citizen_sees_it(live_server: str, db: Session, post,
                                                                 tmp_path: Path, launch_chromium) -> None:
    from playwright.sync_api import sync_playwright

    from aigov.accounts.service import create_user
    from aigov.db.engine import session_factory

    with session_factory()() as session, session.begin():
        create_user(session, username=OFFICER, password=PASSWORD, role="officer", agency_code="azerishiq")
    base = live_server
    ref = post(base, TEXT, "e2e-sms-1")
    case = db.scalar(select(Case).where(Case.reference == ref))
    assert case is not None and case.agency == "azerishiq"

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            officer = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
            page = officer.new_page()
            problems: list[str] = []
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))

            page.goto(base + "/queue")
            # Not signed in: the login page, filled and sent with the keyboard alone, then back to the queues.
            page.wait_for_url("**/login?next=/queue")
            page.locator("input[name='username']").focus()
            page.keyboard.type(OFFICER)
            page.keyboard.press("Tab")
            page.keyboard.type(PASSWORD)
            page.keyboard.press("Enter")
            page.wait_for_url(base + "/queue")
            assert f"Signed in as {OFFICER}" in page.locator(".account-bar").inner_text()
            page.click("nav.main-nav a[href='/queue']")
            assert page.locator("h1").inner_text() == "Work queues"
            assert page.locator("tr[data-queue='azersu']").count() == 0  # another agency's queue is not shown

            page.click("tr[data-queue='azerishiq'] a")
            row = page.locator(f"tr[data-reference='{ref}']")
            assert row.count() == 1 and row.get_attribute("data-flag") == "ok"
            page.screenshot(path=str(tmp_path / "queue-en.png"), full_page=True)

            row.locator("a").click()
            assert ref in page.locator("h1").inner_text()
            assert "+994 50 123 45 67" not in page.content()
            page.click("#form-assign button[type='submit']")
            assert page.locator("#outcome").inner_text() == "The case is assigned."
            page.fill("textarea[name='answer']", ANSWER)
            assert page.locator("input[name='resolve']").is_checked()
            page.click("#form-answer button[type='submit']")
            assert "the case is resolved" in page.locator("#outcome").inner_text()
            assert "Resolved" in page.locator(".case-badges").inner_text()
            page.screenshot(path=str(tmp_path / "case-en.png"), full_page=True)
            assert not problems, problems

            db.commit()  # end this session\'s read snapshot, then reload

            db.expire_all()
            queued = db.scalars(select(OutboxMessage).where(OutboxMessage.case_id == case.id)).all()
            assert [(q.channel, q.recipient, q.body, q.status) for q in queued] == [
                ("sms", "e2e-sms-1", ANSWER, "queued")]

            citizen = browser.new_context(viewport={"width": 390, "height": 844}, locale="az-AZ",
                                          is_mobile=True, has_touch=True)
            phone = citizen.new_page()
            phone.goto(base + "/track")
            phone.fill("input[name='ref']", ref.lower())
            phone.keyboard.press("Enter")
            phone.wait_for_url(f"**/track/{ref}")
            assert phone.locator("[data-status]").get_attribute("data-status") == "resolved"
            assert phone.locator(".track-answer [data-answer]").inner_text() == ANSWER
            html = phone.content()
            assert OFFICER not in html and "+994 50 123 45 67" not in html and "/queue" not in html
            assert no_horizontal_scroll(phone)
            phone.screenshot(path=str(tmp_path / "track-az-390.png"), full_page=True)

            wide = citizen.new_page()
            wide.set_viewport_size({"width": 1366, "height": 900})
            wide.goto(f"{base}/track/{ref}?lang=en")
            assert "Answered" in wide.locator(".track-status-title").inner_text()
            wide.screenshot(path=str(tmp_path / "track-en.png"), full_page=True)

            narrow_queue = officer.new_page()
            narrow_queue.set_viewport_size({"width": 390, "height": 844})
            narrow_queue.goto(base + "/queue/azerishiq?status=all")
            assert no_horizontal_scroll(narrow_queue)
            narrow_queue.screenshot(path=str(tmp_path / "queue-en-390.png"), full_page=True)
        finally:
            browser.close()
    for name in ("queue-en.png", "track-az-390.png", "track-en.png"):
        assert (tmp_path / name).stat().st_size > 10_000


def test_keyboard_focus_is_visible_and_reaches_the_forms(live_server: str, launch_chromium, post,
                                                         session_cookie) -> None:
    from playwright.sync_api import sync_playwright

    ref = post(live_server, TEXT, "e2e-keys-1")
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_cookies([session_cookie(live_server, "officer", "azerishiq")])
            page = context.new_page()
            page.goto(f"{live_server}/cases/{ref}?lang=en")
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.className") == "skip-link"
            reached: set[str] = set()
            for _ in range(80):
                page.keyboard.press("Tab")
                focused = page.evaluate(
                    "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
                    " return [e.name || e.tagName, s.outlineStyle, s.outlineWidth]; })()")
                name, style, width = focused
                if name == "BODY":  # past the last control
                    break
                assert style != "none" and width != "0px", f"no visible focus on {name}"
                reached.add(name)
            assert {"answer", "resolve", "assignee", "to", "agency", "days", "comment"} <= reached
        finally:
            browser.close()


@pytest.mark.skipif(axe_script() is None, reason="axe-core not installed: npm install --no-save "
                    "--no-package-lock --prefix tests/web axe-core@4 (or set AIGOV_AXE_JS)")
def test_no_serious_accessibility_violations(live_server: str, launch_chromium, post, session_cookie) -> None:
    from playwright.sync_api import sync_playwright

    base = live_server
    ref = post(base, TEXT, "axe-1")
    post(base, "Salam, bir sualım var idi.", "axe-2", channel="web")
    script = axe_script()
    urls = ["/", "/messages", "/queue", "/queue/azerishiq", "/queue/triage", f"/cases/{ref}", "/track",
            f"/track/{ref}", "/track/AG-0000-0000-1", "/login"]
    found: dict[str, list[str]] = {}
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            for width in (1366, 390):
                context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
                page = context.new_page()
                for url in urls:
                    if url == "/login":  # the sign-in page, as the public sees it; the rest signed in
                        context.clear_cookies()
                    elif not context.cookies():
                        context.add_cookies([session_cookie(base, "admin")])
                    page.goto(base + url, wait_until="networkidle")
                    page.add_script_tag(path=str(script))
                    violations = page.evaluate(AXE_RUN)
                    bad = [f"{rule} ({impact}): {nodes}" for rule, impact, nodes in violations
                           if impact in {"serious", "critical"} and rule not in KNOWN.get(url, ())]
                    if bad:
                        found[f"{url} @ {width}px"] = bad
                context.close()
        finally:
            browser.close()
    assert not found, found
