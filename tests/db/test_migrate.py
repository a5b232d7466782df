import pytest
from sqlalchemy import text

from aigov.db import migrate
from aigov.db.engine import get_engine, make_engine


def test_fresh_database_is_refused_until_upgraded(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    with pytest.raises(migrate.DatabaseNotReady, match="aigov db upgrade"):
        migrate.ensure_up_to_date(engine)
    migrate.upgrade(engine)
    migrate.ensure_up_to_date(engine)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()


def test_older_schema_is_refused(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ancient'"))
    with pytest.raises(migrate.DatabaseNotReady, match="ancient"):
        migrate.ensure_up_to_date(engine)
    engine.dispose()


def test_unreachable_database_is_a_clear_error() -> None:
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(migrate.DatabaseNotReady, match="cannot open the database"):
        migrate.ensure_up_to_date(engine)


def test_test_database_is_at_head(migrated_engine) -> None:
    migrate.ensure_up_to_date(get_engine())


def test_sqlite_savepoint_release_does_not_commit_the_outer_transaction(tmp_path) -> None:
    from sqlalchemy.orm import Session

    engine = make_engine(f"sqlite:///{tmp_path / 'sp.sqlite'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    with Session(engine) as session:
        session.begin()
        with session.begin_nested():
            session.execute(text("INSERT INTO t VALUES (1)"))
        with engine.connect() as other:
            assert other.execute(text("SELECT count(*) FROM t")).scalar() == 0
        session.rollback()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 0
    engine.dispose()
