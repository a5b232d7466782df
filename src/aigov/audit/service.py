"""Append to the audit log, sign its tree head, prove inclusion and consistency, verify the whole log.

Appends are serialised by one head row: every append starts with ``UPDATE audit_head ... RETURNING``,
which takes that row's lock in PostgreSQL (like ``SELECT ... FOR UPDATE``: other writers wait for this
transaction to end) and SQLite's write lock, so entry numbers have no gaps and each entry carries its
predecessor's hash whatever the number of worker processes.  An entry is written in the caller's
transaction: it exists exactly when the change it records was committed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from aigov.audit import merkle
from aigov.audit.entry import GENESIS, check_details, entry_bytes, timestamp
from aigov.audit.models import AuditEntry, AuditHead, AuditTreeHead
from aigov.audit.signing import signing_key, verify_sth
from aigov.db.base import utcnow

HEAD_ID = 1
BATCH = 5000
T = TypeVar("T")
_BUFFER = "aigov.audit.pending"  # session.info key of the entries a batched() block collects


@dataclass(frozen=True)
class Event:
    """One thing to record (for :func:`record_many`)."""

    action: str
    actor: str
    subject_type: str
    subject_id: str
    details: dict[str, Any]


def record(session: Session, *, action: str, actor: str, subject_type: str, subject_id: str | int,
           details: dict[str, Any] | None = None) -> int:
    """Append one entry in the caller's transaction; return its index. ``details``: no personal data."""
    return record_many(session, [Event(action, actor, subject_type, str(subject_id), details or {})])[0]


def record_many(session: Session, events: Sequence[Event], *, at: datetime | None = None) -> list[int]:
    """Append several entries under one lock of the head (in order); return their indexes.

    Inside :func:`batched` the entries wait for the end of the block and the indexes are -1.
    """
    if not events:
        return []
    prepared = [(e, check_details(e.details)) for e in events]
    for event, _ in prepared:
        _check_field(event.action, 64, "action")
        _check_field(event.actor, 64, "actor")
        _check_field(event.subject_type, 32, "subject_type")
        _check_field(event.subject_id, 128, "subject_id")
    buffer = session.info.get(_BUFFER)
    if buffer is not None:
        buffer.extend(events)
        return [-1] * len(events)
    size, prev = _reserve(session, len(events))
    at = at or utcnow()
    rows = []
    for offset, (event, details) in enumerate(prepared):
        seq = size + offset
        leaf = merkle.leaf_hash(entry_bytes(
            seq=seq, at=at, action=event.action, actor=event.actor, subject_type=event.subject_type,
            subject_id=event.subject_id, details=details, prev_hash=prev)).hex()
        rows.append({"seq": seq, "at": at, "action": event.action, "actor": event.actor,
                     "subject_type": event.subject_type, "subject_id": event.subject_id, "details": details,
                     "prev_hash": prev, "leaf_hash": leaf})
        prev = leaf
    session.execute(insert(AuditEntry.__table__), rows)
    session.execute(update(AuditHead.__table__).where(AuditHead.__table__.c.id == HEAD_ID)
                    .values(last_hash=prev))
    return [row["seq"] for row in rows]


@contextmanager
def batched(session: Session) -> Iterator[None]:
    """Collect the entries recorded in the block and append them together at its end (one lock of the
    head instead of one per entry: intake uses it per chunk of messages). Nothing is written on error."""
    if session.info.get(_BUFFER) is not None:  # already batching: the outer block writes
        yield
        return
    buffer: list[Event] = []
    session.info[_BUFFER] = buffer
    try:
        yield
    finally:
        session.info.pop(_BUFFER, None)
    record_many(session, buffer)


def in_writable_transaction(session: Session, write: Callable[[Session], T]) -> T:
    """``write(session)`` in the caller's transaction; on SQLite, when that transaction has only read so
    far and another process wrote since its snapshot, it can no longer write (SQLITE_BUSY_SNAPSHOT):
    then ``write`` runs and commits in a transaction of its own (for reads of personal data and signed
    heads, which must be recorded whatever happens to the caller's transaction)."""
    if session.get_bind().dialect.name != "sqlite":
        return write(session)
    try:
        with session.begin_nested():
            return write(session)
    except OperationalError:
        with Session(bind=session.get_bind(), expire_on_commit=False) as own, own.begin():
            return write(own)


def _check_field(value: str, limit: int, name: str) -> None:
    if not isinstance(value, str) or not value or len(value) > limit:
        raise ValueError(f"audit {name} must be a non-empty string of at most {limit} characters")


def _reserve(session: Session, count: int) -> tuple[int, str]:
    """Lock the head, move it ``count`` entries on; return the first new index and the last hash before."""
    table = AuditHead.__table__
    bump = (update(table).where(table.c.id == HEAD_ID).values(size=table.c.size + count)
            .returning(table.c.size, table.c.last_hash))
    row = session.execute(bump).first()
    if row is None:  # a fresh log (or one whose head row was lost): start it from what is stored
        try:
            with session.begin_nested():
                size, last = _recount(session)
                session.execute(insert(table).values(id=HEAD_ID, size=size, last_hash=last))
        except IntegrityError:
            pass  # another writer created it first
        row = session.execute(bump).first()
        assert row is not None
    return row[0] - count, row[1]


