"""Transliterate stage: Azerbaijani written in Cyrillic becomes Azerbaijani Latin (1991 alphabet)."""

from __future__ import annotations

from aigov.analysis.pipeline import AnalysisItem

TABLE_NAME = "az-cyrl-latn-1991"

# Official Azerbaijani Cyrillic -> Latin correspondences (upper case; lower case is derived below).
_AZ_UPPER: dict[str, str] = {
    "А": "A", "Б": "B", "Ҹ": "C", "Ч": "Ç", "Д": "D", "Е": "E", "Ә": "Ə", "Ф": "F", "Ҝ": "G",
    "Ғ": "Ğ", "Һ": "H", "Х": "X", "Ы": "I", "И": "İ", "Ж": "J", "К": "K", "Г": "Q", "Л": "L",
    "М": "M", "Н": "N", "О": "O", "Ө": "Ö", "П": "P", "Р": "R", "С": "S", "Ш": "Ş", "Т": "T",
    "У": "U", "Ү": "Ü", "В": "V", "Ј": "Y", "З": "Z",
}
# Letters of Russian origin seen in Azerbaijani Cyrillic texts: conventional fallbacks, not official.
_FALLBACK_UPPER: dict[str, str] = {
    "Й": "Y", "Ц": "Ts", "Ю": "Yu", "Я": "Ya", "Ё": "Yo", "Э": "E", "Щ": "Şç", "Ъ": "", "Ь": "",
}
_LOWER_SPECIAL = {"ы": "ı", "и": "i"}  # Latin dotless/dotted i differ from a plain lower()


def _build_table() -> dict[int, str]:
    table: dict[str, str] = {}
    for upper, latin in {**_FALLBACK_UPPER, **_AZ_UPPER}.items():
        table[upper] = latin
        table[upper.lower()] = latin.lower()
    table.update(_LOWER_SPECIAL)
    table["Ы"], table["И"] = "I", "İ"
    return str.maketrans(table)


_TABLE = _build_table()
_MULTI = {v for v in _TABLE.values() if len(v) > 1}


def cyrillic_to_latin(text: str) -> str:
    """Azerbaijani Cyrillic -> Azerbaijani Latin; other characters are kept as they are."""
    out = text.translate(_TABLE)
    if any(m in out for m in _MULTI):
        out = _fix_caps(text, out)
    return out


def _fix_caps(source: str, out: str) -> str:
    """Upper-case two-letter fallbacks (Ю -> YU) inside words written in capitals."""
    words = source.split(" ")
    if len(words) != len(out.split(" ")):
        return out
    return " ".join(
        o.upper() if len(w) > 1 and w.isupper() else o for w, o in zip(words, out.split(" "), strict=True)
    )


class TransliterateStage:
    """Rewrites ``normalised`` in Latin letters when the item is Azerbaijani in Cyrillic (or mixed) script."""

    name = "transliterate"
    version = "1"

    def run(self, items: list[AnalysisItem]) -> list[AnalysisItem]:
        for item in items:
            applied = item.language == "az" and item.script in ("cyrillic", "mixed")
            if applied:
                item.normalised = cyrillic_to_latin(item.normalised)
            item.explanations[self.name] = {"applied": applied, "table": TABLE_NAME if applied else None}
        return items
