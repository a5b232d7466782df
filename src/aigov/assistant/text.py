"""Language-aware tokens for retrieval: one spelling for the many ways citizens write a word.

Azerbaijani is folded (Cyrillic to Latin, with or without its diacritics, ``sh``/``ch`` digraphs) with
:func:`aigov.ml.features.fold_for_features` and its common suffixes are stripped by a light stemmer;
Russian and English words are stemmed with Snowball.  A query in Latin letters whose language is not
clear gets both the Azerbaijani and the English stem of each word.  Character n-grams of the folded
words give typo tolerance (``pasprot`` still shares most trigrams with ``pasport``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from aigov.ml.features import fold_for_features, turkic_lower

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_AZ_CYRILLIC = re.compile(r"[әғүөһҹҝјӘҒҮӨҺҸҜЈ]")
_AZ_LATIN = re.compile(r"[əƏıİşŞçÇğĞöÖüÜ]")
_RU_TO_LATIN_WORD = re.compile(r"[\u0400-\u04ff]")

# Azerbaijani suffixes in folded spelling (ə→e, ı→i, ş→s, ç→c, ğ→g, ö→o, ü→u), longest first.
_AZ_SUFFIXES = sorted(
    {
        "lar",
        "ler",
        "larin",
        "lerin",
        "lari",
        "leri",
        "larda",
        "lerde",
        "lardan",
        "lerden",
        "lara",
        "lere",
        "imiz",
        "iniz",
        "umuz",
        "unuz",
        "miz",
        "niz",
        "im",
        "in",
        "um",
        "un",
        "si",
        "su",
        "sin",
        "sun",
        "nin",
        "nun",
        "da",
        "de",
        "ta",
        "te",
        "dan",
        "den",
        "tan",
        "ten",
        "ya",
        "ye",
        "na",
        "ne",
        "nda",
        "nde",
        "ndan",
        "nden",
        "ni",
        "nu",
        "la",
        "le",
        "yla",
        "yle",
        "ile",
        "ila",
        "maq",
        "mek",
        "mak",
        "masi",
        "mesi",
        "mas",
        "mes",
        "dir",
        "dur",
        "tir",
        "tur",
        "miş",
        "mis",
        "mus",
        "diq",
        "dik",
        "duq",
        "duk",
        "acaq",
        "ecek",
        "mir",
        "mur",
        "a",
        "e",
        "i",
        "u",
    },
    key=len,
    reverse=True,
)
AZ_MIN_STEM = 3

_STOPWORDS_TEXT = {
    "az": """
        salam sag ol olun zehmet olmasa xahis edirem edirik men mene menim biz bize bizim sen sene senin siz
        size sizin o onun ona onu bu bunu bunun buna sunu hemin ve ya yaxud ile ucun ki de da mi mu bes amma
        ancaq lakin nece nedir ne neler nə hansi harada hara haradan kim kime niye neye ne vaxt vaxt olar
        olarmi olur lazim lazimdir lazimdi gerek gerekdir isteyirem isteyirik istiyirem almaq alim alaq
        etmek etmeliyem edim edek elemek elemeliyem edilir olunur olunmalidir olmaq var yox yoxdur deyil
        hec indi artiq cox az bir iki ilk sonra evvel gore haqqinda bagli barede ele bele bele bele sey
        sual bilmirem bilirsiz bilersiniz deyin deye kömek komek kömək edin edersiniz zehmet olmasa pls
        pliz yaxsi hə he yox beli xeyr qardas baci xanim bey cenab ala bilerem bilerik biler ede olurmu
        olarmi necede neçədə qeder qədər yeni
    """,
    "ru": """
        здравствуйте привет добрый день вечер утро пожалуйста спасибо скажите подскажите помогите
        я мне меня мой моя мое мои мы нам нас наш ты тебе твой вы вам вас ваш он она оно они его ее их
        это этот эта эти тот та то как какой какая какие где куда откуда когда почему зачем что чем чего
        кто кому сколько ли и или а но да нет не ни же бы в во на с со к ко по о об от до из у за для при
        про над под без можно нужно надо нужен нужна нужны хочу хотим хотел хотела могу можем получить
        сделать оформить есть быть был была будет ещё еще уже очень просто вообще тоже также так там тут
        здесь мне вопрос пжл плз могу можем положено положены делать дают
    """,
    "en": """
        hi hello hey please thanks thank you i me my mine we us our you your he she it its they them their
        this that these those a an the and or but if of to in on at for with by from about as is are was
        were be been being am do does did doing have has had can could would should will shall may might
        must need needs want wanna get got getting how what which where when who whom why much many any
        some there here just also too very so then than not no yes into out up down over again tell
        know please pls plz someone help
    """,
}


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Filler words of the three languages, folded (they neither match nor count for confidence)."""
    words: set[str] = set()
    for text in _STOPWORDS_TEXT.values():
        words.update(fold(w) for w in text.split())
    return frozenset(words)


