"""Agency work queues, the case page's forms (CSRF, who may act, lifecycle checks) and the tracking page."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.cases import pages
from aigov.cases.models import Case, CaseEvent, RoutingCorrection
from aigov.channels.outbox import OutboxMessage

PHONE = "+994 50 123 45 67"
OUTAGE = f"Salam, Binəqədi rayonunda üç gündür işıq yoxdur. Zəhmət olmasa kömək edin. Telefon: {PHONE}"


def post_message(client, text: str = OUTAGE, *, external_id: str = "pages-1", channel: str = "sms",
                 region: str = "baku", received_at: datetime | None = None) -> str:
    body = {"text": text, "channel": channel, "external_id": external_id, "region": region}
    if received_at is not None:
        body["received_at"] = received_at.isoformat()
    response = client.post("/api/v1/messages", json=body)
    assert response.status_code == 201, response.text
    return response.json()["reference"]


def token_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def username(client) -> str:  # type: ignore[no-untyped-def]
    """The signed-in user of ``client`` (recorded with every change it makes)."""
    return client.get("/api/v1/me").json()["username"]


def act(client, ref: str, action: str, **fields: str):  # type: ignore[no-untyped-def]
    token = token_of(client.get(f"/cases/{ref}").text)
    return client.post(f"/cases/{ref}/{action}", data={"csrf_token": token, **fields}, follow_redirects=False)


def case_of(db: Session, ref: str) -> Case:
    db.commit()  # end this session\'s read snapshot, then reload
    db.expire_all()
    case = db.scalar(select(Case).where(Case.reference == ref))
    assert case is not None
    return case


def test_a_message_routed_by_the_analysis_shows_in_its_agencys_queue(client, db: Session) -> None:
    ref = post_message(client)
    assert case_of(db, ref).agency == "azerishiq"
    index = client.get("/queue", params={"lang": "en"})
    assert index.status_code == 200
    row = re.search(r'<tr data-queue="azerishiq">.*?</tr>', index.text, re.S)
    assert row and 'href="/queue/azerishiq"' in row.group(0) and ">1</td>" in row.group(0)
    assert f"Signed in as {username(client)}" in index.text

    queue = client.get("/queue/azerishiq", params={"lang": "en"})
    assert f'href="/cases/{ref}"' in queue.text
    assert "Cases found: 1" in queue.text
    assert ref not in client.get("/queue/azersu").text


def test_queue_filters_and_deadline_flags(client, db: Session) -> None:
    old = post_message(client, external_id="old", received_at=datetime.now(UTC) - timedelta(days=60))
    new = post_message(client, "Xırdalanda gecələr işıq sönür, transformator yanıb", external_id="new",
                       region="absheron_khizi")
    html = client.get("/queue/azerishiq", params={"lang": "en"}).text
    assert html.index(old) < html.index(new), "sorted by due date, earliest first"
    assert re.search(rf'data-reference="{old}" data-flag="breached"', html)
    assert "Deadline passed" in html

    breached = client.get("/queue/azerishiq", params={"flag": "breached"}).text
    assert old in breached and new not in breached
    in_baku = client.get("/queue/azerishiq", params={"region": "baku"}).text
    assert old in in_baku and new not in in_baku
    by_date = client.get("/queue/azerishiq", params={"due_by": datetime.now(UTC).date().isoformat()}).text
    assert old in by_date and new not in by_date
    assert new not in client.get("/queue/azerishiq", params={"status": "resolved"}).text


def test_unclear_messages_wait_in_the_triage_queue(client, db: Session) -> None:
    ref = post_message(client, "Salam, bir sualım var idi, zəhmət olmasa zəng edin.", external_id="vague")
    case = case_of(db, ref)
    assert case.agency is None and case.status == "new"
    assert f'href="/cases/{ref}"' in client.get("/queue/triage").text
    response = act(client, ref, "reroute", agency="azersu", topic="water")
    assert response.status_code == 303
    case = case_of(db, ref)
    assert (case.agency, case.topic, case.status) == ("azersu", "water", "triaged")
    correction = db.scalar(select(RoutingCorrection).where(RoutingCorrection.case_id == case.id))
    assert correction.actor == username(client)
    assert f'href="/cases/{ref}"' in client.get("/queue/azersu").text


def test_unknown_queue_and_case_are_friendly_404_pages(client) -> None:
    for url in ("/queue/nobody", "/cases/AG-0000-0000-0", "/cases/not-a-reference", "/cases/" + "A" * 300):
        response = client.get(url, params={"lang": "en"})
        assert response.status_code == 404, url
        assert "Page not found" in response.text and "Traceback" not in response.text


def test_case_page_shows_redacted_messages_and_only_allowed_next_states(client, db: Session) -> None:
    ref = post_message(client)
    html = client.get(f"/cases/{ref}", params={"lang": "en"}).text
    assert "Binəqədi" in html and PHONE not in html and "123 45 67" not in html
    status_form = re.search(r'<form method="post" action="/cases/[^"]+/status">.*?</form>', html, re.S)
    offered = set(re.findall(r'<option value="(\w+)"', status_form.group(0)))
    assert offered == {"rejected", "escalated"}  # triaged → assigned and forwarded have their own forms
    assert f'action="/cases/{ref}/assign"' in html and f'action="/cases/{ref}/reroute"' in html
    assert "system" in html  # the history names who did what


def test_posts_without_a_valid_csrf_token_change_nothing(client, db: Session) -> None:
    ref = post_message(client)
    client.get(f"/cases/{ref}")
    for token in (None, "", "123.abc", f"{int(time.time())}.{'0' * 64}"):
        data = {"assignee": "Mallory"} if token is None else {"assignee": "Mallory", "csrf_token": token}
        response = client.post(f"/cases/{ref}/assign", data=data, follow_redirects=False)
        assert response.status_code == 403
        assert "nothing was changed" in client.post(f"/cases/{ref}/assign", data=data,
                                                    params={"lang": "en"}).text
    assert case_of(db, ref).status == "triaged"
    other_browser_token = pages.csrf_token("x" * 43)
    response = client.post(f"/cases/{ref}/assign", data={"csrf_token": other_browser_token})
    assert response.status_code == 403


def test_csrf_tokens_expire() -> None:
    nonce = "n" * 43
    assert pages.csrf_valid(nonce, pages.csrf_token(nonce))
    stale = pages.csrf_token(nonce, now=time.time() - pages.CSRF_MAX_AGE - 5)
    assert not pages.csrf_valid(nonce, stale)
    assert not pages.csrf_valid("m" * 43, pages.csrf_token(nonce))


def test_changes_need_an_account_that_may_act(client, client_as, db: Session) -> None:
    ref = post_message(client)
    public = client_as("public")
    response = public.post(f"/cases/{ref}/assign", data={"assignee": "Someone"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")
    analyst = client_as("analyst")
    html = analyst.get(f"/cases/{ref}", params={"lang": "en"}).text
    assert "Binəqədi" in html and 'action="/cases/' not in html  # reads the case, is offered no form
    token = pages.csrf_token(analyst.cookies[pages.CSRF_COOKIE])  # a valid token of the analyst's browser
    assert analyst.post(f"/cases/{ref}/assign", data={"csrf_token": token}).status_code == 403
    assert case_of(db, ref).status == "triaged"


def test_the_signed_in_user_is_recorded(client, db: Session) -> None:
    ref = post_message(client)
    name = username(client)
    html = client.get(f"/cases/{ref}").text
    assert f'value="{name}"' in html  # the assignee defaults to whoever is signed in
    response = act(client, ref, "assign", assignee="")
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"/cases/{ref}?done=assign")
    case = case_of(db, ref)
    assert (case.status, case.assigned_to) == ("assigned", name)
    events = select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id.desc())
    last = db.scalars(events).first()
    assert last.actor == name and last.to_status == "assigned"
    assert "İş təyin edildi." in client.get(response.headers["location"]).text


def test_invalid_transitions_are_refused_with_a_localised_message(client, db: Session) -> None:
    ref = post_message(client)
    client.cookies.set("aigov_lang", "ru")
    response = act(client, ref, "status", to="closed")
    assert response.status_code == 409
    assert "Изменение не внесено" in response.text
    assert "нельзя перевести в статус «Закрыто»" in response.text
    client.cookies.set("aigov_lang", "en")
    response = act(client, ref, "status", to="in_progress")
    assert response.status_code == 409
    assert "Allowed next: Assigned, Rejected, Forwarded, Escalated." in response.text
    assert act(client, ref, "status", to="bogus").status_code == 422
    response = act(client, ref, "status", to="rejected", reason=" ")
    assert response.status_code == 422 and "Give a reason" in response.text
    assert case_of(db, ref).status == "triaged"
    assert act(client, ref, "status", to="rejected", reason="Not about public services").status_code == 303
    case = case_of(db, ref)
    assert (case.status, case.resolution_reason) == ("rejected", "Not about public services")


def test_answer_is_stored_queued_for_the_original_channel_and_resolves(client, db: Session) -> None:
    ref = post_message(client, external_id="sms-777", channel="sms")
    assert act(client, ref, "assign").status_code == 303
    answer = "Salam! Binəqədi rayonunda işıq bərpa olundu. Narahatlığa görə üzr istəyirik."
    response = act(client, ref, "answer", answer=answer, resolve="1")
    assert response.status_code == 303 and "done=answered_resolved" in response.headers["location"]
    case = case_of(db, ref)
    assert (case.status, case.public_answer, case.public_answer_by) == ("resolved", answer, username(client))
    assert case.answered_at is not None
    queued = db.scalars(select(OutboxMessage).where(OutboxMessage.case_id == case.id)).all()
    assert [(q.channel, q.recipient, q.body, q.status) for q in queued] == [
        ("sms", "sms-777", answer, "queued")]
    assert "Waiting to be sent" in client.get(f"/cases/{ref}", params={"lang": "en"}).text


def test_answer_with_resolve_on_an_unassigned_case_saves_nothing(client, db: Session) -> None:
    ref = post_message(client)
    client.cookies.set("aigov_lang", "en")
    response = act(client, ref, "answer", answer="Your problem is solved.", resolve="1")
    assert response.status_code == 409
    assert "The answer was not saved" in response.text
    assert "Your problem is solved." in response.text  # the typed answer is kept in the form
    case = case_of(db, ref)
    assert case.public_answer is None and case.status == "triaged"
    assert db.scalars(select(OutboxMessage).where(OutboxMessage.case_id == case.id)).all() == []
    assert act(client, ref, "answer", answer="  ").status_code == 422


def test_extend_once_and_comment(client, db: Session) -> None:
    ref = post_message(client)
    due = case_of(db, ref).due_at
    assert act(client, ref, "extend", days="40").status_code == 422
    assert act(client, ref, "extend", days="5", note="waiting for the network operator").status_code == 303
    assert case_of(db, ref).due_at > due
    assert f'action="/cases/{ref}/extend"' not in client.get(f"/cases/{ref}").text
    response = act(client, ref, "extend", days="5")
    assert response.status_code == 409
    assert act(client, ref, "comment", comment="Called the district office").status_code == 303
    assert "comment: Called the district office" in client.get(f"/cases/{ref}").text


def test_tracking_page_shows_status_dates_and_answer_and_nothing_private(client, client_as,
                                                                         db: Session) -> None:
    ref = post_message(client)
    officer = username(client)
    act(client, ref, "comment", comment="internal: the substation manager is on leave")
    act(client, ref, "assign", assignee="Vüqar Həsənov")
    act(client, ref, "answer", answer="İşıq bərpa olundu.", resolve="1")
    other = post_message(client, "Nərimanov rayonunda su yoxdur, 0501112233", external_id="other")

    page = client_as("public").get(f"/track/{ref}", params={"lang": "en"})
    assert page.status_code == 200
    html = page.text
    assert "Answered" in html and "İşıq bərpa olundu." in html and "Azerishig OJSC" in html
    assert "Received" in html and "Answer due by" in html
    assert "Binəqədi" in html and PHONE not in html
    for private in (officer, "Vüqar", "substation manager", "system", other, "Nərimanov", "Work queues",
                    'href="/queue'):
        assert private not in html, private


@pytest.mark.parametrize("typed", ["AG-0000-0000-1", "nonsense", "AG-" + "9" * 40, "<script>"])
def test_unknown_or_malformed_references_get_a_friendly_404(client, typed: str) -> None:
    page = client.get(f"/track/{typed}", params={"lang": "ru"})
    assert page.status_code == 404
    assert "Обращение не найдено" in page.text and "<script>" not in page.text
    assert client.get("/track", params={"ref": typed}).status_code == 404


def test_track_form_goes_to_the_canonical_reference(client) -> None:
    ref = post_message(client)
    response = client.get("/track", params={"ref": " " + ref.lower().replace("-", " ") + " "},
                          follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/track/{ref}"
    assert client.get(f"/track/{ref.lower()}").url.path == f"/track/{ref}"
    assert 'name="ref"' in client.get("/track").text


def test_form_bodies_that_are_not_forms_are_refused_cleanly(client) -> None:
    ref = post_message(client)
    client.get(f"/cases/{ref}")
    for body, ctype in ((b"\xff\xfe", "application/x-www-form-urlencoded"), (b'{"a": 1}', "application/json"),
                        (b"&".join(b"f%d=1" % i for i in range(100)), "application/x-www-form-urlencoded")):
        response = client.post(f"/cases/{ref}/comment", content=body, headers={"content-type": ctype})
        assert response.status_code == 403
    assert client.post(f"/cases/{ref}/explode", data={}).status_code == 404
