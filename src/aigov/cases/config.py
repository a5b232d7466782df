"""Tunable case rules, from environment variables AIGOV_CASES_* (defaults follow the law and practice)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class CaseSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AIGOV_CASES_", extra="ignore")

    triage_confidence: float = Field(
        default=0.4, ge=0, le=1, description="Below this topic confidence a case goes to human triage."
    )
    duplicate_threshold: float = Field(
        default=0.5, gt=0, le=1,
        description="Jaccard similarity of character shingles that counts as the same problem.",
    )
    duplicate_window_days: int = Field(default=30, ge=1, description="How far back to look for an open case.")
    near_breach_days: int = Field(default=2, ge=0, description="Working days left when a case is flagged.")


@lru_cache(maxsize=1)
def case_settings() -> CaseSettings:
    return CaseSettings()
