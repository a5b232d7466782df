"""Agency work queues, the case page with its forms, and the citizen's tracking page (server-rendered).

Who may see and change what comes from the permission policy (aigov.accounts): an officer sees
and acts on their own agency's cases only, and the signed-in user is recorded with every change.
Every POST form carries a signed CSRF token (HMAC of a per-browser nonce kept in a cookie, with the
time it was issued); a change that works redirects back (POST-redirect-GET), one
that is refused shows the page again with a localised explanation.  User-visible words live in the
templates (the catalogue test extracts them there); this module passes codes.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from aigov.accounts.deps import Principal, PrincipalDep
from aigov.accounts.scope import agency_scope, may_act, may_see_case
from aigov.calendar import current_calendar
from aigov.cases import answers
from aigov.cases.config import case_settings
from aigov.cases.deadlines import MAX_EXTENSION_DAYS, MAX_EXTENSIONS
from aigov.cases.lifecycle import (
    ALLOWED,
    NEEDS_REASON,
    OPEN_STATUSES,
    STATUSES,
    InvalidTransition,
    allowed_next,
)
from aigov.cases.models import Case
from aigov.cases.service import (
    CaseError,
    case_events,
    case_messages,
    deadline_flag,
    extend_deadline,
    get_case,
    reroute,
    transition,
)
from aigov.channels.outbox import for_case
from aigov.config import get_settings
from aigov.db.base import utcnow
from aigov.messages.models import Message
from aigov.messages.reference import normalise_reference
from aigov.reference.service import agency_names, current_taxonomy
from aigov.web import exports
from aigov.web.deps import SessionDep
from aigov.web.i18n import localised, request_locale, use_locale
from aigov.web.pages import COOKIE_MAX_AGE, Labels, error_page, parse_day, parse_page, render

router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Query(max_length=48)]

TRIAGE = "triage"  # the queue of cases no agency holds yet
QUEUE_PAGE_SIZE = 50
CSRF_COOKIE = "aigov_csrf"
CSRF_FIELD = "csrf_token"
CSRF_MAX_AGE = 12 * 3600
MAX_NAME_CHARS = 64
MAX_FORM_FIELDS = 20
NONCE = re.compile(r"[A-Za-z0-9_-]{32,64}")
FLAGS = ("breached", "near", "ok")
STATUS_FILTERS = ("open", "all", *STATUSES)
# Changes with forms of their own (assign needs an officer, forwarded an agency) are not in the status form.
OWN_FORMS = frozenset({"assigned", "forwarded"})


# --- CSRF and the signed-in user --------------------------------------------------------------------------

def _signature(nonce: str, issued: int) -> str:
    key = get_settings().resolved_secret_key().encode()
    return hmac.new(key, f"aigov-csrf|{nonce}|{issued}".encode(), hashlib.sha256).hexdigest()


def csrf_token(nonce: str, *, now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    return f"{issued}.{_signature(nonce, issued)}"


def csrf_valid(nonce: str | None, token: str | None, *, now: float | None = None) -> bool:
    """True when ``token`` was issued for this browser's ``nonce`` less than CSRF_MAX_AGE seconds ago."""
    if not nonce or not NONCE.fullmatch(nonce) or not token or len(token) > 100:
        return False
    issued_text, _dot, signature = token.partition(".")
    if not issued_text.isdigit():
        return False
    issued = int(issued_text)
    moment = now if now is not None else time.time()
    if not (moment - CSRF_MAX_AGE <= issued <= moment + 60):
        return False
    return hmac.compare_digest(signature, _signature(nonce, issued))


@dataclass
class Visitor:
    """The browser's CSRF nonce (new if it had none) and the signed-in user's name."""

    nonce: str
    new_nonce: bool
    officer: str | None

    @property
    def token(self) -> str:
        return csrf_token(self.nonce)


