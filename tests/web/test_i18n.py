"""Languages of the web pages: complete catalogues, the language switch, negotiation and formatting."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po

from aigov.web import i18n

WEB = Path(i18n.__file__).parent
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def used_msgids() -> set[str]:
    """Every msgid the templates, pages.py and exports.py ask for, extracted the way Babel's tools would."""
    found = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(WEB / "templates"),
            method_map=[("**.html", "jinja2.ext:babel_extract")],
            options_map={"**.html": {"trimmed": "true", "extensions": "jinja2.ext.i18n"}},
        )
    }
    for module in ("pages.py", "exports.py"):
        python = extract_from_file("python", str(WEB / module))
        found |= {message for _line, message, _comments, _context in python}
    assert all(isinstance(m, str) for m in found), "plural forms are not used by the pages"
    return found


def catalogue(locale: str):  # type: ignore[no-untyped-def]
    with (WEB / "locales" / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def test_extraction_sees_the_pages_text() -> None:
    used = used_msgids()
    assert {"Dashboard", "Messages found: %(number)s", "Negative", "Page not found"} <= used


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_every_msgid_has_a_translation(locale: str) -> None:
    messages = {m.id: m for m in catalogue(locale) if m.id}
    for msgid in sorted(used_msgids()):
        assert msgid in messages, f"{locale}: no entry for {msgid!r}"
        message = messages[msgid]
        assert message.string.strip(), f"{locale}: empty translation of {msgid!r}"
        assert not message.fuzzy, f"{locale}: fuzzy translation of {msgid!r}"
        assert set(PLACEHOLDER.findall(message.string)) == set(PLACEHOLDER.findall(msgid)), msgid


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_catalogues_hold_no_stale_entries(locale: str) -> None:
    stale = {m.id for m in catalogue(locale) if m.id} - used_msgids()
    assert not stale, f"{locale}: entries no page uses: {sorted(stale)}"


def test_catalogues_are_compiled_in_memory() -> None:
    assert not list(WEB.glob("locales/**/*.mo"))
    with i18n.use_locale("ru"):
        assert i18n.gettext("Dashboard") == "Панель показателей"
    with i18n.use_locale("az"):
        assert i18n.gettext("Dashboard") == "İdarə paneli"
    assert i18n.get_locale() == i18n.DEFAULT_LOCALE


@pytest.mark.parametrize(
    ("query", "cookie", "header", "expected"),
    [
        (None, None, None, "az"),
        (None, None, "en-GB,en;q=0.9", "en"),
        (None, None, "fr-FR, de;q=0.9, ru;q=0.5, en;q=0.4", "ru"),
        (None, None, "en;q=0.3, ru;q=0.8", "ru"),
        (None, None, "fr, de", "az"),
        (None, None, "en;q=0, ru;q=abc", "az"),
        (None, "ru", "en", "ru"),
        ("en", "ru", "ru", "en"),
        ("xx", "ru", None, "ru"),
        ("<script>", "zz", "zz", "az"),
        ("RU", None, None, "ru"),
        (None, None, "az-Latn-AZ", "az"),
    ],
)
def test_locale_negotiation(query: str | None, cookie: str | None, header: str | None, expected: str) -> None:
    assert i18n.negotiate(query, cookie, header) == expected


def test_switching_to_russian_sets_the_cookie_and_the_next_page_is_russian(client) -> None:
    response = client.get("/lang/ru", params={"next": "/messages?region=baku"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/messages?region=baku"
    assert "aigov_lang=ru" in response.headers["set-cookie"]
    assert "samesite=lax" in response.headers["set-cookie"].lower()
    page = client.get("/messages", headers={"Accept-Language": "en"})
    assert '<html lang="ru">' in page.text
    assert "Обращения" in page.text and "Поиск" in page.text
    assert page.headers["content-language"] == "ru"

    client.get("/lang/en", params={"next": "/"})
    assert "Citizen messages at a glance" in client.get("/").text


@pytest.mark.parametrize(
    "next_path",
    [
        "https://evil.example/", "//evil.example/x", "/\\evil.example", "\\\\evil.example",
        "javascript:alert(1)", "/\t/evil.example", "evil.example", "", "/ok\r\nSet-Cookie: x=1",
    ],
)
def test_language_switch_never_redirects_off_site(client, next_path: str) -> None:
    response = client.get("/lang/en", params={"next": next_path}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_language_switch_rejects_unknown_languages(client) -> None:
    response = client.get("/lang/xx", params={"next": "/"}, follow_redirects=False)
    assert response.status_code == 404
    assert "set-cookie" not in response.headers


def test_filter_forms_keep_a_language_chosen_in_the_address(client) -> None:
    html = client.get("/messages", params={"lang": "en"}, headers={"Accept-Language": "ru"}).text
    assert '<input type="hidden" name="lang" value="en">' in html
    assert 'name="lang"' not in client.get("/messages").text


def test_switcher_links_return_to_the_same_page(client) -> None:
    html = client.get("/messages", params={"region": "baku", "lang": "en"}).text
    assert 'href="/lang/ru?next=%2Fmessages%3Fregion%3Dbaku"' in html
    assert "Azərbaycanca" in html and "Русский" in html and "English" in html


def test_dates_and_numbers_follow_the_locale() -> None:
    moment = datetime(2024, 3, 5, 10, 30, tzinfo=UTC)  # 14:30 in Baku
    shown = {}
    for locale in i18n.LOCALES:
        with i18n.use_locale(locale):
            shown[locale] = (
                i18n.format_datetime(moment), i18n.format_number(12345), i18n.format_date(date(2024, 3, 5))
            )
    assert "мар" in shown["ru"][0] and "14:30" in shown["ru"][0]
    assert "mar" in shown["az"][0] and "14:30" in shown["az"][0]
    assert "Mar" in shown["en"][0] and "2:30" in shown["en"][0]
    assert shown["az"][1] == "12.345"
    assert shown["ru"][1] == "12\xa0345"
    assert shown["en"][1] == "12,345"
    assert len({s[2] for s in shown.values()}) == 3


def test_message_list_dates_are_in_the_readers_language(client) -> None:
    body = {"text": "Küçədə işıq yoxdur", "channel": "web", "external_id": "i18n-date-1",
            "received_at": "2024-03-05T10:30:00+00:00", "region": "baku"}
    assert client.post("/api/v1/messages", json=body).status_code == 201
    russian = client.get("/messages", params={"lang": "ru"}).text
    english = client.get("/messages", params={"lang": "en"}).text
    assert "5 мар. 2024" in russian and "14:30" in russian
    assert "Mar 5, 2024" in english
