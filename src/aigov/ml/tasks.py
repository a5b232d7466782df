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


SENTIMENT_MODELS = {"default": "sentiment", "accurate": "sentiment-accurate"}


def model_dir_for(task: str, choice: str | Path | None) -> Path:
    """The model directory a setting or ``--model`` names: a path, or for sentiment ``default`` (fast) or
    ``accurate`` (with a sentence-encoder head; needs ``aigov[encoder]``)."""
    if choice is None or str(choice) == "default":
        return default_model_dir(task)
    if task == "sentiment" and str(choice) in SENTIMENT_MODELS and not Path(choice).exists():
        return MODELS_DIR / SENTIMENT_MODELS[str(choice)]
    return Path(choice)