def _recount(session: Session) -> tuple[int, str]:
    last = session.execute(select(AuditEntry.seq, AuditEntry.leaf_hash).order_by(AuditEntry.seq.desc())
                           .limit(1)).first()
    return (0, GENESIS) if last is None else (last[0] + 1, last[1])


# --- reading --------------------------------------------------------------------------------------------

def size(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def entries(session: Session, *, start: int = 0, stop: int | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.seq >= start).order_by(AuditEntry.seq)
    if stop is not None:
        query = query.where(AuditEntry.seq < stop)
    return list(session.scalars(query))


def for_subject(session: Session, subject_type: str, subject_ids: Sequence[str]) -> list[AuditEntry]:
    """Entries about these subjects (e.g. message references), oldest first."""
    found: list[AuditEntry] = []
    ids = list(subject_ids)
    for start in range(0, len(ids), 500):
        found += session.scalars(select(AuditEntry).where(
            AuditEntry.subject_type == subject_type, AuditEntry.subject_id.in_(ids[start:start + 500])))
    return sorted(found, key=lambda e: e.seq)


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    """An entry as an auditor sees it, with the exact bytes its leaf hash covers (hex)."""
    import json

    data = entry_bytes(seq=entry.seq, at=entry.at, action=entry.action, actor=entry.actor,
                       subject_type=entry.subject_type, subject_id=entry.subject_id, details=entry.details,
                       prev_hash=entry.prev_hash)
    return {"seq": entry.seq, "at": timestamp(entry.at), "action": entry.action, "actor": entry.actor,
            "subject_type": entry.subject_type, "subject_id": entry.subject_id,
            "details": json.loads(entry.details), "prev_hash": entry.prev_hash, "leaf_hash": entry.leaf_hash,
            "entry_bytes_hex": data.hex()}


def _leaf_hashes(session: Session, stop: int | None = None) -> list[bytes]:
    query = select(AuditEntry.leaf_hash).order_by(AuditEntry.seq)
    if stop is not None:
        query = query.where(AuditEntry.seq < stop)
    return [bytes.fromhex(h) for h in session.scalars(query)]


# --- tree heads and proofs ------------------------------------------------------------------------------

class ProofError(ValueError):
    """A proof asked for sizes or indexes the log does not have."""


def sign_head(session: Session) -> AuditTreeHead:
    """Sign the current tree (reuses the latest head when the log has not grown since)."""
    return in_writable_transaction(session, _sign_head)


def _sign_head(session: Session) -> AuditTreeHead:
    leaves = _leaf_hashes(session)
    root_hex = merkle.root(leaves).hex()
    latest = latest_head(session)
    key = signing_key()
    if latest is not None and latest.tree_size == len(leaves) and latest.root_hash == root_hex \
            and latest.key_id == key.key_id:
        return latest
    now = utcnow()
    head = AuditTreeHead(tree_size=len(leaves), root_hash=root_hex, signed_at=now, key_id=key.key_id,
                         signature=key.sign(_sth_bytes(len(leaves), root_hex, now)))
    session.add(head)
    session.flush()
    return head


def _sth_bytes(tree_size: int, root_hex: str, signed_at: datetime) -> bytes:
    from aigov.audit.signing import sth_message

    return sth_message(tree_size, root_hex, timestamp(signed_at))


def latest_head(session: Session) -> AuditTreeHead | None:
    return session.scalar(select(AuditTreeHead).order_by(AuditTreeHead.id.desc()).limit(1))


def head_json(head: AuditTreeHead) -> dict[str, Any]:
    key = signing_key()
    return {"tree_size": head.tree_size, "root_hash": head.root_hash, "signed_at": timestamp(head.signed_at),
            "key_id": head.key_id, "signature": head.signature, "public_key": key.public_b64,
            "algorithm": "Ed25519", "signed_message": _sth_bytes(head.tree_size, head.root_hash,
                                                                 head.signed_at).decode()}


def inclusion(session: Session, *, index: int, tree_size: int | None = None) -> dict[str, Any]:
    """The entry at ``index``, its audit path in the tree of ``tree_size`` entries, and that tree's root."""
    leaves = _leaf_hashes(session)
    tree_size = len(leaves) if tree_size is None else tree_size
    if not 0 <= index < tree_size <= len(leaves):
        raise ProofError(f"need 0 <= index < tree size <= {len(leaves)} (the log's size)")
    entry = session.get_one(AuditEntry, index)
    return {"index": index, "tree_size": tree_size, "leaf_hash": entry.leaf_hash,
            "root_hash": merkle.roots_at(leaves, [tree_size])[tree_size].hex(),
            "path": [h.hex() for h in merkle.inclusion_proof(leaves, index, tree_size)],
            "entry": entry_json(entry)}


def consistency(session: Session, *, first: int, second: int | None = None) -> dict[str, Any]:
    """Proof that the log of ``first`` entries is a prefix of the log of ``second`` entries."""
    leaves = _leaf_hashes(session)
    second = len(leaves) if second is None else second
    if not 0 <= first <= second <= len(leaves):
        raise ProofError(f"need 0 <= first <= second <= {len(leaves)} (the log's size)")
    roots = merkle.roots_at(leaves, [first, second])
    return {"first": first, "second": second, "first_root": roots[first].hex(),
            "second_root": roots[second].hex(),
            "proof": [h.hex() for h in merkle.consistency_proof(leaves, first, second)]}


# --- verification ---------------------------------------------------------------------------------------

@dataclass
class VerifyReport:
    ok: bool
    count: int  # entries checked
    root_hash: str
    heads_checked: int = 0
    first_bad: int | None = None  # index of the first broken entry
    problem: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "entries": self.count, "root_hash": self.root_hash,
                "signed_heads_checked": self.heads_checked, "first_bad_entry": self.first_bad,
                "problem": self.problem}


