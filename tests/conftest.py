"""Shared fixtures: a migrated database (SQLite by default, PostgreSQL when asked) and an app client.

Set AIGOV_TEST_DATABASE_URL (e.g. postgresql+psycopg://root@127.0.0.1:5432/test) to run the
whole suite against PostgreSQL; otherwise each test session gets a fresh SQLite file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

import aigov.db.models  # noqa: F401  (complete metadata for drop_all)
from aigov.config import reset_settings_cache
from aigov.db import migrate
from aigov.db.base import Base
from aigov.db.engine import dispose_engines, get_engine, session_factory

DATA_TABLES = ["outbox", "message_senders", "message_locations", "messages", "case_events",
               "routing_corrections", "cases", "pipeline_versions"]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("AIGOV_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'aigov-test.sqlite'}"


@pytest.fixture(scope="session")
def _session_env(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in ("AIGOV_DATABASE_URL", "AIGOV_DATA_DIR", "AIGOV_CONFIG")}
    data_dir = tmp_path_factory.mktemp("data")
    os.environ["AIGOV_DATABASE_URL"] = database_url
    os.environ["AIGOV_DATA_DIR"] = str(data_dir)
    os.environ["AIGOV_CONFIG"] = str(data_dir / "absent.toml")
    reset_settings_cache()
    dispose_engines()
    yield
    dispose_engines()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    reset_settings_cache()


@pytest.fixture(scope="session")
def migrated_engine(_session_env: None) -> Engine:
    """The test database, emptied and migrated to head once per test session."""
    engine = get_engine()
    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    migrate.upgrade(engine)
    from aigov.reference.service import sync_reference_data

    with session_factory()() as session, session.begin():
        sync_reference_data(session)
    return engine


@pytest.fixture
def db(migrated_engine: Engine) -> Iterator[Session]:
    """A session on a database holding reference data and no messages."""
    with migrated_engine.begin() as conn:
        for table in DATA_TABLES:
            conn.execute(text(f"DELETE FROM {table}"))
    session = session_factory()()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


@pytest.fixture
def client(db: Session) -> Iterator:
    from fastapi.testclient import TestClient

    from aigov.web.app import create_app

    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def tmp_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write bytes or text to a file in the test's tmp dir and return its path."""

    def write(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return write
