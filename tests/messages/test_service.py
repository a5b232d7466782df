"""Service-level behaviour: re-analysis keeps what the channel told us and records versions."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from aigov.analysis.default import default_pipeline
from aigov.analysis.pipeline import AnalysisItem, Pipeline
from aigov.messages.models import Message, PipelineVersion
from aigov.messages.schemas import MessageIn
from aigov.messages.service import intake, reanalyse


class ShoutingSentiment:
    """A stand-in sentiment stage with another version, to see re-analysis record it."""

    name = "sentiment"
    version = "test-always-positive"

    def run(self, items: list[AnalysisItem]) -> list[AnalysisItem]:
        for item in items:
            item.sentiment, item.sentiment_score = "positive", 1.0
        return items


def test_reanalysis_records_the_new_pipeline_version_and_keeps_intake_region(db) -> None:
    default = default_pipeline()
    with db.begin():
        intake(db, [
            MessageIn(text="Yol çox pisdir", region="karabakh", external_id="1",
                      received_at=datetime(2026, 9, 1, tzinfo=UTC)),
            MessageIn(text="Gəncədə su yoxdur", external_id="2",
                      received_at=datetime(2026, 10, 5, tzinfo=UTC)),
        ], default)
    changed = Pipeline([s if s.name != "sentiment" else ShoutingSentiment() for s in default.stages])
    assert changed.version != default.version
    with db.begin():
        assert reanalyse(db, changed, since=datetime(2026, 10, 1, tzinfo=UTC)) == 1
        assert reanalyse(db, changed) == 2
    messages = {m.external_id: m for m in db.scalars(select(Message))}
    assert all(m.analysis_version == changed.version for m in messages.values())
    assert all(m.sentiment == "positive" for m in messages.values())
    assert messages["1"].region == "karabakh" and messages["1"].region_source == "intake"
    assert messages["2"].region == "ganja_dashkasan" and messages["2"].region_source == "analysis"
    recorded = db.get(PipelineVersion, changed.version)
    assert recorded is not None
    assert {"name": "sentiment", "version": "test-always-positive"} in recorded.description["stages"]


def test_duplicates_within_one_batch_store_once(db) -> None:
    with db.begin():
        outcomes = intake(db, [MessageIn(text="Qaz yoxdur", external_id="x")] * 3, default_pipeline())
    assert [o.status for o in outcomes] == ["new", "duplicate", "duplicate"]
    assert len({o.message.reference for o in outcomes}) == 1
