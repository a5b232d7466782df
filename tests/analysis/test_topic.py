"""The topic stage routes realistic messages in each language to the right topic and says why."""

from __future__ import annotations

import pytest

from aigov.analysis.pipeline import AnalysisItem
from aigov.analysis.topic import TopicStage
from aigov.reference.loader import Agency, Taxonomy, Topic


@pytest.fixture(scope="module")
def stage() -> TopicStage:
    return TopicStage()


def classify(stage: TopicStage, text: str, language: str | None = None, **fields: str) -> AnalysisItem:
    return stage.run([AnalysisItem(text=text, language=language, **fields)])[0]


@pytest.mark.parametrize(
    ("text", "language", "topic"),
    [
        # Azerbaijani
        ("Salam, 3 gündür kəndimizdə işıq yoxdur, transformator yanıb", "az", "electricity"),
        ("Binamızda bir həftədir su gəlmir, kanalizasiya da daşır", "az", "water"),
        ("Qaz sayğacı işləmir, qazın iyi gəlir, təcili baxın", "az", "gas"),
        ("Yolumuzda böyük çuxurlar var, asfalt tamamilə dağılıb", "az", "roads"),
        ("Həkim xəstəxanada rüşvət istədi, pul verməsən müalicə etmirlər", "az", "corruption"),
        ("Pensiyamı iki aydır almıram, müavinət də kəsilib", "az", "social_protection"),
        ("Məktəbdə müəllim yoxdur, uşaqlar dərsə getmir", "az", "education"),
        ("Avtobus 65 nömrəli marşrut heç vaxt vaxtında gəlmir", "az", "public_transport"),
        # Russian
        ("Третий день нет света во всём районе, счётчик сгорел", "ru", "electricity"),
        ("В подъезде протекает крыша, лифт не работает месяц", "ru", "housing"),
        ("Врач в поликлинике отказался принять ребёнка", "ru", "health"),
        ("Интернет постоянно пропадает, связи нет", "ru", "telecom"),
        ("Работодатель второй месяц задерживает зарплату", "ru", "employment"),
        # English
        ("There has been no water in our building for five days", "en", "water"),
        ("The road to our village is full of potholes", "en", "roads"),
        ("A police officer asked me for a bribe at the checkpoint", "en", "corruption"),
        ("I cannot get my ID card at the ASAN service centre", "en", "asan_services"),
        # Turkish
        ("Mahallemizde iki gündür elektrik kesintisi var", "tr", "electricity"),
        ("Doğalgaz kaçağı var, gaz kokusu geliyor", "tr", "gas"),
        ("Fabrika nehri kirletiyor, hava kirliliği çok fazla", "tr", "environment"),
        ("Vergi dairesi beyanname için ceza kesti", "tr", "tax"),
    ],
)
def test_routes_realistic_messages(stage: TopicStage, text: str, language: str, topic: str) -> None:
    item = classify(stage, text, language)
    assert item.topic == topic
    assert 0 < item.topic_confidence <= 1  # type: ignore[operator]
    why = item.explanations["topic"]
    assert why["matched"] and why["matched"][0]["topic"] == topic
    assert next(iter(why["scores"])) == topic


def test_azerbaijani_typed_without_diacritics(stage: TopicStage) -> None:
    item = classify(stage, "isiq yoxdur 3 gundur")
    assert item.topic == "electricity"
    matched = item.explanations["topic"]["matched"]
    assert {"keyword": "işıq yoxdur", "topic": "electricity", "weight": 2.0} in matched


def test_capital_dotted_and_dotless_i(stage: TopicStage) -> None:
    assert classify(stage, "İŞIQ YOXDUR").topic == "electricity"
    assert classify(stage, "ISIQ YOXDUR").topic == "electricity"
    # a lower() done earlier leaves "i" + combining dot above
    assert classify(stage, "İşıq kəsilib".lower()).topic == "electricity"


def test_azerbaijani_in_cyrillic_script(stage: TopicStage) -> None:
    assert classify(stage, "Кәндимиздә ишыг јохдур").topic == "electricity"


def test_suffixes_are_covered_by_stems(stage: TopicStage) -> None:
    assert classify(stage, "Xəstəxanalarda həkimlər çatışmır", "az").topic == "health"
    assert classify(stage, "Без электричества сидим", "ru").topic == "electricity"


def test_short_words_do_not_match_inside_other_words(stage: TopicStage) -> None:
    # "su" (water) must not match "sual" (question) or "sürücü" (driver); "iş" (job) not English "is".
    item = classify(stage, "Bir sualım var", "az")
    assert item.topic == "other"
    assert classify(stage, "This is fine", "en").topic == "other"


def test_nothing_matched_is_other_for_human_triage(stage: TopicStage) -> None:
    item = classify(stage, "Здравствуйте, хочу сказать спасибо", "ru")
    assert item.topic == "other"
    assert item.topic_confidence == 0.0
    assert item.explanations["topic"] == {"matched": [], "scores": {}}


def test_redacted_text_is_preferred(stage: TopicStage) -> None:
    item = classify(stage, "işıq yoxdur", redacted="su gəlmir")
    assert item.topic == "water"


def test_own_language_keywords_weigh_more() -> None:
    taxonomy = Taxonomy(
        agencies=[Agency(code="a", names={"en": "A"})],
        topics=[
            Topic(code="one", names={"en": "One"}, agency="a", keywords={"az": ["alpha"]}),
            Topic(code="two", names={"en": "Two"}, agency="a", keywords={"en": ["beta"]}),
            Topic(code="other", names={"en": "Other"}, agency=None, keywords={}),
        ],
    )
    stage = TopicStage(taxonomy)
    assert classify(stage, "alpha beta", "en").topic == "two"
    assert classify(stage, "alpha beta", "az").topic == "one"


def test_dollar_marks_a_whole_word() -> None:
    taxonomy = Taxonomy(
        agencies=[Agency(code="a", names={"en": "A"})],
        topics=[
            Topic(code="water", names={"en": "Water"}, agency="a", keywords={"az": ["su$"]}),
            Topic(code="other", names={"en": "Other"}, agency=None, keywords={}),
        ],
    )
    stage = TopicStage(taxonomy)
    assert classify(stage, "su yoxdur").topic == "water"
    assert classify(stage, "sular yoxdur").topic == "other"


def test_explanation_is_short(stage: TopicStage) -> None:
    text = "işıq yoxdur, su yoxdur, qaz yoxdur, yol yoxdur, internet yoxdur, məktəb bağlıdır, həkim yoxdur"
    why = classify(stage, text, "az").explanations["topic"]
    assert len(why["matched"]) == 5
    assert len(why["scores"]) == 3
