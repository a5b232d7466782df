"""Turn a :class:`RawEvent` into a storable row: CAMEO code, QuadClass, Goldstein score, actor countries."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from aigov.diplomacy.actors import Resolution, Resolver
from aigov.diplomacy.actors.resolve import EMPTY
from aigov.diplomacy.cameo import CameoCatalogue
from aigov.diplomacy.events.formats import Format, RawEvent


@dataclass
class Coded:
    """A coded row and how each actor was resolved (for the import report)."""

    row: dict[str, Any]
    source: Resolution
    target: Resolution

    @property
    def unresolved_names(self) -> list[str]:
        """Actor names the reference does not know (empty names are not counted)."""
        names = []
        if not self.source.known and self.source.kind != "empty":
            names.append(self.row["source_name"])
        if not self.target.known and self.target.kind != "empty":
            names.append(self.row["target_name"])
        return names


def dedup_key(file_format: Format, key: str) -> str:
    """What identifies an event across imports: ICEWS id+date, GDELT id, ACLED id, KG (date, source, event,
    target); hashed to 32 hex characters."""
    return hashlib.blake2b(f"{file_format}|{key}".encode(), digest_size=16).hexdigest()


def _actor(
    resolver: Resolver, file_format: Format, name: str, code: str | None, actor_code: str | None = None
) -> Resolution:
    if file_format == "gdelt":
        return resolver.code(code, name, actor_code)
    if file_format == "icews" and code:  # ICEWS names the actor's country ("Azerbaijan")
        by_country = resolver.resolve(code)
        if by_country.country:
            named = resolver.resolve(name)
            return (
                named
                if named.country == by_country.country
                else Resolution(by_country.country, named.kind if named.known else "sector", "country")
            )
    return resolver.resolve(name) if name else EMPTY


def code_event(raw: RawEvent, file_format: Format, cameo: CameoCatalogue, resolver: Resolver) -> Coded:
    """The stored form of one valid row (``raw.reject`` must be None)."""
    entry = cameo.get(raw.cameo_code) if raw.cameo_code else None
    if entry is None and raw.event_text:
        entry = cameo.by_name(raw.event_text)
    source = _actor(resolver, file_format, raw.source_name, raw.source_code, raw.source_actor_code)
    target = _actor(resolver, file_format, raw.target_name, raw.target_code, raw.target_actor_code)
    location = None
    if raw.location:
        location = (
            resolver.ref.country_for_code(raw.location)
            if raw.location_is_code
            else resolver.resolve(raw.location).country
        )
    if file_format == "acled" and location:  # ACLED's actors act in the event's country
        if not source.known and raw.source_name:
            source = Resolution(location, "sector", "location")
        if not target.known and raw.target_name:
            target = Resolution(location, "sector", "location")
    assert raw.day is not None
    goldstein = raw.goldstein if raw.goldstein is not None else (entry.goldstein if entry else None)
    row = {
        "dedup_key": dedup_key(file_format, raw.key),
        "source_format": file_format,
        "external_id": raw.external_id,
        "event_date": raw.day,
        "month": raw.day.year * 100 + raw.day.month,
        "source_name": raw.source_name,
        "source_country": source.country,
        "target_name": raw.target_name,
        "target_country": target.country,
        "event_text": raw.event_text or (entry.name if entry else None),
        "cameo_code": entry.code if entry else None,
        "root_code": entry.root if entry else None,
        "quad_class": entry.quad_class if entry else None,
        "goldstein": goldstein,
        "location": location,
        "fatalities": raw.fatalities,
    }
    return Coded(row, source, target)
