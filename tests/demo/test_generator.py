"""The demo generator: reproducible, realistic mixes, valid fake identifiers, dates in the window."""

from __future__ import annotations

import json
import random
import re
import time
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from importlib import resources

import phonenumbers
import pytest
import yaml
from stdnum import iban as iban_check
from stdnum.az import voen as voen_check

from aigov.demo.generator import (
    DemoMessage,
    demo_messages_as_dicts,
    demo_window,
    fake_iban,
    fake_voen,
    generate_demo_messages,
    write_jsonl,
)

END = datetime(2025, 6, 1, 12, 30, tzinfo=UTC)
TOPICS = {
    "electricity", "water", "gas", "roads", "public_transport", "health", "education", "social_protection",
    "police", "tax", "housing", "environment", "asan_services", "telecom", "employment", "agriculture",
    "corruption", "other",
}  # fmt: skip
REGIONS = {
    "baku", "nakhchivan", "absheron_khizi", "mountainous_shirvan", "ganja_dashkasan", "karabakh",
    "gazakh_tovuz", "guba_khachmaz", "lankaran_astara", "central_aran", "mil_mughan", "sheki_zagatala",
    "shirvan_salyan", "east_zangezur",
}  # fmt: skip
CHANNELS = {"web", "email", "telegram", "whatsapp", "sms", "facebook_export"}
IBAN = re.compile(r"AZ\d{2}(?: ?[A-Z0-9]{4}){6}")
TEN_DIGITS = re.compile(r"(?<!\d)\d{10}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
FIN_LABEL = re.compile(r"F[İI]N|ФИН")


@pytest.fixture(scope="module")
def messages() -> list[DemoMessage]:
    return generate_demo_messages(5000, seed=7, end=END)


def shares(values: list[str]) -> dict[str, float]:
    return {key: count / len(values) for key, count in Counter(values).items()}


def test_same_seed_and_end_give_the_same_messages() -> None:
    assert generate_demo_messages(300, seed=11, end=END) == generate_demo_messages(300, seed=11, end=END)
    assert generate_demo_messages(300, seed=11, end=END) != generate_demo_messages(300, seed=12, end=END)


def test_count_and_unique_stable_ids(messages: list[DemoMessage]) -> None:
    assert generate_demo_messages(0, end=END) == []
    assert len(generate_demo_messages(250, end=END)) == 250
    ids = [m.external_id for m in messages]
    assert len(ids) == 5000
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"demo-\d{6}", i) for i in ids)


def test_dates_are_utc_in_the_window_and_oldest_first(messages: list[DemoMessage]) -> None:
    start, end = demo_window(END, 4)
    assert timedelta(days=118) < end - start < timedelta(days=125)
    for m in messages:
        assert m.received_at.tzinfo is not None
        assert m.received_at.utcoffset() == timedelta(0)
        assert start <= m.received_at < end
    assert [m.received_at for m in messages] == sorted(m.received_at for m in messages)
    assert messages[0].received_at - start < timedelta(days=3)
    assert end - messages[-1].received_at < timedelta(days=1)


def test_end_in_another_time_zone_or_default_now() -> None:
    baku_end = END.astimezone(timezone(timedelta(hours=4)))
    assert generate_demo_messages(50, end=baku_end) == generate_demo_messages(50, end=END)
    before = datetime.now(UTC) - timedelta(seconds=1)
    recent = generate_demo_messages(50, months=1)
    assert all(before - timedelta(days=32) < m.received_at < before + timedelta(seconds=5) for m in recent)


def test_more_messages_on_weekdays_and_in_baku_daytime(messages: list[DemoMessage]) -> None:
    local = [m.received_at + timedelta(hours=4) for m in messages]
    hours = Counter(t.hour for t in local)
    assert sum(hours[h] for h in range(10, 13)) > 5 * sum(hours[h] for h in range(1, 4))
    days = Counter(t.weekday() for t in local)
    assert min(days[d] for d in range(4)) > 1.3 * max(days[5], days[6])


def test_language_mix(messages: list[DemoMessage]) -> None:
    mix = shares([m.expected_language for m in messages])
    assert set(mix) == {"az", "ru", "en", "tr"}
    for language, target in {"az": 0.60, "ru": 0.25, "en": 0.12, "tr": 0.03}.items():
        assert abs(mix[language] - target) < 0.025, language


def test_some_azerbaijani_is_in_cyrillic_script(messages: list[DemoMessage]) -> None:
    az = [m.text for m in messages if m.expected_language == "az"]
    cyrillic = [t for t in az if re.search("[әҝҹјөүһғ]", t.lower())]
    assert 0.025 < len(cyrillic) / len(az) < 0.08


