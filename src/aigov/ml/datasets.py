"""Labelled CSV files: read them with clear errors, deduplicate across files, split with a fixed seed."""

from __future__ import annotations

import csv
import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


class DataError(Exception):
    """A labelled file that cannot be used, said in one line (never quoting its content)."""


@dataclass
class Dataset:
    """Parallel lists of texts and labels, with the file and language of each row."""

    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    langs: list[str | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)

    def extend(self, other: Dataset) -> None:
        self.texts += other.texts
        self.labels += other.labels
        self.sources += other.sources
        self.langs += other.langs

    def subset(self, indices: Iterable[int]) -> Dataset:
        idx = list(indices)
        return Dataset([self.texts[i] for i in idx], [self.labels[i] for i in idx],
                       [self.sources[i] for i in idx], [self.langs[i] for i in idx])

    def label_set(self) -> list[str]:
        return sorted(set(self.labels))


def read_labelled_csv(path: Path, text_col: str = "text", label_col: str = "label",
                      lang_col: str = "lang", lang: str | None = None) -> Dataset:
    """Rows of a UTF-8 CSV with a text and a label column; rows with an empty text or label are skipped.

    ``lang`` is the language of every row when the file has no ``lang_col`` column.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"no such file: {path}")
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            if not header:
                raise DataError(f"{path.name}: the file is empty")
            for col in (text_col, label_col):
                if col not in header:
                    raise DataError(f"{path.name}: no column {col!r} (columns: {', '.join(header)})")
            data = Dataset()
            for row in reader:
                text, label = (row.get(text_col) or "").strip(), (row.get(label_col) or "").strip()
                if not text or not label:
                    continue
                data.texts.append(text)
                data.labels.append(label)
                data.sources.append(path.name)
                data.langs.append((row.get(lang_col) or "").strip() or lang)
    except UnicodeDecodeError as exc:
        raise DataError(f"{path.name}: not UTF-8 text (bad byte at position {exc.start})") from None
    except csv.Error as exc:
        raise DataError(f"{path.name}: not a readable CSV file ({exc})") from None
    if not data.texts:
        raise DataError(f"{path.name}: no labelled rows")
    return data


def read_many(paths: Sequence[Path], text_col: str = "text", label_col: str = "label") -> Dataset:
    """All rows of several labelled files, each row's language guessed from a ``xx_`` file-name prefix."""
    if not paths:
        raise DataError("give at least one --data file")
    data = Dataset()
    for path in paths:
        data.extend(read_labelled_csv(Path(path), text_col, label_col, lang=lang_from_name(Path(path))))
    return data


def lang_from_name(path: Path) -> str | None:
    """``az`` for ``az_reviews.csv`` and the like; None when the name does not start with a known code."""
    head = path.name.split("_", 1)[0].lower()
    return head if head in {"az", "ru", "en", "tr"} else None


_KEY_STRIP = re.compile(r"[\W_]+")


def dedupe_key(text: str) -> str:
    """Texts equal up to case, accents, punctuation and spacing share this key."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _KEY_STRIP.sub(" ", folded.replace("ə", "e").replace("ı", "i")).strip()


def dedupe(data: Dataset) -> Dataset:
    """One row per dedupe key across all files; keys with conflicting labels are dropped entirely."""
    first: dict[str, int] = {}
    conflict: set[str] = set()
    for i, text in enumerate(data.texts):
        key = dedupe_key(text)
        if not key:
            continue
        if key in first:
            if data.labels[first[key]] != data.labels[i]:
                conflict.add(key)
        else:
            first[key] = i
    return data.subset(sorted(i for k, i in first.items() if k not in conflict))


def in_test(key: str, test_share: float, seed: int) -> bool:
    """Whether a dedupe key falls in the held-out part: a stable hash, so a text is never on both sides."""
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < test_share


def split(data: Dataset, test_share: float = 0.2, seed: int = 13) -> tuple[Dataset, Dataset]:
    """Train (deduplicated) and held-out rows, split on the dedupe key across all files.

    The held-out part keeps each file's own copy of a held-out text (once per file), so each file can
    be scored on its own labels; no held-out text (up to case, accents and punctuation) appears in training.
    """
    test_idx = [i for i, t in enumerate(data.texts) if in_test(dedupe_key(t), test_share, seed)]
    held = set(test_idx)
    train = dedupe(data.subset(i for i in range(len(data)) if i not in held))
    seen: set[tuple[str, str]] = set()
    kept = []
    for i in test_idx:  # one copy per file (a file may repeat a text)
        key = (data.sources[i], dedupe_key(data.texts[i]))
        if key not in seen:
            seen.add(key)
            kept.append(i)
    return train, data.subset(kept)
