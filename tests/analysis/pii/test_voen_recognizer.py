def test_valid_voen_in_groups(found):
    assert found("VÖEN: 1400 057 421", "VOEN") == ["1400 057 421"]
    assert found("ИНН 140-005-7421", "VOEN") == ["140-005-7421"]


def test_wrong_check_digit_is_not_a_voen(found):
    assert found("VÖEN: 1400057431", "VOEN") == []
