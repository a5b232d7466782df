"""Model directories: ``model.joblib`` + ``card.json`` + ``card.md``, identified by a content hash.

A model directory is trusted code: ``model.joblib`` is a pickle, and loading it can run anything its
author chose. Load only the models shipped with aigov or ones you trained yourself.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

MODEL_FILE = "model.joblib"
CARD_JSON = "card.json"
CARD_MD = "card.md"
HASH_LENGTH = 16


class ModelError(Exception):
    """A model directory that cannot be used, said in one line."""


def content_hash(model_dir: Path) -> str:
    """sha256 over the model files' names and bytes (the cards excluded), shortened."""
    digest = hashlib.sha256()
    files = sorted(p for p in Path(model_dir).iterdir() if p.is_file() and p.name not in (CARD_JSON, CARD_MD))
    for path in files:
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:HASH_LENGTH]


def save_model(model: Any, model_dir: Path, card: dict[str, Any]) -> dict[str, Any]:
    """Write the model and its cards; returns the card with ``content_hash`` filled in."""
    import joblib

    model_dir = Path(model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, model_dir / MODEL_FILE, compress=3)
    card = {**card, "content_hash": content_hash(model_dir), "model_file": MODEL_FILE}
    text = json.dumps(card, ensure_ascii=False, indent=2) + "\n"
    (model_dir / CARD_JSON).write_text(text, encoding="utf-8")
    (model_dir / CARD_MD).write_text(render_card(card), encoding="utf-8")
    return card


def read_card(model_dir: Path) -> dict[str, Any]:
    path = Path(model_dir) / CARD_JSON
    if not path.is_file():
        raise ModelError(f"{model_dir}: not a model directory (no {CARD_JSON})")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise ModelError(f"{path}: not a readable model card") from None


def load_model(model_dir: Path) -> tuple[Any, dict[str, Any]]:
    """The model and its card; refuses a directory whose files do not match the card's hash."""
    import joblib

    model_dir = Path(model_dir)
    card = read_card(model_dir)
    if not (model_dir / MODEL_FILE).is_file():
        raise ModelError(f"{model_dir}: no {MODEL_FILE}")
    actual = content_hash(model_dir)
    if card.get("content_hash") != actual:
        raise ModelError(f"{model_dir}: model files do not match the card's content hash")
    return joblib.load(model_dir / MODEL_FILE), card


def _table(rows: list[list[Any]], header: list[str]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _evaluation(evaluation: dict[str, Any], title: str) -> list[str]:
    lines = [f"## {title}", ""]
    if evaluation.get("method"):
        lines += [str(evaluation["method"]), ""]
    rows = []
    for group in ("by_language", "by_file"):
        for name, fig in (evaluation.get(group) or {}).items():
            rows.append([name, fig.get("n"), fig.get("macro_f1"), fig.get("baseline_macro_f1", ""),
                         fig.get("error_reduction", "")])
    return lines + _table(rows, ["language / file", "n", "model macro-F1", "baseline macro-F1",
                                 "error reduction"]) + [""]


def render_card(card: dict[str, Any]) -> str:
    """The card as Markdown, for people."""
    lines = [f"# Model card: {card.get('task', '?')} ({card.get('content_hash', '')})", ""]
    for key, title in (("description", None), ("intended_use", "Intended use")):
        if card.get(key):
            lines += ([f"## {title}", ""] if title else []) + [str(card[key]), ""]
    lines += ["## Facts", ""]
    facts = [["task", card.get("task")], ["labels", ", ".join(card.get("labels", []))],
             ["trained", card.get("created")], ["model", card.get("model_type")],
             ["features", card.get("n_features")], ["content hash", card.get("content_hash")],
             ["format", "joblib pickle: trusted code, load only models you trust"]]
    lines += _table(facts, ["", ""]) + [""]
    data = card.get("training_data") or []
    if data:
        lines += ["## Training data", ""]
        lines += _table([[d.get("file"), d.get("rows"), d.get("licence", "unstated"), d.get("note", "")]
                         for d in data], ["file", "rows used", "licence", "note"]) + [""]
        if card.get("training_data_note"):
            lines += [str(card["training_data_note"]), ""]
    evaluation = card.get("evaluation") or {}
    if evaluation:
        lines += _evaluation(evaluation, "Held-out evaluation (macro-F1 over each file's own labels)")
    if isinstance(evaluation.get("labels_from_data"), dict):
        lines += _evaluation(evaluation["labels_from_data"], "Held-out evaluation, labels-from-data protocol")
    if card.get("validation"):
        lines += ["## Validation (tuning)", "", "```json", json.dumps(card["validation"], ensure_ascii=False),
                  "```", ""]
    if card.get("limits"):
        lines += ["## Known limits", ""] + [f"- {x}" for x in card["limits"]] + [""]
    if card.get("retrain"):
        lines += ["## Retraining", "", f"`{card['retrain']}`", ""]
    return "\n".join(lines)
