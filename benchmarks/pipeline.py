"""Throughput and memory of the whole analysis pipeline against stock Presidio, on the same real messages.

    python benchmarks/pipeline.py [--n 20000] [--batch 1000] [--json] [--data-dir DIR]

Messages of about 200 characters are built from the shared sentiment files (consecutive short rows of one
file joined), languages drawn as citizens write: az 55 %, ru 25 %, en 12 %, tr 8 %. Both engines are loaded
and warmed up first (load time reported apart), then timed over the same messages: aigov's default pipeline
in batches as intake runs it, and Presidio's stock ``AnalyzerEngine`` (default recognizers, English, no NLP
model: a blank spaCy tokenizer stands in for it) one message at a time. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import random
import re
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
LANGUAGE_SHARES = {"az": 55, "ru": 25, "en": 12, "tr": 8}
FILES = {
    "az": (
        "az_mixed_balanced_3class.csv", "az_news_sentences_3class.csv", "az_reviews_comments_2class.csv",
        "az_social_comments_2class_a.csv", "az_social_comments_2class_b.csv",
    ),
    "ru": ("ru_rusentiment.csv",),
    "en": ("en_airline_tweets.csv",),
    "tr": ("tr_store_reviews.csv",),
}  # fmt: skip
MIN_CHARS = 155  # a message is emitted once its rows reach this length ...
MAX_CHARS = 240  # ... and is cut (at a space) to at most this
WARMUP = 200  # messages run through each engine before timing (models load lazily on first use)
_SPACE = re.compile(r"\s+")


def rss_peak_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- messages ------------------------------------------------------------------------------------------


def read_rows(data_dir: Path, lang: str) -> list[str]:
    """The texts of ``lang``'s sentiment files, whitespace collapsed, deduplicated across files, in order."""
    seen: set[str] = set()
    rows: list[str] = []
    for name in FILES[lang]:
        path = data_dir / "sentiment" / name
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = _SPACE.sub(" ", row.get("text") or "").strip()
                if text and text.casefold() not in seen:
                    seen.add(text.casefold())
                    rows.append(text)
    return rows


def _cut(text: str, limit: int) -> str:
    """``text`` shortened to at most ``limit`` characters, at a space where there is one."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return head[:space] if space > limit // 2 else head


def messages_from(rows: list[str], start: int) -> Iterator[str]:
    """Endless ~200-character messages: consecutive rows from ``start`` joined, wrapping round at the end."""
    parts: list[str] = []
    size = 0
    i = start
    while True:
        piece = _cut(rows[i % len(rows)], MAX_CHARS)
        i += 1
        parts.append(piece)
        size += len(piece) + 1
        if size > MIN_CHARS:
            yield _cut(" ".join(parts), MAX_CHARS)
            parts, size = [], 0


def build_messages(data_dir: Path, n: int, seed: int) -> tuple[list[str], list[str]]:
    """``n`` messages and their languages, languages drawn by LANGUAGE_SHARES."""
    rng = random.Random(seed)
    langs = rng.choices(tuple(LANGUAGE_SHARES), weights=tuple(LANGUAGE_SHARES.values()), k=n)
    sources = {}
    for lang in LANGUAGE_SHARES:
        rows = read_rows(data_dir, lang)
        sources[lang] = messages_from(rows, rng.randrange(len(rows)))
    return [next(sources[lang]) for lang in langs], langs


# --- aigov ---------------------------------------------------------------------------------------------


def batches(texts: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(texts), size):
        yield texts[i : i + size]


def bench_aigov(texts: list[str], batch: int) -> dict[str, Any]:
    """Load, warm up and time the default pipeline; then time each stage on its own over the same batches."""
    start = time.perf_counter()
    from aigov.analysis.default import default_pipeline
    from aigov.analysis.pipeline import AnalysisItem

    pipeline = default_pipeline()
    pipeline.analyse_texts(texts[:WARMUP])
    load_s = time.perf_counter() - start

    start, cpu = time.perf_counter(), time.process_time()
    for chunk in batches(texts, batch):
        pipeline.analyse_texts(chunk)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu

    stage_s = dict.fromkeys((stage.name for stage in pipeline.stages), 0.0)
    for chunk in batches(texts, batch):
        items = [AnalysisItem(text=t) for t in chunk]
        for stage in pipeline.stages:
            t0 = time.perf_counter()
            items = stage.run(items)
            stage_s[stage.name] += time.perf_counter() - t0
    return {"load_s": load_s, "seconds": elapsed, "cpu_s": cpu, "stage_s": stage_s}


def _worker_start() -> None:
    from aigov.analysis.default import default_pipeline

    default_pipeline().analyse_texts(["Salam, Bakıda işıq yoxdur", "Нет воды"])


def _worker_run(chunk: list[str]) -> int:
    from aigov.analysis.default import default_pipeline

    return len(default_pipeline().analyse_texts(chunk))


def bench_pool(texts: list[str], batch: int, workers: int) -> float:
    """Wall-clock seconds for ``workers`` processes sharing the batches (pipeline loaded and warmed first)."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(workers, initializer=_worker_start) as pool:
        pool.map(_worker_run, [texts[:WARMUP]] * workers)  # each worker warm
        start = time.perf_counter()
        done = sum(pool.imap_unordered(_worker_run, batches(texts, batch)))
        elapsed = time.perf_counter() - start
    assert done == len(texts)
    return elapsed


