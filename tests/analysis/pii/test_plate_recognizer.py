import pytest


@pytest.mark.parametrize("plate", ["10-AA-123", "90 BB 456", "77XY789"])
def test_plate_formats(plate, found):
    assert found(f"Maşın {plate} qəzaya düşdü", "PLATE") == [plate]


def test_unknown_region_code_and_lower_case_without_context(found):
    assert found("Kod 13-AB-123", "PLATE") == []
    assert found("kod 10-aa-123", "PLATE") == []
    assert found("maşının nömrəsi 10-aa-123", "PLATE") == ["10-aa-123"]
