"""Score a model on a labelled file: accuracy, macro-F1 over the file's own labels, per-class figures."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aigov.ml.datasets import DataError, Dataset, read_labelled_csv
from aigov.ml.metrics import classification_report
from aigov.ml.tasks import check_task, model_dir_for


def detect_languages(texts: Sequence[str]) -> list[str | None]:
    """The languages the pipeline would detect for these texts."""
    from aigov.analysis.language import detect
    from aigov.analysis.normalise import normalise_text

    return [r["language"] for r in detect([normalise_text(t) for t in texts])]


def labels_from_data(test: Dataset, proba: Any, classes: Sequence[str]) -> list[str]:
    """The `--labels-from-data` protocol over many files: each row's choice (from ``proba``, columns in
    ``classes`` order) restricted to the gold labels of its own file."""
    import numpy as np

    allowed = {s: {lb for lb, src in zip(test.labels, test.sources, strict=True) if src == s}
               for s in set(test.sources)}
    p = np.array(proba, dtype=float)
    for j, cls in enumerate(classes):
        p[[cls not in allowed[s] for s in test.sources], j] = -1.0
    return [classes[k] for k in p.argmax(axis=1)]


def evaluate_model(task: str, data_path: Path, model_dir: Path | None = None, text_col: str = "text",
                   label_col: str = "label", labels_from_data: bool = False) -> dict[str, Any]:
    """The report of :func:`aigov.ml.metrics.classification_report`, plus task, model hash and file name.

    Languages come from the file's ``lang`` column when it has one, otherwise from language detection,
    as in the pipeline. With ``labels_from_data`` the model may only choose among the labels the file's
    gold labels hold (a 3-class model is scored as a 2-class model on a 2-class file); the report says so
    in ``protocol``.
    """
    from aigov.ml.modelstore import load_model

    check_task(task)
    data = read_labelled_csv(Path(data_path), text_col, label_col)
    model_dir = model_dir_for(task, model_dir)
    model, card = load_model(model_dir)
    if card.get("task") not in (None, task):
        raise DataError(f"{model_dir} is a {card.get('task')} model, not a {task} model")
    langs = data.langs if all(data.langs) else detect_languages(data.texts)
    allowed = sorted(set(data.labels)) if labels_from_data else None
    if allowed is not None and not set(allowed) & set(model.classes_):
        raise DataError(f"{Path(data_path).name}: none of the file's labels is a label of the model")
    pred = model.predict(data.texts, langs, labels=allowed)
    report = classification_report(data.labels, pred)
    protocol = "labels-from-data" if labels_from_data else "all-model-labels"
    return {"task": task, "file": Path(data_path).name, "model": str(model_dir),
            "model_hash": card.get("content_hash"), "protocol": protocol, **report}
