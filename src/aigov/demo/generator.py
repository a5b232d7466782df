"""Realistic, reproducible citizen messages for the demo and for benchmarks, built from local templates only.

Texts are composed from ``phrases.yaml`` (templates per language and topic) and ``places.yaml`` (places per
economic region with their case forms), then roughened like real messages: missing Azerbaijani letters,
lower case, typos, emoji, Russian in Latin letters, Azerbaijani in Cyrillic script. Some carry fake personal
data (phones, emails, FIN, VÖEN and IBAN with valid check digits) for the redaction demo. All names, numbers
and accounts are invented.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

CHANNELS = ("web", "email", "telegram", "whatsapp", "sms", "facebook_export")
TOPICS = (
    "electricity", "water", "gas", "roads", "public_transport", "health", "education", "social_protection",
    "police", "tax", "housing", "environment", "asan_services", "telecom", "employment", "agriculture",
    "corruption", "other",
)  # fmt: skip
LANGUAGE_WEIGHTS = {"az": 60, "ru": 25, "en": 12, "tr": 3}
CHANNEL_WEIGHTS = {"web": 35, "telegram": 20, "whatsapp": 15, "email": 10, "sms": 10, "facebook_export": 10}
TOPIC_WEIGHTS = {
    "electricity": 12, "water": 12, "gas": 8, "roads": 11, "public_transport": 7, "health": 6, "education": 5,
    "social_protection": 6, "police": 3, "tax": 3, "housing": 6, "environment": 4, "asan_services": 4,
    "telecom": 5, "employment": 3, "agriculture": 3, "corruption": 2, "other": 3,
}  # fmt: skip
# Topic weight multipliers by region: cities ride buses, villages farm, liberated lands rebuild.
_URBAN_REGIONS = {"baku", "absheron_khizi"}
_REBUILT_REGIONS = {"karabakh", "east_zangezur"}

AZ_CYRILLIC_SHARE = 0.05  # of Azerbaijani messages
THANKS_SHARE = 0.10
URGENT_SHARE = 0.02
PII_SHARE = 0.08
# The emerging issue: a spike of water outages in Sumgayit over the last three weeks.
EMERGING_SHARE = 0.04
EMERGING_DAYS = 21
EMERGING_REGION = "absheron_khizi"
EMERGING_TOPIC = "water"

BAKU_UTC_OFFSET = timedelta(hours=4)
_DAYS_PER_MONTH = 30.44
# Relative chance of a message by Baku local hour (0-23) and weekday (Monday first).
_HOUR_FACTOR = (0.05, 0.03, 0.02, 0.02, 0.02, 0.05, 0.15, 0.35, 0.6, 0.85, 1.0, 1.0,
                0.9, 0.85, 0.95, 0.95, 0.9, 0.8, 0.7, 0.65, 0.6, 0.5, 0.3, 0.12)  # fmt: skip
_DAY_FACTOR = (1.0, 1.0, 1.0, 1.0, 0.95, 0.6, 0.45)

_MOBILE_CODES = ("10", "50", "51", "55", "60", "70", "77", "99")
_FIN_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_VOEN_WEIGHTS = (4, 1, 8, 6, 2, 7, 5, 3)
_BANK_CODES = ("NABZ", "IBAZ", "AIIB", "PAHA", "KAPB", "UBAZ", "BRES", "ACAB")
_EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
_PII_KINDS = {"phone": 45, "email": 20, "fin": 15, "voen": 8, "iban": 10}
_AMOUNTS = (45, 60, 80, 95, 120, 150, 200, 250, 300, 500)

_EMOJI = {
    "complaint": ("😡", "😤", "😢", "🤬", "😞", "‼️", "🙏", "😡😡"),
    "question": ("🤔", "🙏", "❓"),
    "thanks": ("🙏", "👍", "❤️", "😊", "👏", "🙏🙏"),
}


@dataclass(frozen=True)
class _Style:
    """How a channel's messages tend to look: chances of each feature."""

    opener: float
    closer: float
    lower: float
    plain: float  # Azerbaijani/Turkish written without their special letters
    typo: float
    emoji: float
    translit: float  # Russian in Latin letters


