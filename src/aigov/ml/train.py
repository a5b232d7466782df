"""Train a model for a task from labelled CSV files and save it with its card."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aigov.ml.datasets import DataError, Dataset, dedupe, read_many
from aigov.ml.tasks import check_task
from aigov.ml.textclf import ClassifierConfig, TextClassifier

DEFAULT_CONFIGS: dict[str, ClassifierConfig] = {
    "sentiment": ClassifierConfig(),
    "topic": ClassifierConfig(max_features=60_000, class_weight="balanced", min_df=1),
    "urgency": ClassifierConfig(max_features=30_000, class_weight="balanced", min_df=1),
}


def fit_classifier(task: str, data: Dataset, config: ClassifierConfig | None = None) -> TextClassifier:
    """A classifier for ``task`` fitted on ``data`` (already deduplicated)."""
    if len(data) == 0:
        raise DataError("no labelled rows to train on")
    if len(set(data.labels)) < 2:
        raise DataError(f"the label column holds one class only ({data.labels[0]!r}); need at least two")
    model = TextClassifier(config or DEFAULT_CONFIGS[check_task(task)])
    return model.fit(data.texts, data.labels, data.langs)


def base_card(task: str, model: TextClassifier, data: Dataset, licences: dict[str, str] | None = None
              ) -> dict[str, Any]:
    """The facts every card carries: task, labels, date, data used, model type."""
    rows = Counter(data.sources)
    return {
        "task": task,
        "labels": model.classes_,
        "created": datetime.now(UTC).date().isoformat(),
        "model_type": "TF-IDF char n-grams (1-5, within words) + word n-grams of folded text, "
                      "logistic regression, pruned vocabulary"
                      + (", one model per language" if model.config.per_language else ""),
        "n_features": model.n_features(),
        "languages": sorted(k for k in model.models if k != "*"),
        "config": model.config.as_dict(),
        "training_data": [{"file": f, "rows": n, "licence": (licences or {}).get(f, "unstated")}
                          for f, n in sorted(rows.items())],
        "label_counts": dict(sorted(Counter(data.labels).items())),
    }


def train_model(task: str, paths: Sequence[Path], out: Path, text_col: str = "text", label_col: str = "label",
                config: ClassifierConfig | None = None) -> dict[str, Any]:
    """Read, deduplicate, fit and save; returns the saved card."""
    from aigov.ml.modelstore import save_model

    check_task(task)
    data = dedupe(read_many(paths, text_col, label_col))
    model = fit_classifier(task, data, config)
    card = base_card(task, model, data)
    card["intended_use"] = f"{task} of citizen messages; trained with `aigov train` on the files below."
    files = " ".join(f"--data {Path(p).name}" for p in paths)
    card["retrain"] = f"aigov train {task} {files} --out {out}"
    return save_model(model, out, card)
