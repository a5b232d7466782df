"""An explainable linear text classifier: TF-IDF of hashed character and word n-grams of folded text.

Training fits a logistic regression on every hashed n-gram column seen in ``min_df`` texts, keeps the
``max_features`` columns with the largest weights, and fits again on those alone, so a shipped model is
small (the kept columns and float32 weights). :meth:`TextClassifier.explain` names the n-gram of the text
behind each column (see :mod:`aigov.ml.hashing`).

With ``two_stage`` (and a ``neutral`` label beside two polar ones) three binary heads share the same
features: polarity (positive vs negative, on every polar row), neutrality (neutral vs polar, only on rows
of sources that have a neutral class) and source (does the text look like one from a source with a
neutral class). Their 3-class probabilities, P(neutral) = P(source) x P(neutral | source), are averaged
with the softmax's, so a 2-class source's mild texts (labelled polar) and a 3-class source's (labelled
neutral) no longer fight inside one softmax. A per-language bias on log P(neutral), tuned on a validation
split, moves the neutral line. Without a neutral label, or with one source kind only, it degrades to the
plain softmax (and to no source head).
With ``per_language`` a separate model is also trained for each language with enough rows (on that
language's rows, with ``language_max_features`` columns); a text of such a language gets the average of
its language model's probabilities and the all-language model's, and the language model explains it.
With ``encoder`` (e.g. ``multilingual-e5-small-q4``, see :mod:`aigov.ml.encoders`) each language in
``encoder_languages`` also gets a logistic head over the sentence encoder's vector of the raw text; its
probabilities are mixed in with weight ``encoder_weight``. Slower (the encoder reads every text), more
accurate where n-grams generalise badly (Azerbaijani).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from aigov.ml.features import fold_for_features
from aigov.ml.hashing import HashedTfidf, NgramDetail, NgramHasher, unique_counts

MIN_LANGUAGE_ROWS = 20_000  # fewer rows: the language uses the model of all languages alone (measured:
# Turkish's 11,000 rows gave a model 14% worse than the all-language one)
HEAD_TOP = 3  # n-grams named per two-stage head in an explanation


@dataclass
class ClassifierConfig:
    """What the classifier learns from and how strongly it is regularised."""

    char_ngrams: tuple[int, int] = (1, 5)
    char_analyzer: str = "char_wb"  # "char": n-grams may cross word boundaries ("cox pis" gives "x pi")
    word_ngrams: tuple[int, int] = (1, 2)
    max_features: int = 120_000
    C: float = 4.0
    class_weight: str | None = None
    per_language: bool = False
    language_max_features: int | None = None  # columns of each language model (default: max_features)
    translit_russian: bool = True
    min_df: int = 2
    two_stage: bool = False
    encoder: str | None = None  # a sentence encoder (aigov.ml.encoders) whose vectors get a head
    encoder_languages: tuple[str, ...] = ()
    encoder_weight: float = 0.5  # its share of the probabilities of those languages' texts
    encoder_max_rows: int | None = None  # train the head on at most this many rows per language
    encoder_C: float = 4.0

    def as_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}


NEUTRAL = "neutral"


def quantise(coef: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weights as int8 with one scale per row: a quarter of float32 on disk, |error| <= max|row| / 254."""
    scale = np.maximum(np.abs(coef).max(axis=1, keepdims=True), 1e-12) / 127.0
    return np.round(coef / scale).astype(np.int8), scale.astype(np.float32)


def dequantise(stored: Any) -> np.ndarray:
    """Float32 weights from :func:`quantise`'s output (or from weights saved as plain arrays)."""
    if isinstance(stored, tuple):
        q, scale = stored
        return q.astype(np.float32) * scale
    return np.asarray(stored, dtype=np.float32)