_STYLES = {
    "email": _Style(0.8, 0.7, 0.02, 0.05, 0.03, 0.02, 0.02),
    "web": _Style(0.35, 0.35, 0.1, 0.12, 0.08, 0.05, 0.04),
    "telegram": _Style(0.15, 0.1, 0.3, 0.35, 0.12, 0.3, 0.12),
    "whatsapp": _Style(0.15, 0.1, 0.3, 0.35, 0.12, 0.3, 0.12),
    "facebook_export": _Style(0.15, 0.15, 0.25, 0.3, 0.12, 0.3, 0.1),
    "sms": _Style(0.05, 0.05, 0.3, 0.6, 0.12, 0.05, 0.15),
}

_AZ_PLAIN = str.maketrans("əƏıİşŞçÇğĞöÖüÜ", "eEiIsScCgGoOuU")
_AZ_CYRILLIC = str.maketrans(
    {
        **dict(zip("abcçdeəfgğhxıijkqlmnoöprsştuüvyz", "абҹчдеәфҝғһхыижкглмноөпрсштуүвјз", strict=True)),
        **dict(zip("ABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVYZ", "АБҸЧДЕӘФҜҒҺХЫИЖКГЛМНОӨПРСШТУҮВЈЗ", strict=True)),
    }
)
_RU_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_RU_LATIN_TABLE = str.maketrans(
    {**_RU_LATIN, **{k.upper(): v.capitalize() for k, v in _RU_LATIN.items()}, "«": '"', "»": '"'}
)
_AZ_LETTERS = frozenset("əƏğĞıİşŞçÇöÖüÜ")
_SLOT = re.compile(r"(\{[a-z_]+\})")


@dataclass(frozen=True)
class DemoMessage:
    """One invented citizen message, with the topic and language the generator meant."""

    channel: str
    external_id: str
    received_at: datetime
    text: str
    region: str | None
    expected_topic: str
    expected_language: str


@dataclass(frozen=True)
class _Place:
    region: str
    az: tuple[str, str, str]  # nominative, locative, ablative
    ru: tuple[str, str]  # nominative, "в ..."
    en: str


@dataclass(frozen=True)
class _Data:
    phrases: dict[str, Any]
    places: dict[str, tuple[_Place, ...]]
    region_weights: dict[str, float]
    streets: tuple[tuple[str, str, str], ...]
    people: tuple[tuple[str, str, str], ...]


def _read_yaml(name: str) -> Any:
    text = resources.files("aigov.demo").joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=1)
def _data() -> _Data:
    """Templates and places, read once."""
    raw = _read_yaml("places.yaml")
    streets = tuple(tuple(s) for s in raw.pop("streets"))
    people = tuple(tuple(p) for p in raw.pop("people"))
    places = {
        code: tuple(_Place(code, tuple(p[0:3]), tuple(p[3:5]), p[5]) for p in entry["places"])
        for code, entry in raw.items()
    }
    weights = {code: float(entry["weight"]) for code, entry in raw.items()}
    return _Data(_read_yaml("phrases.yaml"), places, weights, streets, people)  # type: ignore[arg-type]


def demo_window(end: datetime, months: int = 4) -> tuple[datetime, datetime]:
    """The [start, end) interval, in UTC, that generated messages fall into."""
    end = _as_utc(end)
    return end - timedelta(days=round(months * _DAYS_PER_MONTH)), end


