import pytest

from aigov.analysis.pipeline import AnalysisItem
from aigov.analysis.urgency import UrgencyStage, assess


@pytest.mark.parametrize(
    "text",
    [
        "Binada qaz iyi gəlir, təcili gəlin!",
        "Mənzildə yanğın başladı",
        "Evin divarı çöküb, içəridə adamlar var",
        "В подъезде сильный запах газа",
        "Обрушение балкона на улице Низами",
        "There is a gas leak in our building",
        "Sokakta gaz kaçağı var",
        "Zirzəmini su basıb",
    ],
)
def test_safety_risk_is_critical(text):
    result = assess(text)
    assert result["level"] == "critical"
    assert "safety_risk" in result["reasons"]


@pytest.mark.parametrize(
    "text",
    [
        "Bütün küçədə işıq yoxdur",
        "3 gündür su verilmir",
        "Neçə gündür qaz yoxdur, bütün kənd donur",
        "Уже несколько дней нет воды во всём доме",
        "The whole street has had no power for 3 days",
    ],
)
def test_outage_many_is_high(text):
    result = assess(text)
    assert result["level"] == "high"
    assert "outage_many" in result["reasons"]


@pytest.mark.parametrize(
    "text",
    ["Evdə körpə var, isti su yoxdur", "Yaşlı anam əlildir, lift işləmir", "Пожилой инвалид не может выйти",
     "My pregnant wife cannot reach the clinic", "Beynine hamile kadın var"],
)
def test_vulnerable_person_is_high(text):
    result = assess(text)
    assert result["level"] == "high"
    assert "vulnerable_person" in result["reasons"]


def test_deadline_is_normal_with_reason():
    result = assess("Sənədləri sabah təhvil verməliyəm, arayış lazımdır")
    assert result == {"level": "normal", "reasons": ["deadline"], "matched": {"deadline": ["sabah"]}}


def test_positive_without_problem_is_low():
    assert assess("Təşəkkür edirəm, hər şey yaxşıdır", "positive")["level"] == "low"
    assert assess("Təşəkkür, amma problem qalır", "positive")["level"] == "normal"
    assert assess("Küçədə çuxur var", None)["level"] == "normal"


def test_critical_outranks_high_and_all_reasons_listed():
    result = assess("Uşaqlar evdədir, qonşuda yanğın var, bu gün kömək edin")
    assert result["level"] == "critical"
    assert result["reasons"] == ["safety_risk", "vulnerable_person", "deadline"]


def test_stage_fills_fields_and_explanation():
    item = AnalysisItem(text="", normalised="Пожар в доме, там ребенок!", sentiment="negative")
    UrgencyStage().run([item])
    assert item.urgency == "critical"
    assert item.urgency_reasons == ["safety_risk", "vulnerable_person"]
    assert item.explanations["urgency"]["matched"]["safety_risk"] == ["пожар"]


def test_empty_and_long_text():
    assert assess("")["level"] == "normal"
    assert assess("Salam. " * 1500 + "Qaz sızır!")["level"] == "critical"
