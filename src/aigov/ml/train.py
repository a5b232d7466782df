"""Train a model for a task from labelled CSV files and save it with its card."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aigov.ml.datasets import DataError, Dataset, dedupe, read_many, split
from aigov.ml.tasks import check_task
from aigov.ml.textclf import ClassifierConfig, TextClassifier

DEFAULT_CONFIGS: dict[str, ClassifierConfig] = {
    "sentiment": ClassifierConfig(char_ngrams=(2, 5), char_analyzer="char", two_stage=True,
                                  max_features=300_000, per_language=True, language_max_features=120_000),
    "topic": ClassifierConfig(max_features=60_000, class_weight="balanced", min_df=1),
    "urgency": ClassifierConfig(max_features=30_000, class_weight="balanced", min_df=1),
}
# the accurate sentiment model: the default one plus a multilingual-e5-small head for Azerbaijani
ACCURATE_SENTIMENT = {"encoder": "multilingual-e5-small-q4", "encoder_languages": ("az",),
                      "encoder_weight": 0.5, "encoder_max_rows": None}
VALIDATION_SHARE = 0.15  # of the training rows, to tune the per-language neutral bias (seed below)
VALIDATION_SEED = 99
MIN_VALIDATION_ROWS = 200  # fewer validation rows than this: no bias is tuned


def fit_classifier(task: str, data: Dataset, config: ClassifierConfig | None = None) -> TextClassifier:
    """A classifier for ``task`` fitted on ``data`` (already deduplicated)."""
    if len(data) == 0:
        raise DataError("no labelled rows to train on")
    if len(set(data.labels)) < 2:
        raise DataError(f"the label column holds one class only ({data.labels[0]!r}); need at least two")
    model = TextClassifier(config or DEFAULT_CONFIGS[check_task(task)])
    return model.fit(data.texts, data.labels, data.langs, data.sources)


def fit_with_validation(task: str, raw: Dataset, config: ClassifierConfig | None = None,
                        lang_of: Callable[[list[str]], list[str | None]] | None = None
                        ) -> tuple[TextClassifier, dict[str, Any]]:
    """Fit on the training rows (``raw``, not yet deduplicated) less a validation split, and tune the
    per-language neutral bias of a two-stage model on that split; returns the model and what was tuned.

    The validation split is carved like the held-out one (by the deduplicated text, one copy per file),
    so its mix of 2- and 3-class files is the mix the model meets. ``lang_of`` (e.g. the pipeline's
    language detection) gives the validation rows' languages instead of their files'.
    """
    cfg = config or DEFAULT_CONFIGS[check_task(task)]
    train, val = split(raw, VALIDATION_SHARE, VALIDATION_SEED)
    tunable = cfg.two_stage and "neutral" in set(train.labels) and len(val) >= MIN_VALIDATION_ROWS
    if not tunable:
        return fit_classifier(task, dedupe(raw), cfg), {}
    model = fit_classifier(task, train, cfg)
    langs = val.langs if lang_of is None else lang_of(val.texts)
    bias = model.tune_neutral_bias(val.texts, val.labels, [lg or "" for lg in langs])
    return model, {"validation_rows": len(val), "validation_share": VALIDATION_SHARE,
                   "validation_seed": VALIDATION_SEED, "neutral_bias": bias}


ENCODER_WEIGHTS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def tune_encoder_weights(model: TextClassifier, texts: Sequence[str], labels: Sequence[str],
                         langs: Sequence[str | None], grid: Sequence[float] = ENCODER_WEIGHTS
                         ) -> dict[str, Any]:
    """Per encoder language, the head's weight and neutral shift that maximise macro-F1 on these
    (validation) rows; the model keeps them. Never pass rows the model is scored on."""
    from aigov.ml.metrics import classification_report

    chosen: dict[str, Any] = {}
    bias = dict(model.neutral_bias)
    for lang, head in model.encoder_heads.items():
        idx = [i for i, lg in enumerate(langs) if lg == lang]
        if not idx:
            continue
        sub_texts, sub_labels = [texts[i] for i in idx], [labels[i] for i in idx]
        sub_langs = [lang] * len(idx)
        scores = {}
        for weight in grid:
            head.weight = float(weight)
            shift = model.tune_neutral_bias(sub_texts, sub_labels, sub_langs).get(lang, 0.0)
            pred = model.predict(sub_texts, sub_langs)
            scores[(float(weight), shift)] = classification_report(sub_labels, pred)["macro_f1"]
        (weight, shift), best = max(scores.items(), key=lambda kv: kv[1])
        head.weight, bias[lang] = weight, shift
        chosen[lang] = {"weight": weight, "neutral_bias": shift, "validation_macro_f1": round(best, 4),
                        "validation_rows": len(idx),
                        "grid": [[w, b, round(f1, 4)] for (w, b), f1 in scores.items()]}
    model.neutral_bias = bias
    return chosen


def _model_type(cfg: ClassifierConfig) -> str:
    lo, hi = cfg.char_ngrams
    where = "within words" if cfg.char_analyzer == "char_wb" else "across word boundaries"
    words = f"{cfg.word_ngrams[0]}-{cfg.word_ngrams[1]}"
    return (f"TF-IDF of hashed char {lo}-{hi}-grams ({where}) + word {words}-grams of folded text, "
            f"logistic regression on the {cfg.max_features:,} strongest columns")


def base_card(task: str, model: TextClassifier, data: Dataset, licences: dict[str, str] | None = None
              ) -> dict[str, Any]:
    """The facts every card carries: task, labels, date, data used, model type."""
    rows = Counter(data.sources)
    return {
        "task": task,
        "labels": model.classes_,
        "created": datetime.now(UTC).date().isoformat(),
        "model_type": _model_type(model.config)
                      + (", plus two-stage heads (" + ", ".join(model.stages()) + ") averaged with it"
                         if model.stages() else "")
                      + (", averaged with a model per language" if model.config.per_language else ""),
        "n_features": model.n_features(),
        "languages": sorted(k for k in model.models if k != "*"),
        "stages": model.stages(),
        "neutral_bias": dict(getattr(model, "neutral_bias", {})),
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
    raw = read_many(paths, text_col, label_col)
    model, tuned = fit_with_validation(task, raw, config)
    data = dedupe(raw)
    card = base_card(task, model, data)
    if tuned:
        card["validation"] = tuned
    card["intended_use"] = f"{task} of citizen messages; trained with `aigov train` on the files below."
    files = " ".join(f"--data {Path(p).name}" for p in paths)
    card["retrain"] = f"aigov train {task} {files} --out {out}"
    return save_model(model, out, card)
