"""Word-level matching of keywords and place names in Azerbaijani, Russian, English and Turkish text.

Text and phrases are compared word by word after folding:

* case folding treats the dotted and dotless i of Azerbaijani and Turkish as one letter
  (``İ``, ``I``, ``ı`` and ``i`` all become ``i``; a stray combining dot above is dropped),
  ``ё`` becomes ``е`` and ``ə`` is compared as ``e`` (Turkish-style spelling of Azerbaijani words);
* a word written only in ASCII letters ("isiq", "Sumqayit") is compared with the ASCII form of the
  phrases (ş->s, ç->c, ğ->g, ö->o, ü->u), because many citizens type without diacritics; a word that
  has diacritics is compared with them, so "səki" (pavement) does not match "Şəki" (the city).
  Phrase words whose ASCII form is shorter than 4 letters keep their diacritics ("iş" never matches "is").

A phrase word matches a text word in one of three modes: ``prefix`` (the word starts with it: a stem),
``exact`` (the whole word), or ``inflect`` (the word is the phrase word plus an Azerbaijani/Turkish or
Russian case ending, e.g. "Sumqayıtda", "Гяндже").
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from aigov.analysis.transliterate import cyrillic_to_latin

PREFIX, EXACT, INFLECT = "prefix", "exact", "inflect"
MIN_LOOSE = 4  # a word with diacritics also matches its ASCII spelling only if that has 4+ letters

_UNIFY = str.maketrans({"İ": "i", "I": "i", "ı": "i", "Ё": "е", "ё": "е", "\u0307": None})
_SCHWA = str.maketrans({"ə": "e"})
_ASCII = str.maketrans(
    {"ş": "s", "ç": "c", "ğ": "g", "ö": "o", "ü": "u", "â": "a", "î": "i", "û": "u", "é": "e", "ñ": "n"}
)
_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_AZ_CYRILLIC_ONLY = re.compile(r"[ӘәҸҹҜҝҒғҺһӨөҮүЈј]")

# Case endings allowed after a place name (on folded text: ə is e, ı is i).
_AZ_ENDINGS = re.compile(
    r"(?:[yn]?[aeiuü]n?"  # Bakıya, Şəkiyə, Bakını, Gəncənin
    r"|n?[dt][ae](?:n|ki)?"  # Sumqayıtda, Gəncədən, Bakıdakı, (şəhəri)ndə
    r"|s[iuü]n?(?:[dt][ae]n?|[ae])?"  # Bakısı, Bakısında
    r"|l[iuü](?:l[ae]r)?(?:[dt][ae]n?|[iuü]n|[ae])?"  # Bakılı, Şəkililər
    r"|l[ae]r(?:[dt][ae]n?|[iuü]n?|[ae])?"
    r"|d[iuü]r|y?l[ae])?"
    r"(?:d[iuü]r)?"  # Şəkidədir
)
_RU_ENDINGS = re.compile(
    r"(?:[аяуюеиыь]|ой|ей|ом|ем|ью|ам|ям|ах|ях|ами|ями"
    r"|ый|ий|ая|яя|ое|ее|ого|его|ому|ему|ым|им|ую|юю|ые|ие|ых|их|ыми|ими"
    r"|(?:[иеы]?н)?ск(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими)|цы|цев|ц)?"
)
# Nominative endings stripped from Russian place names when at least 4 letters stay (Гянджа -> гяндж,
# Шамахы -> шамах), so that case endings can follow; shorter names (Губа, Шуша) need their forms as aliases.
_RU_STRIP_SHORT = "аяь"
_RU_STRIP_LONG = ("ый", "ий", "ой", "ы", "и")


def fold(text: str) -> str:
    """Case-fold for matching: dotted/dotless i unified, ё -> е, ə -> e."""
    return text.translate(_UNIFY).lower().translate(_SCHWA)


def _fold_keep_schwa(text: str) -> str:
    """As :func:`fold`, keeping ə (str.replace: many times faster than a translate table on short words)."""
    if text.isascii():
        return text.replace("I", "i").lower()
    return (text.replace("İ", "i").replace("I", "i").replace("ı", "i").replace("Ё", "е").replace("ё", "е")
            .replace("\u0307", "").lower())


def ascii_fold(folded: str) -> str:
    """The ASCII form of an already folded word (Latin diacritics dropped; Cyrillic kept)."""
    return folded.translate(_ASCII)


def prepare(text: str) -> str:
    """Text as matched: Azerbaijani Cyrillic (recognised by its own letters) in Latin, stray dots removed."""
    text = text.replace("\u0307", "")
    if _AZ_CYRILLIC_ONLY.search(text):
        text = cyrillic_to_latin(text)
    return text


def is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.match(word))


def ru_stem(word: str) -> str:
    """A folded Russian place-name word without its nominative ending, so case endings can follow."""
    for ending in _RU_STRIP_LONG:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    if word[-1:] in _RU_STRIP_SHORT and len(word) >= 5:
        return word[:-1]
    return word


class Token(NamedTuple):
    text: str  # as written
    start: int
    end: int
    key: str  # folded; ASCII-folded when `loose`
    loose: bool


@lru_cache(maxsize=100_000)
def _match_key(word: str) -> tuple[str, bool]:
    """A word's folded key, and whether it was typed without diacritics ("isiq", "Sumqayit", not "səki")."""
    folded = _fold_keep_schwa(word)
    return folded.translate(_SCHWA), folded.isascii()


