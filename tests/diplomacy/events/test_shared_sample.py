"""The shared ICEWS sample (2005-2012) ingests completely, with counts reported and unknown actors listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from aigov.db.engine import session_factory
from aigov.diplomacy.events.ingest import import_file
from aigov.diplomacy.events.models import Event

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "events"
SAMPLE = SHARED / "icews05-15_sample_2005-2012.tsv"


@pytest.mark.skipif(not SAMPLE.is_file(), reason="../shared/data/events is not on this machine")
def test_the_shared_icews_sample_ingests_completely(db) -> None:
    with SAMPLE.open(encoding="utf-8") as handle:
        lines = sum(1 for line in handle if line.strip()) - 1  # less the header
    report = import_file(session_factory(), SAMPLE)
    assert report.file_format == "icews_kg"
    assert report.rows_read == lines
    assert report.rejected == 0 and report.uncoded == 0  # every event text maps to a CAMEO code
    assert report.stored + report.duplicates == lines
    assert db.scalar(select(func.count(Event.id))) == report.stored
    assert 0 < report.unresolved < lines * 0.15  # most actors resolve; the rest are listed
    top = report.as_dict(20)["top_unknown_actors"]
    assert len(top) == 20 and top[0]["events"] >= top[-1]["events"] > 0
    both = (Event.source_country.is_not(None), Event.target_country.is_not(None))
    placed = db.scalar(select(func.count(Event.id)).where(*both))
    assert placed > lines * 0.75
