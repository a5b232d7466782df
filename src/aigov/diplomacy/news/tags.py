"""Topic tags from a keyword taxonomy (packaged ``topics.yaml``; a file of your own replaces it)."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from aigov.diplomacy.actors.reference import normalise
from aigov.diplomacy.news.mentions import CYRILLIC_ENDINGS, LATIN_ENDINGS

TOPICS_FILE = Path(__file__).with_name("topics.yaml")
_CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


class TaxonomyError(ValueError):
    """The topic file is malformed (said in one line)."""


@dataclass(frozen=True)
class Keyword:
    words: tuple[str, ...]
    prefix: bool  # the last word is a prefix ("energ*")


@dataclass(frozen=True)
class Taxonomy:
    names: dict[str, dict[str, str]]  # tag -> {locale: name}
    keywords: dict[str, tuple[Keyword, ...]]
    version: str

    def tags(self, text: str) -> list[str]:
        """The tags whose keywords occur in ``text``, in taxonomy order."""
        words = _Words(normalise(text or "").split())
        return [tag for tag, keywords in self.keywords.items() if any(words.has(k) for k in keywords)]


class _Words:
    """The words of one text, indexed by every form a keyword may match (the word less a case ending)."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.forms: list[set[str]] = []
        self.at: dict[str, list[int]] = {}
        for i, word in enumerate(words):
            endings = CYRILLIC_ENDINGS if _CYRILLIC.search(word) else LATIN_ENDINGS
            forms = {word} | {word[: -len(e)] for e in endings if word.endswith(e) and len(word) > len(e)}
            self.forms.append(forms)
            for form in forms:
                self.at.setdefault(form, []).append(i)
        self.sorted = sorted(set(words))

    def _starting(self, prefix: str) -> list[int]:
        """Positions of the words that start with ``prefix``."""
        i = bisect_left(self.sorted, prefix)
        found = set()
        while i < len(self.sorted) and self.sorted[i].startswith(prefix):
            found.add(self.sorted[i])
            i += 1
        return [n for n, word in enumerate(self.words) if word in found] if found else []

    def _matches(self, i: int, key: str, prefix: bool) -> bool:
        return self.words[i].startswith(key) if prefix else key in self.forms[i]

    def has(self, keyword: Keyword) -> bool:
        size = len(keyword.words)
        starts = (self._starting(keyword.words[0]) if keyword.prefix and size == 1
                  else self.at.get(keyword.words[0], []))
        last = size - 1
        for i in starts:
            if i + size <= len(self.words) and all(
                self._matches(i + k, keyword.words[k], keyword.prefix and k == last) for k in range(1, size)
            ):
                return True
        return False


def parse_taxonomy(text: str) -> Taxonomy:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        raise TaxonomyError("the topic file is not valid YAML") from None
    tags = data.get("tags") if isinstance(data, dict) else None
    if not isinstance(tags, dict) or not tags:
        raise TaxonomyError("the topic file needs a mapping under 'tags'")
    names: dict[str, dict[str, str]] = {}
    keywords: dict[str, tuple[Keyword, ...]] = {}
    for code, spec in tags.items():
        if not isinstance(code, str) or not _CODE.fullmatch(code):
            raise TaxonomyError(f"tag {str(code)[:40]!r}: use lower-case letters, digits and _")
        if not isinstance(spec, dict) or not isinstance(spec.get("keywords"), list) or not spec["keywords"]:
            raise TaxonomyError(f"tag {code!r} needs a list of keywords")
        given = spec.get("names") or {}
        if not isinstance(given, dict):
            raise TaxonomyError(f"tag {code!r}: names must map locales to names")
        names[code] = {str(k): str(v) for k, v in given.items()} or {"en": code}
        parsed = []
        for raw in spec["keywords"]:
            text = str(raw).strip()
            prefix = text.endswith("*")
            words = tuple(normalise(text.rstrip("*")).split())
            if words:
                parsed.append(Keyword(words, prefix))
        keywords[code] = tuple(parsed)
    version = hashlib.sha256(text.encode()).hexdigest()[:12]
    return Taxonomy(names=names, keywords=keywords, version=version)


@cache
def load_taxonomy(path: Path = TOPICS_FILE) -> Taxonomy:
    try:
        return parse_taxonomy(path.read_text(encoding="utf-8"))
    except OSError:
        raise TaxonomyError(f"cannot read the topic file {path.name}") from None
    except UnicodeDecodeError:
        raise TaxonomyError(f"the topic file {path.name} is not UTF-8") from None
