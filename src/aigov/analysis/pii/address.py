"""Street addresses: a street name with its street word and a house number ("Nizami küç. 45",
"ул. Ленина, д. 5", "28 May street 12, apt 4")."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

from aigov.analysis.pii.base import LANGUAGE, REGEX_FLAGS

CONTEXT = ["ünvan", "unvan", "yaşayıram", "адрес", "проживаю", "address", "live"]
_WORD = r"[A-ZÇƏĞİÖŞÜ][a-zçəğıöşü'’-]+"
_NAME = rf"(?:\d{{1,2}}\s+)?{_WORD}(?:\s+(?:{_WORD}|bəy|xan|ağa)){{0,3}}"
_STREET_AZ = (
    r"(?:küç(?:ə(?:si)?)?\.?|kuc(?:esi)?\.?|prospekti|pr\.|prosp\.|döngəsi|dalanı|şossesi"
    r"|street|st\.|avenue|ave\.|str\.)"
)
_HOUSE = r"(?:ev|bina|house|д\.|dom|№)?\s*\d{1,4}[a-zA-Z]?(?:/\d{1,3})?"
_FLAT = r"(?:\s*,?\s*(?:mənzil|menzil|m\.|apt\.?|apartment|flat|kv\.?|кв\.?|квартира)\s*\d{1,4})?"
_AZ_EN = rf"(?<!\w){_NAME}\s+{_STREET_AZ}\s*,?\s*{_HOUSE}{_FLAT}(?!\w)"
_RU_NAME = r"[А-ЯЁ0-9][\w-]*(?:\s+[А-ЯЁ][\w-]*){0,2}"
_RU = (
    rf"(?<!\w)(?:ул\.|улица|пр\.|просп\.|проспект|пер\.|переулок)\s*{_RU_NAME}\s*,?\s*(?:д\.|дом)?\s*\d{{1,4}}"
    rf"[а-яa-z]?(?:/\d{{1,3}})?(?:\s*,?\s*(?:кв\.?|квартира)\s*\d{{1,4}})?(?!\w)"
)


class AigovAddressRecognizer(PatternRecognizer):
    """Street word plus house number (and flat) in az, ru and en notation."""

    needs_digit = True  # the house number
    # A street word as the (case-sensitive) patterns write it: a case-insensitive search cost ten times more.
    trigger = re.compile(
        r"küç|kuc|pr\.|prosp|döngə|dalan|şosse|street|st\.|avenue|ave\.|str\.|ул|пр\.|просп|пер"
    )

    def __init__(self) -> None:
        patterns = [Pattern("street_az_en", _AZ_EN, 0.7), Pattern("street_ru", _RU, 0.7)]
        super().__init__(
            supported_entity="ADDRESS",
            name="aigov_address",
            supported_language=LANGUAGE,
            patterns=patterns,
            context=CONTEXT,
            global_regex_flags=REGEX_FLAGS,
        )
