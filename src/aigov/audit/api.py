"""HTTP API of the audit log for auditors: signed tree head, entries, inclusion and consistency proofs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from aigov.accounts.deps import Principal, require
from aigov.audit import service
from aigov.web.deps import SessionDep
from aigov.web.errors import ApiError

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])
Auditor = Annotated[Principal, Depends(require("audit.read"))]


@router.get("/head")
def head(session: SessionDep, _: Auditor) -> dict[str, Any]:
    """The signed tree head of the log as it is now (signed afresh when the log has grown)."""
    return service.head_json(service.sign_head(session))


@router.get("/public-key")
def public_key() -> dict[str, str]:
    """The Ed25519 public key that verifies tree heads (base64 of the raw 32 bytes, and PEM)."""
    from aigov.audit.signing import signing_key

    key = signing_key()
    return {"algorithm": "Ed25519", "key_id": key.key_id, "public_key": key.public_b64, "pem": key.public_pem}


@router.get("/entries")
def entries(session: SessionDep, _: Auditor, start: Annotated[int, Query(ge=0, le=2**31)] = 0,
            limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    """Entries from ``start``, each with the exact bytes its leaf hash covers."""
    rows = service.entries(session, start=start, stop=start + limit)
    return {"start": start, "entries": [service.entry_json(e) for e in rows]}


@router.get("/proof/inclusion")
def inclusion(session: SessionDep, _: Auditor, index: Annotated[int, Query(ge=0, le=2**31)],
              tree_size: Annotated[int | None, Query(ge=1, le=2**31)] = None) -> dict[str, Any]:
    """The audit path proving entry ``index`` is in the tree of ``tree_size`` entries (default: all)."""
    try:
        return service.inclusion(session, index=index, tree_size=tree_size)
    except service.ProofError as exc:
        raise ApiError(422, "invalid_proof_request", str(exc)) from None


@router.get("/proof/consistency")
def consistency(session: SessionDep, _: Auditor, first: Annotated[int, Query(ge=0, le=2**31)],
                second: Annotated[int | None, Query(ge=0, le=2**31)] = None) -> dict[str, Any]:
    """The proof that the log of ``first`` entries is a prefix of the log of ``second`` (default: all)."""
    try:
        return service.consistency(session, first=first, second=second)
    except service.ProofError as exc:
        raise ApiError(422, "invalid_proof_request", str(exc)) from None


@router.get("/verify")
def verify(session: SessionDep, _: Auditor) -> dict[str, Any]:
    """Recompute the whole log: ok, or the first broken entry and what is wrong with it."""
    return service.verify(session).as_dict()
