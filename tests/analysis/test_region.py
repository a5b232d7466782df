"""The region stage finds the district (and its economic region) named in a message."""

from __future__ import annotations

import pytest

from aigov.analysis.pipeline import AnalysisItem
from aigov.analysis.region import RegionStage, build_place_index
from aigov.reference.loader import District, EconomicRegion, load_regions


@pytest.fixture(scope="module")
def stage() -> RegionStage:
    return RegionStage()


def locate(stage: RegionStage, text: str, **fields: str) -> AnalysisItem:
    return stage.run([AnalysisItem(text=text, **fields)])[0]


@pytest.mark.parametrize(
    ("text", "region", "district"),
    [
        ("Sumqayıtda 3 gündür işıq yoxdur", "absheron_khizi", "sumgayit_city"),
        ("Şəkidən yazıram, su gəlmir", "sheki_zagatala", "sheki"),
        ("Gəncənin mərkəzində yollar bərbaddır", "ganja_dashkasan", "ganja_city"),
        ("Lənkəranın kəndlərində qaz yoxdur", "lankaran_astara", "lankaran"),
        ("Şamaxı rayonunda körpü uçub", "mountainous_shirvan", "shamakhi"),
        ("Xırdalanda zibil yığılmır", "absheron_khizi", "absheron"),
        ("Yasamalda lift işləmir", "baku", "baku_city"),
        ("Bakıya gedən avtobuslar", "baku", "baku_city"),
        ("sumqayitda isiq yoxdur", "absheron_khizi", "sumgayit_city"),
        ("Lenkeranda su yoxdur", "lankaran_astara", "lankaran"),
        ("в Сумгайыте нет света", "absheron_khizi", "sumgayit_city"),
        ("В Гяндже нет воды", "ganja_dashkasan", "ganja_city"),
        ("Из Ленкорани пишу", "lankaran_astara", "lankaran"),
        ("в Шамахинском районе", "mountainous_shirvan", "shamakhi"),
        ("В Баку пробки", "baku", "baku_city"),
        ("The roads in Ganja are terrible", "ganja_dashkasan", "ganja_city"),
        ("No water in Sheki since Monday", "sheki_zagatala", "sheki"),
        ("Qubadlıya gedən yol", "east_zangezur", "gubadli"),  # not Quba: the longer name wins
    ],
)
def test_finds_district_with_case_endings(stage: RegionStage, text: str, region: str, district: str) -> None:
    item = locate(stage, text)
    assert (item.region, item.district) == (region, district)
    why = item.explanations["region"]
    assert why["source"] == "text"
    assert why["chosen"]["district"] == district
    assert why["chosen"]["phrase"] in text


def test_azerbaijani_in_cyrillic_letters(stage: RegionStage) -> None:
    item = locate(stage, "Кәндимиз Шәкидәдир")
    assert (item.region, item.district) == ("sheki_zagatala", "sheki")
    assert item.explanations["region"]["chosen"]["phrase"] == "Şəkidədir"


def test_explains_the_phrase_as_written(stage: RegionStage) -> None:
    why = locate(stage, "Salam, Sumqayıtda işıq yoxdur").explanations["region"]
    assert why["chosen"] == {"phrase": "Sumqayıtda", "region": "absheron_khizi", "district": "sumgayit_city"}


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Naxçıvanda iş yoxdur", "nakhchivan"),
        ("Qarabağda tikinti gedir", "karabakh"),
        ("Dağlıq Şirvanda yollar pisdir", "mountainous_shirvan"),
        ("В Горном Ширване нет дорог", "mountainous_shirvan"),
    ],
)
def test_economic_region_alone_sets_region_only(stage: RegionStage, text: str, region: str) -> None:
    item = locate(stage, text)
    assert (item.region, item.district) == (region, None)


def test_district_is_preferred_to_a_region_named_earlier(stage: RegionStage) -> None:
    item = locate(stage, "Qarabağda, Şuşada su yoxdur")
    assert (item.region, item.district) == ("karabakh", "shusha")


def test_city_with_its_generic_word(stage: RegionStage) -> None:
    item = locate(stage, "Naxçıvan şəhərində su yoxdur")
    assert (item.region, item.district) == ("nakhchivan", "nakhchivan_city")


def test_region_given_at_intake_wins(stage: RegionStage) -> None:
    item = locate(stage, "Sumqayıtda işıq yoxdur", region="karabakh")
    assert (item.region, item.district) == ("karabakh", None)
    assert item.explanations["region"] == {"source": "intake"}


@pytest.mark.parametrize(
    "text",
    [
        "Evimizdə işıq yoxdur",
        "Səkidə çuxur var",  # səki (pavement) is not Şəki
        "Şəkil əlavə edirəm",  # şəkil (picture) is not Şəki
        "Губы обветрились",
        "Hesabımda bakiye yok",
    ],
)
def test_no_place_leaves_region_empty(stage: RegionStage, text: str) -> None:
    item = locate(stage, text)
    assert (item.region, item.district) == (None, None)
    assert item.explanations["region"]["matched"] == []


def test_phrases_naming_two_regions_are_dropped() -> None:
    regions = [
        EconomicRegion(code="r1", names={"az": "Bir"}, districts=[District(code="a", names={"az": "Kənd"})]),
        EconomicRegion(code="r2", names={"az": "İki"}, districts=[District(code="b", names={"az": "Kənd"})]),
    ]
    index = build_place_index(regions)
    assert "Kənd" not in index
    assert locate(RegionStage(regions), "Kənddə su yoxdur").region is None


def test_every_packaged_district_is_found_by_its_azerbaijani_name(stage: RegionStage) -> None:
    for region in load_regions():
        for district in region.districts:
            item = locate(stage, f"{district.names['az']} haqqında")
            assert (item.region, item.district) == (region.code, district.code), district.code


def test_matching_same_text_twice_gives_equal_results():
    from aigov.analysis.textmatch import PhraseMatcher, place_words

    matcher = PhraseMatcher([(place_words("Sumqayıt"), "S"), (place_words("Sumqayıt şəhəri"), "SS")])
    first = matcher.find("Sumqayıt şəhərində və Sumqayitda su yoxdur")
    assert [(m.text, m.payloads) for m in first] == [
        ("Sumqayıt", ("S",)),
        ("Sumqayıt şəhərində", ("SS",)),
        ("Sumqayitda", ("S",)),
    ]
    assert matcher.find("Sumqayıt şəhərində və Sumqayitda su yoxdur") == first
