"""In headless Chromium: a short conversation on the chat page, with a follow-up question and a handoff
that creates a routed case whose tracking reference the citizen sees."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.assistant.models import Handoff
from aigov.cases.models import Case

pytestmark = [pytest.mark.browser]


def test_conversation_with_follow_up_and_handoff(live_server: str, db: Session, launch_chromium) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_context(locale="en-US").new_page()
            problems: list[str] = []
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.goto(live_server + "/assistant")
            assert page.locator("h1").inner_text() == "Ask about public services"

            def ask(text: str) -> str:
                page.fill("#chat-q", text)
                page.click("form.chat-form button[type=submit]")
                page.wait_for_load_state("load")
                return page.locator("#latest .chat-answer").inner_text()

            first = ask("how much does a passport cost?")
            assert "40 AZN" in first and "[passport]" in first
            follow = ask("and what documents do I need?")
            assert "Documents needed" in follow and "military card" in follow  # same topic, other aspect
            assert "40 AZN" not in follow

            offer = ask("I want to complain: there has been no water in Sumgait for a week")
            assert "complaint" in offer
            form = page.locator("form.handoff-form")
            assert "no water in Sumgait" in form.locator("textarea[name=text]").input_value()
            form.locator("button[name=send]").click()  # without consent: refused, nothing created
            page.wait_for_load_state("load")
            assert page.locator("[role=alert]").first.is_visible()
            page.locator("form.handoff-form input[name=consent]").check()
            page.locator("form.handoff-form button[name=send]").click()
            page.wait_for_load_state("load")
            link = page.locator("#latest a[data-reference]")
            reference = link.get_attribute("data-reference")
            assert reference and link.get_attribute("href") == f"/track/{reference}"
            assert problems == []
        finally:
            browser.close()

    db.rollback()  # end any read snapshot
    case = db.scalar(select(Case).where(Case.reference == reference))
    assert case is not None and case.status in ("new", "triaged")
    handoff = db.scalar(select(Handoff).where(Handoff.reference == reference))
    assert handoff is not None and handoff.consent and "agree" in handoff.consent_text
