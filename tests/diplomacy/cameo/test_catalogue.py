"""The CAMEO reference: codes, names (ICEWS and GDELT spellings), root codes, Goldstein scores, QuadClass."""

from __future__ import annotations

from pathlib import Path

import pytest

from aigov.diplomacy.cameo import CameoError, catalogue
from aigov.diplomacy.cameo.catalogue import CameoCatalogue


@pytest.mark.parametrize(
    ("text", "code", "quad", "goldstein"),
    [
        ("Make statement", "010", 1, 0.0),
        ("Use conventional military force", "190", 4, -10.0),
        ("fight with small arms and light weapons", "193", 4, -10.0),  # ICEWS writes this one in lower case
        ("Appeal for diplomatic cooperation (such as policy support)", "022", 1, 3.2),
        ("Appeal for diplomatic cooperation, such as policy support", "022", 1, 3.2),  # GDELT's spelling
        ("Meet at a 'third' location", "044", 1, 2.5),
        ("Arrest, detain, or charge with legal action", "173", 4, -5.0),
        ("Criticize or denounce", "111", 3, -2.0),
        ("Provide humanitarian aid", "073", 2, 7.4),
        ("Investigate, not specified below", "090", 2, -2.0),
    ],
)
def test_event_text_maps_to_code_quadclass_and_goldstein(
    text: str, code: str, quad: int, goldstein: float
) -> None:
    entry = catalogue().by_name(text)
    assert entry is not None, text
    assert (entry.code, entry.quad_class, entry.goldstein) == (code, quad, goldstein)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("042", "042"),
        ("42", "042"),
        ("04", "040"),
        ("0834", "0834"),
        (834, "0834"),
        ("1839", "183"),
        ("19", "190"),
        ("2042", "2042"),
    ],
)
def test_codes_are_found_with_or_without_leading_zeros_and_unknown_leaves_fall_back(given, expected) -> None:
    entry = catalogue().get(given)
    assert entry is not None and entry.code == expected


@pytest.mark.parametrize("given", ["", "abc", "999", "0", "12345", None, "-10"])
def test_codes_that_name_nothing_give_none(given) -> None:
    assert catalogue().get(given) is None


def test_every_code_has_the_quadclass_of_its_root_range() -> None:
    cameo = catalogue()
    assert len(cameo.codes) > 280
    for entry in cameo.codes.values():
        root = int(entry.root)
        expected = 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4
        assert entry.quad_class == expected, entry
        assert -10.0 <= entry.goldstein <= 10.0


def test_unrelated_text_names_no_code() -> None:
    assert catalogue().by_name("Bake a cake") is None
    assert catalogue().by_name("") is None


def test_a_malformed_reference_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(CameoError, match="unknown code"):
        CameoCatalogue(
            {
                "quad_classes": {1: {"en": "x"}},
                "roots": {"01": ["Statement", 1]},
                "codes": {"010": ["Make statement", 0.0]},
                "aliases": {"Say": "999"},
            }
        )
    bad = tmp_path / "cameo.yaml"
    bad.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(CameoError, match="not a mapping"):
        catalogue(bad)
