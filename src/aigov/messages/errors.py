"""Readable, personal-data-free descriptions of validation errors."""

from __future__ import annotations

from pydantic import ValidationError


def describe_validation_error(exc: ValidationError) -> str:
    """'field: problem; field: problem' without echoing the rejected values."""
    parts = []
    for error in exc.errors(include_input=False, include_url=False):
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "message"
        problem = error.get("msg", "invalid")
        if error.get("type") == "extra_forbidden":
            problem = "unknown field"
        parts.append(f"{where}: {problem}")
    return "; ".join(parts)