def generate_demo_messages(
    n: int = 600, *, seed: int = 7, end: datetime | None = None, months: int = 4
) -> list[DemoMessage]:
    """``n`` invented messages over the ``months`` before ``end`` (default: now), oldest first.

    The same ``seed`` and ``end`` always give the same messages.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    start, end = demo_window(end if end is not None else datetime.now(UTC), months)
    data = _data()
    rng = random.Random(seed)
    n_emerging = round(n * EMERGING_SHARE)
    drafts = [_draft(rng, data, start, end, emerging=i < n_emerging) for i in range(n)]
    drafts.sort(key=lambda d: d[0])
    width = max(6, len(str(n)))
    return [
        DemoMessage(channel, f"demo-{i:0{width}d}", when, text, region, topic, language)
        for i, (when, channel, text, region, topic, language) in enumerate(drafts, start=1)
    ]


def demo_messages_as_dicts(
    n: int = 600, *, seed: int = 7, end: datetime | None = None, months: int = 4
) -> list[dict[str, Any]]:
    """The same messages as JSON-ready dicts, ``received_at`` as an ISO-8601 string."""
    rows = []
    for message in generate_demo_messages(n, seed=seed, end=end, months=months):
        row = asdict(message)
        row["received_at"] = message.received_at.isoformat()
        rows.append(row)
    return rows


def write_jsonl(path: str | Path, n: int = 10_000, seed: int = 7, *, end: datetime | None = None) -> int:
    """Write ``n`` demo messages to ``path`` as JSON Lines; return the number written."""
    rows = demo_messages_as_dicts(n, seed=seed, end=end)
    with Path(path).open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return len(rows)


# --- one message ---------------------------------------------------------------------------------------


def _draft(
    rng: random.Random, data: _Data, start: datetime, end: datetime, *, emerging: bool
) -> tuple[datetime, str, str, str | None, str, str]:
    """(received_at, channel, text, region, topic, language) of one message."""
    language = _pick(rng, LANGUAGE_WEIGHTS)
    cyrillic = language == "az" and rng.random() < AZ_CYRILLIC_SHARE
    channel = _pick(rng, CHANNEL_WEIGHTS)
    phrases = data.phrases[language]
    if emerging:
        region = EMERGING_REGION
        place = data.places[region][0]
    else:
        region = _pick(rng, data.region_weights)
        place = rng.choice(data.places[region])

    kind_roll = rng.random()
    if emerging:
        kind, topic, body = "complaint", EMERGING_TOPIC, rng.choice(phrases["emerging"])
    elif kind_roll < THANKS_SHARE:
        topic = _pick(rng, TOPIC_WEIGHTS)
        kind, body = "thanks", rng.choice(phrases["thanks"])
    elif kind_roll < THANKS_SHARE + URGENT_SHARE:
        topic, body = rng.choice(phrases["urgent"])
        kind = "complaint"
    else:
        topic = _pick(rng, _region_topic_weights(region))
        body = rng.choice(phrases["topics"][topic])
        kind = "question" if body.rstrip().endswith("?") else "complaint"

    person = rng.choice(data.people)
    slots = _slots(rng, data, language, place, person, phrases["agencies"][topic])
    style = _STYLES[channel]
    text = _with_frame(rng, phrases, body, kind, style, channel, slots)
    text = _roughen(rng, text, language, style, cyrillic=cyrillic)
    if rng.random() < style.emoji:
        text = f"{text} {rng.choice(_EMOJI[kind])}"
    if rng.random() < PII_SHARE:
        text = _add_personal_data(rng, phrases, text, person[2], topic, cyrillic=cyrillic)
    when = _received_at(rng, start, end, recent_days=EMERGING_DAYS if emerging else None)
    return when, channel, text, region if channel == "web" else None, topic, language


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(tuple(weights), weights=tuple(weights.values()))[0]


@lru_cache(maxsize=32)
def _region_topic_weights(region: str) -> dict[str, float]:
    weights = dict(TOPIC_WEIGHTS)
    if region in _URBAN_REGIONS:
        weights["public_transport"] *= 2.0
        weights["agriculture"] *= 0.1
    else:
        weights["agriculture"] *= 2.5
        weights["public_transport"] *= 0.5
        weights["gas"] *= 1.3
    if region in _REBUILT_REGIONS:
        for topic in ("housing", "roads", "employment"):
            weights[topic] *= 1.5
    return weights


def _slots(
    rng: random.Random, data: _Data, language: str, place: _Place, person: tuple[str, str, str], agency: str
) -> dict[str, str]:
    column = {"az": 0, "tr": 0, "ru": 1, "en": 2}[language]
    if language in ("az", "tr"):
        place_slots = dict(zip(("place", "place_loc", "place_abl"), place.az, strict=True))
    elif language == "ru":
        place_slots = {"place": place.ru[0], "place_loc": place.ru[1], "place_abl": place.ru[1]}
    else:
        place_slots = {"place": place.en, "place_loc": f"in {place.en}", "place_abl": f"from {place.en}"}
    return {
        **place_slots,
        "street": rng.choice(data.streets)[column],
        "name": person[column],
        "house": str(rng.randint(1, 160)),
        "bus": str(rng.randint(1, 220)),
        "amount": str(rng.choice(_AMOUNTS)),
        "duration": rng.choice(data.phrases[language]["durations"]),
        "agency": agency,
    }


def _with_frame(
    rng: random.Random,
    phrases: dict[str, Any],
    body: str,
    kind: str,
    style: _Style,
    channel: str,
    slots: dict[str, str],
) -> str:
    """The filled body with an end mark and, sometimes, a greeting and a closing line."""
    body = body.format_map(slots)
    body = body[0].upper() + body[1:]
    if body[-1] not in "?!.":
        body += rng.choice(("", ".", ".", "!", "!!!") if kind == "complaint" else ("", ".", "!"))
    parts = [body]
    opener = rng.choice(phrases["openers"]).format_map(slots) if rng.random() < style.opener else ""
    if kind != "thanks" and rng.random() < style.closer:
        if body[-1] not in "?!.":
            parts[-1] += "."
        parts.append(rng.choice(phrases["closers"]).format_map(slots))
    text = ("\n" if channel == "email" else " ").join(parts)
    if not opener:
        return text
    return opener + ("\n" if channel == "email" or opener.endswith(",") else " ") + text


def _roughen(rng: random.Random, text: str, language: str, style: _Style, *, cyrillic: bool) -> str:
    """Make a clean text look typed in a hurry."""
    if cyrillic:
        return text.translate(_AZ_CYRILLIC)
    if language == "ru" and rng.random() < style.translit:
        text = text.translate(_RU_LATIN_TABLE)
    if rng.random() < style.lower:
        if language in ("az", "tr"):
            text = text.replace("İ", "i").replace("I", "ı")
        text = text.lower()
    if language in ("az", "tr") and rng.random() < style.plain:
        text = text.translate(_AZ_PLAIN)
    if rng.random() < style.typo:
        text = _typo(rng, text)
    return text


def _typo(rng: random.Random, text: str) -> str:
    """Swap, drop or double one letter of one longer word."""
    words = text.split(" ")
    candidates = [i for i, word in enumerate(words) if len(word) >= 5 and word.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    word, k = words[i], rng.randrange(1, len(words[i]) - 2)
    roll = rng.random()
    if roll < 0.4:
        word = word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    elif roll < 0.75:
        word = word[:k] + word[k + 1 :]
    else:
        word = word[:k] + word[k] + word[k:]
    words[i] = word
    return " ".join(words)


# --- fake personal data --------------------------------------------------------------------------------


def _add_personal_data(
    rng: random.Random, phrases: dict[str, Any], text: str, person: str, topic: str, *, cyrillic: bool
) -> str:
    """Append one or two sentences carrying invented contact or identity data (``person`` in Latin)."""
    kinds = [_pick(rng, _pii_weights(topic))]
    if rng.random() < 0.25:
        kinds.append(_pick(rng, _PII_KINDS))
    values = {
        "phone": fake_phone(rng),
        "email": fake_email(rng, person),
        "fin": fake_fin(rng),
        "voen": fake_voen(rng),
        "iban": fake_iban(rng),
    }
    for kind in dict.fromkeys(kinds):
        label = rng.choice(phrases["contact"][kind])
        if cyrillic:
            label = _map_literal(label, lambda part: part.translate(_AZ_CYRILLIC))
        elif not _AZ_LETTERS.intersection(text):  # written without Azerbaijani letters: so is the label
            label = _map_literal(label, lambda part: part.translate(_AZ_PLAIN))
        text = f"{text}{'.' if text[-1].isalnum() else ''} {label.format_map(values)}"
    return text


def _map_literal(template: str, change: Callable[[str], str]) -> str:
    """Apply ``change`` to a template's text but not to its {slots}."""
    return "".join(part if _SLOT.fullmatch(part) else change(part) for part in _SLOT.split(template))


