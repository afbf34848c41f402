"""``rules.word_label`` answers the same in every process: whatever the hash
seed (the order a set or a frozenset is walked in), whatever module was
imported first and whatever words were asked before. A word once labelled a
first name in one run and an ordinary word in another ("Irish") would mask a
different text each time the same transcript is run.

The words are written here: names of several origins, English words that are
also names, nationalities, roles, brands, Cyrillic and hyphenated words,
words in capitals. All are public words or invented names.
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

_WORDS = """
Irish Kazakh Kazakhstani Uzbek Russian English Scottish Welsh Dutch Tatar Uyghur Dungan
Karakalpak Kyrgyz Turkish Chinese Korean Japanese Indian Polish German French Spanish
Hope Joy Grace Will May June April August Rose Faith Summer Mark Frank Bill Jack Chance
Vegan Retired Head Senior Nurse Volunteer Teacher Doctor Officer Chair Host Guest Caller
Muslim Sunni Orthodox Catholic Christian Buddhist Hindu Jewish Single Married Blind Deaf
Fine Ready Sorry Tired Young Baker Shepherd Taylor Hunter Mason Carter Cook Porter
Huawei Daewoo Xinhua Toyota Samsung Nissan Kaspi Beeline Kcell Lada Zara Seiko Massimo
Microsoft Google Telegram WhatsApp Zoom Linux Windows Android Chrome Ikea
Aigerim Aizhan Assel Nargiza Otabek Dilnoza Zhanserik Temirkhan Yerlan Erlan Nurlan Serik
Bekzat Baurzhan Zhibek Gulnaz Ramil Nailya Zeynep Burak Priya Deepak Wojciech Agnieszka
Femi Emre Kavita Jasur Nodira Aibek Oskendo Quennaby Vantongeren Ostrander Quillon
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Wilson Anderson
Ivanov Petrova Zhanibekov Akhmetova Kudaibergenova Tashpulatov Sooronbaev Oskarov
Kassymova Zhaksylykov Nurlanovna Serikovich Yerlanuly Aizhankyzy Kenesary Abylai Abai
Айгерім Нұрлан Серік Ерлан Наргиза Отабек Бекзат Жібек Сапарғали Гүлбаршын Ерназар
Иванов Петрова Жаманқұлов Бекмұратқызы Төлегенова Айбарша Мөлдір Дастан Сәкен Әбілов
Алматы Астана Шалқар Теректі Жаңаталап Оралдағы Караганда Москва
John-Christian Jean-Luc Mary-Ann Anna-Maria Ak-Zhol Nur-Sultan Ust-Kamenogorsk
JOHN MARY AIGERIM NURLAN HOPE IRISH NATO UNICEF OSKAROV DUNSTABLE MARVELL PRITCHARD
O'Malley O'Brien McAllister MacDonald D'Angelo O’Neill
Interviewer Moderator Respondent Participant Facilitator Speaker Audience Unknown
Monday Tuesday Christmas Easter Ramadan Nauryz Navruz Kurban Ait January December
Mr Mrs Ms Dr Prof Professor Senator Akim Imam Mullah Auntie Granny Apa Aga
Paris Sydney Austin Florence Georgia Virginia Jordan Israel Kenya Kazakhstan Almaty
Virgo Shiraz Kanji Ninja Alien Asset Alma Amber Can Alma-Ata Lotta Kinda Gonna
Canadian American Australian Brazilian Mexican Nigerian Ghanaian Kenyan Ethiopian
Headmaster Pensioner Accountant Librarian Shepherdess Midwife Treasurer Secretary
Summerfield Hopewell Graceland Irishman Kazakhs Uzbeks Tatars Russians Americans
Quarnby Pellow Whitcombe Ostrowe Marwick Talisker Wrenna Brisa Oriel Tamsin Velmaro
""".split()


_SCRIPT = r"""
import json, sys
order, words = sys.argv[1], json.loads(sys.stdin.read())
if order == "rules-first":
    from app.anonymise import rules
else:
    # the whole engine first, one English and one Kazakh text through it, and
    # the words asked in reverse: other caches filled in another order
    from app.anonymise import detect, ner
    ner.spacy_spans = lambda text: []
    detect("Thanks, Hope. I'm Zhanserik from Taraz, and Irish Cream is no one.", lang="en")
    detect("Кеше Нұрсұлу Бекмұратқызы ауылға келді.", lang="kk")
    from app.anonymise import rules
    words = words[::-1]
answers = {w: rules.word_label(w) for w in words}
print(json.dumps(answers, sort_keys=True))
"""


def _labels(order: str, seed: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=ROOT)
    out = subprocess.run([sys.executable, "-c", _SCRIPT, order], input=json.dumps(_WORDS),
                         capture_output=True, text=True, env=env, cwd=ROOT, check=True,
                         timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_word_label_is_the_same_in_two_fresh_processes():
    assert len(set(_WORDS)) > 300
    first = _labels("rules-first", "1")
    second = _labels("engine-first", "4242")
    differ = {w: (first[w], second[w]) for w in first if first[w] != second[w]}
    assert differ == {}
    # the words are labelled at all: names, surnames and ordinary words among them
    assert {"F", "S", "L", "C", "-"} <= set(first.values())
