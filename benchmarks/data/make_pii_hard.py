"""Writes pii_hard.jsonl: hard personal-data test messages (az Latin and Cyrillic, ru, en) with gold spans.

Identifiers come in odd formats (spaces, dashes, dots, lower case, +994 / 0 / (012), cards and IBANs in
groups, FIN glued to "FIN:"), beside numbers that are not identifiers (dates, amounts, order and case
numbers, house numbers, years, counts, product codes). Every identifier is synthetic, with valid check
digits; names are invented combinations. Run: python benchmarks/data/make_pii_hard.py
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import phonenumbers
from stdnum import iban, luhn
from stdnum.az import voen

OUT = Path(__file__).with_name("pii_hard.jsonl")
FIN_CHARS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LETTERS = "ABCDEFGHJKLMNPRSTUVYZ"

AZ_GIVEN = [
    "Günel",
    "Rəşad",
    "Elvin",
    "Leyla",
    "Aynur",
    "Tural",
    "Nigar",
    "Orxan",
    "Səbinə",
    "Kamran",
    "Aysel",
    "Zaməddin",
    "Gülxar",
    "Şahlar",
    "Nurlana",
    "Elşən",
    "Fərid",
    "Könül",
    "Vüqar",
    "Məhsəti",
    "Ramin",
    "Cavidan",
    "Xəyyam",
    "Lamiyə",
    "Sevil",
    "Ülvi",
    "Aqşin",
    "Fəxri",
    "Təranə",
    "Ziyafət",
]
AZ_SURNAME = [
    "Həsənov",
    "Məmmədov",
    "Əliyev",
    "Quliyev",
    "Hüseynov",
    "Cəfərov",
    "İsmayılov",
    "Rzayev",
    "Abdullayev",
    "Nəsirli",
    "Hacıbəyli",
    "Əlizadə",
    "Qasımlı",
    "Səfərov",
    "Bağırov",
    "Kərimov",
    "Orucov",
    "Talıbov",
    "Musayev",
    "Şükürlü",
    "Mirzəzadə",
    "Paşayev",
    "Vəliyev",
    "Nağıyev",
]
RU_GIVEN = ["Анна", "Иван", "Сергей", "Ольга", "Дмитрий", "Наталья", "Алексей", "Елена", "Михаил", "Татьяна"]
RU_SURNAME = ["Петров", "Иванов", "Смирнов", "Кузнецов", "Соколов", "Попов", "Лебедев", "Козлов", "Новиков"]
RU_PATRONYMIC_M = ["Сергеевич", "Иванович", "Петрович", "Александрович"]
RU_PATRONYMIC_F = ["Сергеевна", "Ивановна", "Петровна", "Александровна"]
EN_NAMES = ["John Smith", "Sarah Connor", "Michael Brown", "Emma Wilson", "David Miller"]
AZ_CYR_NAMES = ["Әли Мәммәдов", "Лејла Һәсәнова", "Рәшад Гулијев", "Ајнур Әлијева"]
STREETS_AZ = [
    "Nizami",
    "Azadlıq",
    "Füzuli",
    "Səməd Vurğun",
    "Bülbül",
    "Atatürk",
    "Nəsimi",
    "Həsən bəy Zərdabi",
]
STREETS_RU = ["Ленина", "Низами", "Гагарина", "Пушкина"]


def phone(rng: random.Random, lang: str) -> str:
    while True:
        op = rng.choice(["50", "51", "55", "70", "77", "99", "10", "60"])
        rest = f"{rng.randint(200, 999)}{rng.randint(10, 99)}{rng.randint(10, 99)}"
        a, b, c = rest[:3], rest[3:5], rest[5:]
        formats = [
            f"+994 {op} {a} {b} {c}",
            f"+994{op}{rest}",
            f"0{op}{rest}",
            f"0{op}-{a}-{b}-{c}",
            f"0{op} {a} {b} {c}",
            f"(0{op}) {a}-{b}-{c}",
            f"994 {op} {a} {b} {c}",
            f"+994({op}){rest}",
            f"0{op}.{a}.{b}.{c}",
            f"(012) {rng.randint(400, 599)}-{b}-{c}",
            f"012 {rng.randint(400, 599)} {b} {c}",
            f"+994 12 {rng.randint(400, 599)} {b} {c}",
        ]
        if lang == "ru":
            formats += [f"+7 912 {a}-{b}-{c}", f"8 (912) {a}-{b}-{c}"]
        if lang == "en":
            formats += [f"+44 20 7946 {rng.randint(1000, 9999)}", f"+90 532 {a} {b} {c}"]
        value = rng.choice(formats)
        region = "RU" if value.startswith("8 (") else "AZ"
        if phonenumbers.is_valid_number(phonenumbers.parse(value, region)):
            return value


def fin(rng: random.Random) -> str:
    while True:
        value = "".join(rng.choice(FIN_CHARS) for _ in range(7))
        if (
            re.search(r"\d", value)
            and re.search(r"[A-Z]", value)
            and not re.fullmatch(r"\d\d[A-Z]{2}\d{3}", value)
        ):
            return value


def voen_number(rng: random.Random) -> str:
    while True:
        first = f"{rng.randint(10_000_000, 99_999_999)}"
        for check in "0123456789":
            value = first + check + rng.choice("12")
            if voen.is_valid(value):
                return value


def iban_number(rng: random.Random) -> str:
    bank = rng.choice(["NABZ", "AIIB", "IBAZ", "PAHA", "CAPN"])
    account = "".join(rng.choice("0123456789") for _ in range(20))
    check = iban.calc_check_digits("AZ00" + bank + account)
    return f"AZ{check}{bank}{account}"


def card(rng: random.Random) -> str:
    body = rng.choice(["4169", "5522", "4098", "5103"]) + "".join(rng.choice("0123456789") for _ in range(11))
    return body + luhn.calc_check_digit(body)


def grouped(value: str, sep: str = " ") -> str:
    return sep.join(value[i : i + 4] for i in range(0, len(value), 4))


def az_person(rng: random.Random) -> str:
    g, s = rng.choice(AZ_GIVEN), rng.choice(AZ_SURNAME)
    female = g in {
        "Günel",
        "Leyla",
        "Aynur",
        "Nigar",
        "Səbinə",
        "Aysel",
        "Gülxar",
        "Nurlana",
        "Könül",
        "Məhsəti",
        "Lamiyə",
        "Sevil",
        "Təranə",
    }
    if female and s.endswith(("ov", "ev")):
        s += "a"
    father = rng.choice(["Vəli", "Əli", "Rauf", "Elçin", "Namiq", "Fikrət"])
    forms = [
        f"{g} {s}",
        f"{s} {g}",
        f"{g[0]}. {s}",
        f"{g} {father} {'qızı' if female else 'oğlu'} {s}",
        f"{g} {s}ın".replace("ovın", "ovun").replace("evın", "evin"),
        f"{g} {'xanım' if female else 'müəllim'}",
    ]
    return rng.choice(forms)


def ru_person(rng: random.Random) -> str:
    i = rng.randrange(len(RU_GIVEN))
    g, s = RU_GIVEN[i], rng.choice(RU_SURNAME)
    female = g in {"Анна", "Ольга", "Наталья", "Елена", "Татьяна"}
    if female:
        s += "а"
    p = rng.choice(RU_PATRONYMIC_F if female else RU_PATRONYMIC_M)
    forms = [f"{g} {p} {s}", f"{s} {g[0]}.{p[0]}.", f"{s} {g}", f"{g} {s}"]
    return rng.choice(forms)


def address(rng: random.Random, lang: str) -> str:
    n, flat = rng.randint(1, 180), rng.randint(1, 120)
    if lang == "ru":
        return rng.choice(
            [f"ул. {rng.choice(STREETS_RU)}, д. {n}", f"ул. {rng.choice(STREETS_RU)} {n}, кв. {flat}"]
        )
    if lang == "en":
        return rng.choice([f"28 May street {n}, apt {flat}", f"{rng.choice(STREETS_AZ)} street {n}"])
    street = rng.choice(STREETS_AZ)
    return rng.choice(
        [f"{street} küç. {n}", f"{street} küçəsi {n}, mənzil {flat}", f"{street} prospekti {n}"]
    )


def plate(rng: random.Random) -> str:
    code = rng.choice(["10", "90", "77", "99", "20", "01", "45"])
    l2, d3 = rng.choice(LETTERS) + rng.choice(LETTERS), f"{rng.randint(100, 999)}"
    return rng.choice([f"{code}-{l2}-{d3}", f"{code} {l2} {d3}", f"{code}{l2}{d3}"])


def negative(rng: random.Random, lang: str) -> str:
    """A number that is not personal data."""
    d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2015, 2025)
    common = [
        f"{d:02d}.{m:02d}.{y}",
        f"{y}-{m:02d}-{d:02d}",
        f"{d:02d}/{m:02d}/{y}",
        f"№{rng.randint(100000, 99999999)}",
        f"{rng.randint(1, 9)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
        f"#{rng.randint(1000, 9999)}-{y}",
        f"{rng.randint(10, 999)},{rng.randint(10, 99)}",
        "A320NEO",
        "COVID19",
        f"AZ{rng.randint(1000, 1199)}",
        f"{rng.randint(1, 23):02d}:{rng.randint(0, 59):02d}",
        f"{rng.randint(1000000, 9999999)}",
        f"{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
        f"2-{rng.randint(1000, 9999)}/{y}",
        f"{rng.randint(10000000000, 99999999999)}",
    ]
    by_lang = {
        "az": [
            f"{rng.randint(100, 99999)} manat",
            f"{y}-cü ildə",
            f"ev {rng.randint(1, 200)}",
            f"{rng.randint(1000, 999999)} nəfər",
            f"{rng.randint(2, 30)} gündür",
            f"sifariş {rng.randint(10**8, 10**9)}",
        ],
        "ru": [
            f"{rng.randint(100, 99999)} руб.",
            f"{y} году",
            f"дом {rng.randint(1, 200)}",
            f"заявка {rng.randint(10**6, 10**8)}",
            f"{rng.randint(1000, 999999)} человек",
        ],
        "en": [
            f"${rng.randint(10, 9999)}.{rng.randint(10, 99)}",
            f"in {y}",
            f"order {rng.randint(10**8, 10**10)}",
            f"ticket INC{rng.randint(100000, 999999)}",
            f"{rng.randint(1000, 999999)} people",
        ],
    }
    return rng.choice(common + by_lang["az" if lang == "az-cyrl" else lang])


LABELS = {
    "az": {
        "PHONE": ["telefon", "nömrəm", "əlaqə", "mobil", ""],
        "EMAIL": ["e-poçt", "mail", ""],
        "FIN": ["FİN:", "FIN", "fin kodu", "FİN kodum", ""],
        "VOEN": ["VÖEN", "VÖEN:", "voen", ""],
        "IBAN": ["IBAN", "hesab", ""],
        "PAYMENT_CARD": ["kart", "kartın nömrəsi", ""],
        "ID_CARD": ["şəxsiyyət vəsiqəsi", "vəsiqə seriyası", ""],
        "PLATE": ["maşının nömrəsi", "avtomobil", ""],
        "ADDRESS": ["ünvan:", "yaşayıram", ""],
        "PERSON": ["adım", "vətəndaş", ""],
    },
    "ru": {
        "PHONE": ["тел.", "мой номер", "звоните", ""],
        "EMAIL": ["почта", "email", ""],
        "FIN": ["ФИН", "FIN:", ""],
        "VOEN": ["ВОЕН", "ИНН", ""],
        "IBAN": ["IBAN", "счёт", ""],
        "PAYMENT_CARD": ["карта", "номер карты", ""],
        "ID_CARD": ["паспорт", "удостоверение", ""],
        "PLATE": ["госномер", "машина", ""],
        "ADDRESS": ["адрес:", "проживаю", ""],
        "PERSON": ["меня зовут", "гражданин", ""],
    },
    "en": {
        "PHONE": ["phone", "call me on", ""],
        "EMAIL": ["email", ""],
        "FIN": ["FIN", "personal code", ""],
        "VOEN": ["VOEN", "taxpayer number", ""],
        "IBAN": ["IBAN", "account", ""],
        "PAYMENT_CARD": ["card", "card number", ""],
        "ID_CARD": ["ID card", "passport", ""],
        "PLATE": ["car plate", "car", ""],
        "ADDRESS": ["address:", "I live at", ""],
        "PERSON": ["my name is", ""],
    },
}
OPENERS = {
    "az": [
        "Salam,",
        "Hörmətli müdir,",
        "Xahiş edirəm kömək edin.",
        "3 gündür işıq yoxdur.",
        "Su kəsilib,",
        "Müraciət edirəm:",
        "Təşəkkür edirəm!",
        "Yolda çuxur var,",
        "Bakı şəhəri, Yasamal rayonu.",
        "ASAN xidmətdə növbə çox idi,",
        "Azərbaycan Respublikası Səhiyyə Nazirliyinə:",
    ],
    "ru": [
        "Здравствуйте,",
        "Прошу помочь.",
        "Уже неделю нет воды,",
        "Обращаюсь в Министерство,",
        "В Баку на улице яма,",
        "Спасибо за помощь!",
    ],
    "en": [
        "Hello,",
        "Please help.",
        "No electricity for 3 days,",
        "Dear Ministry of Health,",
        "Thanks!",
        "The road in Baku is broken,",
    ],
}
FILLERS = {
    "az": ["və", "həmçinin", "bir də", "qeyd edim ki,", "tarix:", "məbləğ:", "sifariş nömrəsi", "say:"],
    "ru": ["и", "также", "дата:", "сумма:", "номер заявки", "кроме того"],
    "en": ["and", "also", "date:", "amount:", "order number", "by the way"],
}


def value_for(kind: str, rng: random.Random, lang: str) -> str:
    base = "az" if lang == "az-cyrl" else lang
    if kind == "PHONE":
        return phone(rng, base)
    if kind == "EMAIL":
        user = rng.choice(["ali.veliyev", "leyla_85", "RAUF.M", "n.aliyeva", "info", "orxan-h"])
        return f"{user}@{rng.choice(['mail.az', 'gmail.com', 'edu.gov.az', 'YAHOO.COM', 'box.ru'])}"
    if kind == "FIN":
        return fin(rng)
    if kind == "VOEN":
        v = voen_number(rng)
        return rng.choice([v, v, f"{v[:4]} {v[4:7]} {v[7:]}", f"{v[:3]}-{v[3:6]}-{v[6:]}"])
    if kind == "IBAN":
        v = iban_number(rng)
        return rng.choice([v, grouped(v), grouped(v).lower(), grouped(v, "-")])
    if kind == "PAYMENT_CARD":
        v = card(rng)
        return rng.choice([v, grouped(v), grouped(v, "-")])
    if kind == "ID_CARD":
        return rng.choice(
            [
                f"AZE{rng.randint(10**7, 10**8 - 1)}",
                f"AA{rng.randint(10**6, 10**7 - 1)}",
                f"AZE {rng.randint(10**7, 10**8 - 1)}",
            ]
        )
    if kind == "PLATE":
        return plate(rng)
    if kind == "ADDRESS":
        return address(rng, base)
    if lang == "az-cyrl":
        return rng.choice(AZ_CYR_NAMES)
    return {"az": az_person, "ru": ru_person}.get(base, lambda r: r.choice(EN_NAMES))(rng)


def fin_glued(rng: random.Random) -> tuple[str, str]:
    """FIN written straight after its label, or in lower case after it."""
    v = fin(rng)
    return rng.choice([("FIN:", v), ("FİN:", v), ("FIN", v), ("fin kodu ", v.lower()), ("FİN ", v)])


def line(rng: random.Random, lang: str) -> dict:
    base = "az" if lang == "az-cyrl" else lang
    kinds = [
        "PHONE",
        "EMAIL",
        "FIN",
        "VOEN",
        "IBAN",
        "PAYMENT_CARD",
        "ID_CARD",
        "PLATE",
        "ADDRESS",
        "PERSON",
        "PERSON",
        "PHONE",
    ]
    chosen = rng.sample(kinds, rng.choice([0, 1, 1, 2, 2, 3]))
    parts: list[tuple[str, str | None]] = [(rng.choice(OPENERS[base]) + " ", None)]
    for _ in range(rng.randint(0, 2)):
        parts.append((f"{rng.choice(FILLERS[base])} {negative(rng, lang)}, ", None))
    for kind in chosen:
        if kind == "FIN" and rng.random() < 0.4:
            label, value = fin_glued(rng)
            parts += [(label, None), (value, kind), (", ", None)]
            continue
        label = rng.choice(LABELS[base][kind])
        parts += [(f"{label} " if label else "", None), (value_for(kind, rng, lang), kind)]
        parts.append((rng.choice([", ", ". ", " ", "; "]), None))
        if rng.random() < 0.5:
            parts.append((f"{rng.choice(FILLERS[base])} {negative(rng, lang)} ", None))
    text, entities = "", []
    for piece, kind in parts:
        if kind:
            entities.append({"start": len(text), "end": len(text) + len(piece), "type": kind})
        text += piece
    return {"text": text.strip(), "lang": "az" if lang == "az-cyrl" else lang, "entities": entities}


def main(n: int = 360, seed: int = 3) -> None:
    rng = random.Random(seed)
    langs = ["az"] * 6 + ["az-cyrl"] + ["ru"] * 3 + ["en"] * 2
    rows = [line(rng, rng.choice(langs)) for _ in range(n)]
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} lines to {OUT}")


if __name__ == "__main__":
    main()
