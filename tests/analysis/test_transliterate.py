from aigov.analysis.pipeline import AnalysisItem
from aigov.analysis.transliterate import TransliterateStage, cyrillic_to_latin


def test_azerbaijani_letters_follow_the_official_table():
    assert cyrillic_to_latin("ӘҒҸЧҜГҺХЫИЈӨҮШЖ") == "ƏĞCÇGQHXIİYÖÜŞJ"
    assert cyrillic_to_latin("әғҹчҝгһхыијөүшж") == "əğcçgqhxıiyöüşj"


def test_sentence():
    text = "Бакы шәһәриндә үч ҝүндүр ишыг јохдур, ҹамаат шикајәт едир."
    assert cyrillic_to_latin(text) == "Bakı şəhərində üç gündür işıq yoxdur, camaat şikayət edir."


def test_russian_only_letters_fall_back_and_keep_capitals():
    assert cyrillic_to_latin("Юсиф Щукин объект") == "Yusif Şçukin obekt"
    assert cyrillic_to_latin("ЮСИФ") == "YUSİF"


def test_other_characters_untouched():
    assert cyrillic_to_latin("Tel: 012 555, 👍 ok") == "Tel: 012 555, 👍 ok"


def test_stage_converts_only_azerbaijani_cyrillic():
    az = AnalysisItem(text="", normalised="Ишыг јохдур", language="az", script="cyrillic")
    ru = AnalysisItem(text="", normalised="Нет света", language="ru", script="cyrillic")
    latin = AnalysisItem(text="", normalised="İşıq yoxdur", language="az", script="latin")
    TransliterateStage().run([az, ru, latin])
    assert az.normalised == "İşıq yoxdur"
    assert ru.normalised == "Нет света"
    assert latin.normalised == "İşıq yoxdur"
    assert az.explanations["transliterate"]["applied"] is True
    assert ru.explanations["transliterate"]["applied"] is False


def test_long_text():
    assert cyrillic_to_latin("ишыг " * 2000) == "işıq " * 2000
