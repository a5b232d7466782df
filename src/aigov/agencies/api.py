"""HTTP API: the agencies that answer messages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.agencies.models import Agency
from aigov.web.deps import db_session

router = APIRouter(prefix="/api/v1", tags=["reference"])


@router.get("/agencies")
def list_agencies(session: Annotated[Session, Depends(db_session)]) -> list[dict[str, Any]]:
    return [{"code": a.code, "names": a.names} for a in session.scalars(select(Agency).order_by(Agency.code))]
