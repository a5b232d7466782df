"""Fixtures of the event-data tests: small event files written by the tests, and synthetic event histories."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

ICEWS_HEADER = (
    "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\t"
    "Intensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\tPublisher\t"
    "City\tDistrict\tProvince\tCountry\tLatitude\tLongitude"
)
ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,"
    "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
    "notes,fatalities,tags,timestamp"
)
SYNTHETIC_COUNTRIES = ("AZE", "ARM", "GEO", "RUS", "IRN", "TUR", "KAZ", "UKR", "FRA", "DEU", "CHN", "JPN")


def gdelt_line(
    event_id: int,
    day: str,
    actor1: tuple[str, str, str],
    actor2: tuple[str, str, str],
    code: str,
    goldstein: float,
    quad: int,
) -> str:
    """One 61-column GDELT 2.0 line; actors are (code, name, country code)."""
    cells = [""] * 61
    cells[0], cells[1], cells[2], cells[3] = str(event_id), day, day[:6], day[:4]
    cells[5], cells[6], cells[7] = actor1
    cells[15], cells[16], cells[17] = actor2
    cells[25], cells[26], cells[27], cells[28] = "1", code, code[:3], code[:2]
    cells[29], cells[30] = str(quad), str(goldstein)
    cells[31], cells[32], cells[33], cells[34] = "1", "1", "1", "0.0"
    cells[59], cells[60] = day, "http://example.org/story"
    return "\t".join(cells)


@pytest.fixture
def write_kg(tmp_path: Path) -> Callable[..., Path]:
    """Write ICEWS knowledge-graph rows (source, event text, target, date) to a TSV with its header."""

    def write(rows: list[tuple[str, str, str, str]], name: str = "kg.tsv", header: bool = True) -> Path:
        lines = (["source\tevent\ttarget\tdate"] if header else []) + ["\t".join(row) for row in rows]
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


def synthetic_history(
    seed: int = 7,
    *,
    start: date = date(2000, 1, 1),
    months: int = 60,
    countries: tuple[str, ...] = SYNTHETIC_COUNTRIES,
) -> list[tuple[str, str, str, str]]:
    """Made-up events in the knowledge-graph form: steady cooperation, background conflict, and bursts of
    material conflict that verbal conflict announces a month before (a signal a model can learn)."""
    rng = random.Random(seed)
    rows: list[tuple[str, str, str, str]] = []
    names = {
        "AZE": "Azerbaijan",
        "ARM": "Armenia",
        "GEO": "Georgia",
        "RUS": "Russia",
        "IRN": "Iran",
        "TUR": "Turkey",
        "KAZ": "Kazakhstan",
        "UKR": "Ukraine",
        "FRA": "France",
        "DEU": "Germany",
        "CHN": "China",
        "JPN": "Japan",
    }
    burst_next: set[str] = set()
    for m in range(months):
        year, month = start.year + (start.month - 1 + m) // 12, (start.month - 1 + m) % 12 + 1
        bursting, burst_next = burst_next, set()
        for code in countries:
            other = rng.choice([c for c in countries if c != code])
            for _ in range(rng.randint(2, 5)):
                rows.append(
                    (names[code], "Consult", names[other], f"{year:04d}-{month:02d}-{rng.randint(1, 28):02d}")
                )
            if rng.random() < 0.5:
                rows.append(
                    (
                        f"Police ({names[code]})",
                        "Arrest, detain, or charge with legal action",
                        f"Citizen ({names[code]})",
                        f"{year:04d}-{month:02d}-{rng.randint(1, 28):02d}",
                    )
                )
            if code in bursting:
                for _ in range(rng.randint(4, 8)):
                    rows.append(
                        (
                            names[code],
                            "Use conventional military force",
                            names[other],
                            f"{year:04d}-{month:02d}-{rng.randint(1, 28):02d}",
                        )
                    )
            if rng.random() < 0.08:  # warning signs this month, a burst next month
                burst_next.add(code)
                for _ in range(rng.randint(3, 6)):
                    rows.append(
                        (
                            names[code],
                            "Threaten with military force",
                            names[other],
                            f"{year:04d}-{month:02d}-{rng.randint(1, 28):02d}",
                        )
                    )
    return rows


@pytest.fixture
def synthetic_file(write_kg: Callable[..., Path]) -> Path:
    """Five years of synthetic events for 12 countries as a knowledge-graph TSV."""
    return write_kg(synthetic_history(), name="synthetic.tsv")
