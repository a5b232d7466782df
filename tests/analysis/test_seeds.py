"""The hand-written seed sets for topic routing and urgency: well-formed, balanced, and not demo templates."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
import yaml

from aigov.analysis.urgency import LEVELS
from aigov.demo.generator import generate_demo_messages
from aigov.reference.loader import load_taxonomy

SEEDS = Path(str(resources.files("aigov.analysis").joinpath("seeds")))
LANGS = {"az", "ru", "en", "tr"}
TOPIC_MIN = {"az": 20, "ru": 10, "en": 6, "tr": 4}
TOPIC_MIN_AZ_CYRILLIC = 2
TOPIC_MIN_AZ_PLAIN = 5  # Azerbaijani typed without its special letters
URGENCY_MIN = {"az": 25, "ru": 12, "en": 7, "tr": 5}
_FOLD = str.maketrans("əıöüşçğâ", "eiouscga")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _rows(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["text", "label", "lang"]
        return list(reader)


def _normalise(text: str) -> str:
    """Case, Azerbaijani/Turkish letters, punctuation and emoji folded away, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("İ", "i").casefold().translate(_FOLD)
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


@pytest.fixture(scope="module")
def topic_rows() -> list[dict[str, str]]:
    return _rows("topic_seed.csv")


@pytest.fixture(scope="module")
def urgency_rows() -> list[dict[str, str]]:
    return _rows("urgency_seed.csv")


@pytest.fixture(scope="module")
def demo_messages() -> set[str]:
    """Normalised demo messages, as the generator writes them for a few seeds."""
    return {_normalise(m.text) for seed in (1, 7, 42) for m in generate_demo_messages(600, seed=seed)}


@pytest.fixture(scope="module")
def demo_templates() -> list[str]:
    """Normalised demo templates that have no slots, long enough to be a copy if found inside a seed text."""
    phrases = yaml.safe_load(resources.files("aigov.demo").joinpath("phrases.yaml").read_text("utf-8"))
    bodies = []
    for lang in phrases.values():
        bodies += [*lang["thanks"], *lang["emerging"], *(t for _, t in lang["urgent"])]
        bodies += [t for topic in lang["topics"].values() for t in topic]
    return [_normalise(t) for t in bodies if "{" not in t and len(t) >= 25]


def test_topic_labels_are_the_taxonomy_topics(topic_rows):
    codes = {t.code for t in load_taxonomy().topics}
    assert {r["label"] for r in topic_rows} == codes


def test_urgency_labels_are_the_levels(urgency_rows):
    assert {r["label"] for r in urgency_rows} == set(LEVELS)


@pytest.mark.parametrize("name", ["topic_seed.csv", "urgency_seed.csv"])
def test_rows_are_complete_and_unique(name):
    rows = _rows(name)
    assert all(r["text"].strip() and r["lang"] in LANGS for r in rows)
    counts = Counter(_normalise(r["text"]) for r in rows)
    assert [t for t, n in counts.items() if n > 1] == []


def test_every_topic_has_enough_examples_per_language(topic_rows):
    counts = Counter((r["label"], r["lang"]) for r in topic_rows)
    short = [(t, lang) for t in {r["label"] for r in topic_rows} for lang, n in TOPIC_MIN.items()
             if counts[(t, lang)] < n]  # fmt: skip
    assert short == []


def test_every_topic_has_azerbaijani_in_cyrillic_and_without_diacritics(topic_rows):
    for topic in {r["label"] for r in topic_rows}:
        az = [r["text"] for r in topic_rows if r["label"] == topic and r["lang"] == "az"]
        assert sum(bool(_CYRILLIC.search(t)) for t in az) >= TOPIC_MIN_AZ_CYRILLIC, topic
        plain = [t for t in az if not _CYRILLIC.search(t) and not set(t) & set("əƏğĞıİşŞçÇöÖüÜ")]
        assert len(plain) >= TOPIC_MIN_AZ_PLAIN, topic


def test_every_urgency_level_has_enough_examples_per_language(urgency_rows):
    counts = Counter((r["label"], r["lang"]) for r in urgency_rows)
    assert [(lv, lg) for lv in LEVELS for lg, n in URGENCY_MIN.items() if counts[(lv, lg)] < n] == []


@pytest.mark.parametrize("name", ["topic_seed.csv", "urgency_seed.csv"])
def test_no_seed_text_is_a_demo_message_or_template(name, demo_messages, demo_templates):
    seeds = [_normalise(r["text"]) for r in _rows(name)]
    assert [t for t in seeds if t in demo_messages] == []
    assert [t for t in seeds if any(template in t for template in demo_templates)] == []
