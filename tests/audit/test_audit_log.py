"""The audit log: appends, verification naming the first broken entry, signed heads, proofs, concurrency."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aigov.audit import merkle
from aigov.audit.entry import entry_bytes
from aigov.audit.models import AuditEntry
from aigov.audit.service import (
    ProofError,
    consistency,
    head_json,
    inclusion,
    record,
    sign_head,
    verify,
)
from aigov.audit.signing import verify_sth


def _fill(db: Session, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        record(db, action="test.event", actor="tester", subject_type="thing", subject_id=f"T-{i}",
               details={"n": i, "labels": ["a", "b"]})
    db.commit()


def test_a_clean_log_verifies_with_its_count(db: Session) -> None:
    _fill(db, 12)
    report = verify(db)
    assert report.ok and report.count == 12 and report.first_bad is None
    assert [e.seq for e in db.scalars(select(AuditEntry).order_by(AuditEntry.seq))] == list(range(12))


def test_each_entry_carries_the_hash_of_the_one_before(db: Session) -> None:
    _fill(db, 3)
    rows = list(db.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    assert rows[0].prev_hash == "0" * 64
    assert [r.prev_hash for r in rows[1:]] == [r.leaf_hash for r in rows[:-1]]
    data = entry_bytes(seq=1, at=rows[1].at, action=rows[1].action, actor=rows[1].actor,
                       subject_type=rows[1].subject_type, subject_id=rows[1].subject_id,
                       details=rows[1].details, prev_hash=rows[1].prev_hash)
    assert merkle.leaf_hash(data).hex() == rows[1].leaf_hash


@pytest.mark.parametrize(("column", "value"), [
    ("action", "case.deleted"), ("actor", "somebody-else"), ("subject_id", "T-99"),
    ("details", '{"n":5,"labels":["changed"]}'),
])
def test_a_direct_update_of_one_row_is_caught_and_the_entry_named(db: Session, sql, column: str,
                                                                     value: str) -> None:
    _fill(db, 10)
    sql(f"UPDATE audit_log SET {column} = :value WHERE seq = 5", value=value)
    report = verify(db)
    assert not report.ok and report.first_bad == 5
    assert "entry 5" in (report.problem or "")


def test_an_edit_that_also_fixes_the_hash_breaks_the_next_link(db: Session, sql) -> None:
    _fill(db, 8)
    row = db.get_one(AuditEntry, 3)
    forged = merkle.leaf_hash(entry_bytes(seq=3, at=row.at, action="forged", actor=row.actor,
                                          subject_type=row.subject_type, subject_id=row.subject_id,
                                          details=row.details, prev_hash=row.prev_hash)).hex()
    db.commit()  # end this session's read snapshot before the outside edit
    sql("UPDATE audit_log SET action = 'forged', leaf_hash = :h WHERE seq = 3", h=forged)
    report = verify(db)
    assert not report.ok and report.first_bad == 4


def test_a_deleted_row_is_caught(db: Session, sql) -> None:
    _fill(db, 10)
    sql("DELETE FROM audit_log WHERE seq = 6")
    report = verify(db)
    assert not report.ok and report.first_bad == 6 and "missing" in (report.problem or "")


def test_deleting_the_last_rows_is_caught_by_the_head(db: Session, sql) -> None:
    _fill(db, 10)
    sql("DELETE FROM audit_log WHERE seq >= 8")
    report = verify(db)
    assert not report.ok and report.first_bad == 8


def test_a_consistent_rewrite_is_caught_by_an_earlier_signed_head(db: Session, sql) -> None:
    _fill(db, 6)
    sign_head(db)
    db.commit()
    rows = list(db.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    db.commit()  # end this session's read snapshot before the outside edits
    prev = rows[1].leaf_hash
    for row in rows[2:]:  # rewrite entry 2 and re-hash everything after it, head row included
        action = "forged" if row.seq == 2 else row.action
        leaf = merkle.leaf_hash(entry_bytes(seq=row.seq, at=row.at, action=action, actor=row.actor,
                                            subject_type=row.subject_type, subject_id=row.subject_id,
                                            details=row.details, prev_hash=prev)).hex()
        sql("UPDATE audit_log SET action = :a, prev_hash = :p, leaf_hash = :h WHERE seq = :s",
            a=action, p=prev, h=leaf, s=row.seq)
        prev = leaf
    sql("UPDATE audit_head SET last_hash = :h", h=prev)
    report = verify(db)
    assert not report.ok and "signed tree head" in (report.problem or "")


def test_an_entry_is_written_with_the_change_or_not_at_all(db: Session) -> None:
    _fill(db, 2)
    record(db, action="test.event", actor="tester", subject_type="thing", subject_id="gone", details={})
    db.rollback()
    _fill(db, 1, start=2)
    report = verify(db)
    assert report.ok and report.count == 3
    assert db.scalar(select(AuditEntry).where(AuditEntry.subject_id == "gone")) is None


@pytest.mark.parametrize("details", [{"note": "x" * 500}, {"when": object()}, ["not", "a", "dict"]])
def test_details_hold_short_labels_only(db: Session, details) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        record(db, action="test.event", actor="tester", subject_type="thing", subject_id="x",
               details=details)


def test_signed_heads_verify_with_the_public_key_and_not_when_changed(db: Session) -> None:
    _fill(db, 5)
    head = head_json(sign_head(db))
    db.commit()
    assert head["tree_size"] == 5 and head["root_hash"] == verify(db).root_hash
    args = (head["tree_size"], head["root_hash"], head["signed_at"])
    assert verify_sth(head["public_key"], *args, head["signature"])
    assert not verify_sth(head["public_key"], 6, head["root_hash"], head["signed_at"], head["signature"])
    assert not verify_sth(head["public_key"], head["tree_size"], "0" * 64, head["signed_at"],
                          head["signature"])
    assert sign_head(db).id == sign_head(db).id  # nothing new to sign: the same head


def test_inclusion_and_consistency_proofs_check_against_signed_heads(db: Session) -> None:
    _fill(db, 7)
    old = head_json(sign_head(db))
    _fill(db, 6, start=7)
    new = head_json(sign_head(db))
    db.commit()
    for index in (0, 3, 6):
        proof = inclusion(db, index=index, tree_size=old["tree_size"])
        assert proof["root_hash"] == old["root_hash"]
        leaf = merkle.leaf_hash(bytes.fromhex(proof["entry"]["entry_bytes_hex"]))
        path = [bytes.fromhex(h) for h in proof["path"]]
        assert merkle.verify_inclusion(leaf, index, old["tree_size"], path, bytes.fromhex(old["root_hash"]))
        assert not merkle.verify_inclusion(leaf, index, old["tree_size"], path,
                                           bytes.fromhex(new["root_hash"]))
    proof = consistency(db, first=old["tree_size"], second=new["tree_size"])
    hashes = [bytes.fromhex(h) for h in proof["proof"]]
    assert merkle.verify_consistency(old["tree_size"], new["tree_size"], bytes.fromhex(old["root_hash"]),
                                     bytes.fromhex(new["root_hash"]), hashes)
    hashes[0] = bytes(32)
    assert not merkle.verify_consistency(old["tree_size"], new["tree_size"], bytes.fromhex(old["root_hash"]),
                                         bytes.fromhex(new["root_hash"]), hashes)
    with pytest.raises(ProofError):
        inclusion(db, index=20)
    with pytest.raises(ProofError):
        consistency(db, first=14)


def test_timestamps_survive_the_database_to_the_microsecond(db: Session) -> None:
    from aigov.audit.service import Event, record_many
    from aigov.db.base import utcnow

    at = utcnow().replace(microsecond=123456) - timedelta(days=1)
    record_many(db, [Event("test.event", "tester", "thing", "t", {})], at=at)
    db.commit()
    db.expire_all()
    assert db.get_one(AuditEntry, 0).at == at and verify(db).ok


WORKER = """
import sys
from aigov.audit.service import record
from aigov.db.engine import session_factory
name, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    with session_factory()() as session, session.begin():
        record(session, action="test.concurrent", actor=name, subject_type="thing", subject_id=f"{name}-{i}",
               details={"i": i})
"""


def test_appends_from_several_processes_keep_one_unbroken_chain(db: Session) -> None:
    workers, each = 4, 25
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, f"w{n}", str(each)], env=env,
                              stderr=subprocess.PIPE, text=True) for n in range(workers)]
    for proc in procs:
        _, errors = proc.communicate(timeout=300)
        assert proc.returncode == 0, errors[-2000:]
    report = verify(db)
    assert report.ok and report.count == workers * each
    seen = {e.subject_id for e in db.scalars(select(AuditEntry))}
    assert seen == {f"w{n}-{i}" for n in range(workers) for i in range(each)}
