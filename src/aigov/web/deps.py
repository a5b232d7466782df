"""FastAPI dependencies shared by routers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends
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


# scope="function": commit before the response leaves, so a client that reads right after a write
# (e.g. POST a message, then open /track) always sees it.
SessionDep = Annotated[Session, Depends(db_session, scope="function")]


def pipeline() -> Pipeline:
    return default_pipeline()