def _stream(session: Session) -> Iterator[Any]:
    """Every entry in order, as plain rows (not ORM objects: a long log does not fill the session)."""
    columns = [AuditEntry.seq, AuditEntry.at, AuditEntry.action, AuditEntry.actor, AuditEntry.subject_type,
               AuditEntry.subject_id, AuditEntry.details, AuditEntry.prev_hash, AuditEntry.leaf_hash]
    start = 0
    while True:
        batch = session.execute(select(*columns).where(AuditEntry.seq >= start)
                                .order_by(AuditEntry.seq).limit(BATCH)).all()
        yield from batch
        if len(batch) < BATCH:
            return
        start = batch[-1].seq + 1


def verify(session: Session) -> VerifyReport:
    """Recompute every entry's hash, the chain and the Merkle tree; check the head and every signed head.

    Names the first broken entry: one whose content no longer matches its hash, whose link to the
    entry before is wrong, or that is missing (deleted).
    """
    heads = list(session.scalars(select(AuditTreeHead).order_by(AuditTreeHead.id)))
    leaves: list[bytes] = []
    prev, expected = GENESIS, 0

    def broken(index: int, problem: str) -> VerifyReport:
        return VerifyReport(False, len(leaves), merkle.root(leaves).hex(), 0, index, problem)

    for entry in _stream(session):
        if entry.seq != expected:
            return broken(expected, f"entry {expected} is missing (deleted): the log jumps to {entry.seq}")
        try:
            data = entry_bytes(seq=entry.seq, at=entry.at, action=entry.action, actor=entry.actor,
                               subject_type=entry.subject_type, subject_id=entry.subject_id,
                               details=entry.details, prev_hash=entry.prev_hash)
        except ValueError:
            return broken(entry.seq, f"entry {entry.seq} was edited: its details are not valid JSON")
        leaf = merkle.leaf_hash(data).hex()
        if leaf != entry.leaf_hash:
            return broken(entry.seq, f"entry {entry.seq} was edited: its content does not match its hash")
        if entry.prev_hash != prev:
            return broken(entry.seq, f"entry {entry.seq} does not link to entry {entry.seq - 1} "
                                     "(an entry was replaced or removed)")
        leaves.append(bytes.fromhex(leaf))
        prev, expected = leaf, expected + 1
    head = session.get(AuditHead, HEAD_ID)
    if head is not None and (head.size != len(leaves) or head.last_hash != prev):
        if head.size > len(leaves):
            return broken(len(leaves), f"entries {len(leaves)} to {head.size - 1} are missing (deleted): "
                                       f"the log head counts {head.size} entries")
        return broken(len(leaves) - 1 if leaves else 0, "the log head does not match the last entry")
    roots = merkle.roots_at(leaves, [h.tree_size for h in heads if h.tree_size <= len(leaves)])
    key = signing_key()
    for number, sth in enumerate(heads, 1):
        if sth.tree_size > len(leaves):
            return broken(len(leaves), f"signed tree head #{number} covers {sth.tree_size} entries but only "
                                       f"{len(leaves)} remain (entries were deleted)")
        if roots[sth.tree_size].hex() != sth.root_hash:
            return broken(max(sth.tree_size - 1, 0), f"signed tree head #{number} (size {sth.tree_size}) "
                          "does not match the entries: the log was rewritten")
        if sth.key_id == key.key_id and not verify_sth(key.public_b64, sth.tree_size, sth.root_hash,
                                                       timestamp(sth.signed_at), sth.signature):
            return broken(max(sth.tree_size - 1, 0), f"signed tree head #{number} has a bad signature")
    return VerifyReport(True, len(leaves), merkle.root(leaves).hex(), len(heads))
