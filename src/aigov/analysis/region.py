"""Region stage: finds the district or city (and so the economic region) a message is about."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from aigov.analysis.pipeline import AnalysisItem
from aigov.analysis.textmatch import Match, PhraseMatcher, fold, place_words
from aigov.reference.loader import EconomicRegion, load_regions

# Words that only say what kind of place a name is: "Gəncə şəhəri" is also found as "Gəncə".
GENERIC_WORDS = {"şəhəri", "şəhər", "rayonu", "rayon", "город", "г", "район", "city", "district", "town"}
MAX_EXPLAINED = 5
NOT_PLACES = {"bakiye"}  # common words that look like an inflected place name (Turkish "bakiye": balance)
_WORD = re.compile(r"\w+")

Target = tuple[str, str | None]  # (economic region code, district code or None)


def _bare(name: str) -> str | None:
    """``name`` without its generic words, or None when nothing or nothing different is left."""
    words = _WORD.findall(name)
    kept = [w for w in words if fold(w) not in {fold(g) for g in GENERIC_WORDS}]
    if not kept or len(kept) == len(words):
        return None
    return " ".join(kept)


def build_place_index(regions: list[EconomicRegion]) -> dict[str, Target]:
    """Every place phrase (names, aliases, and names without generic words) -> what it points to.

    A phrase naming places in two economic regions is dropped. A phrase naming both an economic region
    and a district in it (e.g. "Naxçıvan") points to the region only, unless the region has just that
    one district ("Bakı").
    """
    claims: dict[str, set[Target]] = defaultdict(set)
    spelled: dict[str, str] = {}

    def claim(phrase: str, target: Target) -> None:
        key = " ".join(fold(w) for w in _WORD.findall(phrase))
        if key:
            claims[key].add(target)
            spelled.setdefault(key, phrase)

    for region in regions:
        for phrase in [*region.names.values(), *region.aliases]:
            claim(phrase, (region.code, None))
        for district in region.districts:
            for phrase in [*district.names.values(), *district.aliases]:
                claim(phrase, (region.code, district.code))
            for name in district.names.values():
                bare = _bare(name)
                if bare:
                    claim(bare, (region.code, district.code))
    sizes = {r.code: len(r.districts) for r in regions}
    index: dict[str, Target] = {}
    for key, targets in claims.items():
        region_codes = {r for r, _ in targets}
        if len(region_codes) != 1:
            continue
        region_code = region_codes.pop()
        districts = {d for _, d in targets if d}
        region_level = any(d is None for _, d in targets)
        if len(districts) == 1 and (not region_level or sizes[region_code] == 1):
            index[spelled[key]] = (region_code, districts.pop())
        else:
            index[spelled[key]] = (region_code, None)
    return index


class RegionStage:
    """Fills ``district`` and ``region`` from place names in the text, unless a region came with the message.

    Names match with Azerbaijani/Turkish and Russian case endings ("Sumqayıtda", "в Гяндже"), with or
    without diacritics. The first district named wins; with only an economic region named, the district
    stays None. The explanation lists the phrases found, never other text.
    """

    name = "region"
    version = "gazetteer-1"

    def __init__(self, regions: list[EconomicRegion] | None = None):
        self.regions = regions if regions is not None else load_regions()
        self._matcher = PhraseMatcher(
            (place_words(phrase), target) for phrase, target in build_place_index(self.regions).items()
        )

    def run(self, items: list[AnalysisItem]) -> list[AnalysisItem]:
        for item in items:
            if item.region:
                item.explanations[self.name] = {"source": "intake"}
                continue
            self._locate(item)
        return items

    def _locate(self, item: AnalysisItem) -> None:
        # Place names are not what redaction protects, and redaction may have removed addresses.
        matches = self._matcher.find(item.normalised or item.text or "")
        found = _longest_first([m for m in matches if fold(m.text) not in NOT_PLACES])
        hits = [{"phrase": m.text, "region": m.payloads[0][0], "district": m.payloads[0][1]} for m in found]
        chosen: dict[str, Any] | None = next((h for h in hits if h["district"]), None)
        if chosen is None and hits:
            chosen = hits[0]
        if chosen is not None:
            item.region, item.district = chosen["region"], chosen["district"]
        item.explanations[self.name] = {
            "source": "text" if chosen else None,
            "chosen": chosen,
            "matched": hits[:MAX_EXPLAINED],
        }


def _longest_first(matches: list[Match]) -> list[Match]:
    """Non-overlapping matches in text order, preferring the longer phrase where two overlap."""
    ordered = sorted(matches, key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Match] = []
    for match in ordered:
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return kept
