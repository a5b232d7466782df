"""Classification metrics, averaged over the labels present in the gold data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any


def classification_report(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """``n``, ``accuracy``, ``macro_f1`` over the gold labels, and per-class precision/recall/F1/support.

    A predicted label the gold data never holds (e.g. ``neutral`` on a 2-class file) is simply wrong:
    it lowers the recall of the true class and gets no class of its own in the average.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and predicted labels differ in length")
    n = len(gold)
    if n == 0:
        raise ValueError("no rows to score")
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter(gold)
    n_pred: Counter[str] = Counter(pred)
    for g, p in zip(gold, pred, strict=True):
        if g == p:
            tp[g] += 1
    per_class: dict[str, dict[str, float | int]] = {}
    f1s: list[float] = []
    for label in sorted(n_gold):
        precision = tp[label] / n_pred[label] if n_pred[label] else 0.0
        recall = tp[label] / n_gold[label]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s.append(f1)
        per_class[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                            "support": n_gold[label]}
    macro = sum(f1s) / len(f1s)
    return {
        "n": n,
        "accuracy": round(sum(tp.values()) / n, 4),
        "macro_f1": round(macro, 4),
        "per_class": per_class,
        "predicted_outside_gold": {k: v for k, v in sorted(n_pred.items()) if k not in n_gold},
    }


def error_reduction(model_f1: float, baseline_f1: float) -> float:
    """Share of the baseline's error (1 - macro-F1) that the model removes (negative: it adds error)."""
    base_err = 1 - baseline_f1
    return 0.0 if base_err == 0 else (base_err - (1 - model_f1)) / base_err
