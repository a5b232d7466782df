VALID = "AZ21NABZ00000000137010001944"


def test_iban_whole_grouped_dashed_lower_case(found):
    grouped = "AZ21 NABZ 0000 0000 1370 1000 1944"
    for value in (VALID, grouped, grouped.lower(), grouped.replace(" ", "-")):
        assert found(f"IBAN {value} Nizami", "IBAN") == [value]


def test_wrong_checksum_is_not_an_iban(found):
    assert found("IBAN AZ22 NABZ 0000 0000 1370 1000 1944", "IBAN") == []
