def test_card_grouped_or_not_even_after_another_number(found):
    assert found("kart 4169 7388 1234 5670", "PAYMENT_CARD") == ["4169 7388 1234 5670"]
    assert found("COVID19 4169-7388-1234-5670.", "PAYMENT_CARD") == ["4169-7388-1234-5670"]
    assert found("məbləğ 25 4169738812345670", "PAYMENT_CARD") == ["4169738812345670"]


def test_luhn_failure_is_not_a_card(found):
    assert found("kart 4169 7388 1234 5674", "PAYMENT_CARD") == []
