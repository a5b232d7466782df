"""Actor resolution: event actors to ISO3 countries, in en/az/ru, by the rules ICEWS and ACLED follow."""

from __future__ import annotations

import pytest

from aigov.diplomacy.actors import ActorReference, Resolver, reference, resolver


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Police (Australia)", "AUS"),
        ("Citizen (Azerbaijan)", "AZE"),
        ("Armenia", "ARM"),
        ("Ilham Aliyev", "AZE"),
        ("İlham Əliyev", "AZE"),
        ("Ильхам Алиев", "AZE"),
        ("Ermənistan", "ARM"),
        ("Армения", "ARM"),
        ("Gürcüstan", "GEO"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("Dmitry Anatolyevich Medvedev", "RUS"),  # the patronymic is left out of the reference
        ("Military Forces of Armenia (2018-)", "ARM"),  # ACLED
        ("Government of Georgia", "GEO"),
        ("Member of Legislative (Govt) (Nigeria)", "NGA"),
        ("Cabinet / Council of Ministers / Advisors (Holy See (Vatican City State))", "VAT"),
        ("Bosnia & Herzegovina", "BIH"),
        ("Palestinian Territory, Occupied", "PSE"),
        ("Georgian Railway", "GEO"),  # a demonym
        ("Nagorno-Karabakh", "AZE"),  # internationally recognised borders
        ("Baku", "AZE"),
        ("Oluṣẹgun Ọbasanjọ", "NGA"),
    ],
)
def test_names_resolve_to_countries(name: str, country: str) -> None:
    found = resolver().resolve(name)
    assert found.country == country, (name, found)
    assert found.known


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("UN Security Council", "igo"),
        ("OSCE Minsk Group", "igo"),
        ("Citizen (International)", "region"),
        ("Associated Press", "media"),
        ("Human Rights Watch", "ngo"),
        ("Middle East", "region"),
    ],
)
def test_international_actors_are_known_without_a_country(name: str, kind: str) -> None:
    found = resolver().resolve(name)
    assert (found.country, found.kind, found.known) == (None, kind, True)


@pytest.mark.parametrize("name", ["Democratic Party", "Somebody Unheard-Of", "Police (Atlantis)"])
def test_names_the_reference_does_not_know_stay_unknown(name: str) -> None:
    found = resolver().resolve(name)
    assert (found.country, found.known) == (None, False)


def test_empty_and_huge_names() -> None:
    assert resolver().resolve("").kind == "empty"
    assert resolver().resolve("   ").kind == "empty"
    assert not resolver().resolve("x" * 100_000).known


def test_country_codes_from_gdelt_and_cameo() -> None:
    r = resolver()
    assert r.code("AZE").country == "AZE"
    assert r.code("ROM").country == "ROU"  # CAMEO's old code for Romania
    assert r.code("EUR").kind == "region"
    assert r.code("", "POLICE", "COP").kind == "role"  # a role without a state: known, no country
    assert r.code("", "ARMENIA", "").country == "ARM"


def test_the_shipped_reference_is_consistent() -> None:
    ref = reference()
    assert not ref.conflicts, ref.conflicts
    assert len(ref.countries) > 240
    for country in ref.countries.values():
        assert {"en", "az", "ru"} <= set(country.names), country.iso3
    for code in ("AZE", "ARM", "GEO", "RUS", "IRN", "TUR"):
        assert ref.countries[code].capital and ref.countries[code].people


def test_a_name_claimed_by_two_countries_resolves_to_neither() -> None:
    countries = {
        "countries": [
            {"iso3": "AAA", "iso2": "AA", "en": "Aland"},
            {"iso3": "BBB", "iso2": "BB", "en": "Bland"},
        ]
    }
    actors = {"countries": {"AAA": {"people": ["Jane Doe", "Only Aland"]}, "BBB": {"people": ["Jane Doe"]}}}
    r = Resolver(ActorReference(countries, actors))
    assert r.resolve("Jane Doe").known is False
    assert r.resolve("Only Aland").country == "AAA"
    assert r.resolve("Police (Bland)").country == "BBB"