def clean_name(raw: str | None) -> str | None:
    """An officer's name as typed: spaces tidied, control characters dropped, at most 64 characters."""
    text = "".join(ch for ch in (raw or "") if ch.isprintable())
    text = " ".join(text.split())[:MAX_NAME_CHARS]
    return text or None


def visitor(request: Request) -> Visitor:
    nonce = request.cookies.get(CSRF_COOKIE)
    new = not (nonce and NONCE.fullmatch(nonce))
    principal = getattr(request.state, "principal", None)
    return Visitor(nonce=secrets.token_urlsafe(32) if new else nonce,  # type: ignore[arg-type]
                   new_nonce=new, officer=principal.username if principal is not None else None)


def keep_nonce(request: Request, response: Response, who: Visitor) -> Response:
    if who.new_nonce:
        response.set_cookie(CSRF_COOKIE, who.nonce, max_age=COOKIE_MAX_AGE, path="/", httponly=True,
                            samesite="lax", secure=request.url.scheme == "https")
    return response


async def form_fields(request: Request) -> dict[str, str]:
    """The fields of a urlencoded form (first value of each); anything else reads as an empty form."""
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return {}
    try:
        pairs = parse_qsl((await request.body()).decode("utf-8"), keep_blank_values=True,
                          max_num_fields=MAX_FORM_FIELDS)
    except (UnicodeDecodeError, ValueError):
        return {}
    fields: dict[str, str] = {}
    for key, value in pairs:
        fields.setdefault(key, value)
    return fields


FormDep = Annotated[dict[str, str], Depends(form_fields)]


def refused(request: Request, back: str) -> HTMLResponse:
    """A form whose CSRF token is missing, stale or forged: nothing done, a way back offered."""
    with use_locale(request_locale(request)) as locale:
        response = render(request, locale, "form_refused.html", status_code=403, nav=None, back=back)
    return keep_nonce(request, response, visitor(request))  # type: ignore[return-value]


# --- queues ---------------------------------------------------------------------------------------------

def agency_labels() -> dict[str, str]:
    return {code: localised(names, code) for code, names in agency_names().items()}


def near_cutoff(now: datetime) -> datetime:
    """The latest due moment that still counts as near breach at ``now``."""
    cal = current_calendar()
    return cal.end_of_day(cal.add_working_days(cal.local_date(now), case_settings().near_breach_days))


@dataclass
class QueueCount:
    code: str
    name: str
    open: int = 0
    near: int = 0
    breached: int = 0
    escalated: int = 0


