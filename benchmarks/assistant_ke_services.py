"""Assistant retrieval on a real catalogue with titles only: Kenya's eCitizen services
(../shared/data/services).

Questions are derived at run time from a random sample of service titles, as a citizen might type them:
a question frame, lower case, one word dropped or two letters swapped.  A question counts as found when any
service with the same title is among the top k (titles repeat across agencies).  Nothing from the data is
written into the repository: the questions go to a temporary file.

    python benchmarks/assistant_ke_services.py [--n 300] [--seed 7] [--json]

Equivalent command on the written file:
    aigov assistant eval --kb ../shared/data/services/ke_services.csv --id-col service_id \
        --title-col service_name --data QUESTIONS.jsonl --json
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "services" / "ke_services.csv"
FRAMES = [
    "how do i apply for {t}",
    "{t}",
    "where can i get {t}?",
    "i need {t} please",
    "{t} how much",
    "help with {t}",
    "how to get {t} online",
]


def noisy(title: str, rng: random.Random) -> str:
    words = title.lower().split()
    roll = rng.random()
    if roll < 0.3 and len(words) > 3:
        words.pop(rng.randrange(len(words)))
    elif roll < 0.6:
        long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
        if long_words:
            i = rng.choice(long_words)
            w = words[i]
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return rng.choice(FRAMES).format(t=" ".join(words))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"{DATA} not found: this benchmark needs the shared data folder", file=sys.stderr)
        return 2
    from aigov.assistant.evaluate import evaluate, read_questions
    from aigov.assistant.kb import CsvColumns, read_csv
    from aigov.assistant.retrieval import Index

    with DATA.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["service_name"].strip()]
    same_title: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        same_title[" ".join(row["service_name"].lower().split())].append(row["service_id"])
    rng = random.Random(args.seed)
    sample = rng.sample(rows, args.n)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ke_questions.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for row in sample:
                ids = same_title[" ".join(row["service_name"].lower().split())]
                out.write(
                    json.dumps(
                        {"question": noisy(row["service_name"], rng), "expected_ids": ids, "language": "en"}
                    )
                    + "\n"
                )
        started = time.perf_counter()
        entries = read_csv(DATA, CsvColumns(id="service_id", title="service_name")).entries
        index = Index(entries)
        built = time.perf_counter() - started
        started = time.perf_counter()
        result = evaluate(index, read_questions(path), min_confidence=0.4)
        result["index_build_s"] = round(built, 2)
        result["ms_per_question"] = round(1000 * (time.perf_counter() - started) / args.n, 1)
    result.pop("per_language", None)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"{result['n']} questions over {result['entries']} titles: recall@1 {result['recall_at_1']}, "
            f"recall@5 {result['recall_at_5']}, MRR {result['mrr']}; index {result['index_build_s']} s, "
            f"{result['ms_per_question']} ms/question"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
