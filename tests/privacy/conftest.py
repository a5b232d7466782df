"""Fixtures of the privacy tests: messages through the real intake, and searches for personal data
everywhere it could be left: every row of every table, and the SQLite files on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from aigov.analysis.default import default_pipeline
from aigov.db.base import Base
from aigov.messages.models import Message
from aigov.messages.schemas import MessageIn
from aigov.messages.service import intake

NAME = "Aysel Məmmədova"
PHONE = "+994 50 123 45 67"
EMAIL = "aysel.mammadova@example.az"
TEXT = f"Salam, mən {NAME}yam. Sumqayıtda 3 gündür işıq yoxdur. Nömrəm {PHONE}, e-poçtum {EMAIL}"
# ways the personal data could be written anywhere
SECRETS = ("Aysel", "Məmmədova", "123 45 67", "501234567", "aysel.mammadova", "mammadova@example")


@pytest.fixture
def ingest(db: Session):  # type: ignore[no-untyped-def]
    """Store (and commit) one message through the normal intake: ``ingest(TEXT, sender={...})``."""
    count = 0

    def store(text_: str = TEXT, **fields) -> Message:  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1
        fields.setdefault("external_id", f"privacy-{count}")
        fields.setdefault("channel", "web")
        message = intake(db, [MessageIn(text=text_, **fields)], default_pipeline())[0].message
        db.commit()
        return message

    return store


@pytest.fixture
def sql(migrated_engine: Engine):  # type: ignore[no-untyped-def]
    def run(statement: str, **params):  # type: ignore[no-untyped-def]
        with migrated_engine.begin() as conn:
            return conn.execute(text(statement), params).all() if statement.lstrip().upper().startswith(
                "SELECT") else conn.execute(text(statement), params)

    return run


def rows_containing(engine: Engine, secrets: tuple[str, ...]) -> list[str]:
    """Every (table, secret) where some row of some table holds the secret in any column (via SQL)."""
    found = []
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                flat = " ".join(str(v) for v in row)
                found += [f"{table.name}: {s}" for s in secrets if s.casefold() in flat.casefold()]
    return found


def sqlite_files(engine: Engine) -> list[Path]:
    database = make_url(str(engine.url)).database
    return [p for p in (Path(f"{database}{suffix}") for suffix in ("", "-wal", "-journal")) if p.exists()]


def in_files(files: list[Path], secrets: tuple[str, ...]) -> list[str]:
    """Like `strings FILE | grep`: the secrets whose UTF-8 bytes appear anywhere in the files.

    Read in another process: closing a file descriptor of the database in this process would drop the
    locks SQLite holds on it here (POSIX locks belong to the process), and the WAL could be lost.
    """
    script = ("import json, sys\n"
              "files, secrets = json.loads(sys.argv[1]), json.loads(sys.argv[2])\n"
              "found = []\n"
              "for path in files:\n"
              "    data = open(path, 'rb').read()\n"
              "    found += [path.rsplit('/', 1)[-1] + ': ' + s for s in secrets if s.encode() in data]\n"
              "print(json.dumps(found))\n")
    result = subprocess.run([sys.executable, "-c", script, json.dumps([str(f) for f in files]),
                             json.dumps(list(secrets))], capture_output=True, text=True, timeout=120,
                            check=True)
    return json.loads(result.stdout)


def checkpoint(engine: Engine) -> None:
    """Write the SQLite WAL into the database file and empty it (what aigov does after an erasure)."""
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()  # type: ignore[union-attr]
    finally:
        raw.close()


def aigov(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aigov", *args], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "200", **(env or {})}, timeout=300)
