"""HTTP API: the topic taxonomy and the agency responsible for each topic."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.topics.models import Topic
from aigov.web.deps import db_session

router = APIRouter(prefix="/api/v1", tags=["reference"])


@router.get("/topics")
def list_topics(session: Annotated[Session, Depends(db_session)]) -> list[dict[str, Any]]:
    return [
        {"code": t.code, "names": t.names, "agency": t.agency_code}
        for t in session.scalars(select(Topic).order_by(Topic.code))
    ]
