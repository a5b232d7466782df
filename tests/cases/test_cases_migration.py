"""Migration 0002 creates exactly what the models describe, and downgrades cleanly."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from aigov.db import migrate
from aigov.db.base import Base
from aigov.db.engine import make_engine


def test_schema_at_head_matches_the_models(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_downgrade_to_0001_and_up_again(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    migrate.upgrade(engine)
    cfg = migrate.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    tables = set(inspect(engine).get_table_names())
    assert "cases" not in tables and "routing_corrections" not in tables
    assert "case_id" not in {c["name"] for c in inspect(engine).get_columns("messages")}
    migrate.upgrade(engine)
    assert migrate.current_revisions(engine) == migrate.head_revisions(engine)
    assert "case_id" in {c["name"] for c in inspect(engine).get_columns("messages")}
    engine.dispose()
