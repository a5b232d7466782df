"""Open311 GeoReport v2 on top of aigov: services are taxonomy topics, service requests are messages.

* A service is a topic of the taxonomy: ``service_code`` is the topic code, ``group`` the agency.
* A service request is a citizen message; its ``service_request_id`` is the message's public reference,
  and its status comes from the message's case (``open`` while the case is open, else ``closed``).
  The list publishes only messages whose consent record names the purpose ``publication`` (the
  ``open311`` channel's default, reference/consent.yaml); any other message is found only by its
  reference, like on the tracking page, without its text or location.
* Posting a request runs the normal intake (channel ``open311``): the message is analysed, redacted and
  opens a case or joins an open case about the same problem. The analysis decides the topic and so the
  agency; the ``service_code`` sent is checked and used as the text when no description is given.
* ``first_name``/``last_name``, ``email`` and ``phone`` are the sender: kept apart from the message
  (``message_senders``, encrypted from issue 5) and never shown back; a request with none of them is an
  anonymous appeal, kept as a signal with no deadline. Device and account ids are not stored.
* ``lat``/``long``, ``address_string`` and ``media_url`` are stored with the message
  (``message_locations``) and returned by GET; ``address_id`` or ``address_string`` naming a district or
  economic region routes the request there, and ``address`` in answers is the ``address_string`` given,
  else the district and region of the case.
* The spec has no client-side id: a POST is idempotent only when the client sends an ``Idempotency-Key``
  header (a widely used HTTP convention, not part of GeoReport v2); without it every POST is a new request.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from aigov.analysis.pipeline import Pipeline
from aigov.cases.lifecycle import OPEN_STATUSES
from aigov.cases.models import Case, CaseEvent
from aigov.db.base import utcnow
from aigov.messages.errors import describe_validation_error
from aigov.messages.models import Message, MessageLocation
from aigov.messages.reference import normalise_reference
from aigov.messages.schemas import MessageIn, SenderIn
from aigov.messages.service import IntakeError, intake, save_location
from aigov.privacy.models import MessageConsent
from aigov.privacy.service import publication_allowed, publication_allowed_clause
from aigov.reference.loader import name_in
from aigov.reference.service import current_regions, current_taxonomy, resolve_region

BAKU = timezone(timedelta(hours=4), "AZT")  # Azerbaijan keeps UTC+4 all year
CHANNEL = "open311"
ACTOR = "open311"
MAX_DESCRIPTION = 4000  # the spec: free text limited to 4,000 characters
MAX_PAGE_SIZE = 1000  # the spec: at most 1000 requests per answer
DEFAULT_DAYS = 90  # the spec: without dates, the last 90 days
MAX_IDS = 200
MAX_ADDRESS = 1000
MAX_MEDIA_URL = 2048


class Open311Error(Exception):
    """An error answered in the spec's format: ``[{"code": status, "description": ...}]``."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


# --- words in three languages ---------------------------------------------------------------------------

_SERVICE_TEXT = {
    "az": ("{topic} üzrə müraciətlər; cavab verir: {agency}.",
           "{topic} üzrə müraciətlər; cavab verəcək qurumu əməkdaş müəyyən edir."),
    "ru": ("Обращения по теме «{topic}»; отвечает: {agency}.",
           "Обращения по теме «{topic}»; отвечающий орган определяет сотрудник."),
    "en": ("Requests about {topic}; answered by {agency}.",
           "Requests about {topic}; an officer decides which agency answers."),
}

_STATUS_NOTES = {
    "new": {"az": "Qeydə alınıb, baxılmasını gözləyir", "ru": "Зарегистрировано, ожидает рассмотрения",
            "en": "Registered, waiting for triage"},
    "triaged": {"az": "Məsul quruma göndərilib", "ru": "Направлено в ответственный орган",
                "en": "Sent to the responsible agency"},
    "assigned": {"az": "İcraçıya təyin edilib", "ru": "Назначено исполнителю",
                 "en": "Assigned to an officer"},
    "in_progress": {"az": "İcra olunur", "ru": "В работе", "en": "Being worked on"},
    "forwarded": {"az": "Səlahiyyətli quruma yönləndirilib", "ru": "Перенаправлено в компетентный орган",
                  "en": "Forwarded to the competent agency"},
    "escalated": {"az": "Qurum rəhbərinə ötürülüb", "ru": "Передано руководителю органа",
                  "en": "Escalated to the agency head"},
    "resolved": {"az": "Cavablandırılıb", "ru": "Дан ответ", "en": "Answered"},
    "rejected": {"az": "Təmin edilməyib", "ru": "Не удовлетворено", "en": "Not upheld"},
    "closed": {"az": "Bağlanıb", "ru": "Закрыто", "en": "Closed"},
}

