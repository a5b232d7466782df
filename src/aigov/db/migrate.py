"""Schema migrations (Alembic) run from inside the package: no alembic.ini needed."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class DatabaseNotReady(RuntimeError):
    """The database schema is missing or older than this version of aigov."""


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "heads") -> None:
    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def head_revisions(engine: Engine) -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())


def ensure_up_to_date(engine: Engine) -> None:
    """Raise :class:`DatabaseNotReady` with a clear message unless the schema is at head."""
    try:
        current = current_revisions(engine)
    except Exception as exc:  # the server is unreachable or the URL is wrong
        raise DatabaseNotReady(
            f"cannot open the database ({type(exc).__name__}); check AIGOV_DATABASE_URL"
        ) from None
    heads = head_revisions(engine)
    if not current:
        raise DatabaseNotReady("the database has no aigov schema yet: run `aigov db upgrade` first")
    if current != heads:
        raise DatabaseNotReady(
            f"the database schema is at {', '.join(sorted(current))}, this aigov needs "
            f"{', '.join(sorted(heads))}: run `aigov db upgrade`"
        )
