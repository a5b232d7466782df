"""News articles from files: RSS 2.0 and Atom (through feedparser) or JSON lines.

JSON lines: one object per line with ``title`` (required), ``summary`` (or ``description``), ``body``
(or ``content``/``text``), ``url`` (or ``link``), ``published`` (ISO 8601 or RFC 2822; also ``date`` or
``published_at``), ``source`` and ``guid`` (or ``id``). A line that cannot be used is reported with its
number and the reason, never its content; the good lines are kept.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MAX_FILE_BYTES = 50_000_000
MAX_TITLE = 1_000
MAX_SUMMARY = 20_000
MAX_BODY = 200_000
MAX_FIELD = 2_000  # url, guid, source


class FeedError(ValueError):
    """The file cannot be read as a feed or as JSON lines at all."""


@dataclass
class RawArticle:
    """One article as the file gives it (text only: HTML taken out)."""

    title: str
    summary: str | None = None
    body: str | None = None
    url: str | None = None
    guid: str | None = None
    published_at: datetime | None = None
    source: str | None = None
    line: int = 0  # line (JSON lines) or item number (feeds) in the file

    @property
    def url_key(self) -> str | None:
        return _digest("url", canonical_url(self.url)) if self.url else None

    @property
    def guid_key(self) -> str | None:
        return _digest("guid", self.guid) if self.guid else None


@dataclass
class Rejected:
    line: int
    reason: str


@dataclass
class Parsed:
    articles: list[RawArticle] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    kind: str = "jsonl"


def _digest(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def canonical_url(url: str) -> str:
    """The URL compared for duplicates: lower-case scheme and host, no fragment, no utm_* tracking."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith("utm_")])
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("p", "br", "div", "li", "h1", "h2", "h3", "h4", "tr"):
            self.parts.append("\n")


def html_to_text(value: str | None) -> str | None:
    """Plain text of an HTML fragment (scripts and styles were already removed by feedparser)."""
    if value is None:
        return None
    if "<" not in value:
        text = unescape(value)
    else:
        parser = _Text()
        parser.feed(value)
        parser.close()
        text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    text = "\n".join(line for line in lines if line)
    return text or None


def parse_date(value: Any) -> datetime | None:
    """ISO 8601 or RFC 2822 to an aware UTC datetime; None when absent; ValueError when unreadable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ValueError("published is not a date")
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            raise ValueError("published is not an ISO 8601 or RFC 2822 date") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def read_file(path: Path) -> Parsed:
    """Parse a feed or JSON-lines file, by its content (not its name)."""
    try:
        size = path.stat().st_size
    except OSError:
        raise FeedError(f"cannot read {path.name}: no such file") from None
    if size > MAX_FILE_BYTES:
        raise FeedError(f"{path.name} is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    try:
        data = path.read_bytes()
    except OSError:
        raise FeedError(f"cannot read {path.name}") from None
    return parse_bytes(data, name=path.name)


def parse_bytes(data: bytes, *, name: str = "the file") -> Parsed:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if not head:
        raise FeedError(f"{name} is empty")
    if head == b"<":
        return _parse_feed(data, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FeedError(f"{name} is neither an RSS/Atom feed nor UTF-8 JSON lines") from None
    return _parse_jsonl(text)


def _parse_feed(data: bytes, name: str) -> Parsed:
    import feedparser

    feed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    version = feed.get("version") or ""
    if not version or (not feed.entries and feed.get("bozo")):
        raise FeedError(f"{name} is not a readable RSS or Atom feed")
    kind = "atom" if version.startswith("atom") else "rss"
    feed_title = html_to_text((feed.get("feed") or {}).get("title"))
    parsed = Parsed(kind=kind)
    for number, entry in enumerate(feed.entries, 1):
        content = entry.get("content") or []
        body = html_to_text(content[0].get("value")) if content else None
        summary = html_to_text(entry.get("summary"))
        if body and summary and body.startswith(summary[:200]):
            summary = summary if len(summary) < len(body) else None
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        source = entry.get("source") or {}
        raw = {
            "title": html_to_text(entry.get("title")), "summary": summary, "body": body,
            "url": entry.get("link"), "guid": entry.get("id"),
            "published": datetime.fromtimestamp(calendar.timegm(published), UTC) if published else None,
            "source": html_to_text(source.get("title")) if isinstance(source, dict) else None,
        }
        raw["source"] = raw["source"] or feed_title
        _add(parsed, raw, number)
    return parsed


def _parse_jsonl(text: str) -> Parsed:
    parsed = Parsed(kind="jsonl")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            parsed.rejected.append(Rejected(number, "not a JSON object"))
            continue
        if not isinstance(row, dict):
            parsed.rejected.append(Rejected(number, "not a JSON object"))
            continue
        raw = {
            "title": row.get("title"),
            "summary": _first(row, "summary", "description"),
            "body": _first(row, "body", "content", "text"),
            "url": _first(row, "url", "link"),
            "guid": _first(row, "guid", "id"),
            "published": _first(row, "published", "published_at", "date"),
            "source": row.get("source"),
        }
        for key in ("title", "summary", "body"):
            if isinstance(raw[key], str):
                raw[key] = html_to_text(raw[key])
        _add(parsed, raw, number)
    if not parsed.articles and not parsed.rejected:
        raise FeedError("the file holds no articles")
    return parsed


def _first(row: dict[str, Any], *keys: str) -> Any:
    return next((row[k] for k in keys if row.get(k) not in (None, "")), None)


def _add(parsed: Parsed, raw: dict[str, Any], number: int) -> None:
    try:
        parsed.articles.append(_article(raw, number))
    except ValueError as exc:
        parsed.rejected.append(Rejected(number, str(exc)))


def _article(raw: dict[str, Any], number: int) -> RawArticle:
    title = raw["title"]
    if not isinstance(title, str) or not title.strip():
        raise ValueError("no title")
    title = " ".join(title.split())
    if len(title) > MAX_TITLE:
        raise ValueError(f"title longer than {MAX_TITLE} characters")
    for key, limit in (("summary", MAX_SUMMARY), ("body", MAX_BODY)):
        value = raw[key]
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{key} is not text")
        if value is not None and len(value) > limit:
            raise ValueError(f"{key} longer than {limit} characters")
    for key in ("url", "guid", "source"):
        value = raw[key]
        if value is not None and not isinstance(value, str | int):
            raise ValueError(f"{key} is not text")
        if value is not None and len(str(value)) > MAX_FIELD:
            raise ValueError(f"{key} longer than {MAX_FIELD} characters")
    url = str(raw["url"]).strip() if raw["url"] else None
    if url and urlsplit(url).scheme not in ("http", "https"):
        raise ValueError("url is not an http(s) address")
    published = raw["published"] if isinstance(raw["published"], datetime) else parse_date(raw["published"])
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in title + (raw["summary"] or "") + (raw["body"] or "")):
        raise ValueError("control characters in the text")
    return RawArticle(title=title, summary=raw["summary"] or None, body=raw["body"] or None, url=url,
                      guid=str(raw["guid"]).strip() if raw["guid"] else None, published_at=published,
                      source=str(raw["source"]).strip()[:200] if raw["source"] else None, line=number)
