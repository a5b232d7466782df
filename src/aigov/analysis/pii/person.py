"""Person names in Azerbaijani, Russian and English text, from capitalised tokens only.

Each capitalised word gets a kind: a given name from the project's lexicon, a surname by its ending
(-ov/-ova/-yev/-yeva/-zadə/-bəyli, -li/-lı/-lu/-lü; Russian -ов/-ев/-ин/-ский), a Russian patronymic (-ович,
-овна), an initial ("Ə.", "И."), or some other capitalised word. Runs of such words become a name when they
hold enough evidence: given name + another name word, initials + surname, "X oğlu/qızı", a title before
("cənab", "həkim", "господин") or an honorific after ("Rəşad müəllim"), or one unambiguous given name or
surname alone (lower score).
"""

from __future__ import annotations

import re
from functools import lru_cache

from presidio_analyzer import EntityRecognizer, RecognizerResult

from aigov.analysis.pii import names
from aigov.analysis.pii.base import LANGUAGE, make_result
from aigov.analysis.pii.person_features import WORD as _WORD
from aigov.analysis.pii.person_model import default_model, keep_rule

CONTEXT = [
    "adım",
    "adı",
    "soyad",
    "atasının",
    "vətəndaş",
    "şikayətçi",
    "зовут",
    "фио",
    "фамилия",
    "имя",
    "отчество",
    "гражданин",
    "name",
    "surname",
    "mr",
    "mrs",
]
_CAP = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ſƏА-ЯЁЀ-ЏҐ-ӿ]")
_LOW = "a-zçəğıöşüäéèáóúñ"
_CASE_AZ = r"(?:['’`]?(?:n?[ıiuü]n|y?[aə]|n?[ıiuü]|d[aə]n?|y?l[aə]|d[ıiuü]r?|l[aə]r(?:[ıi]n)?))?"
_SURNAME_AZ = re.compile(
    rf"[A-ZÇƏĞİÖŞÜ][{_LOW}]+?(?:y?ev|y?eva|ov|ova|zadə|zade|b[əe]yli|oğlu|qızı){_CASE_AZ}"
)
_SURNAME_AZ_WEAK = re.compile(rf"[A-ZÇƏĞİÖŞÜ][{_LOW}]+?(?:li|lı|lu|lü){_CASE_AZ}")
_CYR = "а-яёәөүғһҹјҝі"
_CASE_RU = r"(?:а|у|ым|ом|ой|ою|е|ы|ых|им|их|ую)?"
_SURNAME_RU = re.compile(rf"[А-ЯЁӘӨҮҒҺҸЈ][{_CYR}]+(?:ов|ев|ёв|јев){_CASE_RU}")
_SURNAME_RU_WEAK = re.compile(
    rf"[А-ЯЁ][{_CYR}]+(?:ин|ын{_CASE_RU}|ск(?:ий|ая|ого|ой|ому|им|ую|ом)|цк(?:ий|ая|ого|ой))"
)
_PATRONYMIC_RU = re.compile(rf"[А-ЯЁ][{_CYR}]+(?:ович|евич|ич|овна|евна|ична|инична)(?:а|у|ем|е|ы|ой|ом)?")
_AZ_CYRILLIC = re.compile("[әөүғһҹјҝ]", re.IGNORECASE)
_APOSTROPHE = re.compile(r"['’`]")
_ENDINGS_AZ = sorted(
    [
        "nın",
        "nin",
        "nun",
        "nün",
        "ın",
        "in",
        "un",
        "ün",
        "ya",
        "yə",
        "a",
        "ə",
        "nı",
        "ni",
        "nu",
        "nü",
        "ı",
        "i",
        "u",
        "ü",
        "da",
        "də",
        "dan",
        "dən",
        "la",
        "lə",
        "yla",
        "ylə",
        "dır",
        "dir",
        "dur",
        "dür",
        "ya",
        "dı",
        "di",
    ],
    key=len,
    reverse=True,
)
# Capitalised words that start sentences or name places, never a person.
_NOT_NAMES = {
    "salam",
    "hörmətli",
    "hormetli",
    "zəhmət",
    "xahiş",
    "təşəkkür",
    "tesekkur",
    "sağ",
    "mən",
    "men",
    "biz",
    "siz",
    "bu",
    "o",
    "bizim",
    "sizin",
    "mənim",
    "həm",
    "amma",
    "ancaq",
    "çünki",
    "artıq",
    "hələ",
    "bakı",
    "baki",
    "azərbaycan",
    "gəncə",
    "sumqayıt",
    "şəki",
    "lənkəran",
    "quba",
    "şirvan",
    "mingəçevir",
    "naxçıvan",
    "rusiya",
    "türkiyə",
    "gürcüstan",
    "iran",
    "moskva",
    "ankara",
    "avropa",
    "amerika",
    "respublika",
    "nazirlik",
    "nazirliyi",
    "universitet",
    "universiteti",
    "dövlət",
    "milli",
    "məclis",
    "şirkət",
    "mtn",
    "asan",
    "xidmət",
    "здравствуйте",
    "привет",
    "уважаемый",
    "уважаемая",
    "добрый",
    "спасибо",
    "прошу",
    "я",
    "мы",
    "вы",
    "это",
    "баку",
    "азербайджан",
    "россия",
    "москва",
    "hello",
    "dear",
    "hi",
    "thanks",
    "thank",
    "please",
    "i",
    "we",
    "the",
    "my",
    "our",
    "this",
    "street",
    "küçə",
    "küçəsi",
    "prospekti",
    "ул",
    "улица",
    "yanvar",
    "fevral",
    "mart",
    "aprel",
    "may",
    "iyun",
    "iyul",
    "avqust",
    "sentyabr",
    "oktyabr",
    "noyabr",
    "dekabr",
    "bazar",
    "cümə",
    "şənbə",
    "az",
    "ru",
    "en",
    "tel",
    "fin",
    "iban",
    "kart",
    "sms",
    "ok",
    "ev",
    "mənzil",
    "pasport",
}
# Places and institutions, with any ending ("Bakıda", "Gəncədən", "Москве").
_PLACES = (
    "bakı",
    "baki",
    "azərbaycan",
    "gəncə",
    "sumqayıt",
    "şəki",
    "lənkəran",
    "naxçıvan",
    "mingəçevir",
    "rusiya",
    "türkiyə",
    "moskva",
    "москв",
    "баку",
    "росси",
    "азербайджан",
    "nazirliy",
    "universitet",
    "prezidentin",
    "респ",
    "министерств",
    "təhsil",
    "səhiyyə",
)
_STRONG, _WEAK = {"G", "S", "R"}, {"g", "s", "I", "C"}
_NAME_KINDS = frozenset(_STRONG | _WEAK)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    return names.given_names(), names.russian_given_forms()


