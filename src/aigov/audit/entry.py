"""The exact bytes an audit entry is hashed from (documented in docs/audit.md for outside auditors)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64  # prev_hash of entry 0
MAX_DETAIL_STRING = 200  # details are short labels and ids, never free text


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def timestamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_bytes(*, seq: int, at: datetime, action: str, actor: str, subject_type: str, subject_id: str,
                details: str, prev_hash: str) -> bytes:
    """Canonical JSON (sorted keys, no spaces, UTF-8) of the entry; ``details`` is its canonical JSON text."""
    return canonical_json({
        "v": 1, "seq": seq, "at": timestamp(at), "action": action, "actor": actor,
        "subject_type": subject_type, "subject_id": subject_id, "details": json.loads(details),
        "prev": prev_hash,
    }).encode("utf-8")


def check_details(details: dict[str, Any]) -> str:
    """The canonical JSON of ``details``; raises ValueError for free text or values JSON cannot hold."""

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if len(value) > MAX_DETAIL_STRING:
                raise ValueError("audit details hold labels and ids only, not free text")
        elif isinstance(value, dict):
            for key, inner in value.items():
                if not isinstance(key, str):
                    raise ValueError("audit detail keys must be strings")
                walk(inner)
        elif isinstance(value, list | tuple):
            for inner in value:
                walk(inner)
        elif not (value is None or isinstance(value, bool | int | float)):
            raise ValueError(f"audit details cannot hold a {type(value).__name__}")

    if not isinstance(details, dict):
        raise ValueError("audit details must be a JSON object")
    walk(details)
    return canonical_json(details)
