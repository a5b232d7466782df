"""Sentiment stage: the shipped trained model (az, ru, en, tr), with the lexicon scorer as its fallback.

The model lives in ``aigov/analysis/models/sentiment`` (see its ``card.md``); the stage's version carries
the model's content hash, so every stored analysis names the exact model. Without a model directory
the small, explainable lexicon scorer below (negation and emoji aware) does the work.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from aigov.analysis.lexicons import load
from aigov.analysis.pipeline import AnalysisItem

LANGS = ("az", "ru", "en", "tr")
THRESHOLD = 0.15  # |score| below this is neutral
SCALE = 2.0  # score = total / (|total| + SCALE)
INTENSIFY = 1.5
NEGATED_NEGATIVE = 0.5  # "not bad" is only mildly positive
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@dataclass
class Lexicon:
    """Weighted stems of one language (or all of them) and its negation rules."""

    stems: dict[str, float] = field(default_factory=dict)  # stem -> signed weight; whole words end in "$"
    phrase_firsts: set[str] = field(default_factory=set)  # first words of two-word entries
    negators_before: set[str] = field(default_factory=set)
    negators_after: set[str] = field(default_factory=set)
    intensifiers: set[str] = field(default_factory=set)
    negative_suffix: re.Pattern[str] | None = None

    def add(self, data: dict[str, Any]) -> None:
        for sign, key in ((1, "positive"), (-1, "negative")):
            for stem, weight in data[key].items():
                stem = fold(str(stem))
                self.stems[stem] = sign * float(weight)
                if " " in stem:
                    self.phrase_firsts.add(stem.split(" ")[0])
        self.negators_before |= {fold(str(w)) for w in data.get("negators_before") or []}
        self.negators_after |= {fold(str(w)) for w in data.get("negators_after") or []}
        self.intensifiers |= {fold(str(w)) for w in data.get("intensifiers") or []}
        if data.get("negative_suffix"):
            pattern = data["negative_suffix"]
            if self.negative_suffix is not None:
                pattern = f"{self.negative_suffix.pattern}|{pattern}"
            self.negative_suffix = re.compile(pattern)

    def match(self, tokens: list[str], i: int) -> tuple[str, float, int] | None:
        """The longest entry starting at token ``i``: (entry, weight, tokens used) or None."""
        word = tokens[i]
        if word in self.phrase_firsts and i + 1 < len(tokens):
            phrase = f"{word} {tokens[i + 1]}"
            if phrase + "$" in self.stems:
                return phrase + "$", self.stems[phrase + "$"], 2
            for n in range(len(phrase), len(word) + 1, -1):
                if phrase[:n] in self.stems:
                    return phrase[:n], self.stems[phrase[:n]], 2
        if word + "$" in self.stems:
            return word + "$", self.stems[word + "$"], 1
        for n in range(len(word), 1, -1):
            stem = word[:n]
            if stem in self.stems:
                return stem, self.stems[stem], 1
        return None


def fold(text: str) -> str:
    """Lower case that keeps Turkic dotted/dotless i apart and treats ё as е."""
    return text.replace("İ", "i").replace("I", "ı").lower().replace("ё", "е").replace("’", "'")


def _fold_for(text: str, lang: str | None) -> str:
    if lang in ("az", "tr"):
        return fold(text)
    return text.lower().replace("ё", "е").replace("’", "'")


@cache
def lexicon(lang: str | None) -> Lexicon:
    """The lexicon of ``lang``; all languages merged when it is unknown."""
    lex = Lexicon()
    for code in LANGS if lang not in LANGS else (lang,):
        lex.add(load(f"sentiment_{code}"))
    return lex


@lru_cache(maxsize=1)
def _emoji() -> tuple[re.Pattern[str], dict[str, float]]:
    weights = {str(k): float(v) for k, v in load("emoji").items()}
    keys = sorted((k for k in weights if k not in ("))", "((")), key=len, reverse=True)
    pattern = "|".join([*map(re.escape, keys), r"\){2,}", r"\({2,}"])
    return re.compile(pattern), weights


def _emoji_weight(token: str, weights: dict[str, float]) -> float:
    if token.startswith("))"):
        return weights["))"]
    if token.startswith("(("):
        return weights["(("]
    return weights[token]


def score_text(text: str, lang: str | None) -> dict[str, Any]:
    """Label, score in -1..1 and the words and emoji that pushed it, with their weights."""
    lex = lexicon(lang if lang in LANGS else None)
    tokens = _TOKEN.findall(_fold_for(text, lang))
    hits: list[dict[str, Any]] = []
    i = 0
    while i < len(tokens):
        found = lex.match(tokens, i)
        if not found:
            i += 1
            continue
        entry, weight, used = found
        stem = entry.rstrip("$")
        negated = _negated(lex, tokens, i, used, stem)
        if negated:
            weight = -weight if weight > 0 else -weight * NEGATED_NEGATIVE
        if i > 0 and tokens[i - 1] in lex.intensifiers:
            weight *= INTENSIFY
        hits.append({"word": stem, "weight": round(weight, 2), "negated": negated})
        i += used
    pattern, weights = _emoji()
    for m in pattern.finditer(text):
        hits.append({"word": m.group()[:2], "weight": _emoji_weight(m.group(), weights), "negated": False})
    total = sum(h["weight"] for h in hits)
    score = total / (abs(total) + SCALE)
    label = "positive" if score >= THRESHOLD else "negative" if score <= -THRESHOLD else "neutral"
    return {"label": label, "score": round(score, 3), "total": round(total, 2), "hits": hits}


def _negated(lex: Lexicon, tokens: list[str], i: int, used: int, stem: str) -> bool:
    word = tokens[i + used - 1]
    if used == 1 and lex.negative_suffix is not None and lex.negative_suffix.match(word[len(stem):]):
        return True
    before = tokens[max(0, i - 2):i]
    after = tokens[i + used:i + used + 2]
    return any(t in lex.negators_before for t in before) or any(t in lex.negators_after for t in after)


MODEL_DIR = Path(__file__).resolve().parent / "models" / "sentiment"
TOP_FEATURES = 5


@lru_cache(maxsize=4)
def load_sentiment_model(model_dir: Path = MODEL_DIR) -> tuple[Any, dict[str, Any]] | None:
    """The trained model and its card, loaded once per process; None when the directory has no model."""
    if not (model_dir / "card.json").is_file():
        return None
    from aigov.ml.modelstore import load_model

    return load_model(model_dir)


class SentimentStage:
    """Fills ``sentiment`` and ``sentiment_score`` (P(positive) - P(negative)) from the redacted text."""

    name = "sentiment"

    def __init__(self, model_dir: Path | None = None):
        self.model_dir = model_dir or MODEL_DIR
        card_path = self.model_dir / "card.json"
        self._hash: str | None = None
        if card_path.is_file():
            self._hash = json.loads(card_path.read_text(encoding="utf-8"))["content_hash"]
        self.version = f"tfidf-lr-{self._hash}" if self._hash else "lexicon-1"

    def run(self, items: list[AnalysisItem]) -> list[AnalysisItem]:
        loaded = load_sentiment_model(self.model_dir) if self._hash else None
        if loaded is None:
            return self._run_lexicon(items)
        model, _card = loaded
        texts = [it.redacted or it.normalised or it.text or "" for it in items]
        proba, why = model.predict_explained(texts, [it.language for it in items], top=TOP_FEATURES)
        classes = list(model.classes_)
        pos = classes.index("positive") if "positive" in classes else None
        neg = classes.index("negative") if "negative" in classes else None
        for item, p, features in zip(items, proba, why, strict=True):
            best = int(p.argmax())
            item.sentiment = classes[best]
            score = (p[pos] if pos is not None else 0.0) - (p[neg] if neg is not None else 0.0)
            item.sentiment_score = round(float(score), 3)
            item.explanations[self.name] = {
                "model": self._hash,
                "probabilities": {c: round(float(v), 3) for c, v in zip(classes, p, strict=True)},
                "features": features,
            }
        return items

    def _run_lexicon(self, items: list[AnalysisItem]) -> list[AnalysisItem]:
        for item in items:
            result = score_text(item.normalised, item.language)
            item.sentiment = result["label"]
            item.sentiment_score = result["score"]
            item.explanations[self.name] = {
                "lexicon": item.language if item.language in LANGS else "all",
                "total": result["total"],
                "hits": result["hits"],
            }
        return items
