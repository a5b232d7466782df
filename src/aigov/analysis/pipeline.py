"""The analysis pipeline: a chain of small stages sharing one batch interface.

Every stage takes a list of :class:`AnalysisItem` and returns the same list,
having filled in the fields it owns and, where it can, an explanation of why.
The pipeline records the name and version of every stage, so each stored
analysis says exactly what produced it.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

PIPELINE_NAME = "citizen-message"


@dataclass
class AnalysisItem:
    """One message on its way through the pipeline."""

    text: str
    normalised: str = ""
    script: str | None = None  # "latin", "cyrillic", "mixed" or None
    language: str | None = None  # az, ru, en, tr or None when unknown
    language_confidence: float | None = None
    redacted: str = ""
    entities: list[dict[str, Any]] = field(default_factory=list)  # {"type", "start", "end"} on `normalised`
    sentiment: str | None = None  # negative, neutral, positive
    sentiment_score: float | None = None
    topic: str | None = None  # topic code from the taxonomy
    topic_confidence: float | None = None
    urgency: str | None = None  # low, normal, high, critical
    urgency_reasons: list[str] = field(default_factory=list)
    region: str | None = None  # economic region code
    district: str | None = None  # district code
    explanations: dict[str, Any] = field(default_factory=dict)  # stage name -> why


@runtime_checkable
class Stage(Protocol):
    """A batch function with a name and a version."""

    name: str
    version: str

    def run(self, items: list[AnalysisItem]) -> list[AnalysisItem]: ...


_frozen = False


def _freeze_loaded_models() -> None:
    """After the first batch has loaded the models (lazily), move every object alive to the collector's
    permanent generation.

    The models, lexicons and Presidio's registry are some 300,000 long-lived objects that every full
    garbage collection would otherwise walk again; freezing them made the pipeline about 20% faster
    (benchmarks/pipeline.py). Frozen objects are still freed by reference counting; only cycles among them
    are never collected, and they live as long as the process anyway.
    """
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for one batch.

    A batch allocates many short-lived objects that reference counting frees anyway; the collector's passes
    over them cost about a sixth of the pipeline's time (benchmarks/pipeline.py: about 1,300 -> 1,530
    messages/s). Cycles made meanwhile are collected after the batch. The collector is process-wide: a
    batch that starts while another has paused it leaves it to that one to resume.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Pipeline:
    """Runs stages in order over a batch."""

    def __init__(self, stages: list[Stage]):
        self.stages = list(stages)

    def describe(self) -> dict[str, Any]:
        """Name and version of the pipeline and every stage, as stored with each analysis."""
        return {
            "pipeline": PIPELINE_NAME,
            "stages": [{"name": s.name, "version": s.version} for s in self.stages],
        }

    @property
    def version(self) -> str:
        """A short content hash of :meth:`describe`, stored on every analysed message."""
        blob = json.dumps(self.describe(), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def run(self, items: list[AnalysisItem]) -> list[AnalysisItem]:
        with _no_cyclic_gc():
            for stage in self.stages:
                items = stage.run(items)
        _freeze_loaded_models()
        return items

    def analyse_texts(self, texts: list[str]) -> list[AnalysisItem]:
        return self.run([AnalysisItem(text=t) for t in texts])
