"""The readable (HTML) copy of a data-subject access export, in az, ru or en.

The template lives with the web pages (web/templates/privacy_subject.html) so that its strings are in
the same catalogues; it is rendered to a file, not served.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from aigov.web import i18n


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("aigov.web", "templates"),
                      autoescape=select_autoescape(["html"]), extensions=["jinja2.ext.i18n"],
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["when"] = lambda iso: i18n.format_datetime(datetime.fromisoformat(iso)) if iso else "–"
    return env


def render_subject_html(document: dict[str, Any], locale: str = "en") -> str:
    with i18n.use_locale(locale) as current:
        return _environment().get_template("privacy_subject.html").render(doc=document, lang=current)