@lru_cache(maxsize=1)
def _language_stopwords() -> dict[str, frozenset[str]]:
    return {lang: frozenset(fold(w) for w in text.split()) for lang, text in _STOPWORDS_TEXT.items()}


def fold(text: str) -> str:
    """Lower case, Latin script, no diacritics (``Şəxsiyyət``, ``шәхсиййәт`` and ``sexsiyyet`` meet)."""
    return fold_for_features(text, translit_russian=True)


def guess_language(text: str, default: str = "en") -> str:
    """az, ru or en from letters and filler words (cheap, for short questions)."""
    if _AZ_CYRILLIC.search(text):
        return "az"
    if _CYRILLIC.search(text):
        latin = len(re.findall(r"[A-Za-z]", text))
        cyrillic = len(_CYRILLIC.findall(text))
        if cyrillic >= latin:
            return "ru"
    if _AZ_LATIN.search(text):
        return "az"
    words = [fold(w) for w in _WORD.findall(turkic_lower(text))]
    by_lang = _language_stopwords()
    az = sum(w in by_lang["az"] for w in words) + sum(bool(re.search(r"[qx]", w)) for w in words)
    en = sum(w in by_lang["en"] for w in words)
    if az > en:
        return "az"
    if en > az:
        return "en"
    return default


@lru_cache(maxsize=2)
def _snowball(language: str):  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer({"ru": "russian", "en": "english"}[language])


def az_stem(folded_word: str) -> str:
    """Strip Azerbaijani suffixes (folded spelling) while at least AZ_MIN_STEM letters remain."""
    word = folded_word
    changed = True
    while changed and len(word) > AZ_MIN_STEM + 1:
        changed = False
        for suffix in _AZ_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= AZ_MIN_STEM:
                word = word[: -len(suffix)]
                changed = True
                break
    return word


@lru_cache(maxsize=200_000)
def stems(word: str, language: str | None) -> tuple[str, ...]:
    """Index forms of one word: its folded stem(s) for ``language`` (None: Latin gets az and en)."""
    lower = turkic_lower(word)
    if _CYRILLIC.search(lower) and not _AZ_CYRILLIC.search(lower):
        stem = _snowball("ru").stemWord(lower)
        return (fold(stem),)
    folded = fold(lower)
    if not folded:
        return ()
    if language == "ru":  # Russian typed in Latin letters: the folded word is what can match
        return (folded,)
    forms = []
    if language in (None, "az"):
        forms.append(az_stem(folded))
    if language in (None, "en"):
        forms.append(fold(_snowball("en").stemWord(folded)))
    return tuple(dict.fromkeys(forms))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def content_words(text: str) -> list[str]:
    """The words of ``text`` that are not filler words or numbers, in order (duplicates removed)."""
    stop = stopwords()
    seen: dict[str, str] = {}
    for word in words(text):
        folded = fold(word)
        if not folded or folded in stop or folded.isdigit() or len(folded) < 2 or az_stem(folded) in stop:
            continue
        seen.setdefault(folded, word)
    return list(seen.values())


def word_tokens(text: str, language: str | None) -> list[str]:
    """BM25 tokens: stems of the content words (all forms for a word of unknown language)."""
    tokens: list[str] = []
    for word in content_words(text):
        tokens.extend(stems(word, language))
    return tokens


def char_ngrams(text: str, n: int = 3) -> list[str]:
    """Character n-grams of each folded content word, with word boundaries marked."""
    grams: list[str] = []
    for word in content_words(text):
        folded = f"#{fold(word)}#"
        grams.extend(folded[i : i + n] for i in range(len(folded) - n + 1))
    return grams


def similar(a: str, b: str) -> float:
    """Similarity of two folded words, 0..1 (Dice coefficient of character bigrams)."""
    if a == b:
        return 1.0
    if len(a) < 2 or len(b) < 2:
        return 0.0
    grams_a = [a[i : i + 2] for i in range(len(a) - 1)]
    grams_b = [b[i : i + 2] for i in range(len(b) - 1)]
    pool = list(grams_b)
    common = 0
    for gram in grams_a:
        if gram in pool:
            pool.remove(gram)
            common += 1
    return 2 * common / (len(grams_a) + len(grams_b))
