"""Why Azerbaijani sentiment is capped on the shared files: overlap between files and an oracle ceiling.

    python benchmarks/sentiment_az_ceiling.py [--data-dir DIR] [--json]

Splits the shared sentiment files exactly as ``scripts/train_default_models.py`` does (20% held out by a
stable hash of each text deduplicated across files, seed 13), keeps the Azerbaijani files (by file name,
not by language detection), and prints:

1. how many held-out texts appear in both a 3-class file (with a neutral class) and a 2-class file, and
   whether those files agree on their label;
2. macro-F1 on the held-out Azerbaijani rows (default protocol: a ``neutral`` on a 2-class file is an
   error) of the char 2-5-gram TF-IDF + logistic regression baseline and of the shipped sentiment
   configuration trained on the Azerbaijani training rows alone;
3. the same model with its source head (does this text come from a file with a neutral class?) replaced by
   the truth, an oracle no text-only model can be;
4. both under the labels-from-data protocol (each may choose only among its row's file's labels), where
   the baseline gets the same oracle: what is left is how well each separates the labels themselves.

Not a test: it prints figures (about 5 minutes on a 2-core machine).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SEED = 13
TEST_SHARE = 0.2


def file_overlap(texts: list[str], labels: list[str], sources: list[str], three_class: set[str]
                 ) -> dict[str, int]:
    """Held-out texts found in a 3-class and a 2-class file, and how often their labels agree."""
    from aigov.ml.datasets import dedupe_key

    files: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for text, label, source in zip(texts, labels, sources, strict=True):
        files[dedupe_key(text)].append((source, label))
    both = [rows for rows in files.values()
            if {s for s, _ in rows} & three_class and {s for s, _ in rows} - three_class]
    return {"held_out_rows": len(texts), "held_out_texts": len(files),
            "texts_in_3class_and_2class_files": len(both),
            "rows_of_those_texts": sum(len(rows) for rows in both),
            "of_those_same_label_everywhere": sum(1 for rows in both if len({lb for _, lb in rows}) == 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    args = parser.parse_args()
    files = sorted((args.data_dir / "sentiment").glob("az_*.csv"))
    if not files:
        print(f"no Azerbaijani sentiment files under {args.data_dir / 'sentiment'}", file=sys.stderr)
        return 2

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from aigov.ml.datasets import read_many, split
    from aigov.ml.evaluate import labels_from_data
    from aigov.ml.metrics import classification_report, error_reduction
    from aigov.ml.textclf import TextClassifier
    from aigov.ml.train import DEFAULT_CONFIGS

    data = read_many(files)
    train, test = split(data, TEST_SHARE, SEED)
    file_labels: dict[str, set[str]] = defaultdict(set)
    for label, source in zip(data.labels, data.sources, strict=True):
        file_labels[source].add(label)
    three_class = {s for s, labels in file_labels.items() if "neutral" in labels}
    overlap = file_overlap(test.texts, test.labels, test.sources, three_class)
    print("held-out Azerbaijani rows:", json.dumps(overlap))

    def macro_f1(pred: list[str]) -> float:
        return round(classification_report(test.labels, pred)["macro_f1"], 4)

    baseline = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(2, 5)),
                             LogisticRegression(max_iter=1000)).fit(train.texts, train.labels)
    figures: dict[str, Any] = {"baseline": macro_f1(list(baseline.predict(test.texts)))}
    config = DEFAULT_CONFIGS["sentiment"]
    model = TextClassifier(config).fit(train.texts, train.labels, None, train.sources)
    x = model.models["*"].transform(model.fold(test.texts))
    classes = model.classes_
    truth = np.array([s in three_class for s in test.sources], dtype=float)
    model_proba = model.models["*"].proba(x, classes)
    oracle_proba = model.models["*"].proba(x, classes, source=truth)
    figures["model"] = macro_f1([classes[k] for k in model_proba.argmax(axis=1)])
    figures["model_with_oracle_source"] = macro_f1([classes[k] for k in oracle_proba.argmax(axis=1)])
    figures["baseline_labels_from_data"] = macro_f1(labels_from_data(test, baseline.predict_proba(test.texts),
                                                                     list(baseline.classes_)))
    figures["model_labels_from_data"] = macro_f1(labels_from_data(test, model_proba, classes))
    for name, base in (("model", "baseline"), ("model_with_oracle_source", "baseline"),
                       ("model_labels_from_data", "baseline_labels_from_data")):
        figures[f"{name}_error_reduction"] = round(error_reduction(figures[name], figures[base]), 3)
    print(f"{'held-out Azerbaijani rows (macro-F1)':40} {'':>7}")
    for name in ("baseline", "model", "model_with_oracle_source", "baseline_labels_from_data",
                 "model_labels_from_data"):
        print(f"{name:40} {figures[name]:>7.4f}")
    if args.json:
        print(json.dumps({"n": len(test), "overlap": overlap, **figures}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
