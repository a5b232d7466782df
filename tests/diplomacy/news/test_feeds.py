"""Reading RSS 2.0, Atom and JSON-lines files (the sample files in data/ were written for these tests)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from aigov.diplomacy.news.feeds import FeedError, canonical_url, html_to_text, parse_bytes, read_file

DATA = Path(__file__).with_name("data")


def test_rss_items_become_articles_and_an_item_without_title_is_rejected() -> None:
    parsed = read_file(DATA / "caucasus.rss")
    assert parsed.kind == "rss"
    assert [a.title for a in parsed.articles] == [
        "Azerbaijan and Armenia agree on border commission talks",
        "Shelling reported near the line of contact",
        "Georgia opens new railway link to Turkey",
    ]
    assert [(r.line, r.reason) for r in parsed.rejected] == [(4, "no title")]
    first = parsed.articles[0]
    assert first.published_at == datetime(2015, 6, 12, 5, 30, tzinfo=UTC)  # +04:00 in the file
    assert first.guid == "wire-2015-0612-01" and first.source == "Caucasus Wire (test feed)"
    assert (
        first.summary is not None
        and "<p>" not in first.summary
        and first.summary.startswith("Azerbaijan welcomed")
    )


def test_atom_entries_keep_their_ids_links_and_html_free_summaries() -> None:
    parsed = read_file(DATA / "energy.atom")
    assert parsed.kind == "atom" and len(parsed.articles) == 2
    gas = parsed.articles[0]
    assert gas.url == "https://energy.example.net/tanap-first-gas"
    assert gas.guid == "urn:aigov:test:energy:1"
    assert (
        gas.summary
        == "SOCAR said the new pipeline is an excellent project. Azerbaijan will export more gas to Europe."
    )
    assert gas.published_at == datetime(2015, 6, 15, 8, 0, tzinfo=UTC)


def test_the_same_article_under_another_address_form_has_the_same_url_key() -> None:
    rss = read_file(DATA / "caucasus.rss").articles[0]
    atom = read_file(DATA / "energy.atom").articles[1]
    jsonl = read_file(DATA / "mixed.jsonl").articles[-1]
    assert rss.url_key == atom.url_key == jsonl.url_key  # tracking, host case, slash and fragment ignored
    assert rss.guid_key != atom.guid_key
    assert canonical_url("HTTPS://Example.org/a/?utm_source=x&id=3#top") == "https://example.org/a?id=3"


def test_json_lines_report_each_bad_line_by_number_without_its_content() -> None:
    parsed = read_file(DATA / "mixed.jsonl")
    assert parsed.kind == "jsonl"
    assert len(parsed.articles) == 4
    assert [(r.line, r.reason) for r in parsed.rejected] == [
        (4, "not a JSON object"),
        (5, "no title"),
        (6, "published is not an ISO 8601 or RFC 2822 date"),
        (7, "url is not an http(s) address"),
    ]
    russian = parsed.articles[1]
    assert russian.published_at == datetime(2015, 6, 22, 9, 0, tzinfo=UTC)  # RFC 2822, +03:00
    refugees = parsed.articles[2]
    assert refugees.body == "Aid groups said thousands of refugees were displaced." and refugees.url is None
    assert refugees.published_at == datetime(2015, 6, 25, tzinfo=UTC)  # a date alone: midnight UTC


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\xff\xfe\x00garbage", "neither"),
        (b"<html><body>not a feed</body></html>", "not a readable RSS or Atom feed"),
        (b"<?xml version='1.0'?><inventory><item>3</item></inventory>", "not a readable RSS or Atom feed"),
    ],
)
def test_unusable_files_are_refused_with_one_clear_reason(data: bytes, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        parse_bytes(data, name="upload")


def test_limits_and_hostile_text(tmp_path: Path) -> None:
    long_title = '{"title": "' + "x" * 1001 + '"}'
    control = '{"title": "bell \\u0007 here"}'
    script = '{"title": "<script>alert(1)</script>Headline", "summary": "<b>bold</b> &amp; fine"}'
    parsed = parse_bytes("\n".join([long_title, control, script]).encode())
    assert [r.reason for r in parsed.rejected] == [
        "title longer than 1000 characters",
        "control characters in the text",
    ]
    assert parsed.articles[0].summary == "bold & fine"
    assert "<" not in parsed.articles[0].title
    with pytest.raises(FeedError, match="no such file"):
        read_file(tmp_path / "missing.rss")


def test_xml_entities_from_outside_are_not_fetched(tmp_path: Path) -> None:
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>t</title><item><title>A &x; B</title>'
        b"<link>https://a.example/1</link></item></channel></rss>"
    )
    parsed = parse_bytes(hostile)
    assert all("root:" not in (a.title + (a.summary or "")) for a in parsed.articles)


def test_html_to_text_keeps_paragraphs_apart() -> None:
    assert html_to_text("<p>One.</p><p>Two &amp; three.</p>") == "One.\nTwo & three."
    assert html_to_text(None) is None
