"""Object-level rules on top of the route policy: an officer sees and acts on their own agency's cases."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException

from aigov.accounts.deps import Principal

if TYPE_CHECKING:
    from aigov.cases.models import Case
    from aigov.messages.models import Message

OTHER_AGENCY = "This case belongs to another agency."


def agency_scope(principal: Principal) -> str | None:
    """The one agency whose cases and messages ``principal`` may see, or None for every agency."""
    return principal.agency_code if principal.role == "officer" else None


def may_see_case(principal: Principal, case: Case | None) -> bool:
    scope = agency_scope(principal)
    return scope is None or (case is not None and case.agency == scope)


def check_case(principal: Principal, case: Case) -> None:
    """403 when ``case`` lies outside ``principal``'s agency."""
    if not may_see_case(principal, case):
        raise HTTPException(403, OTHER_AGENCY)


def may_act(principal: Principal, case: Case) -> bool:
    return principal.can("cases.act") and may_see_case(principal, case)


def check_message(session: Session, principal: Principal, message: Message) -> None:
    """403 when ``message`` belongs to a case outside ``principal``'s agency (or to none, for officers)."""
    if agency_scope(principal) is None:
        return
    from aigov.cases.models import Case

    case = session.get(Case, message.case_id) if message.case_id else None
    if not may_see_case(principal, case):
        raise HTTPException(403, "This message belongs to another agency's case.")
