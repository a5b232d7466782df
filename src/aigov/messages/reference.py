"""Public reference numbers: short, unguessable, easy to read out over the phone."""

from __future__ import annotations

import secrets

# Crockford's base32: no I, L, O or U, so nothing is misread.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    """A reference like ``AG-7K3M-9QXP-C``: 40 random bits and a check character."""
    return reference_for("".join(secrets.choice(ALPHABET) for _ in range(8)))


def reference_for(body: str) -> str:
    """The reference of an 8-character body of ALPHABET characters (with its check character)."""
    return f"AG-{body[:4]}-{body[4:]}-{_check_char(body)}"


def _check_char(body: str) -> str:
    """Luhn mod 32: catches every single-character typo and most swaps of neighbours."""
    n = len(ALPHABET)
    total, factor = 0, 2
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return ALPHABET[(n - total % n) % n]


def normalise_reference(raw: str) -> str | None:
    """Canonical form of a reference typed by a citizen, or None if it cannot be one."""
    cleaned = raw.strip().upper().replace(" ", "").replace("-", "")
    cleaned = cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(cleaned) == 11 and cleaned.startswith("AG"):  # the prefix, not a body that starts with A, G
        cleaned = cleaned[2:]
    if len(cleaned) != 9 or any(c not in ALPHABET for c in cleaned):
        return None
    body, check = cleaned[:8], cleaned[8]
    if _check_char(body) != check:
        return None
    return f"AG-{body[:4]}-{body[4:]}-{check}"
