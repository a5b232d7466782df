"""Translated labels of the diplomacy charts (from templates/diplomacy/_labels.html) and country names."""

from __future__ import annotations

from typing import Any

from aigov.diplomacy.actors import reference
from aigov.diplomacy.cameo import QUAD_CLASSES, catalogue
from aigov.web.i18n import environment, get_locale


def labels() -> Any:
    """The labels template's module in the current locale: ``.drivers`` and ``.words`` dicts."""
    return environment().get_template("diplomacy/_labels.html").make_module()


def quad_names() -> dict[int, str]:
    """QuadClass names in the current locale (from cameo.yaml)."""
    cameo = catalogue()
    return {q: cameo.quad_name(q, get_locale()) for q in QUAD_CLASSES}


def country_name(code: str) -> str:
    """A country's name in the current locale, or the code when the reference does not know it."""
    country = reference().countries.get(code)
    return country.name(get_locale()) if country else code


def unit_name(unit: str) -> str:
    """'ARM' -> 'Armenia', 'ARM-AZE' -> 'Armenia – Azerbaijan' (in the current locale)."""
    return " – ".join(country_name(code) for code in unit.split("-"))