@router.get("/queue", response_class=HTMLResponse)
def queue_index(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    """Every agency's open cases (an officer: their own agency's only, and no triage queue)."""
    own = agency_scope(principal)
    with use_locale(request_locale(request)) as locale:
        who = visitor(request)
        now = utcnow()
        cutoff = near_cutoff(now)
        names = agency_labels()
        counts = {code: QueueCount(code, name) for code, name in names.items()}
        triage = QueueCount(TRIAGE, "")
        rows = session.execute(
            select(Case.agency, Case.status, Case.due_at).where(Case.status.in_(OPEN_STATUSES))
        )
        for agency, status, due_at in rows:
            row = triage if agency is None else counts.setdefault(agency, QueueCount(agency, agency))
            row.open += 1
            row.escalated += status == "escalated"
            if due_at is not None:
                row.breached += due_at < now
                row.near += now <= due_at <= cutoff
        agencies = sorted(counts.values(), key=lambda r: (-r.breached, -r.open, r.name.casefold()))
        if own is not None:
            agencies, triage = [row for row in agencies if row.code == own], None  # type: ignore[assignment]
        response = render(request, locale, "queue_index.html", nav="queue", triage=triage, agencies=agencies,
                          who=who, here="/queue")
        return keep_nonce(request, response, who)


@dataclass
class QueueQuery:
    status: str = "open"
    region: str | None = None
    urgency: str | None = None
    flag: str | None = None
    due_by: date | None = None

    def params(self, **overrides: Any) -> dict[str, str]:
        values = {"status": None if self.status == "open" else self.status, "region": self.region,
                  "urgency": self.urgency, "flag": self.flag,
                  "due_by": self.due_by.isoformat() if self.due_by else None, **overrides}
        return {key: str(value) for key, value in values.items() if value}

    @property
    def active(self) -> bool:
        return bool(self.params())


def queue_query(status: Text = None, region: Text = None, urgency: Text = None, flag: Text = None,
                due_by: Annotated[str | None, Query(max_length=32)] = None) -> QueueQuery:
    return QueueQuery(
        status=status if status in STATUS_FILTERS else "open",
        region=region or None, urgency=urgency or None,
        flag=flag if flag in FLAGS else None, due_by=parse_day(due_by),
    )


@router.get("/queue/{agency}", response_class=HTMLResponse)
def agency_queue(request: Request, session: SessionDep, agency: str, principal: PrincipalDep,
                 query: Annotated[QueueQuery, Depends(queue_query)],
                 page: Annotated[str | None, Query(max_length=12)] = None) -> Response:
    names = agency_labels()
    if agency != TRIAGE and agency not in names:
        return error_page(request, 404)
    if agency_scope(principal) not in (None, agency):
        return error_page(request, 403)
    with use_locale(request_locale(request)) as locale:
        who = visitor(request)
        now = utcnow()
        stmt = queue_statement(agency, query, now)
        total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        pages = max(1, -(-total // QUEUE_PAGE_SIZE))
        wanted = min(parse_page(page), pages)
        cases = list(session.scalars(
            stmt.order_by(*QUEUE_ORDER).offset((wanted - 1) * QUEUE_PAGE_SIZE).limit(QUEUE_PAGE_SIZE)
        ))
        base = f"/queue/{agency}?"
        response = render(
            request, locale, "queue.html", nav="queue", agency=agency,
            agency_name=names.get(agency, ""), query=query, labels=Labels.current(), cases=cases,
            flags={c.id: deadline_flag(c, now) for c in cases}, total=total, page=wanted, pages=pages,
            statuses=STATUSES, flag_codes=FLAGS, who=who, here=str(request.url.path),
            prev_url=_page_url(base, query, wanted - 1) if wanted > 1 else None,
            next_url=_page_url(base, query, wanted + 1) if wanted < pages else None,
            export_urls={fmt: f"/queue/{agency}/export.{fmt}?" + urlencode(query.params())
                         for fmt in exports.FORMATS},
            export_limit=exports.MAX_EXPORT_ROWS,
        )
        return keep_nonce(request, response, who)


QUEUE_ORDER = (Case.due_at.is_(None), Case.due_at, Case.registered_at, Case.id)


def queue_statement(agency: str, query: QueueQuery, now: datetime) -> Select:
    """The cases of one queue (an agency's, or triage's) that match the queue page's filters."""
    stmt = select(Case).where(Case.agency.is_(None) if agency == TRIAGE else Case.agency == agency)
    if query.status == "open":
        stmt = stmt.where(Case.status.in_(OPEN_STATUSES))
    elif query.status != "all":
        stmt = stmt.where(Case.status == query.status)
    if query.region:
        stmt = stmt.where(Case.region == query.region)
    if query.urgency:
        stmt = stmt.where(Case.urgency == query.urgency)
    if query.due_by:
        stmt = stmt.where(Case.due_at <= current_calendar().end_of_day(query.due_by))
    if query.flag:
        cutoff = near_cutoff(now)
        stmt = stmt.where(Case.status.in_(OPEN_STATUSES), Case.due_at.is_not(None))
        stmt = stmt.where({"breached": Case.due_at < now,
                           "near": Case.due_at.between(now, cutoff),
                           "ok": Case.due_at > cutoff}[query.flag])
    return stmt


@router.get("/queue/{agency}/export.{fmt}")
def agency_queue_export(request: Request, session: SessionDep, agency: str, fmt: str, principal: PrincipalDep,
                        query: Annotated[QueueQuery, Depends(queue_query)]) -> Response:
    """The queue's filtered list as CSV or XLSX, in the page's order (at most MAX_EXPORT_ROWS rows)."""
    if fmt not in exports.FORMATS or (agency != TRIAGE and agency not in agency_labels()):
        return error_page(request, 404)
    if agency_scope(principal) not in (None, agency):
        return error_page(request, 403)
    with use_locale(request_locale(request)):
        now = utcnow()
        stmt = queue_statement(agency, query, now)
        total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        cases = list(session.scalars(stmt.order_by(*QUEUE_ORDER).limit(exports.MAX_EXPORT_ROWS)))
        flags = {c.id: deadline_flag(c, now) for c in cases}
        return exports.download(fmt, f"queue-{agency}-{exports.stamp()}",  # type: ignore[arg-type]
                                exports.case_headers(), exports.case_rows(cases, flags, Labels.current()),
                                {"X-Total-Count": str(total)})


def _page_url(base: str, query: QueueQuery, page: int) -> str:
    return base + urlencode(query.params(page=page if page > 1 else None))


# --- the case page and its forms ------------------------------------------------------------------------

@dataclass
class Problem:
    """Why a form was refused: a code the template words, with the values it needs."""

    code: str
    values: dict[str, Any]
    form: str  # which form, so its fields are shown again next to the message


def _case_or_none(session: Session, reference: str) -> Case | None:
    ref = normalise_reference(reference) if len(reference) <= 32 else None
    return get_case(session, reference=ref) if ref else None


def show_case(request: Request, session: Session, case: Case, principal: Principal, *,
              problem: Problem | None = None, typed: dict[str, str] | None = None,
              status_code: int = 200) -> Response:
    with use_locale(request_locale(request)) as locale:
        who = visitor(request)
        now = utcnow()
        nxt = allowed_next(case.status)
        taxonomy = current_taxonomy()
        labels = Labels.current()
        done = request.query_params.get("done") if problem is None else None
        response = render(
            request, locale, "case.html", status_code=status_code, nav="queue", case=case,
            labels=labels, agencies=sorted(agency_labels().items(), key=lambda kv: kv[1].casefold()),
            topics=labels.sorted_options("topic") if taxonomy.topics else [],
            messages=case_messages(session, case), events=case_events(session, case),
            outbox=for_case(session, case.id), flag=deadline_flag(case, now),
            status_options=[s for s in nxt if s not in OWN_FORMS], can_assign="assigned" in nxt,
            can_reroute=case.status == "new" or "forwarded" in nxt,
            can_extend=case.due_at is not None and case.status in OPEN_STATUSES
            and case.extension_count < MAX_EXTENSIONS,
            can_answer=case.status in answers.ANSWERABLE, needs_reason=sorted(NEEDS_REASON),
            max_extension=MAX_EXTENSION_DAYS, problem=problem, typed=typed or {}, done=done, who=who,
            can_act=may_act(principal, case),
            here=f"/cases/{case.reference}",
        )
        return keep_nonce(request, response, who)


@router.get("/cases/{reference}", response_class=HTMLResponse)
def case_page(request: Request, session: SessionDep, reference: str, principal: PrincipalDep) -> Response:
    case = _case_or_none(session, reference)
    if case is None:
        return error_page(request, 404)
    if not may_see_case(principal, case):
        return error_page(request, 403)
    return show_case(request, session, case, principal)


ACTIONS = ("assign", "status", "reroute", "comment", "extend", "answer")


@router.post("/cases/{reference}/{action}")
def case_action(request: Request, session: SessionDep, reference: str, action: str,
                form: FormDep, principal: PrincipalDep) -> Response:
    """One of the case page's forms: do it and redirect back, or show the page again saying why not."""
    case = _case_or_none(session, reference)
    if case is None or action not in ACTIONS:
        return error_page(request, 404)
    if not may_act(principal, case):
        return error_page(request, 403)
    here = f"/cases/{case.reference}"
    if not csrf_valid(request.cookies.get(CSRF_COOKIE), form.get(CSRF_FIELD)):
        return refused(request, here)
    actor = principal.actor
    typed = {k: v for k, v in form.items() if k != CSRF_FIELD}
    try:
        problem = _ACTION[action](session, case, form, actor)
    except InvalidTransition:  # the service's own check, after ours: the case changed meanwhile
        problem = Problem("stale", {}, action)
    except CaseError:
        problem = Problem("refused", {}, action)
    if problem is not None:
        session.rollback()
        session.refresh(case)
        status_code = 409 if problem.code in CONFLICTS else 422
        return show_case(request, session, case, principal, problem=problem, typed=typed,
                         status_code=status_code)
    done = "answered_resolved" if action == "answer" and case.status == "resolved" else action
    return RedirectResponse(f"{here}?done={done}#outcome", status_code=303)


CONFLICTS = frozenset({  # refused because of the case's state (409), not because of what was typed (422)
    "invalid_transition", "stale", "refused", "not_answerable", "extend_once", "no_deadline", "not_open",
    "unassignable", "cannot_resolve", "same_agency",
})


def _transition_problem(case: Case, to: str, form: str) -> Problem | None:
    if to not in ALLOWED.get(case.status, frozenset()):
        return Problem("invalid_transition", {"from": case.status, "to": to,
                                              "allowed": allowed_next(case.status)}, form)
    return None


def _assign(session: Session, case: Case, form: dict[str, str], actor: str) -> Problem | None:
    problem = _transition_problem(case, "assigned", "assign")
    if problem:
        return problem
    if case.agency is None:
        return Problem("unassignable", {}, "assign")
    assignee = clean_name(form.get("assignee")) or actor
    transition(session, case, "assigned", actor=actor, assignee=assignee, note=_note(form))
    return None


def _status(session: Session, case: Case, form: dict[str, str], actor: str) -> Problem | None:
    to = (form.get("to") or "").strip()
    if to not in STATUSES:
        return Problem("choose_status", {}, "status")
    if to in OWN_FORMS:
        return Problem("own_form", {"to": to}, "status")
    problem = _transition_problem(case, to, "status")
    if problem:
        return problem
    reason = (form.get("reason") or "").strip()
    if to in NEEDS_REASON and not reason:
        return Problem("needs_reason", {"to": to}, "status")
    if len(reason) > answers.MAX_COMMENT_CHARS:
        return Problem("too_long", {"limit": answers.MAX_COMMENT_CHARS}, "status")
    transition(session, case, to, actor=actor, reason=reason or None, note=_note(form))
    return None


def _reroute(session: Session, case: Case, form: dict[str, str], actor: str) -> Problem | None:
    taxonomy = current_taxonomy()
    agency = (form.get("agency") or "").strip()
    topic = (form.get("topic") or "").strip() or None
    if taxonomy.agency_by_code(agency) is None:
        return Problem("choose_agency", {}, "reroute")
    if topic is not None and taxonomy.topic_by_code(topic) is None:
        return Problem("choose_topic", {}, "reroute")
    if case.status != "new":
        problem = _transition_problem(case, "forwarded", "reroute")
        if problem:
            return problem
    if agency == case.agency and topic in (None, case.topic):
        return Problem("same_agency", {}, "reroute")
    reroute(session, case, agency, actor=actor, topic=topic, note=_note(form))
    return None


def _comment(session: Session, case: Case, form: dict[str, str], actor: str) -> Problem | None:
    text = (form.get("comment") or "").strip()
    if not text:
        return Problem("empty", {}, "comment")
    if len(text) > answers.MAX_COMMENT_CHARS:
        return Problem("too_long", {"limit": answers.MAX_COMMENT_CHARS}, "comment")
    answers.add_comment(session, case, actor=actor, text=text)
    return None


def _extend(session: Session, case: Case, form: dict[str, str], actor: str) -> Problem | None:
    raw = (form.get("days") or "").strip()
    days = int(raw) if raw.isdigit() and len(raw) < 4 else 0
    if case.due_at is None:
        return Problem("no_deadline", {}, "extend")
    if case.status not in OPEN_STATUSES:
        return Problem("not_open", {}, "extend")
    if case.extension_count >= MAX_EXTENSIONS:
        return Problem("extend_once", {}, "extend")
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        return Problem("extend_days", {"limit": MAX_EXTENSION_DAYS}, "extend")
    extend_deadline(session, case, days=days, actor=actor, note=_note(form))
    return None


def _answer(session: Session, case: Case, form: dict[str, str], actor: str) -> Problem | None:
    text = (form.get("answer") or "").strip()
    resolve = form.get("resolve") in {"1", "on", "yes", "true"}
    if not text:
        return Problem("empty", {}, "answer")
    if len(text) > answers.MAX_ANSWER_CHARS:
        return Problem("too_long", {"limit": answers.MAX_ANSWER_CHARS}, "answer")
    if case.status not in answers.ANSWERABLE:
        return Problem("not_answerable", {}, "answer")
    if resolve and case.status != "resolved":
        problem = _transition_problem(case, "resolved", "answer")
        if problem:
            problem.code = "cannot_resolve"
            return problem
    answers.answer_case(session, case, text=text, actor=actor, resolve=resolve)
    return None


def _note(form: dict[str, str]) -> str | None:
    note = (form.get("note") or "").strip()
    return note[: answers.MAX_COMMENT_CHARS] or None


_ACTION = {"assign": _assign, "status": _status, "reroute": _reroute, "comment": _comment, "extend": _extend,
           "answer": _answer}


# --- the citizen's tracking page ------------------------------------------------------------------------

@router.get("/track", response_class=HTMLResponse)
def track_form(request: Request, ref: Annotated[str | None, Query(max_length=64)] = None) -> Response:
    """The form asking for a reference number; a submitted number goes to its page."""
    if ref is not None and ref.strip():
        canonical = normalise_reference(ref)
        if canonical is None:
            return track_missing(request, typed=ref)
        return RedirectResponse(f"/track/{canonical}", status_code=303)
    with use_locale(request_locale(request)) as locale:
        return render(request, locale, "track_form.html", nav="track", typed="", missing=False)


def track_missing(request: Request, *, typed: str) -> HTMLResponse:
    with use_locale(request_locale(request)) as locale:
        return render(request, locale, "track_form.html", status_code=404, nav="track", typed=typed[:64],
                      missing=True)


@router.get("/track/{reference}", response_class=HTMLResponse)
def track(request: Request, session: SessionDep, reference: str) -> Response:
    """What the citizen may see: status in plain words, dates, the public answer and their own message."""
    ref = normalise_reference(reference) if len(reference) <= 32 else None
    if ref is None:
        return track_missing(request, typed=reference)
    message = session.scalar(select(Message).where(Message.reference == ref))
    case = session.get(Case, message.case_id) if message is not None and message.case_id else None
    if case is None and message is None:
        case = get_case(session, reference=ref)
        message = answers.first_message(session, case) if case else None
    if message is None:
        return track_missing(request, typed=reference)
    if ref != reference:
        return RedirectResponse(f"/track/{ref}", status_code=307)
    with use_locale(request_locale(request)) as locale:
        return render(request, locale, "track.html", nav="track", reference=ref, message=message, case=case,
                      agency_name=agency_labels().get(case.agency, "") if case and case.agency else "",
                      labels=Labels.current())
