"""What every aigov recognizer shares: one language code, Presidio results, number candidates.

A recognizer may also declare what a text must hold for it to find anything, so the engine skips it
elsewhere (see ``engine._gates``): ``needs_digit`` (a digit) and ``trigger`` (a pattern).
"""

from __future__ import annotations

import re

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

LANGUAGE = "xx"  # one multilingual code: every recognizer serves az, ru, en and tr text alike
DIGIT = re.compile(r"\d")
REGEX_FLAGS = (
    re.DOTALL | re.MULTILINE
)  # Presidio's default adds IGNORECASE; case matters for FIN, plates, names


def make_result(
    recognizer: EntityRecognizer, start: int, end: int, score: float, reason: str
) -> RecognizerResult:
    """A Presidio result whose explanation names the recognizer and the reason, never the value."""
    explanation = AnalysisExplanation(
        recognizer=recognizer.name, original_score=score, textual_explanation=reason
    )
    return RecognizerResult(
        entity_type=recognizer.supported_entities[0],
        start=start,
        end=end,
        score=score,
        analysis_explanation=explanation,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        },
    )


_RUN = re.compile(r"(?<![\w+])(?:\+\s?)?\(?\d+\)?(?:[ .-]?\(?\d+\)?)*")
_GROUP = re.compile(r"(?:\+\s?)?\(?\d+\)?")


def number_candidates(text: str, min_digits: int, max_digits: int, accept) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Spans of runs of digit groups (separated by one space, dot or dash) or of their sub-runs, the longest
    from the earliest group first, that ``accept(candidate)`` approves. A sub-run is tried when the whole run
    fails, so "14:46 055.845.16.82" or "COVID19 4098 6606 7918 5203" still yield the number."""
    found = []
    for run in _RUN.finditer(text):
        groups = [(run.start() + g.start(), run.start() + g.end()) for g in _GROUP.finditer(run.group())]
        i = 0
        while i < len(groups):
            for j in range(len(groups), i, -1):
                start, end = groups[i][0], groups[j - 1][1]
                digits = sum(ch.isdigit() for ch in text[start:end])
                if min_digits <= digits <= max_digits and accept(text[start:end]):
                    found.append((start, end))
                    i = j - 1
                    break
            i += 1
    return found
