"""The tasks aigov trains models for, and where the installed package keeps its default models."""

from __future__ import annotations

from pathlib import Path

TASKS = ("sentiment", "topic", "urgency")
MODELS_DIR = Path(__file__).resolve().parent.parent / "analysis" / "models"


def check_task(task: str) -> str:
    from aigov.ml.datasets import DataError

    if task not in TASKS:
        raise DataError(f"unknown task {task!r}: choose one of {', '.join(TASKS)}")
    return task


def default_model_dir(task: str) -> Path:
    """The model the installed package uses for ``task``."""
    return MODELS_DIR / check_task(task)
