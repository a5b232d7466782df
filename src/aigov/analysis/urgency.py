"""Urgency stage: rules for safety risks, outages hitting many people, vulnerable people and deadlines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from aigov.analysis.lexicons import load
from aigov.analysis.pipeline import AnalysisItem
from aigov.analysis.sentiment import fold

LEVELS = ("low", "normal", "high", "critical")
MAX_PHRASES = 5  # matched phrases kept per rule in the explanation


def _compile(phrases_by_lang: dict[str, list[str]]) -> re.Pattern[str]:
    phrases = [p for ps in phrases_by_lang.values() for p in ps]
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in phrases) + ")")


@dataclass(frozen=True)
class Rules:
    safety: re.Pattern[str]
    scope: re.Pattern[str]
    outage: re.Pattern[str]
    vulnerable: re.Pattern[str]
    deadline: re.Pattern[str]
    problem: re.Pattern[str]
    any_phrase: re.Pattern[str]  # all the phrases above: a text it finds nothing in fires no rule


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The urgency rules of lexicons/urgency.yaml, compiled once."""
    data = load("urgency")
    groups = {
        "safety": data["safety_risk"]["phrases"],
        "scope": data["outage_many"]["scope"],
        "outage": data["outage_many"]["outage"],
        "vulnerable": data["vulnerable_person"]["phrases"],
        "deadline": data["deadline"]["phrases"],
        "problem": data["problem_words"],
    }
    every = {f"{name}_{lang}": phrases for name, group in groups.items() for lang, phrases in group.items()}
    return Rules(**{name: _compile(group) for name, group in groups.items()}, any_phrase=_compile(every))


def _found(pattern: re.Pattern[str], text: str) -> list[str]:
    seen: list[str] = []
    for m in pattern.finditer(text):
        phrase = m.group().strip()
        if phrase not in seen:
            seen.append(phrase)
        if len(seen) == MAX_PHRASES:
            break
    return seen


def assess(text: str, sentiment: str | None = None) -> dict[str, Any]:
    """Urgency level, the rules that fired and the phrases that matched each of them."""
    r = rules()
    folded = fold(text)
    if not r.any_phrase.search(folded):  # most texts: one scan instead of six finding nothing
        return {"level": "low" if sentiment == "positive" else "normal", "reasons": [], "matched": {}}
    matched: dict[str, list[str]] = {}
    if phrases := _found(r.safety, folded):
        matched["safety_risk"] = phrases
    scope, outage = _found(r.scope, folded), _found(r.outage, folded)
    if scope and outage:
        matched["outage_many"] = scope + outage
    if phrases := _found(r.vulnerable, folded):
        matched["vulnerable_person"] = phrases
    if phrases := _found(r.deadline, folded):
        matched["deadline"] = phrases
    if "safety_risk" in matched:
        level = "critical"
    elif "outage_many" in matched or "vulnerable_person" in matched:
        level = "high"
    elif not matched and sentiment == "positive" and not r.problem.search(folded):
        level = "low"
    else:
        level = "normal"
    return {"level": level, "reasons": list(matched), "matched": matched}


class UrgencyStage:
    """Fills ``urgency`` and ``urgency_reasons`` from ``normalised`` (and ``sentiment`` for "low")."""

    name = "urgency"
    version = "rules-1"

    def run(self, items: list[AnalysisItem]) -> list[AnalysisItem]:
        for item in items:
            result = assess(item.normalised, item.sentiment)
            item.urgency = result["level"]
            item.urgency_reasons = result["reasons"]
            item.explanations[self.name] = {"level": result["level"], "matched": result["matched"]}
        return items
