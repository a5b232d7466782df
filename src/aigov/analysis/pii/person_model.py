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
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from aigov.analysis.pii.person_features import Token, bucket, candidates, tokens, word_features

MODEL_DIR = Path(__file__).parent / "models" / "person"
WEIGHTS_FILE = "weights.json"
HELD_OUT_SALT = "aigov-person-split-1"
HELD_OUT_PERCENT = 30
MEMO_LIMIT = 200_000  # cached feature weights and word scores per process (then the caches start over)


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

    def candidates(self, text: str) -> tuple[list[Token], list[float]]:
        """The capitalised words of ``text`` and the model's PERSON probability for each."""
        words = tokens(text)
        found = candidates(text, words)
        if not found:
            return [], []
        if len(self._memo) > MEMO_LIMIT or len(self._word_scores) > MEMO_LIMIT:
            self._memo.clear()
            self._word_scores.clear()
        toks, probs = [], []
        word_score, memo = self._word_scores, self._memo
        for i, cand in found:
            toks.append(words[i])
            z = word_score.get((cand.word, cand.kind))
            if z is None:
                z = word_score[(cand.word, cand.kind)] = self._sum(word_features(cand.word, cand.kind))
            for f in cand.context:
                w = memo.get(f)
                if w is None:
                    w = memo[f] = self.weights.get(bucket(f), 0.0)
                z += w
            z += self.intercept
            probs.append(1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0))))
        return toks, probs

    def _sum(self, features: list[str]) -> float:
        return sum(self.weights.get(bucket(f), 0.0) for f in features)

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
