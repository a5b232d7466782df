"""The packaged reference data is complete and consistent, and bad files fail with a clear message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aigov.reference.loader import (
    DEFAULT_REGIONS,
    DEFAULT_TAXONOMY,
    ReferenceDataError,
    load_regions,
    load_taxonomy,
    name_in,
)

REGION_CODES = {
    "baku", "nakhchivan", "absheron_khizi", "mountainous_shirvan", "ganja_dashkasan", "karabakh",
    "gazakh_tovuz", "guba_khachmaz", "lankaran_astara", "central_aran", "mil_mughan", "sheki_zagatala",
    "shirvan_salyan", "east_zangezur",
}  # fmt: skip
AGENCY_CODES = {
    "azerishiq", "azersu", "azeriqaz", "aayda", "ayna", "min_health", "min_education", "min_labour",
    "min_internal", "tax_service", "local_executive", "min_ecology", "asan", "min_digital",
    "min_agriculture", "prosecutor", "nakhchivan_energy",
}  # fmt: skip
TOPIC_CODES = {
    "electricity", "water", "gas", "roads", "public_transport", "health", "education", "social_protection",
    "police", "tax", "housing", "environment", "asan_services", "telecom", "employment", "agriculture",
    "corruption", "other",
}  # fmt: skip

TAXONOMY_OK = """
agencies:
  - {code: azersu, names: {az: Azərsu, en: Azersu}}
topics:
  - {code: water, names: {az: Su, en: Water}, agency: azersu, keywords: {az: [su$], en: [water]}}
  - {code: other, names: {az: Digər, en: Other}, agency: null, keywords: {}}
"""


def test_fourteen_economic_regions_with_the_decree_codes() -> None:
    regions = load_regions()
    assert {r.code for r in regions} == REGION_CODES
    assert len(regions) == 14


def test_every_district_belongs_to_exactly_one_region_and_codes_are_slugs() -> None:
    regions = load_regions()
    codes = [d.code for r in regions for d in r.districts]
    assert len(codes) == len(set(codes)) == 74
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", c) for c in codes)
    assert {"baku_city", "sumgayit_city", "ganja_city", "shamakhi", "sheki", "lankaran"} <= set(codes)
    by_code = {d.code: r.code for r in regions for d in r.districts}
    assert by_code["sumgayit_city"] == "absheron_khizi"
    assert by_code["khankendi_city"] == "karabakh"
    assert by_code["lachin"] == "east_zangezur"


def test_every_place_is_named_in_azerbaijani_russian_and_english() -> None:
    for region in load_regions():
        for names in [region.names, *(d.names for d in region.districts)]:
            assert set(names) >= {"az", "ru", "en"} and all(names.values())
    districts = {d.code: d for r in load_regions() for d in r.districts}
    assert districts["shamakhi"].names["az"] == "Şamaxı"
    assert districts["shamakhi"].names["ru"] == "Шамахы"
    assert "Sumgait" in districts["sumgayit_city"].aliases


def test_taxonomy_codes_and_every_topic_routes_to_a_known_agency() -> None:
    taxonomy = load_taxonomy()
    assert {a.code for a in taxonomy.agencies} == AGENCY_CODES
    assert {t.code for t in taxonomy.topics} == TOPIC_CODES
    for topic in taxonomy.topics:
        if topic.code == "other":
            assert topic.agency is None
        else:
            assert taxonomy.agency_by_code(topic.agency) is not None
            for lang in ("az", "ru", "en", "tr"):
                assert len(topic.keywords[lang]) >= 15, (topic.code, lang)
    assert taxonomy.topic_by_code("electricity").agency == "azerishiq"  # type: ignore[union-attr]
    assert taxonomy.topic_by_code("nope") is None


def test_default_files_are_loaded_once() -> None:
    assert load_taxonomy() is load_taxonomy(DEFAULT_TAXONOMY)
    assert load_regions() is load_regions(DEFAULT_REGIONS)


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(TAXONOMY_OK, encoding="utf-8")
    assert load_taxonomy(path).topic_by_code("water").keywords["en"] == ["water"]  # type: ignore[union-attr]
    path.write_text(TAXONOMY_OK.replace("[water]", "[water, pipe]"), encoding="utf-8")
    assert load_taxonomy(path).topic_by_code("water").keywords["en"] == ["water", "pipe"]  # type: ignore[union-attr]


def test_malformed_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "my-taxonomy.yaml"
    path.write_text("agencies: [\n  - code: x\n topics: {", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"my-taxonomy\.yaml: malformed YAML"):
        load_taxonomy(path)


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match=r"absent-regions\.yaml"):
        load_regions(tmp_path / "absent-regions.yaml")


def test_unknown_agency_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(TAXONOMY_OK.replace("agency: azersu", "agency: azerwater"), encoding="utf-8")
    expected = r"taxonomy\.yaml: topic 'water' names unknown agency 'azerwater'"
    with pytest.raises(ReferenceDataError, match=expected):
        load_taxonomy(path)


def test_wrong_shape_is_reported_with_the_field(tmp_path: Path) -> None:
    path = tmp_path / "regions.yaml"
    path.write_text("economic_regions:\n  - code: baku\n    names: {az: Bakı}\n", encoding="utf-8")
    expected = r"regions\.yaml: economic_regions\.0\.districts: Field required"
    with pytest.raises(ReferenceDataError, match=expected):
        load_regions(path)


def test_duplicate_district_code_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "regions.yaml"
    district = "{code: a, names: {az: A}, aliases: []}"
    path.write_text(
        "economic_regions:\n"
        f"  - {{code: r1, names: {{az: R1}}, districts: [{district}]}}\n"
        f"  - {{code: r2, names: {{az: R2}}, districts: [{district}]}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ReferenceDataError, match=r"district code 'a' appears more than once"):
        load_regions(path)


def test_name_in_falls_back_to_azerbaijani_then_english_then_code() -> None:
    assert name_in({"az": "Bakı", "ru": "Баку", "en": "Baku"}, "ru") == "Баку"
    assert name_in({"az": "Bakı", "en": "Baku"}, "tr") == "Bakı"
    assert name_in({"en": "Baku"}, "ru") == "Baku"
    assert name_in({}, "ru", "baku") == "baku"


def test_region_overrides_route_a_topic_to_another_agency_in_one_region(tmp_path: Path) -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.agency_for("electricity", "nakhchivan") == "nakhchivan_energy"
    assert taxonomy.agency_for("electricity", "baku") == "azerishiq"
    assert taxonomy.agency_for("electricity") == "azerishiq"
    assert taxonomy.agency_for("other", "nakhchivan") is None
    path = tmp_path / "taxonomy.yaml"
    text = TAXONOMY_OK.replace("agencies:\n", "agencies:\n  - {code: baku_water, names: {en: Baku water}}\n")
    path.write_text(text + "region_overrides: {water: {baku: baku_water}}\n", encoding="utf-8")
    assert load_taxonomy(path).agency_for("water", "baku") == "baku_water"
    assert load_taxonomy(path).agency_for("water", "ganja_dashkasan") == "azersu"


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ("{water: {baku: azerwater}}", r"region_overrides\.water\.baku names unknown agency 'azerwater'"),
        ("{fire: {baku: azersu}}", r"region_overrides names unknown topic 'fire'"),
        ("{water: [azersu]}", r"taxonomy\.yaml: region_overrides\.water"),
    ],
)
def test_bad_region_overrides_are_reported(tmp_path: Path, overrides: str, expected: str) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(TAXONOMY_OK + f"region_overrides: {overrides}\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=expected):
        load_taxonomy(path)
