"""Countries and people named in a news text, in English, Azerbaijani, Russian or Turkish.

Names come from the project's actor reference (:mod:`aigov.diplomacy.actors`: country names, aliases,
capitals, demonyms, leaders and ministers, state organisations). A word may carry a case ending
("Ermənistanın", "Азербайджана", "Алиевым", "Armenia's"), so each word is also tried without the endings
below. A name must start with a capital letter, and one of three letters or fewer ("US", "РФ") must be
written in capitals, so "turkey" (the bird) or "us" are not countries. People are the reference's public
figures plus the names the project's PERSON recognizer finds (public figures are not redacted here).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from aigov.diplomacy.actors.reference import Entry, normalise, reference

_WORD = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN_ENDINGS = (
    "s",
    "a",
    "ə",
    "e",
    "ı",
    "i",
    "u",
    "ya",
    "yə",
    "ye",
    "yı",
    "yi",
    "yu",
    "da",
    "də",
    "de",
    "ta",
    "tə",
    "te",
    "dan",
    "dən",
    "den",
    "tan",
    "tən",
    "ten",
    "nda",
    "ndə",
    "nde",
    "ndan",
    "ndən",
    "nden",
    "na",
    "nə",
    "ne",
    "nı",
    "ni",
    "nu",
    "ın",
    "in",
    "un",
    "nın",
    "nin",
    "nun",
    "la",
    "lə",
    "le",
    "lar",
    "lər",
    "ler",
    "ilə",
    "ile",
    "dakı",
    "dəki",
    "daki",
    "lı",
    "li",
    "lu",
    "yla",
    "ylə",
    "yle",
    "ın",
    "dır",
    "dir",
)
CYRILLIC_ENDINGS = (
    "а",
    "я",
    "у",
    "ю",
    "е",
    "и",
    "ы",
    "ой",
    "ей",
    "ом",
    "ем",
    "ым",
    "им",
    "ию",
    "ии",
    "ией",
    "ого",
    "ому",
    "ие",
    "ая",
    "ое",
    "ых",
    "их",
    "ими",
    "ыми",
    "ую",
)
MIN_STEM = 4
TITLES = {
    normalise(w)
    for w in (
        "President",
        "Prime",
        "Minister",
        "Foreign",
        "Defence",
        "Defense",
        "Secretary",
        "General",
        "Chancellor",
        "Ambassador",
        "Deputy",
        "Speaker",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prezident",
        "Baş",
        "nazir",
        "naziri",
        "Xarici",
        "İşlər",
        "Nazirinin",
        "cənab",
        "Президент",
        "Премьер",
        "министр",
        "Министр",
        "Глава",
        "Cumhurbaşkanı",
        "Bakan",
        "Bakanı",
        "Dışişleri",
        "Başbakan",
    )
}


@dataclass
class Mentions:
    """ISO3 countries by how often they are named (most first), and the people named."""

    countries: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    people: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Name:
    tokens: tuple[str, ...]
    country: str
    kind: str
    short: bool  # three letters or fewer: must be written in capitals


def _canon(token: str) -> str:
    """A name word without a final Russian vowel that declension replaces (Армения -> армени).

    Names are normalised without accents, so "й" is already "и" here (Сергей -> сергеи -> серге).
    """
    if _CYRILLIC.search(token) and len(token) > MIN_STEM and token[-1] in "аяьйи":
        return token[:-1]
    return token


def _bases(token: str) -> set[str]:
    """The word itself and what is left after taking off one case ending (at least MIN_STEM letters)."""
    endings = CYRILLIC_ENDINGS if _CYRILLIC.search(token) else LATIN_ENDINGS
    found = {token}
    for ending in endings:
        if token.endswith(ending) and len(token) - len(ending) >= MIN_STEM:
            found.add(token[: -len(ending)])
    return found


@cache
def _names() -> dict[str, list[_Name]]:
    """Every reference name with a country, by the forms its first word may take."""
    ref = reference()
    entries: dict[str, Entry] = dict(ref.index)
    for key, country in ref.demonyms.items():
        entries.setdefault(key, Entry(country, "demonym"))
    for key, country in EXTRA.items():
        entries.setdefault(normalise(key), Entry(country, "person" if key in PEOPLE else "state"))
    index: dict[str, list[_Name]] = {}
    for key, entry in entries.items():
        if entry.country is None or not key:
            continue
        tokens = tuple(key.split())
        letters = sum(len(t) for t in tokens)
        if letters <= 3 and entry.kind == "organisation":
            continue  # "MIT", "FSB" and the like name more than one thing
        name = _Name(tokens, entry.country, entry.kind, letters <= 3)
        for form in {tokens[0], _canon(tokens[0])}:
            index.setdefault(form, []).append(name)
    for names in index.values():
        names.sort(key=lambda n: -len(n.tokens))
    return index


# Names the reference (English, Azerbaijani and Russian) lacks: the president's surname alone, and the
# Turkish names of the neighbourhood. Kinds: person for the surnames, state for the rest.
EXTRA = {
    "Aliyev": "AZE",
    "Əliyev": "AZE",
    "Алиев": "AZE",
    "Azeri": "AZE",
    "Azerbaycan": "AZE",
    "Bakü": "AZE",
    "Ermenistan": "ARM",
    "Erivan": "ARM",
    "Gürcistan": "GEO",
    "Tiflis": "GEO",
    "Rusya": "RUS",
    "Moskova": "RUS",
    "Tahran": "IRN",
    "Türkiye": "TUR",
    "Amerika Birleşik Devletleri": "USA",
    "ABD": "USA",
    "Kazakistan": "KAZ",
    "Türkmenistan": "TKM",
    "Özbekistan": "UZB",
    "Ukrayna": "UKR",
    "Almanya": "DEU",
    "Fransa": "FRA",
    "İngiltere": "GBR",
    "Çin": "CHN",
}
PEOPLE = {"Aliyev", "Əliyev", "Алиев"}


def _matches(word: str, name_token: str) -> bool:
    return bool(_bases(word) & {name_token, _canon(name_token)})


def find(text: str, *, with_people: bool = True) -> Mentions:
    """Countries (ISO3) and people named in ``text``."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text or "")]
    keys = [normalise(w) for _s, _e, w in words]
    index = _names()
    counts: Counter[str] = Counter()
    people: dict[str, str] = {}
    taken: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        found: _Name | None = None
        if words[i][2][:1].isupper() and keys[i]:
            for base in _bases(keys[i]):
                for name in index.get(base, ()):
                    size = len(name.tokens)
                    if found and size <= len(found.tokens):
                        continue
                    if i + size > len(words) or not all(
                        _matches(keys[i + k], name.tokens[k]) for k in range(1, size)
                    ):
                        continue
                    if name.short and not all(words[i + k][2].isupper() for k in range(size)):
                        continue
                    found = name
        if found is None:
            i += 1
            continue
        size = len(found.tokens)
        counts[found.country] += 1
        start, end = words[i][0], words[i + size - 1][1]
        taken.append((start, end))
        if found.kind == "person" and size > 1:
            people.setdefault(normalise(text[start:end]), text[start:end])
        i += size
    if with_people:
        for start, end in _recognised_people(text):
            if any(s < end and start < e for s, e in taken):
                continue
            people.setdefault(normalise(text[start:end]), text[start:end])
    ranked = sorted(counts, key=lambda c: (-counts[c], c))
    return Mentions(countries=ranked, counts=dict(counts), people=list(people.values()))


def _recognised_people(text: str) -> list[tuple[int, int]]:
    """PERSON spans from the project's recognizer, titles in front taken off, overlaps merged."""
    if not text.strip():
        return []
    recognizer = _recognizer()
    spans: list[tuple[int, int]] = []
    for result in sorted(recognizer.analyze(text, ["PERSON"]), key=lambda r: (-r.score, r.start)):
        if result.score < 0.5:
            continue
        start, end = result.start, result.end
        for match in _WORD.finditer(text[start:end]):
            if normalise(match.group()) not in TITLES:
                start += match.start()
                break
        else:
            continue
        if len(text[start:end].split()) < 2:
            continue  # one word alone is too often a place or an organisation
        if any(s < end and start < e for s, e in spans):
            continue
        spans.append((start, end))
    return spans


@cache
def _recognizer():  # type: ignore[no-untyped-def]
    from aigov.analysis.pii.person import AigovPersonRecognizer

    recognizer = AigovPersonRecognizer()
    recognizer.load()
    return recognizer