# --- Presidio ------------------------------------------------------------------------------------------


def stock_presidio() -> Any:
    """Presidio's AnalyzerEngine with its default English recognizers and no NLP model (blank tokenizer)."""
    import spacy
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

    class BlankNlpEngine(NlpEngine):
        """Tokens only (spaCy's blank English tokenizer): no model, no named entities, lemmas = lower case."""

        def __init__(self) -> None:
            self.nlp: Any = None

        def load(self) -> None:
            self.nlp = spacy.blank("en")

        def is_loaded(self) -> bool:
            return self.nlp is not None

        def process_text(self, text: str, language: str) -> NlpArtifacts:
            doc = self.nlp(text)
            return NlpArtifacts(
                entities=[],
                tokens=doc,
                tokens_indices=[token.idx for token in doc],
                lemmas=[token.lower_ for token in doc],
                nlp_engine=self,
                language=language,
            )

        def process_batch(self, texts, language, batch_size=1, n_process=1, **kwargs):  # noqa: ANN001, ANN201
            for text in texts:
                yield text, self.process_text(text, language)

        def is_stopword(self, word: str, language: str) -> bool:
            return self.nlp.vocab[word].is_stop

        def is_punct(self, word: str, language: str) -> bool:
            return self.nlp.vocab[word].is_punct

        def get_supported_entities(self) -> list[str]:
            return []

        def get_supported_languages(self) -> list[str]:
            return ["en"]

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    return AnalyzerEngine(nlp_engine=BlankNlpEngine(), supported_languages=["en"])


def bench_presidio(texts: list[str]) -> dict[str, Any]:
    start = time.perf_counter()
    analyzer = stock_presidio()
    for text in texts[:WARMUP]:
        analyzer.analyze(text, language="en")
    load_s = time.perf_counter() - start

    found: Counter[str] = Counter()
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        for result in analyzer.analyze(text, language="en"):
            found[result.entity_type] += 1
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"load_s": load_s, "seconds": elapsed, "cpu_s": cpu, "entities": dict(found.most_common())}


