"""Migration 0005 creates exactly the accounts tables the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from aigov.db.base import Base

ACCOUNT_TABLES = {"users", "user_sessions", "api_tokens"}


def test_the_migrated_accounts_tables_match_the_models(migrated_engine) -> None:
    with migrated_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)

    def table_of(change) -> str | None:  # type: ignore[no-untyped-def]
        item = change[0] if isinstance(change, list) else change
        for part in item[1:]:
            name = getattr(part, "name", None) if not hasattr(part, "table") else part.table.name
            if name:
                return name
        return None

    ours = [change for change in diff if table_of(change) in ACCOUNT_TABLES]
    assert not ours, ours
