"""Time `aigov news import` of generated JSON-lines articles on a fresh embedded database.

Usage: python benchmarks/bench_news.py [--articles 1000] [--database-url URL]
Prints articles, seconds and articles per second for the first import and for the re-import (all
duplicates). The articles are made from a few sentence templates in four languages (written here).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from pathlib import Path

SENTENCES = [
    "Azerbaijan and {c} signed an agreement on {t} cooperation in Baku.",
    "Officials in {c} criticised Azerbaijan over the border incident.",
    "President Ilham Aliyev welcomed the new {t} corridor as a success.",
    "Azərbaycan ilə {c} arasında {t} sahəsində danışıqlar davam edir.",
    "Азербайджан и {c} обсудили вопросы {t} в Москве.",
    "Türkiye ve Azerbaycan {t} alanında yeni bir anlaşma imzaladı.",
    "The ministers of {c} met in Geneva to discuss refugees and trade.",
]
COUNTRIES = ["Armenia", "Georgia", "Russia", "Iran", "Turkey", "Kazakhstan"]
TOPICS = ["energy", "transport", "trade", "security", "gas"]


def write(path: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            body = " ".join(rng.choice(SENTENCES).format(c=rng.choice(COUNTRIES), t=rng.choice(TOPICS))
                            for _ in range(rng.randint(2, 5)))
            row = {"title": body.split(".")[0][:200], "summary": body, "url": f"https://bench.example/{i}",
                   "published": f"2015-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00Z",
                   "source": "bench"}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file in a temp dir")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["AIGOV_DATABASE_URL"] = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        from aigov.db import migrate
        from aigov.db.engine import get_engine, session_factory
        from aigov.diplomacy.news.service import import_file

        path = Path(tmp) / "articles.jsonl"
        write(path, args.articles, 13)
        migrate.upgrade(get_engine())
        for label in ("first import", "re-import"):
            started = time.perf_counter()
            report = import_file(session_factory(), path)
            seconds = time.perf_counter() - started
            print(f"{label}: {args.articles} articles ({report.new} new, {report.duplicate} duplicate) in "
                  f"{seconds:.2f} s, {args.articles / seconds:.0f} articles/s")


if __name__ == "__main__":
    main()
