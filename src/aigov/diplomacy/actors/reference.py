"""The country and actor reference: countries.yaml (generated names) merged with actors.yaml (by hand)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).parent
COUNTRIES_FILE = HERE / "countries.yaml"
ACTORS_FILE = HERE / "actors.yaml"
GROUP_KINDS = ("igo", "media", "ngo", "armed_group", "region")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


class ActorReferenceError(ValueError):
    """The actor reference files are malformed."""


def normalise(text: str) -> str:
    """A name compared without case, accents, punctuation or spacing ('İlham Əliyev' -> 'ilham əliyev')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.replace("’", "").replace("'", "").replace("ʼ", "")
    return _NON_WORD.sub(" ", stripped).strip()


@dataclass
class Country:
    iso3: str
    iso2: str
    names: dict[str, str]
    aliases: list[str] = field(default_factory=list)
    capital: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)

    def name(self, locale: str = "en") -> str:
        return self.names.get(locale) or self.names["en"]


@dataclass(frozen=True)
class Entry:
    """What a normalised name stands for: a country (with how it was named) or a group kind."""

    country: str | None
    kind: str  # state, capital, person, organisation, or one of GROUP_KINDS


class ActorReference:
    """Countries by ISO3 and an index of every normalised name to what it stands for."""

    def __init__(self, countries_data: dict, actors_data: dict) -> None:
        try:
            self.countries: dict[str, Country] = {}
            for row in countries_data["countries"]:
                iso3 = str(row["iso3"]).upper()
                self.countries[iso3] = Country(
                    iso3, str(row["iso2"]).upper(), {k: str(row[k]) for k in ("en", "az", "ru") if row.get(k)}
                )
            for iso3, extra in (actors_data.get("countries") or {}).items():
                country = self.countries.get(str(iso3).upper())
                if country is None:
                    raise ActorReferenceError(f"actors.yaml names unknown country code {iso3}")
                for key in ("aliases", "capital", "demonyms", "people", "organisations"):
                    values = (extra or {}).get(key) or []
                    if not isinstance(values, list):
                        raise ActorReferenceError(f"{iso3}.{key} must be a list")
                    getattr(country, key).extend(str(v) for v in values)
            self.code_aliases = {
                str(k).upper(): str(v).upper() for k, v in (actors_data.get("code_aliases") or {}).items()
            }
            self.region_codes = {str(c).upper() for c in actors_data.get("region_codes") or []}
            groups = actors_data.get("groups") or {}
        except (KeyError, TypeError, AttributeError) as exc:
            raise ActorReferenceError(f"malformed actor reference: {type(exc).__name__} {exc}") from None
        self.index: dict[str, Entry] = {}
        self.demonyms: dict[str, str] = {}
        self.conflicts: dict[str, set[str]] = {}
        for country in self.countries.values():
            for name in [*country.names.values(), *country.aliases]:
                self._add(name, Entry(country.iso3, "state"))
            for name in country.capital:
                self._add(name, Entry(country.iso3, "capital"))
            for name in country.people:
                self._add(name, Entry(country.iso3, "person"))
            for name in country.organisations:
                self._add(name, Entry(country.iso3, "organisation"))
            for name in country.demonyms:
                key = normalise(name)
                if key and self.demonyms.setdefault(key, country.iso3) != country.iso3:
                    self.conflicts.setdefault(key, set()).update({country.iso3, self.demonyms[key]})
        for kind, lists in groups.items():
            if kind not in GROUP_KINDS:
                raise ActorReferenceError(f"unknown group kind {kind!r} (use {', '.join(GROUP_KINDS)})")
            for names in lists or []:
                for name in names:
                    self._add(str(name), Entry(None, kind))
        for key in self.conflicts:  # a name that stands for two things stands for neither
            self.index.pop(key, None)
            self.demonyms.pop(key, None)

    def _add(self, name: str, entry: Entry) -> None:
        key = normalise(name)
        if not key:
            return
        known = self.index.get(key)
        if known is None:
            self.index[key] = entry
        elif known.country != entry.country:
            self.conflicts.setdefault(key, set()).update({str(known.country), str(entry.country)})
        elif known.kind != "state" and entry.kind == "state":
            self.index[key] = entry

    def country_for_code(self, code: str | None) -> str | None:
        """ISO3 for an ISO3 or CAMEO country code ('AZE', 'ROM'); None for regions and unknown codes."""
        if not code:
            return None
        code = code.strip().upper()
        code = self.code_aliases.get(code, code)
        return code if code in self.countries else None

    def is_region_code(self, code: str | None) -> bool:
        return bool(code) and code.strip().upper() in self.region_codes  # type: ignore[union-attr]


def _load_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ActorReferenceError(f"cannot read {path.name}: {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise ActorReferenceError(f"{path.name} is not a mapping")
    return data


@cache
def reference(countries_file: Path = COUNTRIES_FILE, actors_file: Path = ACTORS_FILE) -> ActorReference:
    """The actor reference (read once per pair of files)."""
    return ActorReference(_load_yaml(countries_file), _load_yaml(actors_file))
