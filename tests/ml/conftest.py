import csv
from pathlib import Path

import pytest

POSITIVE = ["çox yaxşı xidmət, təşəkkür edirəm", "əla işləyir, razıyam", "super, hər şey qaydasındadır",
            "great service, thank you", "спасибо, всё отлично"]
NEGATIVE = ["çox pis xidmət, biabırçılıqdır", "su yoxdur, heç nə işləmir", "pisdir, narazıyam",
            "terrible service, nothing works", "ужасно, ничего не работает"]
NEUTRAL = ["sabah saat 10-da gələcəyəm", "ünvan haradadır", "what time do you open",
           "где находится офис", "bu gün bazar ertəsidir"]


def write_csv(path: Path, rows: list[tuple[str, str]], header: tuple[str, str] = ("text", "label")) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def three_class_rows() -> list[tuple[str, str]]:
    return [(f"{t} {i}", label) for i in range(12)
            for label, texts in (("positive", POSITIVE), ("negative", NEGATIVE), ("neutral", NEUTRAL))
            for t in texts]


@pytest.fixture(scope="session")
def csv_writer():
    """write_csv(path, rows, header=("text", "label")) -> path."""
    return write_csv


@pytest.fixture(scope="session")
def sample_rows() -> dict[str, list[tuple[str, str]]]:
    return {"three": three_class_rows(),
            "two": [(t, "positive") for t in POSITIVE] + [(t, "negative") for t in NEGATIVE]}


@pytest.fixture
def three_class_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "az_three.csv", three_class_rows())


@pytest.fixture
def two_class_csv(tmp_path: Path) -> Path:
    rows = [(t, "positive") for t in POSITIVE] + [(t, "negative") for t in NEGATIVE]
    return write_csv(tmp_path / "two.csv", rows)
