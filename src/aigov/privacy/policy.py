"""The consent defaults (reference/consent.yaml) and the retention policy (reference/retention.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from aigov.privacy.config import privacy_settings

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"
LAWFUL_BASES = ("consent", "law", "open")
CATEGORIES = ("raw_text", "contacts", "redacted_text", "cases", "exports", "conversations")
ANCHORS = {"raw_text": {"received"}, "contacts": {"received", "closed"}, "redacted_text": {"received"},
           "cases": {"closed"}, "exports": {"created"}, "conversations": {"last_active"}}
ACTIONS = {"raw_text": {"delete"}, "contacts": {"delete"}, "redacted_text": {"anonymise"},
           "cases": {"anonymise"}, "exports": {"delete"}, "conversations": {"delete"}}


class PolicyError(ValueError):
    """A consent or retention file that cannot be used (the message says what is wrong)."""


@dataclass(frozen=True)
class ChannelConsent:
    lawful_basis: str
    purposes: tuple[str, ...]
    data: tuple[str, ...]
    validity: timedelta | None
    third_party_transfer: bool


@dataclass(frozen=True)
class ConsentPolicy:
    purposes: dict[str, dict[str, str]]  # code -> label per language
    data: tuple[str, ...]
    default: ChannelConsent
    channels: dict[str, ChannelConsent]

    def for_channel(self, channel: str) -> ChannelConsent:
        return self.channels.get(channel, self.default)


@dataclass(frozen=True)
class RetentionRule:
    category: str
    days: int
    anchor: str  # received, closed, created, last_active
    action: str  # delete or anonymise

    @property
    def period(self) -> timedelta:
        return timedelta(days=self.days)


def _load(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PolicyError(f"cannot read {path.name}: {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise PolicyError(f"{path.name} must hold a mapping")
    return data


def _channel(raw: Any, base: ChannelConsent | None, policy_purposes: set[str], data: set[str],
             where: str) -> ChannelConsent:
    if not isinstance(raw, dict):
        raise PolicyError(f"consent file: {where} must be a mapping")
    basis = raw.get("lawful_basis", base.lawful_basis if base else None)
    if basis not in LAWFUL_BASES:
        raise PolicyError(f"consent file: {where}.lawful_basis must be one of {', '.join(LAWFUL_BASES)}")
    purposes = tuple(raw.get("purposes", base.purposes if base else ()))
    covered = tuple(raw.get("data", base.data if base else ()))
    if not purposes or set(purposes) - policy_purposes:
        raise PolicyError(f"consent file: {where}.purposes must list known purposes")
    if set(covered) - data:
        raise PolicyError(f"consent file: {where}.data must list known data categories")
    days = raw.get("validity_days", base.validity.days if base and base.validity else None)
    if days is not None and (not isinstance(days, int) or days < 1):
        raise PolicyError(f"consent file: {where}.validity_days must be a positive whole number")
    third = raw.get("third_party_transfer", base.third_party_transfer if base else False)
    return ChannelConsent(basis, purposes, covered, timedelta(days=days) if days else None, bool(third))


@lru_cache(maxsize=4)
def _consent_policy(path: Path) -> ConsentPolicy:
    raw = _load(path)
    purposes = raw.get("purposes")
    if not isinstance(purposes, dict) or not purposes:
        raise PolicyError("consent file: `purposes` must map codes to labels")
    data = tuple(raw.get("data") or ())
    default = _channel(raw.get("defaults"), None, set(purposes), set(data), "defaults")
    channels = {name: _channel(value, default, set(purposes), set(data), f"channels.{name}")
                for name, value in (raw.get("channels") or {}).items()}
    return ConsentPolicy({k: dict(v) if isinstance(v, dict) else {"en": str(v)} for k, v in purposes.items()},
                         data, default, channels)


def consent_policy() -> ConsentPolicy:
    return _consent_policy(privacy_settings().consent_file or REFERENCE_DIR / "consent.yaml")


@lru_cache(maxsize=4)
def _retention_policy(path: Path) -> tuple[RetentionRule, ...]:
    raw = _load(path).get("categories")
    if not isinstance(raw, dict):
        raise PolicyError("retention file: `categories` must be a mapping")
    rules = []
    for category, rule in raw.items():
        if category not in CATEGORIES:
            raise PolicyError(f"retention file: unknown category '{category}' "
                              f"(known: {', '.join(CATEGORIES)})")
        if not isinstance(rule, dict):
            raise PolicyError(f"retention file: {category} must be a mapping")
        days, anchor, action = rule.get("days"), rule.get("from"), rule.get("action")
        if not isinstance(days, int) or isinstance(days, bool) or days < 0:
            raise PolicyError(f"retention file: {category}.days must be a whole number of days, 0 or more")
        if anchor not in ANCHORS[category]:
            raise PolicyError(f"retention file: {category}.from must be one of "
                              f"{', '.join(sorted(ANCHORS[category]))}")
        if action not in ACTIONS[category]:
            raise PolicyError(f"retention file: {category}.action must be "
                              f"{', '.join(sorted(ACTIONS[category]))}")
        rules.append(RetentionRule(category, days, anchor, action))
    return tuple(rules)


def retention_policy() -> tuple[RetentionRule, ...]:
    """The rules in force; a category the file leaves out is kept for ever."""
    return _retention_policy(privacy_settings().retention_file or REFERENCE_DIR / "retention.yaml")


def retention_rule(category: str) -> RetentionRule | None:
    return next((rule for rule in retention_policy() if rule.category == category), None)