_NOTICE_DUE = {
    "az": "Cavab {date} tarixinədək veriləcək (Vətəndaşların müraciətləri haqqında Qanun).",
    "ru": "Ответ будет дан до {date} (Закон об обращениях граждан).",
    "en": "An answer is due by {date} (Law on Citizens' Appeals).",
}
_NOTICE_ANONYMOUS = {
    "az": "Anonim müraciətlər siqnal kimi saxlanılır, rəsmi cavab verilmir.",
    "ru": "Анонимные обращения учитываются как сигналы, официальный ответ не даётся.",
    "en": "Anonymous appeals are kept as signals and get no formal answer.",
}
_NOTICE_TRIAGE = {
    "az": "Müraciət əməkdaş tərəfindən yoxlanılıb məsul quruma göndəriləcək.",
    "ru": "Сотрудник проверит обращение и направит его в ответственный орган.",
    "en": "An officer will check the request and send it to the responsible agency.",
}


# --- services -------------------------------------------------------------------------------------------

def services(locale: str) -> list[dict[str, Any]]:
    """One service per topic of the taxonomy, named in ``locale``."""
    return [_service(topic.code, locale) for topic in current_taxonomy().topics]


def service_definition(code: str) -> dict[str, Any]:
    """The definition of a service: no service asks for extra attributes, so the list is empty."""
    if current_taxonomy().topic_by_code(code) is None:
        raise Open311Error(404, "service_code not found")
    return {"service_code": code, "attributes": []}


def _service(code: str, locale: str) -> dict[str, Any]:
    taxonomy = current_taxonomy()
    topic = taxonomy.topic_by_code(code)
    assert topic is not None
    agency = taxonomy.agency_by_code(topic.agency)
    topic_name = name_in(topic.names, locale, topic.code)
    agency_name = name_in(agency.names, locale, agency.code) if agency else None
    with_agency, without_agency = _SERVICE_TEXT[locale]
    description = (with_agency.format(topic=topic_name, agency=agency_name) if agency_name
                   else without_agency.format(topic=topic_name))
    return {
        "service_code": topic.code,
        "service_name": topic_name,
        "description": description,
        "metadata": False,
        "type": "realtime",
        "keywords": _keywords(topic.keywords.get(locale) or topic.keywords.get("az") or []),
        "group": agency_name,
    }


def _keywords(stems: list[str], limit: int = 10) -> str:
    """The first few keywords as plain words, comma separated (the spec's format)."""
    words: list[str] = []
    for stem in stems:
        word = stem.replace("$", "").replace('"', "").strip()
        if word and word not in words:
            words.append(word)
        if len(words) == limit:
            break
    return ", ".join(words)


# --- posting a request ----------------------------------------------------------------------------------

@dataclass
class NewRequest:
    service_code: str
    description: str | None = None
    region: str | None = None  # a district or economic region code the location names
    sender: SenderIn = field(default_factory=SenderIn)  # all empty: an anonymous appeal
    lat: float | None = None
    long: float | None = None
    address: str | None = None  # address_string as given
    media_url: str | None = None

    @property
    def contact_given(self) -> bool:
        return self.sender.has_contact


