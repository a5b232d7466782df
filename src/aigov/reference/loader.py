"""Load the project's reference data: economic regions with their districts, and the topic/agency taxonomy."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, ValidationError

PACKAGE_DIR = Path(__file__).parent
DEFAULT_REGIONS = PACKAGE_DIR / "regions.yaml"
DEFAULT_TAXONOMY = PACKAGE_DIR / "taxonomy.yaml"


class ReferenceDataError(Exception):
    """A reference file is missing or malformed; the message names the file and the problem."""


class District(BaseModel):
    code: str
    names: dict[str, str]
    aliases: list[str] = Field(default_factory=list)


class EconomicRegion(BaseModel):
    code: str
    names: dict[str, str]
    aliases: list[str] = Field(default_factory=list)
    districts: list[District]


class Agency(BaseModel):
    code: str
    names: dict[str, str]


class Topic(BaseModel):
    code: str
    names: dict[str, str]
    agency: str | None
    keywords: dict[str, list[str]] = Field(default_factory=dict)
    weight: float = 1.0  # multiplies this topic's keyword scores (e.g. corruption outranks police)


class Taxonomy(BaseModel):
    agencies: list[Agency]
    topics: list[Topic]
    # topic -> region -> agency: where another body than the topic's own answers in that economic region
    region_overrides: dict[str, dict[str, str]] = Field(default_factory=dict)

    def agency_for(self, topic_code: str | None, region: str | None = None) -> str | None:
        """The agency responsible for a topic, in a region when one is known (overrides first)."""
        override = self.region_overrides.get(topic_code or "", {}).get(region or "")
        if override:
            return override
        topic = self.topic_by_code(topic_code)
        return topic.agency if topic else None

    def agency_by_code(self, code: str | None) -> Agency | None:
        return next((a for a in self.agencies if a.code == code), None)

    def topic_by_code(self, code: str | None) -> Topic | None:
        return next((t for t in self.topics if t.code == code), None)


def name_in(names: dict[str, str], lang: str, code: str = "") -> str:
    """The name in ``lang``, else Azerbaijani, else English, else ``code``."""
    return names.get(lang) or names.get("az") or names.get("en") or code


_cache: dict[tuple[str, str], tuple[tuple[int, int], Any]] = {}
_lock = threading.Lock()


def load_regions(path: Path | None = None) -> list[EconomicRegion]:
    """The economic regions in ``path`` (default: the packaged regions.yaml), checked for consistency."""
    return _cached("regions", Path(path) if path else DEFAULT_REGIONS, _parse_regions)


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The taxonomy in ``path`` (default: the packaged taxonomy.yaml), checked for consistency."""
    return _cached("taxonomy", Path(path) if path else DEFAULT_TAXONOMY, _parse_taxonomy)


def _cached(kind: str, path: Path, parse: Any) -> Any:
    """Parse ``path`` once per content version (modification time and size); results are shared, read-only."""
    try:
        stat = path.stat()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ReferenceDataError(f"{path.name}: cannot read the {kind} file ({reason})") from None
    key, stamp = (kind, str(path.resolve())), (stat.st_mtime_ns, stat.st_size)
    with _lock:
        hit = _cache.get(key)
        if hit and hit[0] == stamp:
            return hit[1]
    value = parse(path, _read_yaml(path))
    with _lock:
        _cache[key] = (stamp, value)
    return value


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReferenceDataError(f"{path.name}: cannot read the file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ReferenceDataError(f"{path.name}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ReferenceDataError(f"{path.name}: malformed YAML{where}: {problem}") from None
    if not isinstance(data, dict):
        raise ReferenceDataError(f"{path.name}: expected a mapping at the top level")
    return data


def _validation_message(path: Path, exc: ValidationError, prefix: str = "") -> str:
    first = exc.errors()[0]
    where = prefix + ".".join(str(p) for p in first["loc"])
    more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
    return f"{path.name}: {where}: {first['msg']}{more}"


def _parse_regions(path: Path, data: dict[str, Any]) -> list[EconomicRegion]:
    rows = data.get("economic_regions")
    if not isinstance(rows, list) or not rows:
        raise ReferenceDataError(f"{path.name}: expected a non-empty list under 'economic_regions'")
    regions = []
    for i, row in enumerate(rows):
        try:
            regions.append(EconomicRegion.model_validate(row))
        except ValidationError as exc:
            raise ReferenceDataError(_validation_message(path, exc, f"economic_regions.{i}.")) from None
    _unique(path, "economic region", [r.code for r in regions])
    _unique(path, "district", [d.code for r in regions for d in r.districts])
    for region in regions:
        if not region.districts:
            raise ReferenceDataError(f"{path.name}: economic region '{region.code}' has no districts")
    return regions


def _parse_taxonomy(path: Path, data: dict[str, Any]) -> Taxonomy:
    try:
        taxonomy = Taxonomy.model_validate({"agencies": data.get("agencies"), "topics": data.get("topics"),
                                            "region_overrides": data.get("region_overrides") or {}})
    except ValidationError as exc:
        raise ReferenceDataError(_validation_message(path, exc)) from None
    _unique(path, "agency", [a.code for a in taxonomy.agencies])
    _unique(path, "topic", [t.code for t in taxonomy.topics])
    agencies = {a.code for a in taxonomy.agencies}
    for topic in taxonomy.topics:
        if topic.agency is not None and topic.agency not in agencies:
            problem = f"topic '{topic.code}' names unknown agency '{topic.agency}'"
            raise ReferenceDataError(f"{path.name}: {problem}")
    for topic_code, by_region in taxonomy.region_overrides.items():
        if taxonomy.topic_by_code(topic_code) is None:
            raise ReferenceDataError(f"{path.name}: region_overrides names unknown topic '{topic_code}'")
        for region, agency in by_region.items():
            if agency not in agencies:
                problem = f"region_overrides.{topic_code}.{region} names unknown agency '{agency}'"
                raise ReferenceDataError(f"{path.name}: {problem}")
    if taxonomy.topic_by_code("other") is None:
        raise ReferenceDataError(f"{path.name}: the fallback topic 'other' is missing")
    return taxonomy


def _unique(path: Path, what: str, codes: list[str]) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise ReferenceDataError(f"{path.name}: {what} code '{code}' appears more than once")
        seen.add(code)
