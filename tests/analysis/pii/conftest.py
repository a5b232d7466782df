from collections.abc import Callable

import pytest

from aigov.analysis.pii import analyze


@pytest.fixture
def found() -> Callable[[str, str], list[str]]:
    """The substrings of a text that the analyzer marks as a given type."""

    def find(text: str, kind: str) -> list[str]:
        return [text[r.start : r.end] for r in analyze(text) if r.entity_type == kind]

    return find
