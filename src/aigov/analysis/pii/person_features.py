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
_MASK = (1 << HASH_BITS) - 1
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
    return zlib.crc32(feature.encode("utf-8")) & _MASK


@lru_cache(maxsize=65_536)
def shape(word: str) -> str:
    """Xx, XX, x or Xx'x-like shape with runs collapsed ("Kriştiano" -> "Xx")."""
    out = []
    for ch in word:
        kind = "X" if ch.isupper() else "x" if ch.isalpha() else "'"
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out)


@lru_cache(maxsize=65_536)
def _info(word: str, followed_by_dot: bool) -> tuple[str, str, str]:
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
    feats.extend(f"end={s}" for s in _SUFFIXES if lower.endswith(s) and len(lower) > len(s) + 1)
    return feats


def _before(text: str, start: int) -> str:
    """The nearest non-space character before ``start`` ('' at the start of the text)."""
    stripped = text[max(0, start - 4) : start].rstrip(" \t")
    if stripped or start <= 4:
        return stripped[-1:]
    stripped = text[:start].rstrip(" \t")
    return stripped[-1:]


def _after(text: str, end: int) -> str:
    return text[end : end + 4].lstrip(" \t")[:1]


def _punct(ch: str) -> str:
    return "w" if ch.isalnum() else ch


class Candidate(NamedTuple):
    """A capitalised word to classify: its word features' key and its context features."""

    word: str
    kind: str
    context: list[str]


def candidates(text: str, toks: list[Token]) -> list[tuple[int, Candidate]]:
    """(index in ``toks``, features) for every capitalised word; neighbours are any words."""
    n = len(toks)
    out: list[tuple[int, Candidate]] = []
    wanted = [i for i, t in enumerate(toks) if t.text[0].isupper()]
    if not wanted:
        return out
    kinds: dict[int, str] = {}
    lowers: dict[int, str] = {}
    shapes: dict[int, str] = {}

    def look(j: int) -> None:
        if j not in kinds:
            tok = toks[j]
            kinds[j], lowers[j], shapes[j] = _info(tok.text, _after(text, tok.end) == ".")

    for i in wanted:
        for j in range(max(0, i - 2), min(n, i + 3)):
            look(j)
        tok = toks[i]
        before, after = _before(text, tok.start), _after(text, tok.end)
        first = before == "" or before in _SENTENCE_END
        kind, word_shape = kinds[i], shapes[i]
        ctx = [
            f"first={first}",
            f"first={first}|shape={word_shape}",
            f"first={first}|kind={kind}",
            f"after={_punct(after)}",
            f"before={_punct(before)}",
        ]
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                ctx.append(f"k{off}={kinds[j]}")
                ctx.append(f"s{off}={shapes[j]}")
                if off in (-1, 1):
                    ctx.append(f"w{off}={lowers[j]}")
                    ctx.append(f"w{off}={lowers[j]}|shape={word_shape}")
                    ctx.append(f"k{off}={kinds[j]}|k0={kind}")
                    ctx.append(f"s{off}={shapes[j]}|s0={word_shape}")
                    ctx.append(f"suf3{off}={lowers[j][-3:]}")
            else:
                ctx.append(f"k{off}=none")
        out.append((i, Candidate(tok.text, kind, ctx)))
    return out


def candidate_buckets(candidate: Candidate) -> list[int]:
    """All feature buckets of a candidate (for training)."""
    return [bucket(f) for f in word_features(candidate.word, candidate.kind) + candidate.context]
