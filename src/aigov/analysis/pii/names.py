"""The project's own lexicon for person names: common given names, titles and surname shapes.

Written for aigov from general knowledge (not copied from any list). Azerbaijani names are given in Latin
script; Cyrillic Azerbaijani forms are derived by transliteration where the recognizer needs them.
"""

from __future__ import annotations

AZ_MALE = """
Abbas Abdulla Adil Adnan Afiq Ağa Akif Aqil Allahverdi Alov Anar Arif Arzuman Asif Aslan Atabəy Ayaz Aydın
Azad Azər Babək Bahadır Bəhram Bəxtiyar Cabir Cahangir Camal Cavad Cavid Cəlal Cəmil Cümşüd Cəfər Cavanşir
Çingiz Dadaş Dəmir Davud Dilavər Elçin Elbrus Eldar Eldəniz Elgün Elxan Elmar Elmir Elnur Elşad Elşən Elvin
Emil Emin Eyvaz Eynulla Fazil Fərhad Fərid Fəxrəddin Fikrət Famil Fuad Faiq Fəqan Firdovsi Füzuli Habil
Hafiz Hacı Hamlet Heydər Həsən Hikmət Hüseyn Hümbət İbrahim İlham İlqar İlkin İlyas İmran İsa İsgəndər
İsmayıl İsmət İsrafil Kamal Kamil Kamran Kənan Kərim Xaləddin Xalid Xaliq Xanlar Xəyyam Xəlil Xəqani Xosrov
Qabil Qadir Qasım Qəhrəman Qorxmaz Qurban Qüdrət Lətif Mahir Mais Mehdi Mehman Məhəmməd Məmməd Mətləb Mikayıl
Mirzə Murad Musa Mübariz Müşfiq Nadir Namiq Natiq Nazim Nemət Nicat Nihad Nizami Novruz Nurlan Nüsrət Oqtay
Orxan Osman Pərviz Polad Rafael Rafiq Ramil Ramiz Rasim Rauf Rəşad Rəsul Rövşən Ruslan Rüstəm Sabir Sadıq
Saleh Samir Sənan Sərdar Seymur Sərxan Səməd Sübhan Süleyman Şahin Şamil Şahmar Şəmsi Şirin Tahir Talıb Tale
Tamerlan Tariyel Teymur Toğrul Tural Turan Turqut Ülvi Urfan Vaqif Valeh Vasif Vəli Vidadi Vilayət Vüqar
Vüsal Yaqub Yasin Yusif Zahid Zakir Zaur Zeynal Zöhrab Ziya Əbülfəz Əhməd Əkbər Əli Əliəkbər Ələkbər Əmir
Ənvər Əsəd Əziz Əşrəf Fəridun Rahib Rəhim Rza Sahib Siyavuş Tofiq Ülfət Üzeyir Vahid Vahab Yavər Zülfüqar
Həmid Hilal Nəsimi Nərimən Natəvan Azər Ayxan Aytac Əyyub Kazım Kəramət Mübariz Məhərrəm Məzahir Nəriman
Novruz Pünhan Ramin Rəşid Səxavət Sərvər Şakir Şaiq Şöhrət Tələt Taleh Togrul Vüsət Yaşar Zamiq Elşən Cavidan
"""

