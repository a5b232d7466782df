"""HTTP API: the agencies that answer messages."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from aigov.agencies.models import Agency
from aigov.web.deps import SessionDep

router = APIRouter(prefix="/api/v1", tags=["reference"])


@router.get("/agencies")
def list_agencies(session: SessionDep) -> list[dict[str, Any]]:
    return [{"code": a.code, "names": a.names} for a in session.scalars(select(Agency).order_by(Agency.code))]
