"""What a citizen's words ask for, beyond the service: an aspect (fee, documents...), a complaint, a list of
benefits, a yes or a no, a follow-up.  Cue words are matched on folded word prefixes, so ``sənədlər``,
``senedleri`` and ``sened`` all say "documents"."""

from __future__ import annotations

from functools import lru_cache

from aigov.assistant.text import fold, words

ASPECTS: tuple[str, ...] = ("fees", "documents", "duration", "where", "eligibility")

# Folded word prefixes, per aspect, of the three languages (written by the project).
_ASPECT_CUES: dict[str, str] = {
    "fees": """qiymet qiymeti pul rusum rusumu haqq haqqi odenis odenisi manat neceye
               ucuz baha stoim stoit tsena cena poslin oplat deneg dengi platit platn
               much fee fees cost costs price pay paid charge cheap expensive manats""",
    "documents": """sened senedler senedl arayis dokument spravk bumag
                    document documents paper papers bring required requirements""",
    "duration": """muddet muddeti vaxt gun gune tez gec hazir srok dney dnya nedel
                   bystro dolgo vremeni long days fast quickly soon ready takes wait""",
    "where": """harada hara haraya unvan unvani filial merkez ofis onlayn internet gde kuda adres
                onlain sait where address office online website apply centre center branch""",
    "eligibility": """kim kimler huquq huququ sert sertler kto pravo imeet usloviy
                      who eligible eligibility qualify entitled conditions""",
}
_COMPLAIN = """sikayet sikayetim narazi narazilig etiraz zhalob zhaloba zalob zaloba pozhalov pojalov
               jalob jaluy nedovol zhaluyus complain complaint complaining dissatisfied grievance appeal"""
_BENEFITS = """muavinet muavinetler yardim yardimlar imtiyaz proqram posobi posob lgot vyplat
               pomosh programm benefit benefits allowance allowances programme programmes support
               entitled"""
_BENEFIT_QUESTION = """hansi hansilar kakie kakoi kakuyu which what any"""
_YES = {
    "he",
    "hə",
    "beli",
    "bəli",
    "ok",
    "okay",
    "yes",
    "y",
    "da",
    "да",
    "aha",
    "razıyam",
    "raziyam",
    "agree",
    "soglasen",
    "согласен",
    "согласна",
    "razi",
    "hop",
    "sure",
}
_NO = {"yox", "xeyr", "no", "n", "net", "нет", "istemirem", "не", "ne nado", "cancel", "imtina"}
_FOLLOW_UP_STARTS = {
    "bes",
    "və",
    "ve",
    "bəs",
    "а",
    "и",
    "and",
    "also",
    "ещё",
    "еще",
    "onda",
    "bunun",
    "onun",
    "what about",
    "а если",
    "then",
}
_PRONOUNS = """onu onun ona bunu bunun buna it its this that that's them eto etogo etomu ego nego nee
               dlya nego"""


@lru_cache(maxsize=1)
def _cue_table() -> dict[str, tuple[str, ...]]:
    table = {aspect: tuple(sorted({fold(w) for w in cues.split()})) for aspect, cues in _ASPECT_CUES.items()}
    table["complain"] = tuple(sorted({fold(w) for w in _COMPLAIN.split()}))
    table["benefits"] = tuple(sorted({fold(w) for w in _BENEFITS.split()}))
    table["benefit_question"] = tuple(sorted({fold(w) for w in _BENEFIT_QUESTION.split()}))
    table["pronoun"] = tuple(sorted({fold(w) for w in _PRONOUNS.split()}))
    return table


def _hits(text: str, kind: str) -> set[str]:
    cues = _cue_table()[kind]
    found = set()
    for word in words(text):
        folded = fold(word)
        if len(folded) < 2:
            continue
        for cue in cues:
            if folded == cue or (len(cue) >= 4 and folded.startswith(cue)):
                found.add(folded)
                break
    return found


def aspects(text: str) -> list[str]:
    """The aspects a question asks about, in ASPECTS order (empty: everything)."""
    return [aspect for aspect in ASPECTS if _hits(text, aspect)]


def aspect_words(text: str) -> set[str]:
    """The folded words of ``text`` that only name an aspect (they do not name a service)."""
    found: set[str] = set()
    for aspect in ASPECTS:
        found |= _hits(text, aspect)
    return found


def is_complaint(text: str) -> bool:
    return bool(_hits(text, "complain"))


def asks_for_benefits(text: str) -> bool:
    """ "Which benefits can I get?" in any of the three languages."""
    return bool(_hits(text, "benefits")) and bool(_hits(text, "benefit_question"))


def refers_back(text: str) -> bool:
    """Words that point at the topic already being talked about ("and how much is it?", "bəs onun...")."""
    tokens = [w.lower() for w in words(text)]
    if not tokens:
        return False
    return tokens[0] in _FOLLOW_UP_STARTS or bool(_hits(text, "pronoun"))


def yes_or_no(text: str) -> bool | None:
    """True for a yes, False for a no, None for anything else."""
    cleaned = " ".join(w.lower() for w in words(text))
    if cleaned in _YES or (cleaned.split()[:1] and cleaned.split()[0] in _YES and len(cleaned.split()) <= 3):
        return True
    if cleaned in _NO or (cleaned.split()[:1] and cleaned.split()[0] in _NO and len(cleaned.split()) <= 3):
        return False
    return None


def cue_words(text: str) -> set[str]:
    """Folded words of ``text`` that name an aspect or ask for benefits (not a particular service)."""
    return aspect_words(text) | _hits(text, "benefits") | _hits(text, "benefit_question")