def tokenize(text: str) -> list[Token]:
    """Words of ``text`` (already :func:`prepare` d) with their match keys."""
    tokens = []
    for m in _WORD.finditer(text):
        word = m.group()
        # tuple.__new__ builds the named tuple without the Python-level __new__ (a sixth of the time here)
        tokens.append(_new_tuple(Token, (word, m.start(), m.end(), *_match_key(word))))
    return tokens


_new_tuple = tuple.__new__


@dataclass(frozen=True)
class _Word:
    strict: str
    loose: str | None  # None: too short to match words typed without diacritics ("iş" is not "is")
    mode: str
    cyrillic: bool

    def matches(self, token: Token) -> bool:
        stem = self.loose if token.loose else self.strict
        if stem is None or not token.key.startswith(stem):
            return False
        return self.rest_ok(token.key[len(stem) :])

    def rest_ok(self, rest: str) -> bool:
        if not rest or self.mode == PREFIX:
            return True
        if self.mode == EXACT:
            return False
        return bool((_RU_ENDINGS if self.cyrillic else _AZ_ENDINGS).fullmatch(rest))


@dataclass
class _Pattern:
    words: tuple[_Word, ...]
    payloads: list[Hashable] = field(default_factory=list)


@dataclass(frozen=True)
class Match:
    start: int  # character offsets in the prepared text
    end: int
    text: str  # the matched words as written
    n_words: int
    payloads: tuple[Hashable, ...]


