"""A citizen's profile and the eligibility rules in the knowledge base: which programmes may apply."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from aigov.assistant.kb import Entry

Employment = Literal["employed", "self_employed", "unemployed", "student", "retired", "other"]


class Profile(BaseModel):
    """What the citizen chose to tell about themselves (every field optional; nothing is inferred)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    age: int | None = Field(default=None, ge=0, le=130)
    region: str | None = Field(default=None, max_length=64)
    children: int | None = Field(default=None, ge=0, le=30)
    youngest_child_age: int | None = Field(default=None, ge=0, le=30)
    household_size: int | None = Field(default=None, ge=1, le=50)
    low_income: bool | None = None
    employment: Employment | None = None
    disability: bool | None = None
    pensioner: bool | None = None

    def is_empty(self) -> bool:
        return all(value is None for value in self.model_dump().values())


Status = Literal["eligible", "maybe", "not_eligible"]


@dataclass
class Decision:
    entry: Entry
    status: Status
    unknown: list[str]  # profile fields the rules needed but the profile does not give


def _check(rule: dict[str, Any], profile: Profile) -> bool | None:
    value = getattr(profile, rule["field"], None)
    if value is None:
        return None
    if "min" in rule and not (isinstance(value, (int, float)) and value >= rule["min"]):
        return False
    if "max" in rule and not (isinstance(value, (int, float)) and value <= rule["max"]):
        return False
    if "in" in rule and value not in rule["in"]:
        return False
    return not ("eq" in rule and value != rule["eq"])


def decide(entry: Entry, profile: Profile) -> Decision:
    """eligible when every ``all`` rule and one ``any`` rule hold; maybe when the profile lacks a field."""
    rules = entry.eligibility
    unknown: list[str] = []
    results = []
    for rule in rules.get("all") or []:
        outcome = _check(rule, profile)
        if outcome is None:
            unknown.append(rule["field"])
        results.append(outcome)
    if any(r is False for r in results):
        return Decision(entry, "not_eligible", unknown)
    any_rules = rules.get("any") or []
    if any_rules:
        outcomes = [_check(rule, profile) for rule in any_rules]
        if not any(outcomes):
            if all(o is False for o in outcomes):
                return Decision(entry, "not_eligible", unknown)
            unknown += [r["field"] for r, o in zip(any_rules, outcomes, strict=True) if o is None]
    return Decision(entry, "maybe" if unknown else "eligible", sorted(set(unknown)))


def programmes_for(entries: list[Entry], profile: Profile) -> list[Decision]:
    """The programmes for this profile: eligible first, then maybe; never the not eligible."""
    decisions = [decide(entry, profile) for entry in entries if entry.is_programme]
    kept = [d for d in decisions if d.status != "not_eligible"]
    # Rank: eligible before maybe; among them, the programmes with more rules that held first.
    return sorted(
        kept,
        key=lambda d: (
            d.status != "eligible",
            len(d.unknown),
            -len(d.entry.eligibility.get("all") or []),
            d.entry.id,
        ),
    )
