"""The verification script printed in docs/audit.md works on real heads and proofs, and rejects forgeries."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from sqlalchemy.orm import Session

from aigov.audit.service import consistency, head_json, inclusion, record, sign_head

DOC = Path(__file__).resolve().parents[2] / "docs" / "audit.md"


def _script() -> dict[str, Any]:
    code = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert code is not None, "docs/audit.md lost its verification script"
    namespace: dict[str, Any] = {}
    exec(compile(code.group(1), str(DOC), "exec"), namespace)  # noqa: S102  (our own documentation)
    return namespace


def _fill(db: Session, start: int, n: int) -> None:
    for i in range(start, start + n):
        record(db, action="test.event", actor="tester", subject_type="thing", subject_id=f"T-{i}",
               details={"i": i})


def test_the_documented_script_verifies_heads_and_proofs(db: Session) -> None:
    script = _script()
    _fill(db, 0, 11)
    old = head_json(sign_head(db))
    _fill(db, 11, 9)
    new = head_json(sign_head(db))
    db.commit()
    script["check_head"](new, new["public_key"])
    forged = {**new, "root_hash": old["root_hash"]}
    with pytest.raises(InvalidSignature):
        script["check_head"](forged, new["public_key"])
    for index in (0, 7, 10):
        proof = inclusion(db, index=index, tree_size=old["tree_size"])
        assert script["check_inclusion"](proof, old["root_hash"])
        assert not script["check_inclusion"](proof, new["root_hash"])
    proof = consistency(db, first=old["tree_size"], second=new["tree_size"])
    assert script["check_consistency"](proof, old["root_hash"], new["root_hash"])
    proof["proof"][0] = "00" * 32
    assert not script["check_consistency"](proof, old["root_hash"], new["root_hash"])