# --- main ----------------------------------------------------------------------------------------------


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=_positive, default=20_000, help="messages to analyse (default 20000)")
    parser.add_argument("--batch", type=_positive, default=1000, help="pipeline batch size (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed for the message mix (default 0)")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA, help="default ../shared/data")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON with the figures")
    parser.add_argument(
        "--workers",
        type=_positive,
        default=1,
        help="also time a pool of this many processes (default 1: none)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not (args.data_dir / "sentiment").is_dir():
        print(f"benchmark needs the shared data: {args.data_dir / 'sentiment'} not found. "
              "Point --data-dir at the folder that holds sentiment/.", file=sys.stderr)  # fmt: skip
        return 2
    missing = [f"sentiment/{name}" for names in FILES.values() for name in names
               if not (args.data_dir / "sentiment" / name).is_file()]  # fmt: skip
    if missing:
        print(f"benchmark needs these shared files in {args.data_dir}: {', '.join(missing)}", file=sys.stderr)
        return 2

    texts, langs = build_messages(args.data_dir, args.n, args.seed)
    mix = Counter(langs)
    mean_chars = sum(map(len, texts)) / len(texts)
    shares = "/".join(map(str, LANGUAGE_SHARES.values()))
    counts = ", ".join(f"{lang} {mix[lang]}" for lang in LANGUAGE_SHARES)
    print(f"{args.n} messages, mean {mean_chars:.0f} characters; languages {counts} "
          f"(drawn {shares} from {args.data_dir / 'sentiment'})")  # fmt: skip
    rss_data = rss_peak_mb()

    aigov = bench_aigov(texts, args.batch)
    rss_aigov = rss_peak_mb()
    aigov_rate = args.n / aigov["seconds"]
    print(f"aigov pipeline:  {aigov_rate:8.0f} msgs/s  ({aigov['seconds']:.2f} s, batches of {args.batch}; "
          f"{args.n / aigov['cpu_s']:.0f} msgs per CPU second; "
          f"load + warm-up {aigov['load_s']:.2f} s)")  # fmt: skip
    total = sum(aigov["stage_s"].values())
    for name, seconds in aigov["stage_s"].items():
        share, per_message = 100 * seconds / total, 1000 * seconds / args.n
        print(f"  {name:14s} {seconds:7.2f} s  {share:5.1f} %  {per_message:6.3f} ms/msg")
    print(f"  {'all stages':14s} {total:7.2f} s  (timed stage by stage, second pass)")
    print(f"peak memory: {rss_aigov:.0f} MB after aigov ({rss_data:.0f} MB with only the messages loaded)")

    pool_rate = None
    if args.workers > 1:
        pool_rate = args.n / bench_pool(texts, args.batch, args.workers)
        print(f"aigov pipeline, {args.workers} processes: {pool_rate:8.0f} msgs/s (wall clock)")

    presidio = bench_presidio(texts)
    rss_end = rss_peak_mb()
    presidio_rate = args.n / presidio["seconds"]
    found = ", ".join(f"{kind} {count}" for kind, count in presidio["entities"].items()) or "none"
    print(
        f"stock Presidio:  {presidio_rate:8.0f} msgs/s  ({presidio['seconds']:.2f} s, one by one; "
        f"{args.n / presidio['cpu_s']:.0f} msgs per CPU second; load + warm-up {presidio['load_s']:.2f} s)"
    )
    print(f"  spans found: {found}")
    print(f"aigov / Presidio: {aigov_rate / presidio_rate:.2f}x; peak memory at the end {rss_end:.0f} MB")

    if args.json:
        result = {
            "n": args.n,
            "aigov_msgs_per_s": round(aigov_rate, 1),
            "presidio_msgs_per_s": round(presidio_rate, 1),
            "ratio": round(aigov_rate / presidio_rate, 3),
            "aigov_msgs_per_cpu_s": round(args.n / aigov["cpu_s"], 1),
            "presidio_msgs_per_cpu_s": round(args.n / presidio["cpu_s"], 1),
            "peak_rss_mb": round(rss_aigov, 1),
            "peak_rss_with_presidio_mb": round(rss_end, 1),
            "messages_only_rss_mb": round(rss_data, 1),
            "aigov_load_s": round(aigov["load_s"], 3),
            "presidio_load_s": round(presidio["load_s"], 3),
            "aigov_stage_s": {name: round(s, 3) for name, s in aigov["stage_s"].items()},
            "presidio_entities": presidio["entities"],
            "batch": args.batch,
            "workers": args.workers,
            "aigov_pool_msgs_per_s": round(pool_rate, 1) if pool_rate else None,
            "mean_chars": round(mean_chars, 1),
            "languages": {lang: mix[lang] for lang in LANGUAGE_SHARES},
        }
        print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
