"""Messages per second: aigov's redaction (RedactStage on Presidio) against Presidio's stock AnalyzerEngine
(default recognizers, no NLP model), on the same 10,000 mixed messages. Prints figures; not a test.

Messages: the lines of benchmarks/data/pii_hard.jsonl and plain messages without personal data, shuffled.
Run: python benchmarks/bench_pii.py [--n 10000]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from aigov.analysis.pipeline import AnalysisItem
from aigov.analysis.redact import RedactStage

HARD = Path(__file__).with_name("data") / "pii_hard.jsonl"
PLAIN = [
    "Salam, bizim küçədə 3 gündür işıq yoxdur, xahiş edirəm kömək edin.",
    "Здравствуйте, в нашем доме уже неделю нет горячей воды, ребенок болеет.",
    "Thank you for fixing the road so quickly, great work!",
    "Merhaba, siparişim hâlâ gelmedi, çok kötü bir hizmet.",
    "Binada qaz iyi gəlir, təcili gəlin! 2024-cü ildən bəri 150 manat ödəyirik.",
    "Privet, u nas net sveta uzhe tri dnya",
]


def messages(n: int) -> list[str]:
    rng = random.Random(0)
    hard = [
        json.loads(line)["text"] for line in HARD.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    pool = hard + PLAIN * (len(hard) // len(PLAIN))
    return [rng.choice(pool) for _ in range(n)]


def stock_presidio():  # type: ignore[no-untyped-def]
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine.no_op_nlp_engine import NoOpNlpEngine

    registry = RecognizerRegistry()
    registry.load_predefined_recognizers()
    registry.remove_recognizer("SpacyRecognizer")  # the only model-based one
    no_model = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}])
    return AnalyzerEngine(registry=registry, nlp_engine=no_model)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()
    texts = messages(args.n)
    stage = RedactStage()
    stage.run([AnalysisItem(text=t, normalised=t) for t in texts[:50]])  # load once, outside the timing
    items = [AnalysisItem(text=t, normalised=t) for t in texts]
    start = time.perf_counter()
    stage.run(items)
    aigov_rate = len(texts) / (time.perf_counter() - start)

    engine = stock_presidio()
    engine.analyze(texts[0], language="en")
    start = time.perf_counter()
    for text in texts:
        engine.analyze(text, language="en")
    stock_rate = len(texts) / (time.perf_counter() - start)
    print(f"aigov redaction (analyze + anonymize): {aigov_rate:8.0f} msgs/s")
    print(f"stock Presidio AnalyzerEngine (no NLP): {stock_rate:8.0f} msgs/s")
    print(f"ratio: {aigov_rate / stock_rate:.2f}x on {len(texts)} messages")


if __name__ == "__main__":
    main()
