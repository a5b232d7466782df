"""PERSON precision/recall of aigov's recognizers on the shared NER data (not in tests: needs ../shared/data).

- Azerbaijani: ner/az_ner_train.conll (BIO tags; PER spans), sentences joined with single spaces, duplicates
  dropped.
- Russian: ner/ru_factrueval2016_devset (.txt with .spans/.objects; Person objects become gold spans).

Only the held-out 30 % (``person_model.is_held_out``: the PERSON model never saw it) is scored, with the
shipped model and with the name rules alone; ``--all`` scores every sentence (inflated: most were trained on).
A predicted PERSON span counts when it overlaps a gold one (as in ``aigov eval pii``).
Run: python benchmarks/eval_pii_shared.py [--data ../shared/data] [--json] [--all]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from aigov.analysis.pii import analyze
from aigov.analysis.pii.engine import rules_only_recognizers
from aigov.analysis.pii.evaluate import score
from aigov.analysis.pii.person_model import is_held_out

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def conll_sentences(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, gold PERSON spans) per sentence of a token<TAB>BIO-tag file."""
    sentences, tokens = [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.strip():
            token, _, tag = line.partition("\t")
            tokens.append((token, tag.strip()))
            continue
        if tokens:
            text, spans, pos = "", [], 0
            for token, tag in tokens:
                start = len(text) + (1 if text else 0)
                text = f"{text} {token}" if text else token
                if tag == "B-PER" or (tag == "I-PER" and not (spans and spans[-1][1] == pos)):
                    spans.append((start, start + len(token), "PERSON"))
                elif tag == "I-PER":
                    spans[-1] = (spans[-1][0], start + len(token), "PERSON")
                pos = start + len(token)
            sentences.append((text, spans))
            tokens = []
    return sentences


def factrueval_documents(folder: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, gold PERSON spans) per factRuEval document: Person objects, from their first to last span."""
    docs = []
    for txt in sorted(folder.glob("*.txt")):
        text = txt.read_text(encoding="utf-8-sig")
        spans = {}
        for line in txt.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            fields = line.split()
            if len(fields) >= 4:
                spans[fields[0]] = (int(fields[2]), int(fields[2]) + int(fields[3]))
        gold = []
        for line in txt.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
            fields = line.split("#")[0].split()
            if len(fields) >= 3 and fields[1] == "Person":
                parts = [spans[s] for s in fields[2:] if s in spans]
                if parts:
                    gold.append((min(p[0] for p in parts), max(p[1] for p in parts), "PERSON"))
        docs.append((text, gold))
    return docs


Pair = tuple[str, list[tuple[int, int, str]]]


def dedupe(pairs: list[Pair]) -> list[Pair]:
    """The first of each text (the corpus repeats sentences)."""
    seen: set[str] = set()
    out = []
    for text, gold in pairs:
        if text.strip() not in seen:
            seen.add(text.strip())
            out.append((text, gold))
    return out


def split(pairs: list[Pair]) -> tuple[list[Pair], list[Pair]]:
    """(training part, held-out part) by the PERSON model's hash split."""
    return [p for p in pairs if not is_held_out(p[0])], [p for p in pairs if is_held_out(p[0])]


def az_split(data: Path) -> tuple[list[Pair], list[Pair]]:
    return split(dedupe(conll_sentences(data / "ner" / "az_ner_train.conll")))


def ru_split(docs: list[Pair]) -> tuple[list[Pair], list[Pair]]:
    return split(dedupe(docs))


def evaluate(pairs: list[Pair], rules_only: bool = False) -> dict:
    recognizers = rules_only_recognizers() if rules_only else None
    start = time.perf_counter()
    predicted = [
        [
            (r.start, r.end, "PERSON")
            for r in analyze(text, recognizers=recognizers)
            if r.entity_type == "PERSON"
        ]
        for text, _ in pairs
    ]
    elapsed = time.perf_counter() - start
    figures = score([(gold, pred) for (_, gold), pred in zip(pairs, predicted, strict=True)])["per_type"]
    return {"n": len(pairs), "person": figures.get("PERSON"), "texts_per_s": round(len(pairs) / elapsed, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--all", action="store_true", help="score every sentence, not only the held-out part")
    args = parser.parse_args()
    az_train, az_test = az_split(args.data)
    ru_train, ru_test = ru_split(factrueval_documents(args.data / "ner" / "ru_factrueval2016_devset"))
    sets = {"az_ner_held_out": az_test, "ru_factrueval_held_out": ru_test}
    if args.all:
        sets = {"az_ner_all": az_train + az_test, "ru_factrueval_all": ru_train + ru_test}
    out = {
        f"{name} {detector}": evaluate(pairs, rules_only=detector == "rules")
        for name, pairs in sets.items()
        for detector in ("model", "rules")
    }
    if args.json:
        print(json.dumps(out))
        return
    for name, result in out.items():
        p = result["person"]
        print(
            f"{name:30s} n={result['n']:5d}  PERSON precision {p['precision']}  recall {p['recall']}  "
            f"f1 {p['f1']}  (gold {p['gold']}, predicted {p['predicted']})  {result['texts_per_s']} texts/s"
        )


if __name__ == "__main__":
    main()
