"""An explainable linear text classifier: TF-IDF char n-grams (within words) and word n-grams of folded text.

Training fits a logistic regression on the full vocabulary, keeps the ``max_features`` n-grams with the
largest weights, and fits again on those alone, so a shipped model is small (a pruned vocabulary and
float32 weights) and every weight belongs to a real n-gram that :meth:`TextClassifier.explain` can name.
With ``per_language`` a separate model is trained for each language with enough rows, and the model of
all languages serves the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from aigov.ml.features import fold_for_features

MIN_LANGUAGE_ROWS = 2000  # fewer rows than this: the language uses the model of all languages


@dataclass
class ClassifierConfig:
    """What the classifier learns from and how strongly it is regularised."""

    char_ngrams: tuple[int, int] = (1, 5)
    word_ngrams: tuple[int, int] = (1, 2)
    max_features: int = 120_000
    C: float = 4.0
    class_weight: str | None = None
    per_language: bool = False
    translit_russian: bool = True
    min_df: int = 2

    def as_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}


@dataclass
class LinearModel:
    """Two fitted vectorizers and float32 weights over their joint, pruned vocabulary."""

    char: TfidfVectorizer
    word: TfidfVectorizer
    coef: np.ndarray  # (classes, features), float32
    intercept: np.ndarray  # (classes,)
    names: list[str] = field(default_factory=list)  # feature index -> n-gram (char ones in ‹›)

    def transform(self, folded: Sequence[str]) -> sp.csr_matrix:
        return sp.hstack([self.char.transform(folded), self.word.transform(folded)], format="csr")

    def scores(self, x: sp.csr_matrix) -> np.ndarray:
        return np.asarray(x @ self.coef.T) + self.intercept


def _vectorizers(cfg: ClassifierConfig, vocab: tuple[Any, Any] = (None, None)) -> tuple[Any, Any]:
    common: dict[str, Any] = {"lowercase": False, "sublinear_tf": True, "dtype": np.float32}
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=cfg.char_ngrams, vocabulary=vocab[0],
                           min_df=1 if vocab[0] is not None else cfg.min_df, **common)
    word = TfidfVectorizer(analyzer="word", ngram_range=cfg.word_ngrams, token_pattern=r"(?u)\b\w+\b|[^\w\s]",
                           vocabulary=vocab[1], min_df=1 if vocab[1] is not None else cfg.min_df, **common)
    return char, word


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


def fit_linear(folded: Sequence[str], labels: Sequence[str], classes: list[str],
               cfg: ClassifierConfig) -> LinearModel:
    """Fit on the full vocabulary, prune to the strongest n-grams, fit again."""
    char, word = _vectorizers(cfg)
    x = sp.hstack([char.fit_transform(folded), word.fit_transform(folded)], format="csr")
    lr = _fit_lr(x, labels, cfg, max_iter=100)  # only to rank the n-grams
    n_char = len(char.vocabulary_)
    if x.shape[1] > cfg.max_features:
        strength = np.abs(lr.coef_).max(axis=0)
        keep = np.sort(np.argsort(-strength)[: cfg.max_features])
        char_names = char.get_feature_names_out()
        word_names = word.get_feature_names_out()
        char_keep = [char_names[i] for i in keep if i < n_char]
        word_keep = [word_names[i - n_char] for i in keep if i >= n_char]
        char, word = _vectorizers(cfg, (char_keep, word_keep))
        x = sp.hstack([char.fit_transform(folded), word.fit_transform(folded)], format="csr")
        lr = _fit_lr(x, labels, cfg)
    order = [list(lr.classes_).index(c) for c in classes if c in lr.classes_]
    coef, intercept = _weights(lr, len(lr.classes_))
    full_coef = np.full((len(classes), x.shape[1]), 0.0, dtype=np.float32)
    full_int = np.full(len(classes), -1e4, dtype=np.float32)  # a class this model never saw: never chosen
    for row, cls in zip(order, [c for c in classes if c in lr.classes_], strict=True):
        full_coef[classes.index(cls)] = coef[row]
        full_int[classes.index(cls)] = intercept[row]
    names = [f"‹{n}›" for n in char.get_feature_names_out()] + list(word.get_feature_names_out())
    return LinearModel(char, word, full_coef, full_int, names)


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(scores)
    return e / e.sum(axis=1, keepdims=True)


def _top_features(model: LinearModel, x: sp.csr_matrix, row: int, c: int, top: int) -> list[dict[str, Any]]:
    start, end = x.indptr[row], x.indptr[row + 1]
    cols, values = x.indices[start:end], x.data[start:end]
    if not len(cols):
        return []
    rel = model.coef[c, cols] - model.coef[:, cols].mean(axis=0)
    contrib = values * rel
    order = np.argsort(-contrib)[:top]
    return [{"feature": model.names[cols[i]], "weight": round(float(contrib[i]), 3)}
            for i in order if contrib[i] > 0]


class TextClassifier:
    """fit / predict / predict_proba / explain over raw texts (and, optionally, their languages)."""

    def __init__(self, config: ClassifierConfig | None = None):
        self.config = config or ClassifierConfig()
        self.classes_: list[str] = []
        self.models: dict[str, LinearModel] = {}  # "*" = all languages

    def fold(self, texts: Sequence[str]) -> list[str]:
        return [fold_for_features(t, translit_russian=self.config.translit_russian) for t in texts]

    def fit(self, texts: Sequence[str], labels: Sequence[str], langs: Sequence[str | None] | None = None
            ) -> TextClassifier:
        if len(texts) != len(labels) or not texts:
            raise ValueError("texts and labels must be non-empty and of equal length")
        self.classes_ = sorted(set(labels))
        if len(self.classes_) < 2:
            raise ValueError("the labels hold only one class; a classifier needs at least two")
        folded = self.fold(texts)
        self.models = {"*": fit_linear(folded, labels, self.classes_, self.config)}
        if self.config.per_language and langs is not None:
            for lang in sorted({lg for lg in langs if lg}):
                idx = [i for i, lg in enumerate(langs) if lg == lang]
                sub_labels = [labels[i] for i in idx]
                if len(idx) >= MIN_LANGUAGE_ROWS and len(set(sub_labels)) >= 2:
                    sub_texts = [folded[i] for i in idx]
                    self.models[lang] = fit_linear(sub_texts, sub_labels, self.classes_, self.config)
        return self

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
            model = self.models[key]
            out[idx] = model.scores(model.transform([folded[i] for i in idx]))
        if labels is not None:
            allowed = np.array([c in set(labels) for c in self.classes_])
            if allowed.any():
                out[:, ~allowed] = -np.inf
        return _softmax(out)

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
        for key, idx in self._groups(len(texts), langs).items():
            model = self.models[key]
            x = model.transform([folded[i] for i in idx])
            scores = model.scores(x)
            proba[idx] = _softmax(scores)
            for row, i in enumerate(idx):
                why[i] = _top_features(model, x, row, int(scores[row].argmax()), top)
        return proba, why

    def explain(self, text: str, lang: str | None = None, top: int = 5, label: str | None = None
                ) -> list[dict[str, Any]]:
        """The n-grams that pushed ``label`` (default: the predicted class) most, with their weights.

        A weight is the n-gram's TF-IDF value times its coefficient for the class minus its mean
        coefficient over all classes; only n-grams found in the (folded) text are named.
        """
        model = self.models[lang if lang in self.models else "*"]
        x = model.transform(self.fold([text]))
        if label is None:
            label = self.classes_[int(np.argmax(model.scores(x)[0]))]
        return _top_features(model, x, 0, self.classes_.index(label), top)

    def n_features(self) -> int:
        return sum(m.coef.shape[1] for m in self.models.values())
