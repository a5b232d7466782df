def test_id_card_serials(found):
    assert found("Паспорт AA1234567, vəsiqə AZE 12345678", "ID_CARD") == ["AA1234567", "AZE 12345678"]


def test_lower_case_serial_needs_context(found):
    assert found("şəxsiyyət vəsiqəsi aze12345678", "ID_CARD") == ["aze12345678"]
    assert found("bilet aze12345678", "ID_CARD") == []
