"""Score the personal-data detector on a JSONL file of gold spans.

Each line: ``{"text": str, "lang": str, "entities": [{"start": int, "end": int, "type": str}]}``. A predicted
span is a true positive when it overlaps a gold span of the same type; a gold span is found when a predicted
span of its type overlaps it. Precision counts predictions, recall counts gold spans.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

Span = tuple[int, int, str]
Detector = Callable[[str], list[Span]]


def read_pii_file(path: Path) -> list[dict[str, Any]]:
    """The file's lines as dicts, each checked; a clear ``ValueError`` naming the line for a malformed one."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc.__class__.__name__}") from None
    rows = []
    for number, raw in enumerate(lines, start=1):
        if raw.strip():
            rows.append(_check_line(raw, number))
    if not rows:
        raise ValueError(f"{path} holds no lines")
    return rows


def _check_line(raw: str, number: int) -> dict[str, Any]:
    try:
        row = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"line {number}: not valid JSON ({exc.msg})") from None
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        raise ValueError(f'line {number}: expected an object with a string "text"')
    entities = row.get("entities", [])
    if not isinstance(entities, list):
        raise ValueError(f'line {number}: "entities" must be a list')
    for i, entity in enumerate(entities):
        if not isinstance(entity, dict) or not isinstance(entity.get("type"), str):
            raise ValueError(f'line {number}: entity {i} needs a string "type"')
        start, end = entity.get("start"), entity.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(row["text"])):
            raise ValueError(f"line {number}: entity {i} has start/end outside the text or not integers")
    return {"text": row["text"], "lang": row.get("lang"), "entities": entities}


def aigov_detector(text: str) -> list[Span]:
    """Spans found by aigov's analyzer."""
    from aigov.analysis.pii import analyze

    return [(r.start, r.end, r.entity_type) for r in analyze(text)]


def score(pairs: Iterable[tuple[list[Span], list[Span]]]) -> dict[str, Any]:
    """Per-type and overall precision, recall, F1 and counts over (gold, predicted) span lists."""
    counts: dict[str, dict[str, int]] = defaultdict(
        lambda: {"tp_pred": 0, "pred": 0, "found_gold": 0, "gold": 0}
    )
    for gold, predicted in pairs:
        for start, end, kind in predicted:
            c = counts[kind]
            c["pred"] += 1
            c["tp_pred"] += any(k == kind and start < e and s < end for s, e, k in gold)
        for start, end, kind in gold:
            c = counts[kind]
            c["gold"] += 1
            c["found_gold"] += any(k == kind and start < e and s < end for s, e, k in predicted)
    per_type = {kind: _figures(c) for kind, c in sorted(counts.items())}
    total = {key: sum(c[key] for c in counts.values()) for key in ("tp_pred", "pred", "found_gold", "gold")}
    return {"per_type": per_type, "overall": _figures(total)}


def _figures(c: dict[str, int]) -> dict[str, Any]:
    precision = c["tp_pred"] / c["pred"] if c["pred"] else None
    recall = c["found_gold"] / c["gold"] if c["gold"] else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else 0.0
    return {
        "precision": _round(precision),
        "recall": _round(recall),
        "f1": round(f1, 4),
        "gold": c["gold"],
        "predicted": c["pred"],
        "true_positives": c["tp_pred"],
        "found": c["found_gold"],
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def evaluate_pii_file(path: Path, detector: Detector | None = None) -> dict[str, Any]:
    """Precision, recall and F1 per type and overall (``n`` lines) of ``detector`` (aigov's by default)."""
    rows = read_pii_file(path)
    detect = detector or aigov_detector
    pairs = [
        ([(e["start"], e["end"], e["type"]) for e in row["entities"]], detect(row["text"])) for row in rows
    ]
    return {"n": len(rows), **score(pairs)}
