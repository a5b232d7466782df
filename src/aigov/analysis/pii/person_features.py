"""Token features for the PERSON model: the word's letters, shape and endings, the name rules' verdict on it,
and the same for its neighbours. Shared by the training script and the recognizer, so both see one truth.

Features are strings hashed (CRC-32) into ``2**HASH_BITS`` buckets: the shipped weights hold no word lists.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from typing import NamedTuple

HASH_BITS = 18
BUCKET_MASK = (1 << HASH_BITS) - 1
WORD = re.compile(r"[^\W\d_]+(?:['’`][^\W\d_]+)?")
_SENTENCE_END = '.!?:;\n"«»()'
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_SUFFIXES = (
    "ov", "ova", "ev", "yev", "yeva", "eva", "li", "lı", "lu", "lü", "zadə", "zade", "oğlu", "qızı", "bəyli",
    "ович", "евич", "овна", "евна", "ов", "ев", "ова", "ева", "ин", "ина", "ский", "ская",
)  # fmt: skip


class Token(NamedTuple):
    """A word of the text and its offsets (a named tuple: several times cheaper to make than a dataclass)."""

    start: int
    end: int
    text: str


def tokens(text: str) -> list[Token]:
    """The words (runs of letters, with an inner apostrophe) of ``text``."""
    return [Token(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


def bucket(feature: str) -> int:
    """The hash bucket of one feature string (stable across processes and machines)."""
    return zlib.crc32(feature.encode("utf-8")) & BUCKET_MASK


@lru_cache(maxsize=65_536)
def shape(word: str) -> str:
    """Xx, XX, x or Xx'x-like shape with runs collapsed ("Kriştiano" -> "Xx")."""
    if word.isalpha():  # the usual shapes without a loop (no character is upper case in an islower() tail)
        if word.islower():
            return "x"
        if word[0].isupper() and (len(word) == 1 or word[1:].islower()):
            return "Xx" if len(word) > 1 else "X"
    out = []
    for ch in word:
        kind = "X" if ch.isupper() else "x" if ch.isalpha() else "'"
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out)


@lru_cache(maxsize=65_536)
def word_info_cached(word: str, followed_by_dot: bool) -> tuple[str, str, str]:
    """The name rules' kind of a word, its lower case and its shape."""
    from aigov.analysis.pii.person import word_kind

    return word_kind(word, followed_by_dot), word.lower().replace("\u0307", ""), shape(word)


def word_features(word: str, kind: str) -> list[str]:
    """Features of the word itself: they do not depend on the neighbours, so a model can cache their sum."""
    lower = word.lower().replace("\u0307", "")
    word_shape = shape(word)
    feats = [
        "bias",
        f"w={lower}",
        f"shape={word_shape}",
        f"kind={kind}",
        f"{kind}|shape={word_shape}",
        f"len={min(len(word), 12)}",
        f"cyr={bool(_CYRILLIC.match(word))}",
    ]
    for n in (1, 2, 3, 4, 5):
        if len(lower) > n:
            feats.append(f"suf{n}={lower[-n:]}")
    for n in (2, 3):
        if len(lower) > n:
            feats.append(f"pre{n}={lower[:n]}")
    padded = f"^{lower}$"
    feats.extend(f"c3={padded[i : i + 3]}" for i in range(len(padded) - 2))
    if lower.endswith(_SUFFIXES):  # one test first: most words have none of them
        feats.extend(f"end={s}" for s in _SUFFIXES if lower.endswith(s) and len(lower) > len(s) + 1)
    return feats


def char_before(text: str, start: int) -> str:
    """The nearest non-space character before ``start`` ('' at the start of the text)."""
    stripped = text[max(0, start - 4) : start].rstrip(" \t")
    if stripped or start <= 4:
        return stripped[-1:]
    stripped = text[:start].rstrip(" \t")
    return stripped[-1:]


def char_after(text: str, end: int) -> str:
    """The nearest non-space character after ``end`` ('' at the end of the text)."""
    return text[end : end + 4].lstrip(" \t")[:1]


def _punct(ch: str) -> str:
    return "w" if ch.isalnum() else ch


class Candidate(NamedTuple):
    """A capitalised word to classify: its word features' key and its context features."""

    word: str
    kind: str
    context: list[str]


def own_context(before: str, after: str, word_shape: str, kind: str) -> list[str]:
    """Context features of a candidate from its own shape and kind and the characters around it."""
    first = before == "" or before in _SENTENCE_END
    return [
        f"first={first}",
        f"first={first}|shape={word_shape}",
        f"first={first}|kind={kind}",
        f"after={_punct(after)}",
        f"before={_punct(before)}",
    ]


def neighbour_context(off: int, info: tuple[str, str, str] | None, word_shape: str, kind: str) -> list[str]:
    """Context features from the word ``off`` places away (its kind, lower case and shape; None: no word)."""
    if info is None:
        return [f"k{off}=none"]
    other_kind, lower, other_shape = info
    feats = [f"k{off}={other_kind}", f"s{off}={other_shape}"]
    if off in (-1, 1):
        feats.append(f"w{off}={lower}")
        feats.append(f"w{off}={lower}|shape={word_shape}")
        feats.append(f"k{off}={other_kind}|k0={kind}")
        feats.append(f"s{off}={other_shape}|s0={word_shape}")
        feats.append(f"suf3{off}={lower[-3:]}")
    return feats


OFFSETS = (-2, -1, 1, 2)  # the neighbours whose features a candidate gets, in this order


def word_info(text: str, tok: tuple[int, int, str]) -> tuple[str, str, str]:
    """The name rules' kind, lower case and shape of a word (``tok`` is a Token or (start, end, text))."""
    word = tok[2]
    # Only a one-letter word's kind (an initial or not) depends on a dot after it.
    return word_info_cached(word, len(word) == 1 and char_after(text, tok[1]) == ".")


def candidates(text: str, toks: list[Token]) -> list[tuple[int, Candidate]]:
    """(index in ``toks``, features) for every capitalised word; neighbours are any words."""
    n = len(toks)
    out: list[tuple[int, Candidate]] = []
    wanted = [i for i, t in enumerate(toks) if t.text[0].isupper()]
    if not wanted:
        return out
    infos: dict[int, tuple[str, str, str]] = {}
    for i in wanted:
        for j in range(max(0, i - 2), min(n, i + 3)):
            if j not in infos:
                infos[j] = word_info(text, toks[j])
        tok = toks[i]
        kind, _, word_shape = infos[i]
        ctx = own_context(char_before(text, tok.start), char_after(text, tok.end), word_shape, kind)
        for off in OFFSETS:
            j = i + off
            ctx += neighbour_context(off, infos[j] if 0 <= j < n else None, word_shape, kind)
        out.append((i, Candidate(tok.text, kind, ctx)))
    return out


def candidate_buckets(candidate: Candidate) -> list[int]:
    """All feature buckets of a candidate (for training)."""
    return [bucket(f) for f in word_features(candidate.word, candidate.kind) + candidate.context]
