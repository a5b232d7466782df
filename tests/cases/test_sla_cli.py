"""`aigov sla` as a person runs it."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session
from tests.test_cli import aigov

from aigov.cases.service import open_or_attach


def test_sla_prints_a_table_and_json(db: Session, make_message) -> None:  # type: ignore[no-untyped-def]
    open_or_attach(db, message=make_message("Küçədə işıq yoxdur"))
    db.commit()
    result = aigov("sla", "--json", "--date", "2025-03-10")
    assert result.returncode == 0, result.stderr
    rows = {row["agency"]: row for row in json.loads(result.stdout)["agencies"]}
    assert rows["azerishiq"]["breached"] == 1 and rows["azerishiq"]["open"] == 1
    table = aigov("sla", "--date", "2025-02-04")
    assert table.returncode == 0 and "azerishiq" in table.stdout and "Traceback" not in table.stderr