@lru_cache(maxsize=32)
def _pii_weights(topic: str) -> dict[str, float]:
    weights = dict(_PII_KINDS)
    if topic == "tax":
        weights["voen"] *= 10
    elif topic in ("social_protection", "employment"):
        weights["iban"] *= 4
    return weights


def fake_phone(rng: random.Random) -> str:
    """An invented Azerbaijani phone number in one of the formats people type."""
    if rng.random() < 0.15:
        digits = f"{rng.choice('3459')}{rng.randrange(10**6):06d}"
        a, b, c = digits[:3], digits[3:5], digits[5:]
        return rng.choice((f"(012) {a}-{b}-{c}", f"+994 12 {a} {b} {c}", f"012 {a} {b} {c}"))
    code = rng.choice(_MOBILE_CODES)
    digits = f"{rng.randint(2, 9)}{rng.randrange(10**6):06d}"
    a, b, c = digits[:3], digits[3:5], digits[5:]
    return rng.choice(
        (f"+994 {code} {a} {b} {c}", f"0{code}-{a}-{b}-{c}", f"0{code} {a} {b} {c}", f"+994{code}{digits}",
         f"(0{code}) {a}-{b}-{c}")
    )  # fmt: skip


def fake_email(rng: random.Random, person: str) -> str:
    """An address at a reserved example domain, made from an invented name."""
    first, last = person.lower().split(" ", 1)
    local = rng.choice(
        (f"{first}.{last}", f"{first}{rng.randint(70, 99)}", f"{first[0]}{last}", f"{first}_{last[0]}")
    )
    return f"{local}@{rng.choice(_EMAIL_DOMAINS)}"


