"""Extractive answers: the facts of the matched entry (in the question's language when the entry has it),
the aspect asked about first, always with the source and a warning for unverified facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aigov.assistant.kb import Entry

CHANNEL_NAMES: dict[str, dict[str, str]] = {
    "asan_xidmet": {"az": "ASAN xidmət mərkəzləri", "ru": "центры ASAN xidmət", "en": "ASAN service centres"},
    "asan_kommunal": {
        "az": "ASAN Kommunal mərkəzləri",
        "ru": "центры ASAN Kommunal",
        "en": "ASAN Kommunal centres",
    },
    "e_gov": {"az": "e-gov.az portalı", "ru": "портал e-gov.az", "en": "the e-gov.az portal"},
    "dost": {"az": "DOST mərkəzləri", "ru": "центры DOST", "en": "DOST centres"},
    "mia_passport": {
        "az": "DİN-in pasport-qeydiyyat orqanları",
        "ru": "паспортные органы МВД",
        "en": "passport offices of the Ministry of Internal Affairs",
    },
    "registry_office": {
        "az": "qeydiyyat şöbələri (Ədliyyə Nazirliyi)",
        "ru": "отделы регистрации (Минюст)",
        "en": "civil registry offices (Ministry of Justice)",
    },
    "dyp": {
        "az": "Dövlət Yol Polisinin qeydiyyat-imtahan şöbələri",
        "ru": "отделы Дорожной полиции",
        "en": "State Road Police registration offices",
    },
    "tax": {
        "az": "Dövlət Vergi Xidməti (taxes.gov.az)",
        "ru": "Государственная налоговая служба (taxes.gov.az)",
        "en": "the State Tax Service (taxes.gov.az)",
    },
    "its": {
        "az": "İcbari Tibbi Sığorta üzrə Dövlət Agentliyi (its.gov.az)",
        "ru": "Агентство обязательного медстрахования (its.gov.az)",
        "en": "the Compulsory Health Insurance Agency (its.gov.az)",
    },
}

PHRASES: dict[str, dict[str, str]] = {
    "fees": {"az": "Rüsum və məbləğlər", "ru": "Пошлины и суммы", "en": "Fees and amounts"},
    "documents": {"az": "Lazım olan sənədlər", "ru": "Нужные документы", "en": "Documents needed"},
    "duration": {"az": "Müddət", "ru": "Срок", "en": "How long"},
    "where": {"az": "Harada müraciət etmək olar", "ru": "Куда обращаться", "en": "Where to apply"},
    "source": {"az": "Mənbə", "ru": "Источник", "en": "Source"},
    "reviewed": {"az": "son baxış", "ru": "проверено", "en": "last reviewed"},
    "unverified": {
        "az": "Diqqət: bu məlumat rəsmi mənbə ilə insan tərəfindən yoxlanılmayıb; mənbədə dəqiqləşdirin.",
        "ru": "Внимание: эти сведения не сверены человеком с официальным источником; уточните по источнику.",
        "en": "Note: these details have not been checked against the official source by a person; "
        "please confirm them at the source.",
    },
    "missing_aspect": {
        "az": "Bilik bazasında bu barədə dəqiq məlumat yoxdur.",
        "ru": "В базе знаний нет точных сведений об этом.",
        "en": "The knowledge base has no exact information on this.",
    },
    "other_language": {
        "az": "(Bu xidmət haqqında məlumat yalnız başqa dildə var.)",
        "ru": "(Сведения об этой услуге есть только на другом языке.)",
        "en": "(This service is described only in another language.)",
    },
    "unsure": {
        "az": "Əmin deyiləm ki, bu sualınıza cavabdır, amma ən yaxın xidmət budur:",
        "ru": "Не уверен, что это ответ на ваш вопрос, но ближе всего эта услуга:",
        "en": "I am not sure this answers your question, but the closest service is:",
    },
    "dont_know": {
        "az": "Bağışlayın, bilik bazamızda bu suala cavab tapmadım.",
        "ru": "К сожалению, в нашей базе знаний нет ответа на этот вопрос.",
        "en": "Sorry, I don't know: the knowledge base has no answer to this question.",
    },
    "offer_case": {
        "az": "İstəsəniz, sualınızı müraciət kimi aidiyyəti quruma göndərə bilərəm.",
        "ru": "Если хотите, я могу передать ваш вопрос как обращение в ответственное ведомство.",
        "en": "If you like, I can send your question to the responsible agency as an appeal (a case).",
    },
    "complaint": {
        "az": "Şikayətinizi müraciət kimi qeydə ala bilərəm; o, aidiyyəti quruma yönləndiriləcək.",
        "ru": "Я могу зарегистрировать вашу жалобу как обращение; она будет направлена "
        "в ответственное ведомство.",
        "en": "I can register your complaint as an appeal; it will be routed to the responsible agency.",
    },
    "benefits_intro": {
        "az": "Profilinizə görə bu proqramlar sizə aid ola bilər:",
        "ru": "По вашему профилю вам могут подойти эти программы:",
        "en": "Going by your profile, these programmes may apply to you:",
    },
    "benefits_maybe": {
        "az": "Bunlar üçün profilinizdə kifayət qədər məlumat yoxdur:",
        "ru": "Для этих программ в профиле не хватает данных:",
        "en": "Your profile does not say enough to tell for these:",
    },
    "benefits_none": {
        "az": "Profilinizə uyğun proqram tapmadım.",
        "ru": "Подходящих по профилю программ не найдено.",
        "en": "I found no programme that matches your profile.",
    },
    "benefits_profile": {
        "az": "Uyğun proqramları tapmaq üçün profilinizi doldurun (yaş, uşaqlar, məşğulluq, əlillik).",
        "ru": "Чтобы подобрать программы, заполните профиль (возраст, дети, занятость, инвалидность).",
        "en": "Fill in your profile (age, children, employment, disability) to see which programmes fit.",
    },
    "consent_question": {
        "az": "Razısınızsa, mesajınız aidiyyəti quruma ötürüləcək. Razısınız? (bəli / xeyr)",
        "ru": "Если вы согласны, ваше сообщение будет передано в ответственное ведомство. "
        "Согласны? (да / нет)",
        "en": "If you agree, your message will be passed to the responsible agency. Do you agree? (yes / no)",
    },
    "case_opened": {
        "az": "Müraciətiniz qeydə alındı. İzləmə nömrəsi: {reference}",
        "ru": "Ваше обращение зарегистрировано. Номер для отслеживания: {reference}",
        "en": "Your appeal is registered. Tracking reference: {reference}",
    },
    "case_declined": {
        "az": "Yaxşı, heç nə göndərilmədi.",
        "ru": "Хорошо, ничего не отправлено.",
        "en": "All right, nothing was sent.",
    },
}


def phrase(key: str, language: str, **values: Any) -> str:
    table = PHRASES[key]
    return (table.get(language) or table["en"]).format(**values)


def channel_name(code: str, language: str) -> str:
    names = CHANNEL_NAMES.get(code)
    return (names.get(language) or names["en"]) if names else code


@dataclass
class Answer:
    """What the assistant says, with what it is based on."""

    text: str
    language: str
    entries: list[dict[str, Any]] = field(default_factory=list)
    confidence: float = 0.0
    offer_case: bool = False
    kind: str = "answer"  # answer, unsure, dont_know, complaint, benefits, consent, case_opened, declined
    reference: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "language": self.language,
            "entries": self.entries,
            "confidence": round(self.confidence, 4),
            "offer_case": self.offer_case,
            "kind": self.kind,
            "reference": self.reference,
        }


def pick_language(entry: Entry, wanted: str) -> str:
    """The question's language when the entry has it, else the entry's first language."""
    return wanted if wanted in entry.languages else entry.languages[0]


def extract(entry: Entry, language: str, aspects: list[str]) -> str:
    """The entry's facts in ``language``: the asked aspects only, or a summary with every fact."""
    lang = pick_language(entry, language)
    lines = [entry.title_in(lang)]
    if lang != language:
        lines.append(phrase("other_language", language))
    sections = {
        "fees": [
            f"{fee.amount} — {fee.when.get(lang) or next(iter(fee.when.values()), '')}".rstrip(" —")
            for fee in entry.fees
        ],
        "documents": list(entry.documents.get(lang, [])),
        "duration": [entry.duration[lang]] if entry.duration.get(lang) else [],
        "where": [channel_name(code, lang) for code in entry.channels],
    }
    wanted = [a for a in aspects if a in sections]
    if wanted:
        for aspect in wanted:
            lines.append(f"{phrase(aspect, lang)}:")
            lines += [f"- {item}" for item in sections[aspect]] or [phrase("missing_aspect", lang)]
        if "eligibility" in aspects and entry.text_in(lang):
            lines.append(entry.text_in(lang))
    else:
        if entry.text_in(lang):
            lines.append(entry.text_in(lang))
        for aspect in ("documents", "fees", "duration", "where"):
            if sections[aspect]:
                lines.append(f"{phrase(aspect, lang)}:")
                lines += [f"- {item}" for item in sections[aspect]]
    lines.append(footer(entry, lang))
    return "\n".join(lines)


def footer(entry: Entry, language: str) -> str:
    parts = []
    if entry.source:
        reviewed = f" ({phrase('reviewed', language)} {entry.last_reviewed})" if entry.last_reviewed else ""
        parts.append(f"{phrase('source', language)}: {entry.source}{reviewed} [{entry.id}]")
    else:
        parts.append(f"[{entry.id}]")
    if not entry.verified:
        parts.append(phrase("unverified", language))
    return "\n".join(parts)
