"""Public reference numbers: short, unguessable, easy to read out over the phone."""

from __future__ import annotations

import secrets

# Crockford's base32: no I, L, O or U, so nothing is misread.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    """A reference like ``AG-7K3M-9QXP-C``: 40 random bits and a check character."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"AG-{body[:4]}-{body[4:]}-{_check_char(body)}"


def _check_char(body: str) -> str:
    total = sum((i + 1) * ALPHABET.index(c) for i, c in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def normalise_reference(raw: str) -> str | None:
    """Canonical form of a reference typed by a citizen, or None if it cannot be one."""
    cleaned = raw.strip().upper().replace(" ", "").replace("-", "")
    cleaned = cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if cleaned.startswith("AG"):
        cleaned = cleaned[2:]
    if len(cleaned) != 9 or any(c not in ALPHABET for c in cleaned):
        return None
    body, check = cleaned[:8], cleaned[8]
    if _check_char(body) != check:
        return None
    return f"AG-{body[:4]}-{body[4:]}-{check}"
