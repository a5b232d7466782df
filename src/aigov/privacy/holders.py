"""Personal data that other domains keep: how each copy is erased, exported, expired and re-encrypted.

A domain that keeps citizens' text or contacts outside the message tables describes that copy once, with
``register(Holder(...))`` in a module named in ``HOLDER_MODULES``. The privacy code imports those modules
before it uses the registry, so an erasure, an access export, a retention run or a key rotation covers
them even in a process that never imported the domain (e.g. ``aigov privacy erase``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from aigov.privacy.policy import RetentionRule

HOLDER_MODULES: tuple[str, ...] = ("aigov.assistant.privacy",)

Eraser = Callable[[Session, list[int]], int]  # message ids -> rows changed
Exporter = Callable[[Session, list[int]], dict[int, Any]]  # message ids -> {message id: what is held}
Expirer = Callable[[Session, "RetentionRule", datetime, bool], int]  # (rule, now, dry_run) -> rows


@dataclass(frozen=True)
class EncryptedTable:
    """A table with AES-GCM columns ``key_id``, ``nonce`` and ``ciphertext`` (aigov.privacy.crypto)."""

    name: str  # as `aigov keys status` and rotation reports name it
    model: Any  # the mapped class
    aad: Callable[[Any], bytes]  # the associated data a row's ciphertext is bound to


@dataclass(frozen=True)
class Holder:
    name: str
    erase: Eraser | None = None
    export: Exporter | None = None
    retention: dict[str, Expirer] = field(default_factory=dict)  # retention category -> expirer
    encrypted: tuple[EncryptedTable, ...] = ()


_holders: dict[str, Holder] = {}
_loaded = False


def register(holder: Holder) -> None:
    _holders[holder.name] = holder


def holders() -> list[Holder]:
    """Every registered holder, by name (the modules of HOLDER_MODULES imported first)."""
    global _loaded
    if not _loaded:
        for module in HOLDER_MODULES:
            importlib.import_module(module)
        _loaded = True
    return [_holders[name] for name in sorted(_holders)]
