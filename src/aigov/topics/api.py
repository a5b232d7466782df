"""HTTP API: the topic taxonomy and the agency responsible for each topic."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from aigov.topics.models import Topic
from aigov.web.deps import SessionDep

router = APIRouter(prefix="/api/v1", tags=["reference"])


@router.get("/topics")
def list_topics(session: SessionDep) -> list[dict[str, Any]]:
    return [
        {"code": t.code, "names": t.names, "agency": t.agency_code}
        for t in session.scalars(select(Topic).order_by(Topic.code))
    ]