def parse_new_request(fields: Mapping[str, Any]) -> NewRequest:
    """Check a POSTed request's fields (never echoing their values); raise Open311Error when invalid."""
    values = {k: _scalar(k, v) for k, v in fields.items() if not k.startswith("attribute[")}
    code = values.get("service_code")
    if not code:
        raise Open311Error(400, "service_code is required")
    if current_taxonomy().topic_by_code(code) is None:
        raise Open311Error(404, "service_code not found")
    description = values.get("description")
    if description is not None:
        if len(description) > MAX_DESCRIPTION:
            raise Open311Error(400, f"description is longer than {MAX_DESCRIPTION} characters")
        if "\x00" in description:
            raise Open311Error(400, "description contains a NUL character")
    lat, lon = values.get("lat"), values.get("long")
    address_string, address_id = values.get("address_string"), values.get("address_id")
    if (lat is None) != (lon is None):
        raise Open311Error(400, "lat and long must be given together")
    if lat is None and not address_string and not address_id:
        raise Open311Error(400, "a location is required: lat and long, address_string or address_id")
    lat_value = _coordinate("lat", lat, 90) if lat is not None else None
    long_value = _coordinate("long", lon or "", 180) if lon is not None else None
    region = None
    if address_id:
        found = resolve_region(address_id) if len(address_id) <= 64 else None
        if found is None:
            raise Open311Error(400, "address_id is not a known district or economic region code")
        region = found[1] or found[0]
    if address_string:
        if len(address_string) > MAX_ADDRESS:
            raise Open311Error(400, f"address_string is longer than {MAX_ADDRESS} characters")
        if not address_string.replace("\n", " ").isprintable():
            raise Open311Error(400, "address_string must be printable text")
        if region is None:
            region = _region_in(address_string)
    return NewRequest(service_code=code, description=description or None, region=region,
                      sender=_sender(values), lat=lat_value, long=long_value, address=address_string,
                      media_url=_media_url(values.get("media_url")))


def _sender(values: Mapping[str, str | None]) -> SenderIn:
    """The citizen's name and contact, checked like the API's ``sender`` (values never echoed)."""
    name = " ".join(part for part in (values.get("first_name"), values.get("last_name")) if part)
    try:
        return SenderIn(name=name or None, email=values.get("email"), phone=values.get("phone"))
    except ValidationError as exc:
        problems = describe_validation_error(exc).replace("name:", "first_name/last_name:")
        raise Open311Error(400, f"the contact details are not valid: {problems}") from None


def _media_url(raw: str | None) -> str | None:
    """An http(s) link to a photo of the problem (kept as given, never fetched)."""
    if raw is None:
        return None
    if len(raw) > MAX_MEDIA_URL:
        raise Open311Error(400, f"media_url is longer than {MAX_MEDIA_URL} characters")
    try:
        parts = urlsplit(raw)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in {"http", "https"} or not parts.hostname or not raw.isprintable() \
            or any(c.isspace() for c in raw):
        raise Open311Error(400, "media_url must be an http or https link")
    return raw


def create_request(session: Session, request: NewRequest, pipeline: Pipeline, *, locale: str,
                   idempotency_key: str | None = None) -> tuple[dict[str, Any], bool]:
    """Take in a request through the normal intake; return the spec's answer and whether it is new."""
    text = request.description or name_in(_topic_names(request.service_code), "az", request.service_code)
    try:
        item = MessageIn(text=text, channel=CHANNEL, external_id=_external_id(idempotency_key),
                         region=request.region, sender=request.sender)
        outcome = intake(session, [item], pipeline)[0]
    except ValidationError as exc:
        raise Open311Error(400, f"the request is not valid: {describe_validation_error(exc)}") from None
    except IntakeError as exc:
        raise Open311Error(400, str(exc)) from None
    message = outcome.message
    case = session.get(Case, message.case_id) if message.case_id is not None else None
    if outcome.status == "new":
        save_location(session, message, lat=request.lat, long=request.long,
                      address=public_address(request.address), media_url=request.media_url)
    if outcome.status == "new" and request.contact_given and case is not None:
        session.add(CaseEvent(case_id=case.id, from_status=case.status, to_status=case.status, actor=ACTOR,
                              at=utcnow(), note=f"request {message.reference}: the citizen gave contact "
                              "details through Open311 (kept apart, never shown)"))
        session.flush()
    answer = {"service_request_id": message.reference, "service_notice": _notice(case, locale),
              "account_id": None}
    return answer, outcome.status == "new"


def _external_id(key: str | None) -> str:
    if key is None:
        return f"o311:{uuid.uuid4().hex}"
    return "idem:" + hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:40]


