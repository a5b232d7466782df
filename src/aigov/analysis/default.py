"""The default citizen-message pipeline, built once per process."""

from __future__ import annotations

from functools import lru_cache

from aigov.analysis.language import LanguageStage
from aigov.analysis.normalise import NormaliseStage
from aigov.analysis.pipeline import Pipeline
from aigov.analysis.redact import RedactStage
from aigov.analysis.region import RegionStage
from aigov.analysis.sentiment import SentimentStage
from aigov.analysis.topic import TopicStage
from aigov.analysis.transliterate import TransliterateStage
from aigov.analysis.urgency import UrgencyStage
from aigov.config import get_settings
from aigov.ml.tasks import model_dir_for
from aigov.reference.service import current_regions, current_taxonomy


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    return Pipeline(
        [
            NormaliseStage(),
            LanguageStage(),
            TransliterateStage(),
            RedactStage(),
            SentimentStage(model_dir_for("sentiment", get_settings().sentiment_model)),
            TopicStage(current_taxonomy()),
            UrgencyStage(),
            RegionStage(current_regions()),
        ]
    )