class PhraseMatcher:
    """Finds many phrases at once; build it once, then call :meth:`find` per text."""

    def __init__(self, phrases: Iterable[tuple[list[tuple[str, str]], Hashable]]):
        """``phrases``: (list of (word, mode), payload); identical phrases share one pattern."""
        patterns: dict[tuple[tuple[str, str], ...], _Pattern] = {}
        for words, payload in phrases:
            built = tuple(self._word(w, mode) for w, mode in words)
            if not built or any(not w.strict for w in built):
                continue
            key = tuple((w.strict, w.mode) for w in built)
            pattern = patterns.setdefault(key, _Pattern(built))
            if payload not in pattern.payloads:
                pattern.payloads.append(payload)
        self._strict: dict[str, list[_Pattern]] = {}
        self._loose: dict[str, list[_Pattern]] = {}
        for pattern in patterns.values():
            first = pattern.words[0]
            self._strict.setdefault(first.strict, []).append(pattern)
            if all(w.loose is not None for w in pattern.words):
                self._loose.setdefault(first.loose, []).append(pattern)  # type: ignore[arg-type]
        # Every prefix of every first-word key -> the patterns of that key (empty when it is only a prefix):
        # a token's candidate keys are found by walking its prefixes while they stay in this table (a trie
        # walk, one lookup a letter), not by trying every key length.
        self._strict_trie = _trie(self._strict)
        self._loose_trie = _trie(self._loose)

    @staticmethod
    def _word(word: str, mode: str) -> _Word:
        strict = fold(word)
        cyrillic = is_cyrillic(strict)
        if mode == INFLECT and cyrillic:
            strict = ru_stem(strict)
        loose: str | None = ascii_fold(strict)
        if not strict.isascii() and len(loose) < MIN_LOOSE:  # type: ignore[arg-type]
            loose = None
        return _Word(strict, loose, mode, cyrillic)

    def __len__(self) -> int:
        return sum(len(v) for v in self._strict.values())

    def find(self, text: str) -> list[Match]:
        """Every occurrence of every phrase in ``text`` (overlaps included), in text order."""
        text, tokens = prepared_tokens(text)
        found: list[Match] = []
        n_tokens = len(tokens)
        strict, loose = self._strict_trie, self._loose_trie
        for i, token in enumerate(tokens):
            trie = loose if token.loose else strict
            key = token.key
            hits = []
            for n in range(1, len(key) + 1):
                patterns = trie.get(key[:n])
                if patterns is None:
                    break
                if patterns:
                    hits.append((n, patterns))
            for n, patterns in reversed(hits):  # the longest key first, as before
                rest = key[n:]
                for pattern in patterns:
                    words = pattern.words
                    last = i + len(words)
                    if last > n_tokens or not words[0].rest_ok(rest):
                        continue
                    if len(words) > 1 and not _rest_match(words, tokens, i):
                        continue
                    start, end = token.start, tokens[last - 1].end
                    found.append(Match(start, end, text[start:end], len(words), tuple(pattern.payloads)))
        return found


def _rest_match(words: tuple[_Word, ...], tokens: tuple[Token, ...], i: int) -> bool:
    """Whether the tokens after ``tokens[i]`` match the phrase's words after the first (as
    :meth:`_Word.matches`, its stem test inlined: most phrases fail on it)."""
    for k in range(1, len(words)):
        word, token = words[k], tokens[i + k]
        stem = word.loose if token.loose else word.strict
        if stem is None or not token.key.startswith(stem) or not word.rest_ok(token.key[len(stem) :]):
            return False
    return True


def _trie(index: dict[str, list[_Pattern]]) -> dict[str, tuple[_Pattern, ...]]:
    trie: dict[str, tuple[_Pattern, ...]] = {key[:n]: () for key in index for n in range(1, len(key) + 1)}
    trie.update((key, tuple(patterns)) for key, patterns in index.items())
    return trie


@lru_cache(maxsize=4096)
def prepared_tokens(text: str) -> tuple[str, tuple[Token, ...]]:
    """:func:`prepare` d text and its tokens, cached: the topic and region stages match the same text."""
    text = prepare(text)
    return text, tuple(tokenize(text))


def keyword_words(keyword: str) -> list[tuple[str, str]]:
    """A taxonomy keyword as matcher words: each word a stem, or a whole word when it ends in ``$``."""
    out: list[tuple[str, str]] = []
    for raw in keyword.split():
        exact = raw.endswith("$")
        for part in _WORD.findall(raw.rstrip("$")):
            out.append((part, PREFIX))
        if exact and out:
            out[-1] = (out[-1][0], EXACT)
    return out


def place_words(name: str) -> list[tuple[str, str]]:
    """A place name as matcher words: earlier words whole (with endings), the last inflected."""
    return [(w, INFLECT) for w in _WORD.findall(name)]
