"""Retrieval figures on a question set: recall@1, recall@5 and MRR, overall and per language, and how often
questions outside the knowledge base get an honest "I don't know"."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aigov.assistant.kb import KBError, decode
from aigov.assistant.retrieval import Index
from aigov.assistant.text import guess_language

MAX_QUESTIONS = 100_000


@dataclass
class Question:
    question: str
    expected_ids: list[str]
    language: str


def read_questions(path: Path) -> list[Question]:
    """JSONL lines ``{"question": ..., "expected_ids": [...], "language": optional}``."""
    if not path.is_file():
        raise KBError(f"{path.name}: no such file")
    questions = []
    for number, line in enumerate(decode(path.read_bytes(), path.name).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            raise KBError(f"{path.name}, line {number}: not a JSON object") from None
        if (
            not isinstance(row, dict)
            or not isinstance(row.get("question"), str)
            or not row["question"].strip()
        ):
            raise KBError(f'{path.name}, line {number}: needs a non-empty "question"')
        ids = row.get("expected_ids", [])
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise KBError(f'{path.name}, line {number}: "expected_ids" must be a list of ids')
        language = row.get("language") or guess_language(row["question"])
        questions.append(Question(row["question"], ids, str(language)))
        if len(questions) > MAX_QUESTIONS:
            raise KBError(f"{path.name}: more than {MAX_QUESTIONS} questions")
    if not questions:
        raise KBError(f"{path.name}: holds no questions")
    return questions


def _figures(ranks: list[int | None]) -> dict[str, Any]:
    n = len(ranks)
    if not n:
        return {"n": 0, "recall_at_1": None, "recall_at_5": None, "mrr": None}
    return {
        "n": n,
        "recall_at_1": round(sum(r is not None and r <= 1 for r in ranks) / n, 4),
        "recall_at_5": round(sum(r is not None and r <= 5 for r in ranks) / n, 4),
        "mrr": round(sum(1 / r for r in ranks if r is not None) / n, 4),
    }


def evaluate(
    index: Index, questions: list[Question], *, min_confidence: float, show_misses: bool = False
) -> dict[str, Any]:
    """Figures for ``questions`` against ``index`` (ids missing from the index are reported, not hidden)."""
    known = {entry.id for entry in index.entries}
    ranks: dict[str, list[int | None]] = {}
    refusals: dict[str, list[bool]] = {}
    false_refusals: dict[str, list[bool]] = {}
    unknown_ids: set[str] = set()
    misses = []
    for q in questions:
        hits = index.search(q.question, k=10)
        refused = not hits or hits[0].confidence < min_confidence
        if not q.expected_ids:
            refusals.setdefault(q.language, []).append(refused)
            continue
        unknown_ids |= set(q.expected_ids) - known
        rank = next((i + 1 for i, hit in enumerate(hits) if hit.entry.id in q.expected_ids), None)
        ranks.setdefault(q.language, []).append(rank)
        false_refusals.setdefault(q.language, []).append(refused)
        if show_misses and (rank is None or rank > 1):
            misses.append(
                {
                    "question": q.question,
                    "expected": q.expected_ids,
                    "rank": rank,
                    "top": [h.entry.id for h in hits[:3]],
                }
            )
    every = [r for values in ranks.values() for r in values]
    result: dict[str, Any] = {**_figures(every), "per_language": {}}
    for language in sorted(set(ranks) | set(refusals)):
        figures = _figures(ranks.get(language, []))
        if language in false_refusals:
            figures["answered"] = round(1 - sum(false_refusals[language]) / len(false_refusals[language]), 4)
        if language in refusals:
            figures["out_of_kb"] = len(refusals[language])
            figures["out_of_kb_refused"] = round(sum(refusals[language]) / len(refusals[language]), 4)
        result["per_language"][language] = figures
    all_refusals = [r for values in refusals.values() for r in values]
    if all_refusals:
        result["out_of_kb"] = len(all_refusals)
        result["out_of_kb_refused"] = round(sum(all_refusals) / len(all_refusals), 4)
    all_false = [r for values in false_refusals.values() for r in values]
    if all_false:
        result["answered"] = round(1 - sum(all_false) / len(all_false), 4)
    result["entries"] = len(index.entries)
    result["min_confidence"] = min_confidence
    result["semantic"] = getattr(index.embedder, "name", None)
    if unknown_ids:
        result["expected_ids_not_in_kb"] = sorted(unknown_ids)[:20]
    if show_misses:
        result["misses"] = misses
    return result
