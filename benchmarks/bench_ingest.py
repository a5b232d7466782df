"""Time `aigov ingest` of a generated JSONL file on a fresh embedded database.

Usage: python benchmarks/bench_ingest.py [--rows 10000] [--database-url URL]
Prints rows, seconds and rows per second for the first import and for the re-import.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file in a temp dir")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["AIGOV_DATABASE_URL"] = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        from aigov.analysis.default import default_pipeline
        from aigov.db import migrate
        from aigov.db.engine import get_engine, session_factory, session_scope
        from aigov.demo.generator import write_jsonl
        from aigov.messages.ingest import ingest_file
        from aigov.reference.service import sync_reference_data

        path = Path(tmp) / "messages.jsonl"
        write_jsonl(path, args.rows, 11)
        migrate.upgrade(get_engine())
        with session_scope() as session:
            sync_reference_data(session)
        started = time.perf_counter()
        pipeline = default_pipeline()
        loaded = time.perf_counter()
        print(f"pipeline load: {loaded - started:.2f} s")
        for label in ("first import", "re-import"):
            t0 = time.perf_counter()
            report = ingest_file(session_factory(), path, pipeline)
            seconds = time.perf_counter() - t0
            print(f"{label}: {args.rows} rows in {seconds:.1f} s ({args.rows / seconds:.0f} rows/s); "
                  f"new={report.new} duplicate={report.duplicate} rejected={report.rejected}")


if __name__ == "__main__":
    main()
