"""HTTP API of data-subject requests, consent and retention: administrators only (``privacy.manage``).

Identifiers travel in the request body, never in the URL, so they do not reach access logs.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends
from pydantic import BaseModel, ConfigDict, Field

from aigov.accounts.deps import Principal, require
from aigov.messages.reference import normalise_reference
from aigov.messages.service import get_by_reference
from aigov.privacy import dsr
from aigov.privacy.policy import consent_policy
from aigov.web.deps import SessionDep
from aigov.web.errors import ApiError

router = APIRouter(prefix="/api/v1/privacy", tags=["privacy"])
Manager = Annotated[Principal, Depends(require("privacy.manage"))]


class SubjectIn(BaseModel):
    """Exactly one of phone, email or a message reference names the person."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    phone: str | None = Field(default=None, max_length=32, repr=False)
    email: str | None = Field(default=None, max_length=254, repr=False)
    reference: str | None = Field(default=None, max_length=32)


class EraseIn(SubjectIn):
    confirm: bool = Field(description="Must be true: erasure cannot be undone.")


def _subject(session, body: SubjectIn) -> dsr.Subject:  # type: ignore[no-untyped-def]
    try:
        return dsr.find_subject(session, phone=body.phone, email=body.email, reference=body.reference)
    except dsr.SubjectError as exc:
        raise ApiError(422, "invalid_subject", str(exc)) from None


@router.post("/access")
def access(body: SubjectIn, session: SessionDep, principal: Manager) -> dict[str, Any]:
    """Everything held about the person (the same document as `aigov privacy access`); audited."""
    return dsr.access(session, _subject(session, body), actor=principal.actor)


def _checkpoint() -> None:
    """After the response (and so after the commit): old SQLite pages leave the disk."""
    from aigov.db.engine import session_scope
    from aigov.privacy.erasure import checkpoint

    with session_scope() as session:
        checkpoint(session)


@router.post("/erase")
def erase(body: EraseIn, session: SessionDep, principal: Manager,
          background: BackgroundTasks) -> dict[str, int]:
    """Remove or anonymise the person's text and contacts everywhere; the audit log keeps a hash only."""
    if not body.confirm:
        raise ApiError(422, "confirmation_needed", "Send confirm: true to erase (it cannot be undone).")
    counts = dsr.erase(session, _subject(session, body), actor=principal.actor)
    background.add_task(_checkpoint)
    return counts


@router.post("/consent/{reference}/revoke")
def revoke(reference: str, session: SessionDep, principal: Manager) -> dict[str, Any]:
    """The citizen withdrew consent for this message; its personal data goes if consent was the only basis."""
    from aigov.privacy.service import revoke_consent

    canonical = normalise_reference(reference)
    message = get_by_reference(session, canonical) if canonical else None
    if message is None:
        raise ApiError(404, "message_not_found", "No message has this reference number.")
    return revoke_consent(session, message, actor=principal.actor)


@router.post("/retention")
def retention(session: SessionDep, principal: Manager, background: BackgroundTasks,
              dry_run: bool = True) -> dict[str, Any]:
    """Apply the retention policy (by default only count; ``dry_run=false`` deletes); runs are audited."""
    from aigov.privacy.retention import run_retention

    report = run_retention(session, dry_run=dry_run, actor=principal.actor).as_dict()
    if not dry_run:
        background.add_task(_checkpoint)
    return report


@router.get("/consent-policy")
def policy() -> dict[str, Any]:
    """Purpose and data codes a consent may name, and each channel's lawful basis and defaults."""
    current = consent_policy()

    def channel(c) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        return {"lawful_basis": c.lawful_basis, "purposes": list(c.purposes), "data": list(c.data),
                "validity_days": c.validity.days if c.validity else None,
                "third_party_transfer": c.third_party_transfer}

    return {"purposes": current.purposes, "data": list(current.data), "default": channel(current.default),
            "channels": {name: channel(c) for name, c in current.channels.items()}}