def _scalar(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Open311Error(400, f"{_safe_name(name)} must be text or a number")
    text = str(value).strip()
    return text or None


def _safe_name(name: str) -> str:
    return name if name.isidentifier() and len(name) <= 32 else "a field"


def _coordinate(name: str, raw: str, bound: float) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise Open311Error(400, f"{name} is not a number") from None
    if not math.isfinite(value) or abs(value) > bound:
        raise Open311Error(400, f"{name} must lie between -{bound:g} and {bound:g}")
    return value


def _region_in(address: str) -> str | None:
    """A district or economic region named by the address as a whole or by one of its comma parts."""
    for part in [address, *address.split(",")]:
        part = part.strip()
        if part and len(part) <= 64:
            found = resolve_region(part)
            if found is not None:
                return found[1] or found[0]
    return None


# --- reading requests -----------------------------------------------------------------------------------

@dataclass
class RequestQuery:
    ids: list[str] = field(default_factory=list)  # references; when given, other filters are ignored
    service_codes: list[str] = field(default_factory=list)
    start: datetime | None = None
    end: datetime | None = None
    statuses: list[str] = field(default_factory=list)  # open, closed
    page: int = 1
    page_size: int = MAX_PAGE_SIZE


def parse_query(params: Mapping[str, str]) -> RequestQuery:
    """Read GET /requests parameters; raise Open311Error (400) for malformed ones."""
    query = RequestQuery()
    raw_ids = _list(params.get("service_request_id"))
    if len(raw_ids) > MAX_IDS:
        raise Open311Error(400, f"at most {MAX_IDS} service_request_id values at once")
    query.ids = [ref for ref in (normalise_reference(r) for r in raw_ids) if ref]
    if raw_ids and not query.ids:
        query.ids = ["-"]  # none can exist: answer an empty list, not everything
    query.service_codes = _list(params.get("service_code"))
    query.statuses = _list(params.get("status"))
    if any(s not in {"open", "closed"} for s in query.statuses):
        raise Open311Error(400, "status must be open, closed or both (comma separated)")
    query.start = _date_param(params, "start_date", end=False)
    query.end = _date_param(params, "end_date", end=True)
    if query.start and query.end and query.start > query.end:
        raise Open311Error(400, "start_date is after end_date")
    query.page = _int_param(params, "page", 1, 1, 1_000_000)
    query.page_size = _int_param(params, "page_size", MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    return query


def find_requests(session: Session, query: RequestQuery, *, locale: str,
                  now: datetime | None = None) -> tuple[int, list[dict[str, Any]]]:
    """The total number of matching requests and one page of them, newest first.

    Without ``service_request_id`` only requests whose consent allows publication are listed; asked for by
    reference, any request is found, without its text and location unless publication is allowed.
    """
    now = now or utcnow()
    statement = _joined()
    if query.ids:
        statement = statement.where(Message.reference.in_(query.ids))
    else:
        statement = statement.where(publication_allowed_clause(now))
        start, end = query.start, query.end
        if start is None and end is None:
            start = now - timedelta(days=DEFAULT_DAYS)
        if start is not None:
            statement = statement.where(Message.received_at >= start)
        if end is not None:
            statement = statement.where(Message.received_at <= end)
        if query.service_codes:
            statement = statement.where(func.coalesce(Case.topic, Message.topic).in_(query.service_codes))
        if set(query.statuses) == {"open"}:
            statement = statement.where(or_(Case.id.is_(None), Case.status.in_(OPEN_STATUSES)))
        elif set(query.statuses) == {"closed"}:
            statement = statement.where(Case.id.is_not(None), Case.status.not_in(OPEN_STATUSES))
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = session.execute(statement.order_by(Message.received_at.desc(), Message.id.desc())
                           .offset((query.page - 1) * query.page_size).limit(query.page_size)).all()
    return total, [request_out(message, case, locale, location, published=publication_allowed(consent, now))
                   for message, case, location, consent in rows]


def get_request(session: Session, raw_id: str, *, locale: str) -> dict[str, Any]:
    """One request by its reference (what the tracking page shows; text and place only when published)."""
    reference = normalise_reference(raw_id) if len(raw_id) <= 64 else None
    row = session.execute(_joined().where(Message.reference == reference)).first() if reference else None
    if row is None:
        raise Open311Error(404, "service_request_id not found")
    message, case, location, consent = row
    return request_out(message, case, locale, location, published=publication_allowed(consent))


def _joined():  # type: ignore[no-untyped-def]
    return (select(Message, Case, MessageLocation, MessageConsent).outerjoin(Case, Message.case_id == Case.id)
            .outerjoin(MessageLocation, MessageLocation.message_id == Message.id)
            .outerjoin(MessageConsent, MessageConsent.message_id == Message.id))


def request_out(message: Message, case: Case | None, locale: str,
                location: MessageLocation | None = None, *, published: bool = True) -> dict[str, Any]:
    """A message, its case and location in the spec's fields: redacted text, never the sender.

    Unless ``published`` (the citizen's consent allows publication), ``description``, ``lat``, ``long``
    and ``media_url`` are null and ``address`` is the case's district and region only.
    """
    if not published:
        location = None
    taxonomy = current_taxonomy()
    status = case.status if case else "new"
    code = (case.topic if case else None) or message.topic
    topic = taxonomy.topic_by_code(code)
    agency = taxonomy.agency_by_code(case.agency if case else message.agency)
    updated = max(case.updated_at, message.created_at) if case else message.analysed_at or message.created_at
    return {
        "service_request_id": message.reference,
        "status": "open" if status in OPEN_STATUSES else "closed",
        "status_notes": _status_notes(case, status, locale),
        "service_name": name_in(topic.names, locale, topic.code) if topic else None,
        "service_code": code,
        "description": message.redacted_text if published else None,
        "agency_responsible": name_in(agency.names, locale, agency.code) if agency else None,
        "service_notice": _notice(case, locale),
        "requested_datetime": iso(message.received_at),
        "updated_datetime": iso(updated),
        "expected_datetime": iso(case.due_at) if case else None,
        "address": (location.address if location and location.address else
                    _address((case.region, case.district) if case else (message.region, message.district),
                             locale)),
        "address_id": (case.district or case.region) if case else (message.district or message.region),
        "zipcode": None,
        "lat": location.lat if location else None,
        "long": location.long if location else None,
        "media_url": location.media_url if location else None,
    }


def _status_notes(case: Case | None, status: str, locale: str) -> str | None:
    """The officer's public answer when there is one (the tracking page shows it too), else the status."""
    answer = case.public_answer if case is not None else None  # written by aigov.cases.answers
    return answer or _STATUS_NOTES.get(status, {}).get(locale)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in Baku time with its offset, e.g. 2025-02-03T09:00:00+04:00."""
    return moment.astimezone(BAKU).isoformat(timespec="seconds") if moment else None


def _notice(case: Case | None, locale: str) -> str | None:
    if case is None or case.status not in OPEN_STATUSES:
        return None
    if case.anonymous:
        return _NOTICE_ANONYMOUS[locale]
    if case.agency is None:
        return _NOTICE_TRIAGE[locale]
    if case.due_at is not None:
        return _NOTICE_DUE[locale].format(date=case.due_at.astimezone(BAKU).date().isoformat())
    return None


def _address(where: tuple[str | None, str | None], locale: str) -> str | None:
    region_code, district_code = where
    for region in current_regions():
        if region.code != region_code:
            continue
        parts = [name_in(region.names, locale, region.code)]
        district = next((d for d in region.districts if d.code == district_code), None)
        if district is not None:
            parts.insert(0, name_in(district.names, locale, district.code))
        return ", ".join(parts)
    return None


def _topic_names(code: str) -> dict[str, str]:
    topic = current_taxonomy().topic_by_code(code)
    return dict(topic.names) if topic else {}


def _list(raw: str | None) -> list[str]:
    return [part.strip() for part in (raw or "").split(",") if part.strip()]


def _date_param(params: Mapping[str, str], name: str, *, end: bool) -> datetime | None:
    """An ISO 8601 date-time (a date alone covers the whole day; no zone means Baku time)."""
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        if len(raw) > 40:
            raise ValueError
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise Open311Error(400, f"{name} is not an ISO 8601 date-time (2025-02-03T09:00:00+04:00)") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=BAKU)
    if end and len(raw) == 10:  # a date alone: up to the end of that day
        value += timedelta(days=1) - timedelta(microseconds=1)
    return value


def _int_param(params: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = (params.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw) if len(raw) <= 12 else high + 1
    except ValueError:
        raise Open311Error(400, f"{name} must be a whole number") from None
    if not low <= value <= high:
        raise Open311Error(400, f"{name} must lie between {low} and {high}")
    return value


def public_address(address: str | None) -> str | None:
    """The location as the public may see it: the street and house stay, any other personal data
    typed into the address (a name, a phone number, an ID) is replaced by its type tag."""
    if not address:
        return address
    from aigov.analysis.pii import analyze
    from aigov.analysis.pii.operators import anonymize

    return anonymize(address, [r for r in analyze(address) if r.entity_type != "ADDRESS"])
