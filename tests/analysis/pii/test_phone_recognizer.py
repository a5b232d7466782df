import pytest


@pytest.mark.parametrize(
    "number",
    [
        "+994 50 123 45 67",
        "+994501234567",
        "0501234567",
        "050-123-45-67",
        "(012) 555-55-55",
        "994 55 123 45 67",
        "+994(70)1234567",
        "050.123.45.67",
        "+44 20 7946 0958",
    ],
)
def test_phone_formats(number, found):
    assert found(f"Zəng edin: {number}, sağ olun", "PHONE") == [number]


def test_russian_national_form_in_cyrillic_text(found):
    assert found("Мой номер 8 (912) 345-67-89, звоните", "PHONE") == ["8 (912) 345-67-89"]


def test_number_after_time_and_next_to_another(found):
    text = "saat 14:46 055.845.16.82. +994 70 494 54 58. 994 99 474 27 43."
    assert found(text, "PHONE") == ["055.845.16.82", "+994 70 494 54 58", "994 99 474 27 43"]


@pytest.mark.parametrize("text", ["tarix 12.05.2024", "məbləğ 1 250 000 manat", "sifariş 123456789"])
def test_dates_amounts_and_bare_order_numbers_are_not_phones(text, found):
    assert found(text, "PHONE") == []


def test_bare_number_counts_with_a_context_word(found):
    assert found("telefonum 501234567", "PHONE") == ["501234567"]
