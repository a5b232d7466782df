"""HTTP API: economic regions and their districts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from aigov.regions.models import District, EconomicRegion
from aigov.web.deps import SessionDep

router = APIRouter(prefix="/api/v1", tags=["reference"])


@router.get("/regions")
def list_regions(session: SessionDep) -> list[dict[str, Any]]:
    districts: dict[str, list[dict[str, Any]]] = {}
    for d in session.scalars(select(District).order_by(District.code)):
        districts.setdefault(d.region_code, []).append({"code": d.code, "names": d.names})
    return [
        {"code": r.code, "names": r.names, "districts": districts.get(r.code, [])}
        for r in session.scalars(select(EconomicRegion).order_by(EconomicRegion.code))
    ]