AZ_FEMALE = """
Adilə Afaq Afət Aidə Ayan Aybəniz Aydan Ayaz Aygün Aygül Ayla Aynur Aysel Aysu Aytən Aytac Bahar Banu Bəsti
Cəmilə Ceyla Ceyran Dilarə Dilbər Dilşad Elmira Elnarə Esmira Elvira Fatimə Fəridə Firuzə Flora Gülnar
Gülnarə Gülər Gülşən Gülbəniz Gülay Günay Günel Gülsüm Gülyaz Həcər Hicran Hökümə Xatirə Xədicə Xanım Xəyalə
İlahə İradə İlkanə İnarə Jalə Kamilə Kəmalə Könül Qətibə Qızbəs Laləzar Lalə Leyla Ləman Mahirə Mehriban
Məlahət Məleykə Mələk Minayə Nailə Nərgiz Nigar Nuranə Nurlana Nəzakət Nəsibə Nərmin Pakizə Pərvanə Pərvin
Rəna Rəhilə Rəxşəndə Röya Ruqiyyə Rübabə Sabina Səbinə Sevda Sevinc Sevil Səadət Səkinə Simuzər Solmaz
Sona Sürəyya Şəbnəm Şəfa Şəhla Şəlalə Şölə Tamilla Təranə Tünzalə Turan Türkan Ulduz Ülviyyə Ürfanə Vəfa
Validə Yeganə Zaur Zemfira Zəhra Zərifə Zeynəb Zülfiyyə Zümrüd Zərintac Əminə Əzizə Aişə Aynurə Arzu
Fidan Gülnur Gülarə Günəş Lamiyə Mələhət Nazlı Nuray Nərgiz Rəbiyyə Samirə Sədaqət Səriyyə Tamara
Ülkər Vüsalə Yasəmən Zenfira Ayşən Aynişan Ayşə Elnurə Fərqanə Gültəkin Hüsnə Kifayət Lətafət Mədinə
Mətanət Nəzrin Nübar Sahibə Sara Sədəf Tahirə Təhminə Xumar Zəminə Zərif Zöhrə Gülçin Aygün Ədilə
"""

RU_MALE = """
Александр Алексей Анатолий Андрей Антон Аркадий Арсений Артём Артем Артур Богдан Борис Вадим Валентин Валерий
Василий Виктор Виталий Владимир Владислав Вячеслав Геннадий Георгий Глеб Григорий Даниил Денис Дмитрий
Евгений Егор Захар Иван Игорь Илья Кирилл Константин Лев Леонид Максим Марк Матвей Михаил Никита Николай Олег
Павел Пётр Петр Роман Руслан Сергей Станислав Степан Тимофей Тимур Фёдор Федор Эдуард Юрий Ярослав Семён
Семен Эльдар Рустам Рашид Ринат Эмиль Ильдар Вениамин Всеволод Герман Давид Ефим Феликс Филипп Яков
"""

RU_FEMALE = """
Александра Алёна Алена Алина Алиса Алла Анастасия Ангелина Анна Антонина Валентина Валерия Вера Вероника
Виктория Галина Дарья Диана Ева Евгения Екатерина Елена Елизавета Жанна Зинаида Зоя Инна Ирина Карина Кира
Кристина Ксения Лариса Лидия Любовь Людмила Маргарита Марина Мария Надежда Наталья Наталия Нина Оксана Ольга
Полина Раиса Светлана София Софья Таисия Тамара Татьяна Ульяна Юлия Яна Эльмира Лейла Гульнара Диляра Камила
Альбина Василиса Варвара Виолетта Лилия Милана Снежана Эвелина Эльвира Регина
"""

# International given names that appear in news and messages (the next capitalised word is a surname).
OTHER = """
John James Michael David Robert William Richard Thomas Mary Elizabeth Sarah Emma Anna Maria Peter Paul George
Joseph Charles Donald Joe Barack Hillary Angela Emmanuel Boris Recep Rəcəb Tayyib Ərdoğan Erdoğan Mehmet Ahmet
Mustafa Ali Ayşe Fatma Zeynep Emine Hasan Hüseyin Murat Kemal Vladimir Dmitri Sergey José Manuel Jean Pierre
Nicolas François Jacques Klaus Hans Karl Friedrich Olaf Jens Yens Antonio Giuseppe Marco Luis Carlos Juan
Xristofor Yohan Vilhelm Lüdovik Henri Henry Louis Frank Martin Mark Daniel Andrew Steven Kevin Brian Jennifer
Linda Susan Karen Nancy Lisa Helen Nikol Nikola Nikolay Volodimir Volodymyr Jozef Alberto Ursula Şarl Şeyx
"""

