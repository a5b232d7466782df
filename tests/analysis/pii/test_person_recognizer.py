import pytest


@pytest.mark.parametrize(
    "name",
    [
        "Günel Həsənova",
        "İlham Əliyevin",
        "Ə. Məmmədov",
        "Əli Vəli oğlu Məmmədov",
        "Leyla Nəsirli qızı",
        "Анна Сергеевна Петрова",
        "Иванов И.И.",
        "Angela Merkel",
    ],
)
def test_names(name, found):
    assert found(f"Bu gün {name} ilə danışdım", "PERSON") == [name]


@pytest.mark.parametrize(
    "text,name",
    [
        ("Hörmətli cənab Quliyev, kömək edin", "Quliyev"),
        ("Dünən Zaməddin müəllim gəldi", "Zaməddin"),
        ("Меня зовут Ольга, помогите", "Ольга"),
    ],
)
def test_titles_honorifics_and_single_given_names(text, name, found):
    assert found(text, "PERSON") == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Salam, Bakıda su yoxdur",
        "Azərbaycan Respublikası Səhiyyə Nazirliyinə müraciət",
        "Arzu edirəm ki, Bahar gəlsin",
        "salam leyla",
        "Здравствуйте, в Москве тепло",
    ],
)
def test_places_common_words_and_lower_case_are_not_names(text, found):
    assert found(text, "PERSON") == []


def test_azerbaijani_cyrillic_name(found):
    assert found("Бу ҝүн Әли Мәммәдов ҝәлди", "PERSON") == ["Әли Мәммәдов"]
