"""The case state machine: which status may follow which, and a clear error for the rest."""

from __future__ import annotations

from typing import Literal

Status = Literal["new", "triaged", "assigned", "in_progress", "resolved", "rejected", "closed",
                 "forwarded", "escalated"]

STATUSES: tuple[str, ...] = ("new", "triaged", "assigned", "in_progress", "resolved", "rejected", "closed",
                             "forwarded", "escalated")

# forwarded: sent to another agency (misrouted), back through triage; escalated: to the agency head's queue.
ALLOWED: dict[str, frozenset[str]] = {
    "new": frozenset({"triaged", "forwarded", "rejected", "escalated"}),
    "triaged": frozenset({"assigned", "forwarded", "rejected", "escalated"}),
    "assigned": frozenset({"in_progress", "resolved", "rejected", "forwarded", "escalated"}),
    "in_progress": frozenset({"resolved", "rejected", "forwarded", "escalated"}),
    "escalated": frozenset({"assigned", "in_progress", "resolved", "rejected", "forwarded"}),
    "forwarded": frozenset({"triaged", "escalated"}),
    "resolved": frozenset({"closed"}),
    "rejected": frozenset({"closed"}),
    "closed": frozenset(),
}

OPEN_STATUSES = frozenset({"new", "triaged", "assigned", "in_progress", "forwarded", "escalated"})
ANSWERED_STATUSES = frozenset({"resolved", "rejected"})
DONE_STATUSES = frozenset({"resolved", "rejected", "closed"})
NEEDS_REASON = frozenset({"rejected"})


class InvalidTransition(ValueError):
    """A status change the lifecycle does not allow; the message names the allowed next states."""


def allowed_next(status: str) -> list[str]:
    return [s for s in STATUSES if s in ALLOWED.get(status, frozenset())]


def check_transition(current: str, to: str, *, reason: str | None = None) -> None:
    """Raise InvalidTransition unless ``current`` → ``to`` is allowed (with a reason where one is needed)."""
    if to not in ALLOWED:
        raise InvalidTransition(f"unknown status '{to}'; statuses are: {', '.join(STATUSES)}")
    if to not in ALLOWED.get(current, frozenset()):
        nxt = allowed_next(current)
        allowed = ", ".join(nxt) if nxt else "none (the case is closed)"
        raise InvalidTransition(f"a case cannot go from '{current}' to '{to}'; allowed next: {allowed}")
    if to in NEEDS_REASON and not (reason and reason.strip()):
        raise InvalidTransition(f"a case moved to '{to}' needs a reason")
