"""Data files of the rule-based stages, loaded once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

LEXICON_DIR = Path(__file__).parent


@cache
def load(name: str) -> Any:
    """The parsed YAML file ``name`` (without extension) from this folder."""
    with (LEXICON_DIR / f"{name}.yaml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)