def _given(lower: str) -> str | None:
    """ "G" (unambiguous given name), "g" (also an ordinary word) or None, after stripping a case ending."""
    given, russian = _lexicon()
    base = _APOSTROPHE.split(lower, maxsplit=1)[0]
    candidates = [base]
    if base not in given and base not in russian:
        candidates += [base[: -len(e)] for e in _ENDINGS_AZ if base.endswith(e) and len(base) - len(e) >= 3]
    for form in candidates:
        if form in given or form in russian:
            return "g" if form in names.AMBIGUOUS else "G"
    return None


@lru_cache(maxsize=65_536)
def word_kind(word: str, followed_by_dot: bool) -> str:
    """One letter: G/g given name, S/s surname, R Russian patronymic, P oğlu/qızı, I initial, T title before,
    A honorific after, C other capitalised word, O anything else."""
    lower = word.lower().replace("\u0307", "")
    if lower in names.MALE_PATRONYMIC or lower in names.FEMALE_PATRONYMIC:
        return "P"
    if lower in names.TITLES_BEFORE and not word[0].isupper() or lower in {"cənab", "господин", "госпожа"}:
        return "T"
    if lower in names.TITLES_AFTER and word.islower():
        return "A"
    if not word[0].isupper():
        return "O"
    if len(word) == 1:
        return "I" if followed_by_dot else "O"
    if lower in names.TITLES_BEFORE:
        return "T"
    if lower in _NOT_NAMES or (word.isupper() and len(word) > 1):
        return "O"
    if _AZ_CYRILLIC.search(word):
        from aigov.analysis.transliterate import cyrillic_to_latin

        word = cyrillic_to_latin(word)
        lower = word.lower()
    kind = _given(lower)
    if kind:
        return kind
    if _SURNAME_AZ.fullmatch(word) or _SURNAME_RU.fullmatch(word):
        return "S"
    if _PATRONYMIC_RU.fullmatch(word):
        return "R"
    if _SURNAME_AZ_WEAK.fullmatch(word) or _SURNAME_RU_WEAK.fullmatch(word):
        return "s"
    return "O" if lower.startswith(_PLACES) else "C"


