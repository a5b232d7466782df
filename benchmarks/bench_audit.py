"""Time the audit log and the encryption of personal data on a fresh embedded database.

Usage: python benchmarks/bench_audit.py [--entries 20000] [--database-url URL]
Prints JSON: appends per second (one per transaction, and in batches of 100 as intake does), seconds to
verify the whole log, to sign a tree head, to build an inclusion and a consistency proof, and
microseconds to encrypt and decrypt one 500-character message with AES-256-GCM.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file in a temp dir")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["AIGOV_DATA_DIR"] = tmp
        os.environ["AIGOV_DATABASE_URL"] = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        from aigov.audit.service import Event, consistency, inclusion, record, record_many, sign_head, verify
        from aigov.db import migrate
        from aigov.db.engine import get_engine, session_factory
        from aigov.privacy import crypto

        migrate.upgrade(get_engine())
        sessions = session_factory()
        single = min(args.entries // 4, 2000)
        t0 = time.perf_counter()
        for i in range(single):
            with sessions() as session, session.begin():
                record(session, action="bench.event", actor="bench", subject_type="thing",
                       subject_id=f"S-{i}", details={"i": i, "labels": ["a", "b"]})
        t1 = time.perf_counter()
        batched = args.entries - single
        for start in range(0, batched, 100):
            with sessions() as session, session.begin():
                record_many(session, [Event("bench.event", "bench", "thing", f"B-{i}", {"i": i})
                                      for i in range(start, min(start + 100, batched))])
        t2 = time.perf_counter()
        with sessions() as session, session.begin():
            report = verify(session)
            t3 = time.perf_counter()
            sign_head(session)
            t4 = time.perf_counter()
            inclusion(session, index=args.entries // 3)
            t5 = time.perf_counter()
            consistency(session, first=args.entries // 2)
            t6 = time.perf_counter()
        text = ("Salam, Sumqayıtda 3 gündür işıq yoxdur. " * 13)[:500].encode()
        ring = crypto.keyring()
        t7 = time.perf_counter()
        sealed = [crypto.seal(text, b"aigov:message_raw_texts:1", ring) for _ in range(10_000)]
        t8 = time.perf_counter()
        for s in sealed:
            crypto.unseal(s.key_id, s.nonce, s.ciphertext, b"aigov:message_raw_texts:1", ring)
        t9 = time.perf_counter()
        print(json.dumps({
            "backend": get_engine().dialect.name, "entries": report.count, "verify_ok": report.ok,
            "appends_per_s_one_per_transaction": round(single / (t1 - t0)),
            "appends_per_s_batches_of_100": round(batched / (t2 - t1)),
            "verify_s": round(t3 - t2, 2), "sign_head_s": round(t4 - t3, 2),
            "inclusion_proof_s": round(t5 - t4, 2), "consistency_proof_s": round(t6 - t5, 2),
            "encrypt_us_per_message": round((t8 - t7) / 10_000 * 1e6, 1),
            "decrypt_us_per_message": round((t9 - t8) / 10_000 * 1e6, 1),
        }))


if __name__ == "__main__":
    main()
