"""The shipped PERSON token model (logistic regression over hashed features) and how it joins the rules.

The model scores every capitalised word; runs of adjacent words at or above ``threshold`` become PERSON
spans. A span found by the name rules is kept when the model gives one of its words at least ``veto``
(so the model removes the rules' false alarms on places and institutions), or when the rules are sure.
Loaded once per process, lazily; without the model files the recognizer falls back to the rules alone.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from zlib import crc32

from aigov.analysis.pii.person_features import (
    BUCKET_MASK,
    OFFSETS,
    Token,
    char_after,
    char_before,
    neighbour_context,
    own_context,
    tokens,
    word_features,
    word_info_cached,
)

MODEL_DIR = Path(__file__).parent / "models" / "person"
WEIGHTS_FILE = "weights.json"
HELD_OUT_SALT = "aigov-person-split-1"
HELD_OUT_PERCENT = 30
MEMO_LIMIT = 200_000  # cached feature weights and word scores per process (then the caches start over)
GROUP_LIMIT = 100_000  # cached weights of context groups (some 200 bytes each: at most about 20 MB)


def is_held_out(key: str) -> bool:
    """Whether a sentence (or document name) belongs to the 30 % evaluation split: a hash of its text, so
    duplicates share a split and the split is the same for training and evaluation."""
    digest = hashlib.sha1(f"{HELD_OUT_SALT}|{key.strip()}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < HELD_OUT_PERCENT


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    probability: float


@dataclass
class PersonModel:
    """Weights by hash bucket, intercept and the decision thresholds."""

    weights: dict[int, float]
    intercept: float
    threshold: float
    veto: float
    keep_rule_score: float
    version: str
    _word_scores: dict[tuple[str, str], float] = field(default_factory=dict, repr=False)
    _memo: dict[str, float] = field(default_factory=dict, repr=False)
    _groups: dict[tuple[object, ...], tuple[float, ...]] = field(default_factory=dict, repr=False)

    def candidates(
        self, text: str, words: Sequence[tuple[int, int, str]] | None = None
    ) -> tuple[list[Token], list[float]]:
        """The capitalised words of ``text`` and the model's PERSON probability for each.

        ``words`` are the text's :func:`tokens` (or their (start, end, text) tuples) when the caller has
        them. The features are those of :func:`candidates`; their weights are cached by what they are made
        of (a group per neighbour), so a known context costs a few lookups instead of some twenty strings to
        build and hash. Weights are added in the features' order, so the sums are the same to the bit.
        """
        if words is None:
            words = tokens(text)
        n = len(words)
        wanted = [i for i, w in enumerate(words) if w[2][0].isupper()]
        if not wanted:
            return [], []
        if len(self._memo) > MEMO_LIMIT or len(self._word_scores) > MEMO_LIMIT:
            self._memo.clear()
            self._word_scores.clear()
        if len(self._groups) > GROUP_LIMIT:
            self._groups.clear()
        toks, probs = [], []
        word_score, groups, weights_of = self._word_scores, self._groups, self._weights_of
        infos: dict[int, tuple[str, str, str]] = {}
        for i in wanted:
            for j in range(max(0, i - 2), min(n, i + 3)):
                if j not in infos:
                    other = words[j][2]  # as word_info(), inlined
                    dotted = len(other) == 1 and char_after(text, words[j][1]) == "."
                    infos[j] = word_info_cached(other, dotted)
            start, end, word = words[i]
            kind, _, word_shape = infos[i]
            z = word_score.get((word, kind))
            if z is None:
                z = word_score[(word, kind)] = self._sum(word_features(word, kind))
            before, after = char_before(text, start), char_after(text, end)
            key: tuple[object, ...] = (before, after, word_shape, kind)
            ws = groups.get(key)
            if ws is None:
                ws = groups[key] = weights_of(own_context(before, after, word_shape, kind))
            for w in ws:
                z += w
            for off in OFFSETS:
                j = i + off
                info = infos[j] if 0 <= j < n else None
                if info is None:
                    key = (off,)
                elif off in (-2, 2):  # only the kind and shape of a word two places away count
                    key = (off, info[0], info[2])
                else:
                    key = (off, info, word_shape, kind)
                ws = groups.get(key)
                if ws is None:
                    ws = groups[key] = weights_of(neighbour_context(off, info, word_shape, kind))
                for w in ws:
                    z += w
            z += self.intercept
            toks.append(Token(start, end, word))
            probs.append(1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0))))
        return toks, probs

    def _weights_of(self, features: list[str]) -> tuple[float, ...]:
        """The weight of each feature, remembered by feature (:func:`bucket` inlined: it is the hot path
        while the caches fill)."""
        memo, weights = self._memo, self.weights
        out = []
        for f in features:
            w = memo.get(f)
            if w is None:
                w = memo[f] = weights.get(crc32(f.encode("utf-8")) & BUCKET_MASK, 0.0)
            out.append(w)
        return tuple(out)

    def _sum(self, features: list[str]) -> float:
        return sum(self._weights_of(features))

    def spans(self, text: str, toks: list[Token], probs: list[float]) -> list[Span]:
        """Runs of adjacent candidate words at or above the threshold."""
        out: list[Span] = []
        run: list[int] = []
        for i, p in enumerate(probs):
            if p >= self.threshold and run and _adjacent(text, toks[run[-1]], toks[i]):
                run.append(i)
                continue
            if run:
                out.append(_span(toks, probs, run))
            run = [i] if p >= self.threshold else []
        if run:
            out.append(_span(toks, probs, run))
        return out

    def agrees(self, toks: list[Token], probs: list[float], start: int, end: int) -> float:
        """The highest probability of a candidate word inside ``[start, end)`` (0 when none)."""
        return max(
            (p for t, p in zip(toks, probs, strict=True) if t.start < end and t.end > start), default=0.0
        )


def keep_rule(
    model: PersonModel, toks: list[Token], probs: list[float], start: int, end: int, score: float
) -> bool:
    """Whether a span the name rules found stays: the rules are sure, or the model does not disagree."""
    return score >= model.keep_rule_score or model.agrees(toks, probs, start, end) >= model.veto


def _span(toks: list[Token], probs: list[float], run: list[int]) -> Span:
    return Span(toks[run[0]].start, toks[run[-1]].end, min(probs[i] for i in run))


def _adjacent(text: str, left: Token, right: Token) -> bool:
    gap = text[left.end : right.start]
    return len(gap) <= 3 and gap.replace(".", "").replace("-", "").strip(" ") == ""


def load_model(directory: Path = MODEL_DIR) -> PersonModel | None:
    """The model stored in ``directory`` (weights.json), or None when there is none."""
    path = directory / WEIGHTS_FILE
    if not path.is_file():
        return None
    raw = path.read_bytes()
    data = json.loads(raw)
    weights = {int(k): float(v) for k, v in zip(data["indices"], data["values"], strict=True)}
    return PersonModel(
        weights=weights,
        intercept=float(data["intercept"]),
        threshold=float(data["threshold"]),
        veto=float(data["veto"]),
        keep_rule_score=float(data["keep_rule_score"]),
        version=hashlib.sha256(raw).hexdigest()[:12],
    )


@lru_cache(maxsize=1)
def default_model() -> PersonModel | None:
    """The model shipped with the package, loaded once."""
    return load_model()