def _trim(kinds: list[str], keep_last: bool) -> tuple[int, int]:
    """Drop unknown capitalised words at the ends unless a given name or initial is beside them (or the last
    word is followed by an honorific or oğlu/qızı)."""
    lo, hi = 0, len(kinds)
    while lo < hi - keep_last and kinds[lo] == "C" and not (lo + 1 < hi and kinds[lo + 1] in "SsR"):
        lo += 1
    if keep_last:
        return lo, hi
    while hi > lo and kinds[hi - 1] == "C" and not (hi - 2 >= lo and kinds[hi - 2] in "GgI"):
        hi -= 1
    return lo, hi


def _score(kinds: list[str], title: bool, honorific: bool, patronymic: bool) -> tuple[float, str] | None:
    present = set(kinds)
    if patronymic and present & {"G", "g", "C", "S"}:
        return 0.9, "given name with oğlu/qızı patronymic"
    if len(kinds) >= 2 and present & _STRONG:
        return 0.85, "given name or surname with another name word"
    if len(kinds) >= 2 and "I" in present and present & {"s", "C"}:
        return 0.8, "initials with a name word"
    if len(kinds) >= 2 and "g" in present and "s" in present:
        return 0.7, "given name with a surname ending"
    if title and kinds != ["I"]:
        return 0.8, "title before a capitalised name"
    if honorific and present & {"G", "g", "C", "S"}:
        return 0.8, "name before an honorific (müəllim, xanım)"
    if len(kinds) == 1 and kinds[0] in _STRONG:
        return 0.6, {"G": "given name from the lexicon", "S": "surname ending", "R": "patronymic ending"}[
            kinds[0]
        ]
    return None


