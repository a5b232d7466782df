"""Languages of the web pages: gettext catalogues, the locale of a request, and locale formatting.

The three ``.po`` catalogues under ``locales/`` are compiled in memory when first needed; no
``.mo`` file is kept in the repository.  The locale of the current request lives in a context
variable, so templates, labels and formatters all follow it without being passed it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.requests import Request

LOCALES: tuple[str, ...] = ("az", "ru", "en")
DEFAULT_LOCALE = "az"
LOCALE_COOKIE = "aigov_lang"
LOCALE_NAMES: dict[str, str] = {"az": "Azərbaycanca", "ru": "Русский", "en": "English"}
LOCALES_DIR = Path(__file__).with_name("locales")
# Azerbaijan keeps UTC+4 all year (no daylight saving since 2016).
BAKU = timezone(timedelta(hours=4), "AZT")

_current: ContextVar[str] = ContextVar("aigov_locale", default=DEFAULT_LOCALE)


@cache
def translations(locale: str) -> Translations:
    """The compiled catalogue of one locale (read from its .po file once)."""
    path = LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain="messages")


def load_all() -> None:
    """Compile every catalogue now (at startup), so a broken .po file fails early."""
    for locale in LOCALES:
        translations(locale)


def get_locale() -> str:
    return _current.get()


@contextmanager
def use_locale(locale: str) -> Iterator[str]:
    """Make ``locale`` current for the block (one request's rendering)."""
    token = _current.set(locale if locale in LOCALES else DEFAULT_LOCALE)
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return translations(get_locale()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(get_locale()).ngettext(singular, plural, n)


_ = gettext


def supported(code: str | None) -> str | None:
    """The supported locale a code names ('ru', 'RU', 'ru-RU', 'az_Latn_AZ'), or None."""
    if not code:
        return None
    base = code.strip().replace("_", "-").split("-")[0].lower()
    return base if base in LOCALES else None


def from_accept_language(header: str | None) -> str | None:
    """The supported locale the browser prefers most (by q-value), or None."""
    if not header:
        return None
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(header[:1000].split(",")[:30]):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _eq, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        locale = supported(tag)
        if locale and quality > 0:
            choices.append((-quality, index, locale))
    return min(choices)[2] if choices else None


def negotiate(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """Locale by precedence: ``?lang=``, the ``aigov_lang`` cookie, Accept-Language, then az."""
    return supported(query) or supported(cookie) or from_accept_language(accept_language) or DEFAULT_LOCALE


def request_locale(request: Request) -> str:
    return negotiate(
        request.query_params.get("lang"),
        request.cookies.get(LOCALE_COOKIE),
        request.headers.get("accept-language"),
    )


def format_datetime(value: datetime | None) -> str:
    """Date and time in Baku time, formatted for the current locale."""
    if value is None:
        return ""
    return babel_dates.format_datetime(baku_time(value), "medium", locale=get_locale())


def baku_time(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(BAKU)


def format_time(value: datetime | None) -> str:
    """Hours and minutes in Baku time, for the current locale."""
    if value is None:
        return ""
    return babel_dates.format_time(baku_time(value), "short", locale=get_locale())


def format_date(value: date | None, format: str = "medium") -> str:  # noqa: A002  (Babel's name)
    if value is None:
        return ""
    return babel_dates.format_date(value, format, locale=get_locale())


def format_number(value: int | float) -> str:
    return babel_numbers.format_decimal(value, locale=get_locale())


def format_percent(value: float) -> str:
    return babel_numbers.format_percent(value, locale=get_locale())


def localised(names: Mapping[str, str] | None, fallback: str = "") -> str:
    """A reference-data name in the current locale (then az, then en, then the fallback)."""
    if not names:
        return fallback
    locale = get_locale()
    return names.get(locale) or names.get(DEFAULT_LOCALE) or names.get("en") or fallback


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment of the pages: autoescaped, with ``{% trans %}`` in the current locale."""
    env = Environment(
        loader=PackageLoader("aigov.web", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        get_locale=get_locale,
        format_datetime=format_datetime,
        format_date=format_date,
        format_time=format_time,
        baku_time=baku_time,
        format_number=format_number,
        format_percent=format_percent,
        localised=localised,
        locale_names=LOCALE_NAMES,
    )
    return env
