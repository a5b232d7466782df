"""Countries and people named in news text, in four languages, and topic tags from the keyword taxonomy."""

from __future__ import annotations

import pytest

from aigov.diplomacy.news.mentions import find
from aigov.diplomacy.news.tags import TaxonomyError, load_taxonomy, parse_taxonomy


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("Armenia's prime minister flew to Moscow.", {"ARM", "RUS"}),
        ("Ermənistanın baş naziri Bakıya gəldi, Türkiyənin nümayəndəsi də orada idi.", {"ARM", "AZE", "TUR"}),
        (
            "Министр обороны Армении прибыл в Москву, переговоры с Азербайджаном продолжатся.",
            {"ARM", "RUS", "AZE"},
        ),
        ("Gürcistan ve İran heyetleri Ankara'da buluştu.", {"GEO", "IRN", "TUR"}),
        ("Armenian and Azerbaijani diplomats met in Tbilisi.", {"ARM", "AZE", "GEO"}),
        ("The US and the EU issued a statement.", {"USA"}),
    ],
)
def test_countries_are_found_with_their_case_endings(text: str, countries: set[str]) -> None:
    assert set(find(text, with_people=False).countries) == countries


@pytest.mark.parametrize(
    "text",
    [
        "We ate turkey and rice with us.",  # a bird and a pronoun, not Turkey and the United States
        "iran the tests again",  # not written as a name
        "",
    ],
)
def test_common_words_are_not_countries(text: str) -> None:
    assert find(text, with_people=False).countries == []


def test_countries_are_ranked_by_how_often_they_are_named() -> None:
    found = find(
        "Azerbaijan said Armenia broke the truce. Baku warned Yerevan. Aliyev spoke.", with_people=False
    )
    assert found.countries == ["AZE", "ARM"]
    assert found.counts == {"AZE": 3, "ARM": 2}


def test_people_named_are_public_figures_from_the_reference_and_the_person_recognizer() -> None:
    found = find("President Ilham Aliyev met Nikol Pashinyan and the mediator Elena Rostova in Brussels.")
    assert "Ilham Aliyev" in found.people and "Nikol Pashinyan" in found.people
    assert "AZE" in found.countries and "ARM" in found.countries
    assert not any(p.startswith("President") for p in found.people)
    russian = find("Джейхун Байрамов встретился с Сергеем Лавровым.")
    assert "Джейхун Байрамов" in russian.people and set(russian.countries) == {"AZE", "RUS"}


def test_tags_follow_the_taxonomy_in_each_language() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.tags("New gas pipeline to carry Caspian oil") == ["energy"]
    assert taxonomy.tags("Sərhəddə atəşkəs pozulub, hərbi hissələr hazırdır") == ["security"]
    assert taxonomy.tags("Переговоры о поставках газа и таможенных пошлинах") == [
        "energy",
        "trade",
        "diplomacy",
    ]
    assert taxonomy.tags("Mülteciler sınırı geçti") == ["migration"]
    assert (
        taxonomy.tags("The newspaper printed a portrait") == []
    )  # no "газ" in "газета", no "port" in "portrait"
    assert taxonomy.tags("Газета вышла утром") == []
    assert {"en", "az", "ru"} <= set(taxonomy.names["human_rights"])


def test_a_taxonomy_of_ones_own_replaces_the_packaged_one() -> None:
    own = parse_taxonomy(
        "tags:\n  water:\n    names: {en: Water}\n    keywords: [dam*, river, 'water supply']\n"
    )
    assert own.tags("A dam on the river") == ["water"] and own.tags("Water supply restored") == ["water"]
    with pytest.raises(TaxonomyError, match="list of keywords"):
        parse_taxonomy("tags:\n  water: {names: {en: W}}\n")
    with pytest.raises(TaxonomyError, match="lower-case"):
        parse_taxonomy("tags:\n  Water Supply: {keywords: [x]}\n")
    with pytest.raises(TaxonomyError, match="not valid YAML"):
        parse_taxonomy("tags: [\n")
