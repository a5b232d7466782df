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

DATA_TABLES = ["diplomacy_events", "diplomacy_event_imports",
               "news_translations", "news_article_tags", "news_article_countries", "news_articles",
               "assistant_handoffs", "assistant_conversations", "assistant_kb_entries",
               "outbox", "message_raw_texts", "message_consents", "privacy_exports", "audit_log",
               "audit_head", "audit_tree_heads", "message_senders", "message_locations", "messages",
               "case_events",
               "routing_corrections", "cases", "pipeline_versions", "api_tokens", "user_sessions", "users"]


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


TEST_PASSWORD = "correct horse battery staple"
DEFAULT_AGENCY = "azerishiq"  # the agency of officers made by the fixtures unless a test names another


@pytest.fixture(scope="session")
def password_hash() -> str:
    """One argon2 hash of TEST_PASSWORD for every test user (hashing is slow on purpose)."""
    from aigov.accounts.passwords import hash_password

    return hash_password(TEST_PASSWORD)


@pytest.fixture
def make_user(db: Session, password_hash: str):  # type: ignore[no-untyped-def]
    """Create (and commit) a user: ``make_user("officer", agency="azersu")``; returns its username."""
    from aigov.accounts.models import User

    count = 0

    def make(role: str = "admin", *, agency: str | None = None, username: str | None = None,
             disabled: bool = False) -> str:
        nonlocal count
        count += 1
        name = username or f"test-{role}-{count}"
        if role == "officer" and agency is None:
            agency = DEFAULT_AGENCY
        with session_factory()() as session, session.begin():
            session.add(User(username=name, password_hash=password_hash, role=role, agency_code=agency,
                             disabled=disabled))
        return name

    return make


@pytest.fixture
def sign_in(db: Session):  # type: ignore[no-untyped-def]
    """Start a session for a user and return the signed cookie value (for a client or a browser)."""
    from aigov.accounts import service
    from aigov.accounts.deps import session_cookie_value

    def start(username: str) -> str:
        with session_factory()() as session, session.begin():
            user = service.get_user(session, username=username)
            assert user is not None
            return session_cookie_value(service.start_session(session, user, hours=1))

    return start


@pytest.fixture
def api_token(db: Session, make_user):  # type: ignore[no-untyped-def]
    """An API token secret: ``api_token("analyst", scopes=["messages.read"])`` (default: every scope)."""
    from aigov.accounts import service

    def create(role: str = "admin", *, scopes: list[str] | None = None, agency: str | None = None,
               expires_days: int = 1) -> str:
        username = make_user(role, agency=agency)
        with session_factory()() as session, session.begin():
            return service.create_token(session, username=username, name="test", scopes=scopes or ["*"],
                                        expires_days=expires_days).secret

    return create


@pytest.fixture
def client_as(db: Session, make_user, sign_in) -> Iterator:  # type: ignore[no-untyped-def]
    """A factory of app clients signed in with a session: ``client_as("officer", agency="azersu")``.

    ``client_as("public")`` (or None) is not signed in. Each call makes a new app (fresh rate limits).
    """
    from fastapi.testclient import TestClient

    from aigov.accounts.deps import SESSION_COOKIE
    from aigov.web.app import create_app

    opened: list[TestClient] = []

    def make(role: str | None = "admin", agency: str | None = None) -> TestClient:
        test_client = TestClient(create_app(), raise_server_exceptions=False)
        test_client.__enter__()
        opened.append(test_client)
        if role not in (None, "public"):
            test_client.cookies.set(SESSION_COOKIE, sign_in(make_user(role, agency=agency)))
        return test_client

    yield make
    for test_client in opened:
        test_client.__exit__(None, None, None)


@pytest.fixture
def client(client_as):  # type: ignore[no-untyped-def]
    """An app client signed in as an administrator (may do everything)."""
    return client_as("admin")


@pytest.fixture
def anon_client(client_as):  # type: ignore[no-untyped-def]
    """An app client of the public (not signed in)."""
    return client_as("public")


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