def test_texts_look_typed_by_citizens(messages: list[DemoMessage]) -> None:
    texts = [m.text for m in messages]
    assert all("{" not in t and "}" not in t for t in texts)
    az = [m.text for m in messages if m.expected_language == "az"]
    assert any(re.search(r"\b(yoxdur|gundur|isiq)\b", t) for t in az), "az without ə, ı, ş..."
    assert sum(t == t.lower() for t in texts) > 0.05 * len(texts)
    assert sum(bool(re.search("[\U0001f300-\U0001faff]", t)) for t in texts) > 0.05 * len(texts)
    ru = [m.text for m in messages if m.expected_language == "ru"]
    ru_latin = [t for t in ru if not re.search("[а-яё]", t.lower())]
    assert 0.03 < len(ru_latin) / len(ru) < 0.15


def test_topic_codes_and_skew(messages: list[DemoMessage]) -> None:
    counts = Counter(m.expected_topic for m in messages)
    assert set(counts) == TOPICS
    top_five = {topic for topic, _ in counts.most_common(5)}
    assert {"water", "electricity", "roads"} <= top_five
    assert counts["water"] > 4 * counts["corruption"]


def test_channels_and_regions(messages: list[DemoMessage]) -> None:
    assert {m.channel for m in messages} == CHANNELS
    web = [m for m in messages if m.channel == "web"]
    assert all(m.region in REGIONS for m in web)
    assert all(m.region is None for m in messages if m.channel != "web")
    regions = shares([m.region for m in web if m.region])
    assert set(regions) == REGIONS
    assert 0.3 < regions["baku"] < 0.5
    assert regions["baku"] == max(regions.values())


def test_emerging_water_outages_in_one_region(messages: list[DemoMessage]) -> None:
    cutoff = END - timedelta(days=21)
    web = [m for m in messages if m.channel == "web"]

    def spike_share(batch: list[DemoMessage]) -> float:
        hits = [m for m in batch if m.expected_topic == "water" and m.region == "absheron_khizi"]
        return len(hits) / len(batch)

    recent = spike_share([m for m in web if m.received_at >= cutoff])
    earlier = spike_share([m for m in web if m.received_at < cutoff])
    assert recent > 0.08
    assert recent > 10 * earlier


def test_embedded_voen_and_iban_are_valid(messages: list[DemoMessage]) -> None:
    ibans = [found for m in messages for found in IBAN.findall(m.text)]
    voens = [found for m in messages for found in TEN_DIGITS.findall(m.text)]
    assert len(ibans) >= 20
    assert len(voens) >= 20
    assert all(iban_check.is_valid(i) for i in ibans)
    assert all(voen_check.is_valid(v) for v in voens)


def test_fake_identifiers_are_always_valid() -> None:
    for seed in range(300):
        rng = random.Random(seed)
        assert voen_check.is_valid(fake_voen(rng))
        assert iban_check.is_valid(fake_iban(rng))


def test_about_eight_percent_carry_valid_fake_contact_data(messages: list[DemoMessage]) -> None:
    with_data = 0
    for m in messages:
        phones = list(phonenumbers.PhoneNumberMatcher(m.text, "AZ"))
        emails = EMAIL.findall(m.text)
        assert all(phonenumbers.is_valid_number(p.number) for p in phones)
        assert all(e.rsplit("@", 1)[1] in {"example.com", "example.org", "example.net"} for e in emails)
        if phones or emails or IBAN.search(m.text) or TEN_DIGITS.search(m.text) or FIN_LABEL.search(m.text):
            with_data += 1
    assert 0.05 < with_data / len(messages) < 0.12


def test_every_topic_has_templates_in_every_language() -> None:
    text = resources.files("aigov.demo").joinpath("phrases.yaml").read_text(encoding="utf-8")
    phrases = yaml.safe_load(text)
    minimum = {"az": 6, "ru": 5, "en": 4, "tr": 2}
    for language, least in minimum.items():
        assert set(phrases[language]["topics"]) == TOPICS, language
        assert set(phrases[language]["agencies"]) == TOPICS, language
        for topic, templates in phrases[language]["topics"].items():
            assert len(set(templates)) >= least, (language, topic)


def test_dicts_are_json_ready_and_match_messages() -> None:
    rows = demo_messages_as_dicts(100, seed=5, end=END)
    originals = generate_demo_messages(100, seed=5, end=END)
    decoded = json.loads(json.dumps(rows, ensure_ascii=False))
    assert decoded == rows
    for row, message in zip(rows, originals, strict=True):
        assert datetime.fromisoformat(row["received_at"]) == message.received_at
        assert row["external_id"] == message.external_id
        assert row["text"] == message.text
        assert row["expected_topic"] == message.expected_topic


def test_write_jsonl_writes_ten_thousand_rows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "demo.jsonl"
    began = time.perf_counter()
    written = write_jsonl(path, 10_000, 7, end=END)
    print(f"write_jsonl(10000) took {time.perf_counter() - began:.2f}s")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert written == len(lines) == 10_000
    first = json.loads(lines[0])
    assert first == demo_messages_as_dicts(10_000, seed=7, end=END)[0]
