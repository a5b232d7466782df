"""The one small interface every personal-data recognizer implements."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Span:
    """A piece of personal data found in a text: offsets only, never the matched value."""

    type: str
    start: int
    end: int
    score: float
    recognizer: str
    reason: str

    def __len__(self) -> int:
        return self.end - self.start


class Recognizer(Protocol):
    """Finds one kind of personal data (shaped so it can become a Presidio custom recognizer)."""

    name: str
    entity_type: str

    def find(self, text: str) -> list[Span]: ...


def has_context(text: str, start: int, end: int, words: re.Pattern[str], window: int = 40) -> bool:
    """Whether one of ``words`` occurs within ``window`` characters before or after the match."""
    return bool(words.search(text, max(0, start - window), start) or words.search(text, end, end + window))
