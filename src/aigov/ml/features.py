"""Text normalisation before featurising: one spelling for the many ways citizens write the same word.

Azerbaijani is written with and without its diacritics (``yaxşı``/``yaxsi``/``yaxshi``), in Latin and
Cyrillic script, often with Russian words in Latin letters; letters are repeated for emphasis
(``çoooox``) and emoji carry much of the sentiment. :func:`fold_for_features` maps all of these to
one form so that the same word gives the same n-grams.
"""

from __future__ import annotations

import re
import unicodedata

from aigov.analysis.transliterate import cyrillic_to_latin

_AZ_CYRILLIC = re.compile(r"[әғүөһҹҝјӘҒҮӨҺҸҜЈ]")
_RU_TO_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "j", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "x", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
})
# Azerbaijani/Turkish letters folded to the plain letter people type when their keyboard lacks them.
_DIACRITICS = str.maketrans({"ə": "e", "ı": "i", "ö": "o", "ü": "u", "ş": "s", "ç": "c", "ğ": "g",
                             "ä": "e", "â": "a", "î": "i", "û": "u"})
_DIGRAPHS = (("sh", "s"), ("ch", "c"), ("gh", "g"))
_BOTH = {**_RU_TO_LATIN, **_DIACRITICS}  # one pass: no romanised letter is itself folded further


def _as_sequence(table: dict[int, str]) -> list[int | str]:
    """A translate table as a list by code point (unmapped: itself; beyond its end: kept as well).

    ``str.translate`` looks a list up twice as fast as a dict, whose every miss raises internally.
    """
    out: list[int | str] = list(range(max(table) + 1))
    for code, value in table.items():
        out[code] = value
    return out


_BOTH_LIST = _as_sequence(_BOTH)
_DIACRITICS_LIST = _as_sequence(_DIACRITICS)
_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@\w+")
_DIGITS = re.compile(r"\d+")
_ELONGATED = re.compile(r"(\w)\1{2,}")
_SMILE = re.compile(r"(?:[:;=]-?[)D]|\){2,})")
_FROWN = re.compile(r"(?:[:;=]-?\(|\({2,})")
_EMOJI = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]")


def turkic_lower(text: str) -> str:
    """Lower case that keeps Turkic dotted and dotless i apart."""
    return text.replace("İ", "i").replace("I", "ı").lower()


def fold_for_features(text: str, *, translit_russian: bool = True) -> str:
    """One normalised form: lower case, Latin script, no diacritics, no elongation, tokens for emoji.

    Azerbaijani Cyrillic (recognised by its own letters) becomes Latin with the official table; with
    ``translit_russian`` other Cyrillic is romanised too, so ``spasibo`` and ``спасибо`` meet.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _AZ_CYRILLIC.search(text):
        text = cyrillic_to_latin(text)
    if "http" in text or "www." in text:  # substring tests first: most texts need none of these subs
        text = _URL.sub(" urlx ", text)
    text = _MENTION.sub(" userx ", text)
    if ":" in text or ";" in text or "=" in text or "))" in text:
        text = _SMILE.sub(" smilex ", text)
    if ":" in text or ";" in text or "=" in text or "((" in text:
        text = _FROWN.sub(" frownx ", text)
    text = _EMOJI.sub(lambda m: f" {m.group()} ", text)
    text = turkic_lower(text)
    if not text.isascii():
        text = text.translate(_BOTH_LIST if translit_russian else _DIACRITICS_LIST)
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    text = _DIGITS.sub("0", text)
    text = _ELONGATED.sub(r"\1\1", text)
    return " ".join(text.split())  # as re's \s+ -> " " then strip, in a third of the time