@dataclass
class Head:
    """A binary logistic head over the model's features: P(``positive_class``) = sigmoid(x . coef + b)."""

    coef: np.ndarray  # (2, features), float32: rows [other, positive_class], as _weights lays them out
    intercept: np.ndarray  # (2,)
    labels: tuple[str, str]  # (other, positive_class), for explanations

    def proba(self, x: sp.csr_matrix) -> np.ndarray:
        s = np.asarray(x @ self.coef.T) + self.intercept
        return 1.0 / (1.0 + np.exp(np.clip(s[:, 0] - s[:, 1], -50, 50)))

    def __getstate__(self) -> dict[str, Any]:  # on disk: one row, 8-bit (the rows are -w/2 and w/2)
        return {**self.__dict__, "coef": quantise(self.coef[1:2])}

    def __setstate__(self, state: dict[str, Any]) -> None:
        half = dequantise(state["coef"])
        self.__dict__.update({**state, "coef": np.vstack([-half, half]) if len(half) == 1 else half})


@dataclass
class LinearModel:
    """The kept hashed TF-IDF columns and float32 weights over them."""

    features: HashedTfidf
    coef: np.ndarray  # (classes, features), float32
    intercept: np.ndarray  # (classes,)
    heads: dict[str, Head] = field(default_factory=dict)  # two-stage heads: polarity, neutrality, source

    def transform(self, folded: Sequence[str]) -> sp.csr_matrix:
        return self.features.transform(folded)

    def __getstate__(self) -> dict[str, Any]:  # 8-bit weights on disk, float32 in memory
        return {**self.__dict__, "coef": quantise(self.coef)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update({**state, "coef": dequantise(state["coef"])})

    def scores(self, x: sp.csr_matrix) -> np.ndarray:
        return np.asarray(x @ self.coef.T) + self.intercept

    def proba(self, x: sp.csr_matrix, classes: list[str], source: np.ndarray | None = None) -> np.ndarray:
        """Class probabilities: the softmax, averaged with the two-stage heads' when the model has them.

        ``source`` replaces the source head's P(3-class source) (an oracle, for measuring what it costs)."""
        soft = _softmax(self.scores(x))
        heads = getattr(self, "heads", {})  # models saved before the heads existed have none
        if "polarity" not in heads or "neutrality" not in heads:
            return soft
        pol, neu = heads["polarity"], heads["neutrality"]
        pp = pol.proba(x)
        if source is None:
            source = heads["source"].proba(x) if "source" in heads else 1.0
        pn = neu.proba(x) * source
        two = np.zeros_like(soft)
        two[:, classes.index(NEUTRAL)] = pn
        two[:, classes.index(pol.labels[1])] = (1 - pn) * pp
        two[:, classes.index(pol.labels[0])] = (1 - pn) * (1 - pp)
        return (soft + two) / 2


@dataclass
class EncoderHead:
    """A multinomial logistic head over a sentence encoder's vectors, for the texts of one language."""

    encoder: str  # the encoder's name (aigov.ml.encoders)
    coef: np.ndarray  # (classes, dim), float32, in the classifier's class order
    intercept: np.ndarray  # (classes,); -1e4 for a class the head never saw
    weight: float  # share of the head in the text's probabilities
    rows: int  # training rows the head was fitted on


def fit_encoder_head(vectors: np.ndarray, labels: Sequence[str], classes: list[str], cfg: ClassifierConfig
                     ) -> EncoderHead:
    lr = LogisticRegression(C=cfg.encoder_C, max_iter=2000).fit(vectors, labels)
    coef = np.zeros((len(classes), vectors.shape[1]), dtype=np.float32)
    intercept = np.full(len(classes), -1e4, dtype=np.float32)
    raw_coef, raw_intercept = _weights(lr, len(lr.classes_))
    for row, cls in enumerate(lr.classes_):
        coef[classes.index(cls)] = raw_coef[row]
        intercept[classes.index(cls)] = raw_intercept[row]
    return EncoderHead(str(cfg.encoder), coef, intercept, float(cfg.encoder_weight), len(labels))


def _head_rows(texts: Sequence[str], idx: list[int], limit: int | None) -> list[int]:
    """At most ``limit`` of ``idx``, chosen by a stable hash of each text (the same in every run)."""
    if limit is None or len(idx) <= limit:
        return idx
    import hashlib

    rank = sorted(idx, key=lambda i: hashlib.sha256(texts[i].encode("utf-8", "replace")).digest())
    return sorted(rank[:limit])


def hasher_for(cfg: ClassifierConfig) -> NgramHasher:
    return NgramHasher(char_ngrams=tuple(cfg.char_ngrams), char_analyzer=cfg.char_analyzer,
                       word_ngrams=tuple(cfg.word_ngrams))


def _fit_lr(x: sp.csr_matrix, y: Sequence[str], cfg: ClassifierConfig, max_iter: int = 300
            ) -> LogisticRegression:
    lr = LogisticRegression(C=cfg.C, max_iter=max_iter, tol=1e-3, class_weight=cfg.class_weight)
    return lr.fit(x, y)


def _weights(lr: LogisticRegression, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    coef, intercept = lr.coef_, lr.intercept_
    if n_classes == 2:  # binary LR has one row: class 1 vs class 0
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    return coef.astype(np.float32), intercept.astype(np.float32)


def _fit_head(x: sp.csr_matrix, y: np.ndarray, labels: tuple[str, str], cfg: ClassifierConfig) -> Head | None:
    """A binary head (y True = ``labels[1]``); None when the rows hold one side only."""
    if len(y) == 0 or y.all() or not y.any():
        return None
    lr = LogisticRegression(C=cfg.C, max_iter=300, tol=1e-3).fit(x, y)
    coef, intercept = _weights(lr, 2)
    half = dequantise(quantise(coef[1:2]))  # the weights as they will be stored
    return Head(np.vstack([-half, half]), intercept, labels)


def fit_heads(x: sp.csr_matrix, labels: Sequence[str], sources: Sequence[str] | None, classes: list[str],
              cfg: ClassifierConfig) -> dict[str, Head]:
    """The two-stage heads, or none when the labels are not a neutral class and two polar ones."""
    polar = [c for c in classes if c != NEUTRAL]
    if not cfg.two_stage or NEUTRAL not in classes or len(polar) != 2:
        return {}
    y = np.asarray(labels)
    src = np.asarray(sources if sources is not None else [""] * len(y))
    with_neutral = {s for s in set(src.tolist()) if (y[src == s] == NEUTRAL).any()}
    three = np.isin(src, list(with_neutral))
    is_polar = y != NEUTRAL
    heads = {"polarity": _fit_head(x[is_polar], y[is_polar] == polar[1], (polar[0], polar[1]), cfg),
             "neutrality": _fit_head(x[three], y[three] == NEUTRAL, ("polar", NEUTRAL), cfg),
             "source": _fit_head(x, three, ("2-class source", "3-class source"), cfg)}
    return {k: h for k, h in heads.items() if h is not None}


def fit_linear(folded: Sequence[str], labels: Sequence[str], classes: list[str],
               cfg: ClassifierConfig, sources: Sequence[str] | None = None) -> LinearModel:
    """Fit on every column seen in ``min_df`` texts, prune to the strongest columns, fit again."""
    features, x = HashedTfidf.fit(hasher_for(cfg), folded, cfg.min_df)
    lr = _fit_lr(x, labels, cfg, max_iter=100)  # only to rank the columns
    if x.shape[1] > cfg.max_features:
        strength = np.abs(lr.coef_).max(axis=0)
        keep = np.sort(np.argsort(-strength)[: cfg.max_features])
        features = features.subset(keep)
        x = features.transform(folded)
        lr = _fit_lr(x, labels, cfg)
    order = [list(lr.classes_).index(c) for c in classes if c in lr.classes_]
    coef, intercept = _weights(lr, len(lr.classes_))
    full_coef = np.full((len(classes), x.shape[1]), 0.0, dtype=np.float32)
    full_int = np.full(len(classes), -1e4, dtype=np.float32)  # a class this model never saw: never chosen
    for row, cls in zip(order, [c for c in classes if c in lr.classes_], strict=True):
        full_coef[classes.index(cls)] = coef[row]
        full_int[classes.index(cls)] = intercept[row]
    heads = fit_heads(x, labels, sources, classes, cfg)
    return LinearModel(features, dequantise(quantise(full_coef)), full_int, heads)  # weights as stored


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(scores)
    return e / e.sum(axis=1, keepdims=True)


_RELATIVE: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # id(coef) -> (coef, coef - its class mean)


def _relative(coef: np.ndarray) -> np.ndarray:
    """Each class's coefficients minus their mean over classes, computed once per weight matrix."""
    cached = _RELATIVE.get(id(coef))
    if cached is None or cached[0] is not coef:
        if len(_RELATIVE) > 64:
            _RELATIVE.clear()
        cached = _RELATIVE[id(coef)] = (coef, coef - coef.mean(axis=0, keepdims=True))
    return cached[1]


def _top_features(model: LinearModel, x: sp.csr_matrix, row: int, c: int, top: int,
                  coef: np.ndarray | None = None) -> list[dict[str, Any]]:
    """The ``top`` columns of ``row`` pushing class ``c`` most: ``column`` (hashed) and ``weight``."""
    rel = _relative(model.coef if coef is None else coef)[c]
    start, end = x.indptr[row], x.indptr[row + 1]
    cols, values = x.indices[start:end], x.data[start:end]
    if not len(cols):
        return []
    contrib = values * rel[cols]
    order = np.argpartition(-contrib, top)[:top] if len(contrib) > top else np.arange(len(contrib))
    order = order[np.argsort(-contrib[order])]
    return [{"column": int(model.features.columns[cols[i]]), "weight": round(float(contrib[i]), 3)}
            for i in order if contrib[i] > 0]


def _name_features(model: LinearModel, detail: NgramDetail, why: list[list[dict[str, Any]]]) -> None:
    """Replace each explanation's hashed ``column`` by ``feature``, the n-gram of its text (in place)."""
    features = model.features
    found = detail.locate([(i, f["column"]) for i, fs in enumerate(why) for f in fs])
    for i, fs in enumerate(why):
        for k, f in enumerate(fs):
            column = f.pop("column")
            fs[k] = {"feature": features.display(found.get((i, column)), column), **f}


class TextClassifier:
    """fit / predict / predict_proba / explain over raw texts (and, optionally, their languages)."""

    def __init__(self, config: ClassifierConfig | None = None):
        self.config = config or ClassifierConfig()
        self.classes_: list[str] = []
        self.models: dict[str, LinearModel] = {}  # "*" = all languages
        self.neutral_bias: dict[str, float] = {}  # language ("*": any other) -> shift of log P(neutral)
        self.encoder_heads: dict[str, EncoderHead] = {}  # language -> head over a sentence encoder

    def fold(self, texts: Sequence[str]) -> list[str]:
        return [fold_for_features(t, translit_russian=self.config.translit_russian) for t in texts]

    def fit(self, texts: Sequence[str], labels: Sequence[str], langs: Sequence[str | None] | None = None,
            sources: Sequence[str] | None = None, encoder: Any = None) -> TextClassifier:
        """Fit every model; ``encoder`` replaces the configured sentence encoder (e.g. a cached one)."""
        if len(texts) != len(labels) or not texts:
            raise ValueError("texts and labels must be non-empty and of equal length")
        self.classes_ = sorted(set(labels))
        if len(self.classes_) < 2:
            raise ValueError("the labels hold only one class; a classifier needs at least two")
        folded = self.fold(texts)
        self.neutral_bias = {}
        self.models = {"*": fit_linear(folded, labels, self.classes_, self.config, sources)}
        if self.config.per_language and langs is not None:
            for lang in sorted({lg for lg in langs if lg}):
                idx = [i for i, lg in enumerate(langs) if lg == lang]
                sub_labels = [labels[i] for i in idx]
                if len(idx) >= MIN_LANGUAGE_ROWS and len(set(sub_labels)) >= 2:
                    sub_texts = [folded[i] for i in idx]
                    sub_sources = [sources[i] for i in idx] if sources is not None else None
                    sub_cfg = replace(self.config, max_features=self.config.language_max_features
                                      or self.config.max_features)
                    self.models[lang] = fit_linear(sub_texts, sub_labels, self.classes_, sub_cfg, sub_sources)
        self.encoder_heads = {}
        if self.config.encoder and langs is not None:
            self.fit_encoder_heads(texts, labels, langs, encoder)
        return self

    def fit_encoder_heads(self, texts: Sequence[str], labels: Sequence[str], langs: Sequence[str | None],
                          encoder: Any = None) -> dict[str, EncoderHead]:
        """Fit a head over the configured sentence encoder for each of ``encoder_languages`` (raw texts)."""
        if not self.config.encoder:
            raise ValueError("the configuration names no sentence encoder")
        encoder = encoder or self._encoder()
        self.encoder_heads = {}
        for lang in self.config.encoder_languages:
            rows = [i for i, lg in enumerate(langs) if lg == lang]
            idx = _head_rows(texts, rows, self.config.encoder_max_rows)
            if len({labels[i] for i in idx}) >= 2:
                vectors = encoder.encode([texts[i] for i in idx])
                self.encoder_heads[lang] = fit_encoder_head(vectors, [labels[i] for i in idx],
                                                            self.classes_, self.config)
        return self.encoder_heads

    def use_encoder(self, encoder: Any) -> None:
        """Encode with ``encoder`` (e.g. a cached one) instead of loading the configured one; not saved."""
        self._encoder_instance = encoder

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_encoder_instance"}

    def _encoder(self) -> Any:
        if "_encoder_instance" in self.__dict__:
            return self._encoder_instance
        from aigov.ml.encoders import get_encoder

        return get_encoder(str(self.config.encoder))

    def _mix_encoder(self, proba: np.ndarray, texts: Sequence[str], langs: Sequence[str | None] | None
                     ) -> dict[str, tuple[list[int], np.ndarray]]:
        """Mix each encoder head's probabilities into its language's texts (``proba`` in place); returns
        each head's rows and class scores, for explanations."""
        heads = getattr(self, "encoder_heads", {})  # models saved before encoder heads existed have none
        mixed: dict[str, tuple[list[int], np.ndarray]] = {}
        for lang, head in heads.items():
            idx = [i for i, lg in enumerate(langs or []) if lg == lang]
            if idx:
                scores = self._encoder().encode([texts[i] for i in idx]) @ head.coef.T + head.intercept
                proba[idx] = (1 - head.weight) * proba[idx] + head.weight * _softmax(scores)
                mixed[lang] = (idx, scores)
        return mixed

    def _group_proba(self, key: str, folded: Sequence[str], detail: NgramDetail | None = None
                     ) -> tuple[np.ndarray, sp.csr_matrix]:
        """Probabilities of texts of one group, and the features of the model that explains them."""
        model = self.models[key]
        hasher = model.features.hasher
        docs, hashed = (detail.docs, detail.cols) if detail is not None else hasher.entries(folded)
        counts = unique_counts(docs, hashed, hasher.n_columns)
        x = model.features.from_counts(len(folded), *counts)
        proba = model.proba(x, self.classes_)
        if key != "*":  # a language model: averaged with the model of all languages
            everyone = self.models["*"]
            x_all = (everyone.features.from_counts(len(folded), *counts) if everyone.features.hasher == hasher
                     else everyone.transform(folded))
            proba = (proba + everyone.proba(x_all, self.classes_)) / 2
        return proba, x

    def _groups(self, n: int, langs: Sequence[str | None] | None) -> dict[str, list[int]]:
        groups: dict[str, list[int]] = {}
        for i in range(n):
            lang = langs[i] if langs is not None else None
            groups.setdefault(lang if lang in self.models else "*", []).append(i)
        return groups

    def predict_proba(self, texts: Sequence[str], langs: Sequence[str | None] | None = None,
                      labels: Sequence[str] | None = None) -> np.ndarray:
        """Probabilities in the order of ``classes_``; ``labels`` restricts the choice to those classes."""
        folded = self.fold(texts)
        out = np.zeros((len(texts), len(self.classes_)), dtype=np.float64)
        for key, idx in self._groups(len(texts), langs).items():
            out[idx] = self._group_proba(key, [folded[i] for i in idx])[0]
        self._mix_encoder(out, texts, langs)
        out = self._shift_neutral(out, langs)
        if labels is not None:
            allowed = np.array([c in set(labels) for c in self.classes_])
            if allowed.any():
                out[:, ~allowed] = 0.0
                out /= np.maximum(out.sum(axis=1, keepdims=True), 1e-12)
        return out

    def _shift_neutral(self, proba: np.ndarray, langs: Sequence[str | None] | None) -> np.ndarray:
        """Multiply P(neutral) by exp(bias of the text's language) and renormalise."""
        bias = getattr(self, "neutral_bias", {})  # models saved before the bias existed have none
        if not bias or NEUTRAL not in self.classes_:
            return proba
        default = bias.get("*", 0.0)
        shift = np.array([bias.get(lang or "", default) for lang in (langs or [None] * len(proba))])
        out = proba.copy()
        out[:, self.classes_.index(NEUTRAL)] *= np.exp(shift)
        return out / out.sum(axis=1, keepdims=True)

    def tune_neutral_bias(self, texts: Sequence[str], labels: Sequence[str], langs: Sequence[str | None],
                          grid: Sequence[float] = tuple(np.round(np.arange(-1.0, 1.01, 0.1), 2)),
                          min_gain: float = 0.005) -> dict[str, float]:
        """Per language, the shift of log P(neutral) that maximises macro-F1 on these (validation) rows.

        A language keeps no shift unless it gains at least ``min_gain`` macro-F1 on them (smaller gains
        are noise). Never tune on the rows you report: pass rows the model neither trained on nor is
        scored on.
        """
        from aigov.ml.metrics import classification_report

        self.neutral_bias = {}
        if NEUTRAL not in self.classes_:
            return {}
        proba = self.predict_proba(texts, langs)
        col = self.classes_.index(NEUTRAL)
        bias: dict[str, float] = {}
        for lang in sorted({lg for lg in langs if lg}):
            idx = [i for i, lg in enumerate(langs) if lg == lang]
            gold = [labels[i] for i in idx]
            if NEUTRAL not in gold:
                continue
            scores = {}
            for b in grid:
                p = proba[idx].copy()
                p[:, col] *= np.exp(b)
                scores[float(b)] = classification_report(
                    gold, [self.classes_[k] for k in p.argmax(axis=1)])["macro_f1"]
            unshifted = classification_report(gold, [self.classes_[k] for k in proba[idx].argmax(axis=1)])
            best = max(scores, key=lambda b: (scores[b], -abs(b)))
            bias[lang] = best if scores[best] >= unshifted["macro_f1"] + min_gain else 0.0
        self.neutral_bias = bias
        return bias

    def predict(self, texts: Sequence[str], langs: Sequence[str | None] | None = None,
                labels: Sequence[str] | None = None) -> list[str]:
        proba = self.predict_proba(texts, langs, labels)
        return [self.classes_[i] for i in proba.argmax(axis=1)]

    def predict_explained(self, texts: Sequence[str], langs: Sequence[str | None] | None = None, top: int = 5
                          ) -> tuple[np.ndarray, list[list[dict[str, Any]]]]:
        """Probabilities and, for each text, the n-grams that pushed its predicted class (one pass)."""
        folded = self.fold(texts)
        proba = np.zeros((len(texts), len(self.classes_)), dtype=np.float64)
        why: list[list[dict[str, Any]]] = [[] for _ in texts]
        xs: dict[str, sp.csr_matrix] = {}
        details: dict[str, NgramDetail] = {}
        for key, idx in self._groups(len(texts), langs).items():
            group = [folded[i] for i in idx]
            details[key] = self.models[key].features.hasher.detail(group)
            proba[idx], xs[key] = self._group_proba(key, group, details[key])
        mixed = self._mix_encoder(proba, texts, langs)
        proba = self._shift_neutral(proba, langs)
        for key, idx in self._groups(len(texts), langs).items():
            model, x = self.models[key], xs[key]
            group_why = [self._why(model, x, row, int(proba[i].argmax()), top) for row, i in enumerate(idx)]
            _name_features(model, details[key], group_why)
            for row, i in enumerate(idx):
                why[i] = group_why[row]
        self._name_encoder(proba, mixed, why)
        return proba, why

    def _name_encoder(self, proba: np.ndarray, mixed: dict[str, tuple[list[int], np.ndarray]],
                      why: list[list[dict[str, Any]]]) -> None:
        """Add to ``why`` how far each encoder head pushed its text's predicted class."""
        for lang, (idx, scores) in mixed.items():
            head = self.encoder_heads[lang]
            seen = head.intercept > -1e3
            for row, i in enumerate(idx):
                c = int(proba[i].argmax())
                push = head.weight * float(scores[row, c] - scores[row][seen].mean())
                why[i].append({"feature": f"‹sentence meaning: {head.encoder}›", "weight": round(push, 3),
                               "stage": "encoder"})

    def _why(self, model: LinearModel, x: sp.csr_matrix, row: int, c: int, top: int) -> list[dict[str, Any]]:
        """The softmax's top n-grams for class ``c``, then (two-stage) the deciding heads', by stage."""
        why = _top_features(model, x, row, c, top)
        heads = getattr(model, "heads", {})
        if "polarity" not in heads or "neutrality" not in heads:
            return why
        label = self.classes_[c]
        if label == NEUTRAL:
            stages = [("neutrality", 1)]
        else:
            stages = [("polarity", int(label == heads["polarity"].labels[1]))]
        for stage, side in stages:
            head = heads.get(stage)
            if head is not None:
                found = _top_features(model, x, row, side, HEAD_TOP, head.coef)
                why += [{**f, "stage": stage} for f in found]
        return why

    def explain(self, text: str, lang: str | None = None, top: int = 5, label: str | None = None
                ) -> list[dict[str, Any]]:
        """The n-grams that pushed ``label`` (default: the predicted class) most, with their weights.

        A weight is the n-gram's TF-IDF value times its coefficient for the class minus its mean
        coefficient over all classes; only n-grams found in the (folded) text are named.
        """
        if label is None:
            proba, why = self.predict_explained([text], [lang], top)
            return why[0]
        model = self.models[lang if lang in self.models else "*"]
        folded = self.fold([text])
        why = [self._why(model, model.transform(folded), 0, self.classes_.index(label), top)]
        _name_features(model, model.features.hasher.detail(folded), why)
        return why[0]

    def n_features(self) -> int:
        return sum(m.coef.shape[1] for m in self.models.values())

    def stages(self) -> list[str]:
        """The two-stage heads the model has (empty for a plain softmax)."""
        return sorted({h for m in self.models.values() for h in getattr(m, "heads", {})})
