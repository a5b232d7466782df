"""The reference data in force (packaged or configured files) and its copy in the database."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from aigov.agencies.models import Agency
from aigov.config import get_settings
from aigov.reference.loader import EconomicRegion, Taxonomy, load_regions, load_taxonomy
from aigov.regions.models import District
from aigov.regions.models import EconomicRegion as RegionRow
from aigov.topics.models import Topic


def current_taxonomy() -> Taxonomy:
    return load_taxonomy(get_settings().taxonomy_file)


def current_regions() -> list[EconomicRegion]:
    return load_regions(get_settings().regions_file)


def sync_reference_data(session: Session) -> dict[str, int]:
    """Make the agencies, topics and regions tables match the reference files; return counts."""
    taxonomy = current_taxonomy()
    regions = current_regions()
    for agency in taxonomy.agencies:
        session.merge(Agency(code=agency.code, names=dict(agency.names)))
    session.flush()
    for topic in taxonomy.topics:
        session.merge(Topic(code=topic.code, names=dict(topic.names), agency_code=topic.agency))
    for region in regions:
        session.merge(RegionRow(code=region.code, names=dict(region.names)))
    session.flush()
    for region in regions:
        for district in region.districts:
            session.merge(District(code=district.code, region_code=region.code, names=dict(district.names)))
    _drop_missing(session, taxonomy, regions)
    session.flush()
    return {
        "agencies": len(taxonomy.agencies),
        "topics": len(taxonomy.topics),
        "regions": len(regions),
        "districts": sum(len(r.districts) for r in regions),
    }


def _drop_missing(session: Session, taxonomy: Taxonomy, regions: list[EconomicRegion]) -> None:
    topic_codes = {t.code for t in taxonomy.topics}
    agency_codes = {a.code for a in taxonomy.agencies}
    district_codes = {d.code for r in regions for d in r.districts}
    region_codes = {r.code for r in regions}
    session.execute(delete(Topic).where(Topic.code.not_in(topic_codes)))
    session.execute(delete(Agency).where(Agency.code.not_in(agency_codes)))
    session.execute(delete(District).where(District.code.not_in(district_codes)))
    session.execute(delete(RegionRow).where(RegionRow.code.not_in(region_codes)))


def agency_for_topic(topic_code: str | None, region: str | None = None) -> str | None:
    """The agency for a topic, taking the taxonomy's per-region overrides into account when given a region."""
    if topic_code is None:
        return None
    return current_taxonomy().agency_for(topic_code, region)


def resolve_region(raw: str) -> tuple[str, str | None] | None:
    """(region code, district code or None) for a region/district code or name; None if unknown."""
    return _region_index(current_regions()).get(raw.strip().casefold())


_INDEX_CACHE: list[tuple[list[EconomicRegion], dict[str, tuple[str, str | None]]]] = []


def _region_index(regions: list[EconomicRegion]) -> dict[str, tuple[str, str | None]]:
    """Every code, name and alias (case-folded) -> (region, district), built once per loaded regions list.

    Filled last region first, districts before their region, so the first match in file order wins, as a
    linear search would find it.
    """
    if _INDEX_CACHE and _INDEX_CACHE[0][0] is regions:
        return _INDEX_CACHE[0][1]
    index: dict[str, tuple[str, str | None]] = {}
    for region in reversed(regions):
        for district in reversed(region.districts):
            keys = {district.code} | {n.casefold() for n in district.names.values()}
            keys |= {a.casefold() for a in district.aliases}
            index.update(dict.fromkeys(keys, (region.code, district.code)))
        index.update(dict.fromkeys({region.code} | {n.casefold() for n in region.names.values()},
                                   (region.code, None)))
    _INDEX_CACHE[:] = [(regions, index)]
    return index


def region_names() -> dict[str, dict[str, str]]:
    return {r.code: dict(r.names) for r in current_regions()}


def topic_names() -> dict[str, dict[str, str]]:
    return {t.code: dict(t.names) for t in current_taxonomy().topics}


def agency_names() -> dict[str, dict[str, str]]:
    return {a.code: dict(a.names) for a in current_taxonomy().agencies}

