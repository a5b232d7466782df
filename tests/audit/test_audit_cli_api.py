"""`aigov audit ...` as a person runs it, and the auditors' API."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from sqlalchemy.orm import Session

from aigov.audit import merkle
from aigov.audit.service import record
from aigov.audit.signing import verify_sth


def aigov(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aigov", *args], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "200"}, timeout=300)


def _fill(db: Session, n: int) -> None:
    for i in range(n):
        record(db, action="test.event", actor="tester", subject_type="thing", subject_id=f"T-{i}",
               details={"i": i})
    db.commit()


def test_verify_says_ok_with_the_count_then_names_the_edited_entry(db: Session, sql) -> None:
    _fill(db, 9)
    ok = aigov("audit", "verify")
    assert ok.returncode == 0, ok.stderr
    assert "OK: 9 entries" in ok.stdout
    sql("UPDATE audit_log SET actor = 'nobody' WHERE seq = 4")
    broken = aigov("audit", "verify")
    assert broken.returncode == 1 and "BROKEN at entry 4" in broken.stdout
    as_json = json.loads(aigov("audit", "verify", "--json").stdout)
    assert as_json["ok"] is False and as_json["first_bad_entry"] == 4


def test_head_and_proofs_from_the_command_line_verify_offline(db: Session) -> None:
    _fill(db, 5)
    head = json.loads(aigov("audit", "head", "--json").stdout)
    assert head["tree_size"] == 5
    assert verify_sth(head["public_key"], head["tree_size"], head["root_hash"], head["signed_at"],
                      head["signature"])
    assert head["public_key"] in aigov("audit", "public-key").stdout
    proof = json.loads(aigov("audit", "proof", "--index", "2").stdout)
    leaf = merkle.leaf_hash(bytes.fromhex(proof["entry"]["entry_bytes_hex"]))
    assert merkle.verify_inclusion(leaf, 2, 5, [bytes.fromhex(h) for h in proof["path"]],
                                   bytes.fromhex(head["root_hash"]))
    _fill(db, 3)
    grown = json.loads(aigov("audit", "proof", "--from", "5").stdout)
    assert grown["first_root"] == head["root_hash"] and grown["second"] == 8
    bad = aigov("audit", "proof", "--index", "99")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_auditors_read_the_log_others_cannot(db: Session, client_as) -> None:
    _fill(db, 4)
    auditor = client_as("auditor")
    head = auditor.get("/api/v1/audit/head")
    assert head.status_code == 200 and head.json()["tree_size"] == 4
    proof = auditor.get("/api/v1/audit/proof/inclusion", params={"index": 1}).json()
    assert proof["root_hash"] == head.json()["root_hash"]
    assert auditor.get("/api/v1/audit/proof/consistency", params={"first": 2}).status_code == 200
    assert auditor.get("/api/v1/audit/verify").json()["ok"] is True
    assert len(auditor.get("/api/v1/audit/entries", params={"start": 1, "limit": 2}).json()["entries"]) == 2
    assert auditor.get("/api/v1/audit/proof/inclusion", params={"index": 10}).status_code == 422
    for role in ("analyst", "officer", "public"):
        assert client_as(role).get("/api/v1/audit/head").status_code in {401, 403}
    public = client_as("public").get("/api/v1/audit/public-key").json()
    assert public["public_key"] == head.json()["public_key"]