class AigovPersonRecognizer(EntityRecognizer):
    """The shipped PERSON token model joined with rules over capitalised words (the project's given-name
    lexicon, surname endings, patronymics, titles); ``use_model=False`` gives the rules alone."""

    trigger = _CAP

    def __init__(self, use_model: bool = True) -> None:
        self.use_model = use_model
        super().__init__(
            supported_entities=["PERSON"], name="aigov_person", supported_language=LANGUAGE, context=CONTEXT
        )

    def load(self) -> None:
        _lexicon()
        if self.use_model:
            default_model()

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:  # type: ignore[no-untyped-def]
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]  # one tokenization for both
        rules = self.rule_results(text, words)
        model = default_model() if self.use_model else None
        if model is None:
            return rules
        toks, probs = model.candidates(text, words)
        results = [r for r in rules if keep_rule(model, toks, probs, r.start, r.end, r.score)]
        for span in model.spans(text, toks, probs):
            if _common_word_alone(text, span.start, span.end):
                continue
            score = round(0.5 + 0.45 * span.probability, 3)
            reason = f"PERSON model {model.version}: every word's probability >= {model.threshold}"
            results.append(make_result(self, span.start, span.end, score, reason))
        return results

    def rule_results(
        self, text: str, words: list[tuple[int, int, str]] | None = None
    ) -> list[RecognizerResult]:
        """PERSON spans found by the name rules alone (``words``: the text's (start, end, word), if known)."""
        if words is None:
            words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        # Only a one-letter word's kind (an initial or not) depends on a dot after it.
        kinds = [word_kind(w, len(w) == 1 and text[e : e + 2].lstrip(" ")[:1] == ".") for s, e, w in words]
        results, i = [], 0
        while i < len(words):
            if kinds[i] not in _NAME_KINDS:
                i += 1
                continue
            j = i + 1
            while (
                j < len(words)
                and kinds[j] in _NAME_KINDS
                and _adjacent(text, words[j - 1], words[j], kinds[j - 1])
            ):
                j += 1
            follower = (
                kinds[j] if j < len(words) and _adjacent(text, words[j - 1], words[j], kinds[j - 1]) else ""
            )
            if follower == "T" and words[j][2].lower() in names.TITLES_AFTER:
                follower = "A"  # "Leyla xanım", "Rəşad həkim"
            lo, hi = _trim(kinds[i:j], follower in ("A", "P"))
            if kinds[i:j] == ["C", "C"] and _two_unknown_words_name(text, words[i], words[i + 1]):
                results.append(
                    make_result(
                        self, words[i][0], words[i + 1][1], 0.45, "two capitalised words inside a sentence"
                    )
                )
            if lo < hi:
                first, last = i + lo, i + hi - 1
                title = (
                    first > 0
                    and kinds[first - 1] == "T"
                    and _adjacent(text, words[first - 1], words[first], "T")
                )
                after = last + 1 < len(words) and _adjacent(text, words[last], words[last + 1], kinds[last])
                honorific = after and (kinds[last + 1] == "A" or words[last + 1][2] in names.TITLES_AFTER)
                patronymic = after and kinds[last + 1] == "P"
                found = _score(kinds[first : last + 1], title, honorific, patronymic)
                if found:
                    end = words[last][1]
                    if patronymic:
                        end = words[last + 1][1]
                        if (
                            last + 2 < len(words)
                            and kinds[last + 2] in "SsC"
                            and _adjacent(text, words[last + 1], words[last + 2], "P")
                        ):
                            end = words[last + 2][1]  # "Əli Vəli oğlu Məmmədov"
                    if kinds[last] == "I" and text[end : end + 1] == ".":
                        end += 1
                    start = words[first][0]
                    results.append(make_result(self, start, end, found[0], found[1]))
            i = j
        return results


def _common_word_alone(text: str, start: int, end: int) -> bool:
    """A single word that is a given name and an ordinary word ("Arzu", "Bahar"): the model alone does not
    make it a name."""
    word = text[start:end]
    return _WORD.fullmatch(word) is not None and word_kind(word, False) == "g"


_ORG_ENDING = re.compile(r"(?:s[ıiuü]|[ıiuü]n?|l[ae]r[ıi]?|[ıiuü]nda|[ıiuü]nd[əa]n|ov|ev|a|я|ия|ы|ой)$")


def _two_unknown_words_name(text: str, first: tuple[int, int, str], second: tuple[int, int, str]) -> bool:
    """Two unknown capitalised words ("Fan Noli") inside a sentence, neither with a possessive or case ending
    typical of institutions and places ("Ali Məclisi", "Silahlı Qüvvələri")."""
    before = text[: first[0]].rstrip()
    if not before or before[-1] in '.!?:;\n"«(':
        return False
    return not any(_ORG_ENDING.search(w[2].lower()) for w in (first, second)) and first[2][1:].islower()


def _adjacent(text: str, left: tuple[int, int, str], right: tuple[int, int, str], left_kind: str) -> bool:
    """Only spaces between two words (or the dot of an initial)."""
    gap = text[left[1] : right[0]]
    if left_kind == "I":
        return len(gap) <= 4 and gap.replace(".", "").strip(" ") == "" and gap.count(".") == 1
    return len(gap) <= 2 and gap.strip(" ") == ""
