"""FastAPI dependencies shared by routers."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.orm import Session

from aigov.analysis.default import default_pipeline
from aigov.analysis.pipeline import Pipeline
from aigov.db.engine import session_factory


def db_session() -> Iterator[Session]:
    """A session per request, committed when the route returns normally."""
    session = session_factory()()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


def pipeline() -> Pipeline:
    return default_pipeline()