def fake_fin(rng: random.Random) -> str:
    """A FIN: 7 characters from digits and A-Z without I and O."""
    return "".join(rng.choice(_FIN_ALPHABET) for _ in range(7))


def fake_voen(rng: random.Random) -> str:
    """A VÖEN with a valid check digit (9th) and a valid taxpayer type (10th: 1 legal, 2 natural person)."""
    while True:
        head = f"{rng.randint(10, 99)}{rng.randrange(10**6):06d}"
        check = sum(w * int(d) for w, d in zip(_VOEN_WEIGHTS, head, strict=True)) % 11
        if check < 10:
            return f"{head}{check}{rng.choice('12')}"


def fake_iban(rng: random.Random) -> str:
    """An AZ IBAN (28 characters) with valid mod-97 check digits, sometimes grouped by four."""
    bban = rng.choice(_BANK_CODES) + "".join(str(rng.randrange(10)) for _ in range(20))
    rearranged = bban + "AZ00"
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    iban = f"AZ{98 - int(numeric) % 97:02d}{bban}"
    if rng.random() < 0.3:
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban


def _received_at(rng: random.Random, start: datetime, end: datetime, *, recent_days: int | None) -> datetime:
    """A second in [start, end), more likely on weekdays and in Baku daytime; skewed to the end if recent."""
    span = int((end - start).total_seconds())
    recent = min(span, recent_days * 86_400) if recent_days else 0
    while True:
        if recent:
            when = end - timedelta(seconds=1 + int(rng.triangular(0, recent - 1, 0)))
        else:
            when = start + timedelta(seconds=int(rng.random() * span))
        local = when + BAKU_UTC_OFFSET
        if rng.random() < _DAY_FACTOR[local.weekday()] * _HOUR_FACTOR[local.hour]:
            return when


def _as_utc(moment: datetime) -> datetime:
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.replace(microsecond=0)
