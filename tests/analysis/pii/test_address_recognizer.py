import pytest


@pytest.mark.parametrize(
    "address",
    [
        "Nizami küç. 45",
        "Azadlıq prospekti 89",
        "Həsən bəy Zərdabi küçəsi 12, mənzil 4",
        "ул. Ленина, д. 5",
        "28 May street 12, apt 4",
    ],
)
def test_street_and_house_number(address, found):
    assert found(f"Ünvan: {address}, təcili", "ADDRESS") == [address]


def test_street_without_number_is_not_an_address(found):
    assert found("Nizami küçəsində işıq yoxdur", "ADDRESS") == []