MALE_PATRONYMIC = ("oğlu", "оглу", "огли", "оғлу")
FEMALE_PATRONYMIC = ("qızı", "гызы", "кызы", "гызы")
# Titles before a name ("cənab Əliyev") and honorifics after it ("Rəşad müəllim", "Leyla xanım").
TITLES_BEFORE = {
    "cənab",
    "xanım",
    "həkim",
    "doktor",
    "dr",
    "prezident",
    "nazir",
    "deputat",
    "sədr",
    "sədri",
    "müdir",
    "professor",
    "prof",
    "akademik",
    "hakim",
    "vətəndaş",
    "mr",
    "mrs",
    "ms",
    "miss",
    "sir",
    "president",
    "господин",
    "госпожа",
    "гражданин",
    "гражданка",
    "доктор",
    "президент",
    "министр",
    "депутат",
    "товарищ",
}
TITLES_AFTER = {
    "müəllim",
    "müəllimə",
    "xanım",
    "bəy",
    "ağa",
    "həkim",
    "xala",
    "dayı",
    "əmi",
    "bacı",
    "qardaş",
}

# Given names that are also ordinary words: they count only beside other evidence.
AMBIGUOUS = {
    "ağa",
    "alov",
    "arzu",
    "aydın",
    "ayaz",
    "azad",
    "bahar",
    "bəxtiyar",
    "dəmir",
    "dünya",
    "flora",
    "günəş",
    "hacı",
    "ilham",
    "xanım",
    "qurban",
    "mələk",
    "nicat",
    "nizami",
    "novruz",
    "şirin",
    "sevinc",
    "turan",
    "ulduz",
    "vəfa",
    "zərif",
    "səadət",
    "vüsal",
    "sədaqət",
    "kifayət",
    "lətafət",
    "mətanət",
    "lev",
    "вера",
    "любовь",
    "надежда",
    "роман",
    "марк",
    "mark",
    "rəna",
    "sara",
    "nur",
    "ümid",
    "juan",
    "günay",
    "lalə",
    "sona",
    "füzuli",
    "nəsimi",
    "natəvan",
    "tale",
    "şöhrət",
    "hikmət",
    "fikrət",
    "ülfət",
    "nemət",
    "kamal",
    "ali",
    "hasan",
    "henry",
    "louis",
    "frank",
    "martin",
    "grace",
    "ruqiyyə",
    "şəfa",
    "xəyalə",
    "ceyran",
    "sədəf",
    "fidan",
    "xumar",
    "zəhra",
    "əli",
}


def given_names() -> frozenset[str]:
    """All given names, lower-cased."""
    words = " ".join([AZ_MALE, AZ_FEMALE, RU_MALE, RU_FEMALE, OTHER]).split()
    return frozenset(w.lower() for w in words)


def russian_given_forms() -> frozenset[str]:
    """Russian given names with their case forms (Ивана, Ивану, Иваном; Анны, Анне, Анну, Анной...)."""
    forms: set[str] = set()
    for name in (RU_MALE + RU_FEMALE).split():
        n = name.lower()
        forms.add(n)
        if n.endswith("ия"):
            forms.update(n[:-1] + e for e in ("и", "ю", "ей", "ею"))
        elif n[-1] in "ая":
            stem = n[:-1]
            hard = n[-1] == "а" and stem[-1] not in "гкхжшщчц"
            forms.update(
                stem + e
                for e in (
                    ("ы" if hard else "и"),
                    "е",
                    ("у" if n[-1] == "а" else "ю"),
                    ("ой" if n[-1] == "а" else "ей"),
                )
            )
        elif n[-1] in "йь":
            forms.update(n[:-1] + e for e in ("я", "ю", "ем", "е"))
        else:
            forms.update(n + e for e in ("а", "у", "ом", "е"))
    return frozenset(forms)
