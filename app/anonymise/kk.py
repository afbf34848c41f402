"""Kazakh as a language of the engine: name lexicons, name and place endings,
organisation shapes.

The first-name and surname lists in ``data/kk_first.txt`` and
``data/kk_surnames.txt`` were built by ``bench/train_kk_crf.py`` from the
training part of KazNERD's validation split (CC BY 4.0, see the README) and
joined with the hand lists of ``names.py``. Case and possessive endings (both
vowel harmonies, after voiced and voiceless consonants) are cut by
``normalise.candidates``; this module says what a stem looks like.
"""
from __future__ import annotations

import importlib.resources
import re
from functools import lru_cache

from . import names, places
from .normalise import candidates, canonical, cuts, fold, folded_lower, word_stems
from .translit import latin_key

# Surname shapes after the case ending is cut (folded: Kazakh letters to Russian).
SURNAME = re.compile(r"(?:ов|ев|ёв|ова|ева|ин|ина|ын|ына|бек|бекова|бай|баев|баева)$")
PATRONYMIC = re.compile(r"(?:улы|кызы|ович|евич|овна|евна|ична|уулу)$")
# -ұлы, -қызы with the endings after a possessive ("Ерланұлына", "Серікқызынан"), folded.
_PATRONYMIC_FORM = re.compile(r"(?:улы|кызы)(?:на|нын|ны|нда|нан|мен)$")
# The same endings for str.endswith (cheaper than the patterns, same answers).
_SURNAME_ENDS = tuple("ов ев ёв ова ева ин ина ын ына бек бекова бай баев баева".split())
_PATRONYMIC_ENDS = tuple("улы кызы ович евич овна евна ична уулу".split())
_PATRONYMIC_ANY = re.compile("|".join(_PATRONYMIC_ENDS))
# Words that end a Kazakh organisation's name (3rd person possessive forms,
# stems cut by `candidates`).
ORG_HEADS = """
министрлі әкімдіг әкімшілі аппарат басқарма
департамент комитет агенттіг университет институт академия орталығ бөлімі бөлімін
кеңесі кеңесін одағ ассамблея серіктестіг компания банкі банкін партия училище
мектеб колледж аурухана емхана прокуратура қауымдастығ ұйымы ұйымын бірлестіг
корпорация холдинг ассоциация палатасы инспекция мәслихат
""".split()
ORG_ACRONYMS = frozenset(
    "ХҚКО ЖШС АҚ ҚБ ҚҚ ЖАҚ МКК РМК КММ ЦОН ТОО АО ОФ ОО ОЮЛ ГУ КГУ РГП ГКП PSC LLP JSC".split())
PLACE_HEADS = """
ауданы аудан облысы облыс қаласы қала ауылы ауыл кенті өңірі көшесі даңғылы
шағынауданы ауылдық округі өзені көлі тауы
""".split()


def _stems(words) -> frozenset[str]:
    return frozenset().union(*(candidates(w) for w in words))


ORG_HEAD_PREFIXES = tuple(fold(w).lower() for w in ORG_HEADS)
# "қор" (fund) begins too many other words (қорытынды, қорық): whole forms only.
ORG_HEAD_WORDS = frozenset(fold(w).lower() for w in
                           "қоры қорын қорына қорында қорынан қорының қорындағы".split())
PLACE_HEAD_STEMS = _stems(PLACE_HEADS)
# the prefixes by their first two letters (each has two or more): a word
# begins with a prefix only if it begins with its two, so the few prefixes
# sharing the word's first two letters are the only ones tried
_ORG_HEADS_BY_OPENING = {two: tuple(p for p in ORG_HEAD_PREFIXES if p[:2] == two)
                         for two in {p[:2] for p in ORG_HEAD_PREFIXES}}


def _data(name: str) -> list[str]:
    path = importlib.resources.files(__package__) / "data" / name
    try:
        return path.read_text(encoding="utf-8").split()
    except (OSError, FileNotFoundError):
        return []


def _listed(name: str) -> list[str]:
    """The words of a data file whose lines starting with "#" are comments."""
    path = importlib.resources.files(__package__) / "data" / name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, FileNotFoundError):
        return []
    return [w for line in lines if not line.startswith("#") for w in line.split()]


@lru_cache(maxsize=1)
def _listed_first_names() -> frozenset[str]:
    """Folded lower-case first names of the Kazakh lexicon and the hand lists."""
    words = _data("kk_first.txt") + names.KK_FIRST + names.RU_FIRST
    return frozenset(fold(w).lower() for w in words)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Folded lower-case first names (Kazakh and Russian, Cyrillic), the
    Russian short forms included (``ru_short_names``)."""
    return _listed_first_names() | ru_short_names()


# Kazakh case endings after a vowel (folded): "Ваняға", "Лёшамен", "Наташаның".
_AFTER_VOWEL = re.compile(r"(?<=[ая])(?:га|ге|ны|ни|да|де|дан|ден|мен|нын|нин|нан|нен|на|не)$")
_AFTER_VOWEL_LAST = frozenset("га ге ны ни да де ан ен ын ин на не".split())  # their last two letters


@lru_cache(maxsize=1 << 12)
def ru_short_name(word: str) -> bool:
    """A Russian short first name, bare or with a Kazakh case ending after its
    vowel ("Ваня", "Лёшамен", "Наташаға")."""
    low = folded_lower(word)
    names_ = ru_short_names()
    if low in names_:
        return True
    if low[-2:] not in _AFTER_VOWEL_LAST and low[-1:] != "\n":  # ("$" matches before a last line break)
        return False
    m = _AFTER_VOWEL.search(low)
    return m is not None and low[:m.start()] in names_


@lru_cache(maxsize=1)
def ru_short_names() -> frozenset[str]:
    """Russian short and diminutive first names ("Ваня", "Лёша", "Наташа"),
    folded, lower case: ``data/ru_short_names.txt``, built from pymorphy2's
    dictionary by ``bench/build_ru_short_names.py``; no ordinary Kazakh word
    ("ата": grandfather), no word of ``NEVER_NAMES`` and no listed place."""
    common = common_words()
    return frozenset(fold(w).lower() for w in _listed("ru_short_names.txt")
                     if w not in common and w not in NEVER_NAMES and w not in _NOUN_NAMES
                     and not places.is_place(w.title(), evidence=True))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Canonical stems of listed surnames."""
    return frozenset(canonical(w) for w in _data("kk_surnames.txt"))


@lru_cache(maxsize=1 << 15)
def word_cue(word: str) -> str:
    """"F" first name, "P" patronymic, "S" surname shape or listed surname,
    "O" organisation head, "G" place head, "L" known place, "" none."""
    low, stems, stem = word_stems(word)
    if low in ORG_HEAD_WORDS and word.islower():
        return "O"
    if _place_of(word, stem):
        return "L"
    first = first_names()
    if low in first or not stems.isdisjoint(first) or not first.isdisjoint(cuts(low)):
        # (an ending cut, the last vowel kept: "зауреде" → "зауре")
        return "F"
    if _patronymic(low, stems):
        return "P"
    if _org_head_folded(low):
        return "O"
    if not stems.isdisjoint(PLACE_HEAD_STEMS):
        return "G"
    lower = word.lower()
    if word[:1].isupper() and (stem in surnames() or not ordinary(word) and any(
            len(s) > 4 and lower[:len(s)].endswith(_SURNAME_ENDS) for s in stems)):
        # The shape in the word's own letters: a Kazakh genitive or plural
        # ("Президенттің", "Қазақтардың") folds to -ин/-ын but is no surname;
        # nor is an ordinary word ending like one ("Еңбек": labour).
        return "S"
    return ""


def _patronymic(low: str, stems) -> bool:
    """-ұлы/-қызы after a name ("Ерланұлы", "Серікқызына"): "Ұлы" alone is
    the word (son; the epithet "Great": Ұлы Жеңіс, Ұлы Дала), no patronymic."""
    kazakh = "улы" in low or "кызы" in low
    m = _PATRONYMIC_FORM.search(low) if kazakh else None
    if m and m.start() >= 3:
        return True
    # (each ending of ``_PATRONYMIC_ANY`` holds one of these: plain searches first)
    if not (kazakh or "ов" in low or "ев" in low or "ичн" in low or "уулу" in low) \
            or _PATRONYMIC_ANY.search(low) is None:
        return False  # every stem begins the word: none ends in what the word lacks
    return any(len(s) >= len(e) + 3 for s in stems if s.endswith(_PATRONYMIC_ENDS)
               for e in _PATRONYMIC_ENDS if s.endswith(e))


@lru_cache(maxsize=1 << 15)
def org_head(word: str) -> bool:
    """An organisation head word in any case ("министрлігінің", "қорына")."""
    low = folded_lower(word)
    return _org_head_folded(low)


def _org_head_folded(low: str) -> bool:
    """``org_head`` of a word folded in lower case."""
    return low in ORG_HEAD_WORDS or low.startswith(_ORG_HEADS_BY_OPENING.get(low[:2], ()))


# Kazakh names are often compounds whose last element is itself a name word:
# Нұр+сұлу, Гүл+дана, Ақ+бота, Айт+бек, Нұр+жан (folded); the first element
# is short (two to six letters).
_NAME_ENDS = tuple("""
сулу гул дана бота бек жан хан бол болат нур гали бике кул жар мурат ахмет али
""".split())


# Names of peoples built like names (Өзбек ends like Айтбек), folded.
_PEOPLES = frozenset("озбек тажик кыргыз туркмен уйгыр".split())


@lru_cache(maxsize=1 << 14)
def name_shaped(word: str) -> bool:
    """A capitalised word built like a Kazakh first name: a listed first name,
    or a compound ending in a name element ("Нұрсұлу", "Айтбек"), no place."""
    if not word[:1].isupper():
        return False
    # ``_place(word)`` of a capitalised word is its cue "L" (the cue's first
    # test is of lower-case words, its second is ``_place``): the cue is
    # remembered (the model asks it of every word), the place is not
    cue = word_cue(word)
    if cue == "L" or ordinary(word):
        return False
    if cue == "F" or "сұлу" in word.lower()[2:8]:
        return True  # "Таңсұлуды": the stem loses its last vowel to the ending
    if "хана" in word.lower() or "ия" in word.lower() or not candidates(word).isdisjoint(_PEOPLES):
        return False  # асхана, емхана: "house"; Португалия: a country; Өзбек: a people
    if _flower_name(word) or affectionate(word):
        return True
    return any(len(s) >= 5 and s.endswith(_NAME_ENDS) and 2 <= len(s) - max(
        len(e) for e in _NAME_ENDS if s.endswith(e)) <= 6 for s in candidates(word))


# Affectionate short forms of a man's name: the name's first syllable and
# -еке/-аке, -ке, or -ең/-аң, -екең ("Ереке", "Ерекең" of Ерлан, "Бекең" of
# Бекзат, "Нұрекең" of Нұрлан, "Асекең" of Асхат), then a case ending: every
# such ending of a word, a set (``affectionate`` asks it of up to four cuts).
_AFFECTIONATE_ENDS = frozenset(
    short + case for short in ("екең", "акең", "еке", "аке", "кең", "ең", "аң")
    for case in ("", *"ге ке ні ді ты ті нің дің мен бен пен нен ден тен де те ға ды ны ның дың е а"
                 .split()))
# Ordinary words built so (folded): abundance, holiday, father, private, goat,
# temple, deep, shade, stupid, wide, ...
_AFFECTIONATE_WORDS = ("береке", "мереке", "аке", "жеке", "теке", "шеке", "коке", "бокен",
                       "терен", "колен", "кенен", "келен", "жалан", "балан", "тобе", "ертен",
                       "анан", "ажен", "апан", "атан", "аган", "акен", "керен")  # (your mother, ...; deaf)


@lru_cache(maxsize=1 << 12)
def affectionate(word: str) -> bool:
    """"Ереке", "Бекеңмен", "Нұрекең": a short form whose first part opens a
    listed first name (of more letters) and ends in a consonant."""
    low = folded_lower(word)
    if not word[:1].isupper() or low.startswith(_AFFECTIONATE_WORDS) or low in first_names():
        return False
    lower = word.lower()
    # the shape first (most words have none), then the ordinary words' look-ups
    if not any(low[k - 1] not in "аеиоуыэюяё" and lower[k:] in _AFFECTIONATE_ENDS and any(
            n.startswith(low[:k]) and len(n) > k + 1 for n in _first_prefixes(low[:2]))
            for k in range(2, min(6, len(lower) - 1))):
        return False
    common = common_words()
    # "Алаңға": an ordinary word (square) with an ending
    return not any(lower[:j] in common or lower[:j] in NEVER_NAMES for j in range(4, len(lower) + 1))


@lru_cache(maxsize=1 << 10)
def _first_prefixes(two: str) -> tuple[str, ...]:
    return tuple(n for n in first_names() if n.startswith(two))


# Women's names built on Гүл- (flower) and a second element: Гүлнар, Гүлбаршын,
# Гүлсезім, Гүлнәзира (folded). The flower's own words are no names: гүлдер,
# гүлдесте (bouquet), гүлзар (flower bed), гүлдену (to bloom), гүлсіз, гүлхана
# (greenhouse), гүлшоқ, гүлтәж (corolla).
_FLOWER_WORDS = ("гулдер", "гулдес", "гулден", "гулдей", "гулдин", "гулзар", "гулсиз",
                 "гулхан", "гулшок", "гултаж", "гулдаст", "гулге", "гулде", "гулди", "гулин",
                 "гулим")


def _flower_name(word: str) -> bool:
    low = folded_lower(word)
    if not low.startswith("гул") or low.startswith(_FLOWER_WORDS):
        return False
    return any(s.startswith("гул") and len(s) >= 6 for s in candidates(word))


# Case endings but the genitive (dative, accusative, locative, ablative,
# instrumental, and the locative adjective -дағы): only the last word of a
# name takes one, and a name's words before its head word do not
# ("Ақтөбе облысының әкімдігі" has genitives only).
_CASE_ENDING = re.compile(
    r"(?<=\w{3})(?:ға|ге|қа|ке|ны|ні|ды|ді|ты|ті|да|де|та|те|нда|нде|дан|ден|тан|тен|"
    r"нан|нен|ндан|нден|мен|бен|пен|дағы|дегі|тағы|тегі|ндағы|ндегі)$")


@lru_cache(maxsize=1 << 14)
def case_marked(word: str) -> bool:
    """A word with a case ending other than the genitive ("Алматыдағы",
    "Бекзатқа", "ауылда"), and no listed first name ("Рената", "Фарида")."""
    low = word.lower()
    return _CASE_ENDING.search(low) is not None and fold(low) not in first_names()


# Place nouns: a name takes them in the possessive ("Шалқар ауданы", "Бірлік
# ауылында"); bare, or with a case ending alone, they are common nouns
# ("ауылда": in the village; "облыс әкімі": the region's governor).
_PLACE_NOUNS = ("ауыл", "аудан", "облыс", "қала", "кент", "өңір", "көше", "даңғыл",
                "округ", "өзен", "көл")
_BARE_ENDINGS = frozenset(
    "да де та те ға ге қа ке дан ден тан тен нан нен ды ді ты ті ны ні ның нің дың "
    "дің тың тің мен бен пен дағы дегі тағы тегі".split()) | {""}


@lru_cache(maxsize=1 << 12)
def bare_place_noun(word: str) -> bool:
    low = word.lower()
    # (one C-level test first: most words begin with no place noun)
    return low.startswith(_PLACE_NOUNS) and any(
        low.startswith(base) and low[len(base):] in _BARE_ENDINGS for base in _PLACE_NOUNS)


@lru_cache(maxsize=1 << 12)
def possessive_place_noun(word: str) -> bool:
    """"ауылында", "ауданы", "облысының": a place noun a name takes ("Бірлік
    ауылында"), even after an ordinary word opening a sentence; also "аулы"
    (ауыл losing its vowel) and the plural ("Исатай аудандарының")."""
    low = word.lower()
    return low.startswith(_POSSESSIVE_BASES) and any(
        low.startswith(base) and low[len(base):] in _POSSESSIVE_FORMS
        for base in _POSSESSIVE_BASES)


# The Kazakh nouns of a kind of place that the conventions of the Kazakh sets
# (KazNERD's marks) leave outside the name: "{Бірлік} ауылында", "{Шу}
# қаласы", "{Сарыкөл} ауданының", "{Жем} өзені"; "облысы" and a street's
# "көшесі", "даңғылы" stay inside ("{Павлодар облысында}", "{Абай даңғылы}").
_KIND_OUTSIDE = ("ауыл", "аул", "аудан", "қала", "кент", "өзен", "өңір", "тау")


@lru_cache(maxsize=1 << 10)
def kind_outside(word: str) -> bool:
    """"ауылында", "ауданының", "қаласы": a place noun left out of the name's
    span (not "ауылдық", an adjective: "Қарабұлақ ауылдық округі")."""
    low = word.lower()
    return low.startswith(_KIND_OUTSIDE) and not low.startswith("ауылдық")


_PLURAL_BASES = ("аудандар", "ауылдар", "облыстар", "қалалар")
_POSSESSIVE_BASES = _PLACE_NOUNS + ("аул",) + _PLURAL_BASES


def place_word_of_one(word: str) -> bool:
    """A place noun in the possessive that belongs to the one name before it
    ("ауылында", "ауданындағы"); no plural, which several names share
    ("Көктерек пен Жаңатілек ауылдарына")."""
    return possessive_place_noun(word) and not word.lower().startswith(_PLURAL_BASES)
_POSSESSIVE_FORMS = frozenset(
    p + e for p in ("ы", "і", "сы", "сі")
    for e in ("", "н", "на", "не", "нда", "нде", "нан", "нен", "ның", "нің", "мен",
              "ндағы", "ндегі"))


# Words for what a person does, written before the name ("Жаттықтырушысы
# Мұрат Сейітов", "Зейнеткер Сәкен Әбенов", "Фермер ..."): agent nouns in
# -шы/-ші, -кер/-гер (possessive and case endings allowed), and borrowed ones.
_ROLE = re.compile(r"(?:ш[ыи]|[кг]ер)(?:с[ыи]|[ыи])?"
                   r"(?:н[ыи]ң|н[ыи]|на|не|нда|нде|нан|нен|мен|г[ае]|к[ае])?$")
_ROLE_WORDS = frozenset("""
фермер директор менеджер инженер журналист тренер спортшы дәрігер ардагер зейнеткер
мұғалім мұғалімі ұстаз ұстазы дирижер продюсер режиссер режиссері директоры тренері
""".split())


@lru_cache(maxsize=1 << 14)
def role_word(word: str) -> bool:
    """A word naming a person's role or trade, not a name."""
    low = word.lower()
    if low in _ROLE_WORDS:
        return True
    f = fold(low)
    # (a plain search first: every match holds "ш" or "ер")
    return len(f) > 3 and ("ш" in f or "ер" in f) and _ROLE.search(f) is not None \
        and f not in first_names() and word_cue(word) != "F"


# --- Nouns with a possessive ending, which are no names (one home for the
# rules and the model's checks): a trade or office "мұғаліміміз"
# (``possessed_trade``), a noun that is also a name "Арманым" (``my_noun``),
# a common noun with "my" "мұғалімім" (``my_common_noun``), with "our" or
# the polite "your" "Кітапханашымыз" (``our_noun``).

# Possessive endings of the first and second persons and the third ("мұғаліміміз":
# our teacher, "дәрігерім", "жетекшіңіз", "фельдшері"), with a case ending after
# the third's (folded), longest first.
_POSSESSIVE = re.compile(r"(?:ымыз|имиз|мыз|миз|ыныз|иниз|ым|им|ын|ин|м|н|ы|и|сы|си)$")
# Trades and offices named before a person ("фельдшеріміз Ақжүніс", "Директорымыз
# ..."), folded stems; beside ``role_word`` (-шы, -кер, -гер).
_TRADE_STEMS = frozenset(fold(w) for w in """
мұғалім дәрігер директор фельдшер медбике бапкер тренер жетекші тәрбиеші кітапханашы
хатшы басшы бастық меңгеруші ұстаз ұстаздар ректор декан куратор инженер механик
агроном бухгалтер есепші экономист заңгер психолог логопед журналист редактор
""".split())
_TRADE_OPENINGS = frozenset(t[:3] for t in _TRADE_STEMS)


@lru_cache(maxsize=1 << 12)
def possessed_trade(word: str) -> bool:
    """A trade or office word with a possessive ending: "мұғаліміміз" (our
    teacher), "дәрігерім", "Директорымыз", "жетекшіміз", "фельдшері"."""
    low = folded_lower(word)
    if low[-1:] not in "змныи\n":  # the last letter of none ("$" matches before a last line break)
        return False
    if low[:3] not in _TRADE_OPENINGS and "ш" not in low:
        return False  # (each stem tried below opens the word and holds three letters or more)
    m = _POSSESSIVE.search(low)
    if m is None or m.start() < 3:
        return False
    stem = low[:m.start()]
    if stem in _TRADE_STEMS or low[:m.start() + 1] in _TRADE_STEMS \
            or stem + "ы" in _TRADE_STEMS or stem + "и" in _TRADE_STEMS:
        return True
    # an agent noun in -шы/-ші (оқушымыз: our pupil, көршіміз: our neighbour)
    lower = word.lower()
    agent = _AGENT_POSSESSED.match(lower) if "ш" in lower else None  # (each holds "ш")
    return agent is not None and role_word(agent.group(1))


# An agent noun in -шы/-ші and a possessive of the first, second or third person
# ("оқушымыз", "көршім", "жүргізушісі"): the vowel of the noun takes it bare.
_AGENT_POSSESSED = re.compile(r"(\w{2,}ш[ыі])(?:мыз|міз|м|ңыз|ңіз|ң|сы|сі)")


# "my" and "our" after a noun ("Арманым": my dream, "Мақсатымыз": our aim).
_MY_OUR = re.compile(r"(?:ымыз|іміз|мыз|міз|ым|ім|м)$")


@lru_cache(maxsize=1 << 12)
def my_noun(word: str) -> bool:
    """A name that is also a noun with "my" or "our" on it ("Арманым",
    "Бақытым", "Мақсатымыз", "Сезімім"): the noun, not the person."""
    low = word.lower()
    m = _MY_OUR.search(low)
    if m is None or m.start() < 3:
        return False
    stem = low[:m.start()]
    return any(noun_name(w) for w in (stem, stem + "ы", stem + "і")) and \
        fold(low) not in first_names()


# "my": "-ым", "-ім", "-м" on a noun ("Мұғалімім", "Дәрігерім", "Басшым").
_MY = re.compile(r"(?:ым|ім|м)$")


def my_common_noun(low: str) -> bool:
    """A common noun of four letters or more with the possessive "my", seen
    in lower case without it, and no listed name: "мұғалімім" (my teacher)
    but never "нұрым" (a name). ``low``: the word in lower case."""
    m = _MY.search(low)
    if m is None or fold(low) in first_names():
        return False
    stem = low[:m.start()]
    return len(stem) > 3 and stem in common_words() and word_cue(low) not in ("F", "S", "P")


# The possessive of the first person plural, or of the polite second person,
# on a noun: "-ымыз", "-іміз", "-мыз", "-міз", "-ыңыз", "-іңіз", "-ңыз", "-ңіз".
_OUR = re.compile(r"[а-яәғқңөұүһі]{3}(?:мыз|міз|ңыз|ңіз)$")


def our_noun(word: str) -> bool:
    """A noun of six letters or more with "our" or the polite "your" on it
    ("Кітапханашымыз", "Дәрігеріңіз"): no name ends so, unless it is a listed
    first name, surname or patronymic."""
    low = word.lower()
    return len(low) > 5 and _OUR.search(low) is not None and word_cue(word) not in ("F", "S", "P")


def canonical_stem(word: str) -> str:
    """The word's stem with one case or possessive ending and a final vowel cut."""
    return canonical(word)


def _place(word: str) -> bool:
    return _place_of(word, canonical(word))


def _place_of(word: str, stem: str) -> bool:
    """``_place(word)``, the word's ``canonical`` stem at hand."""
    return len(stem) > 3 and stem in _places() or places.is_place(word)


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Stems of the listed places; the words of the list built from KazNERD
    that are also listed first names ("Қайрат", "Ұлан") are left out: alone,
    with a case ending, they name people far more often; but for the stem of a
    listed town ("Алмат" of "Алматыдан")."""
    listed = [fold(w).lower() for w in names.KZ_PLACES + places.TOWNS + places.DISTRICTS]
    learnt = [w for w in _data("kk_places.txt") if fold(w).lower() not in first_names()
              or any(p.startswith(fold(w).lower()) for p in listed)]
    return frozenset(canonical(w) for w in names.KZ_PLACES + learnt)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Ordinary Kazakh words (seen in lower case)."""
    return frozenset(_data("kk_common.txt"))


# Endings cut from the ordinary words to find their stems (case endings, the
# genitive, "-ы/-і/-сы/-сі" of the possessive): "кітапты" gives "кітап".
_COMMON_ENDING = re.compile(
    r"(?<=\w{3})(?:ға|ге|қа|ке|ны|ні|ды|ді|ты|ті|да|де|та|те|нда|нде|дан|ден|тан|тен|нан|нен|"
    r"ндан|нден|мен|бен|пен|ның|нің|дың|дің|тың|тің|ы|і|сы|сі)$")


@lru_cache(maxsize=1)
def common_stems() -> frozenset[str]:
    """The ordinary words and their stems with one ending cut ("кітапты",
    "кітапқа": "кітап"), so that any inflected form of a noun seen in lower
    case is known ordinary ("Кітаппен"), and the everyday nouns of
    ``kk_nouns.txt`` ("теледидар")."""
    words = common_words()
    return words | frozenset(_COMMON_ENDING.sub("", w) for w in words) | everyday_nouns()


@lru_cache(maxsize=1)
def everyday_nouns() -> frozenset[str]:
    """Stems of everyday nouns, none a name (``kk_nouns.txt``)."""
    return frozenset(_listed("kk_nouns.txt"))


def everyday_noun(word: str) -> bool:
    """An everyday noun, bare or with a case ending ("Дәріні": the medicine,
    "Теледидардан"), that no lexicon or shape makes a name."""
    low = word.lower()
    m = _CASE_ENDING.search(low)
    nouns = everyday_nouns()
    return (low in nouns or m is not None and low[:m.start()] in nouns) \
        and word_cue(word) not in ("F", "S", "P", "L") and not name_shaped(word)


def written_lower(text: str, word: str, whole: bool = False) -> bool:
    """True when ``word`` also stands in lower case in ``text`` (at a word's
    start; ``whole``: as a whole word). A plain search, no pattern compiled
    per word."""
    low = word.lower()
    if low == word or not low:
        return False
    i = text.find(low)
    while i >= 0:
        j = i + len(low)
        if not (i and text[i - 1].isalnum() or text[i - 1:i] == "_") and not (
                whole and j < len(text) and (text[j].isalnum() or text[j] == "_")):
            return True
        i = text.find(low, i + 1)
    return False


@lru_cache(maxsize=1 << 15)
def ordinary(word: str) -> bool:
    """True for a capitalised word that is an ordinary Kazakh word in lower case."""
    low = word.lower()
    return low in common_words() or low in NEVER_NAMES


# Words that are never a name, whatever their place: pronouns, conjunctions
# and the adverbs that open a sentence or a speaker's turn ("Сондай-ақ",
# "Осылайша,", "Айтуынша"); written by hand (a hyphenated or rare one may be
# missing from the words learnt in lower case).
NEVER_NAMES = frozenset("""
мен сен ол біз сіз олар сендер сіздер менің сенің оның біздің сіздің олардың сендердің
сіздердің бізде сізде оларда оған оны одан онымен бұл осы сол мына ана мынау анау бұның
осының соның бұған осыған соған бұдан осыдан содан екеуіміз екеуміз үшеуіміз екеуі
үшеуі бәрі бәріміз барлығы барлығымыз әрбір кейбір ешкім ешбір ешқандай әркім кім не
қандай қалай қашан қайда неге неліктен неше қанша сондай-ақ сонымен сондықтан сосын
содан-соң кейін енді қазір бүгін кеше ертең биыл былтыр осылайша сөйтіп әрине бірақ
алайда дегенмен өйткені себебі яғни демек әсіресе тіпті тек ал және немесе әйтпесе
мысалы мәселен айтуынша айтуларынша сөзінше сөзіне пікірінше шынында шынымен жалпы
негізінен әлбетте бәлкім мүмкін сірә иә жоқ рас сәлеметсіз сәлем құрметті
қымбатты қайырлы сонда сонан мұнда онда осында сонша осынша тағы тағы-тағы
""".split())


@lru_cache(maxsize=1)
def first_name_keys() -> frozenset[str]:
    """Latin skeletons of the first names: "Yerlan", "Aizhan", "Bekzat" in English
    (``ca_first.txt``: Uzbek, Kyrgyz, Tajik, Uyghur, Tatar names and Russian
    short forms, "Dilnoza", "Kolya", read in English text only)."""
    latin = (latin_key(w) for w in [*_listed_first_names(), *_listed("kk_first_latin.txt"),
                                    *_listed("ca_first.txt")])
    return frozenset(k for k in latin if len(k) > 3)


# Kazakh first names that are also ordinary nouns or adjectives (бақыт:
# happiness, азамат: citizen, әсем: beautiful, бірлік: unity, арман: dream,
# сезім: feeling, жұлдыз: star, маржан: coral ...), beside the words of
# ``common_words``.
_NOUN_NAMES = frozenset("""
бақыт азамат әсем бірлік арман ләззат сезім жұлдыз мейір сәуле нұр гүл бота жеңіс бейбіт
болат алмас маржан інжу мерей мақсат ұлан қуаныш шолпан гауһар меруерт жанар ерік есен
самал талап қымбат раушан дана айым рахат жібек
""".split())


def noun_name(word: str) -> bool:
    """A capitalised word that is also an ordinary Kazakh word ("Бақыт")."""
    low = word.lower()
    return low in _NOUN_NAMES or low in common_words()


# The endings of a name that is the object of the sentence: instrumental
# (with), dative (to), accusative ("Маржанмен", "Ержанға", "Нұрланды").
_OBJECT_CASE = re.compile(r"(?:мен|бен|пен|ға|ге|қа|ке|ны|ні|ды|ді|ты|ті)$")


@lru_cache(maxsize=1 << 12)
def object_case_name(word: str) -> bool:
    """A listed first name with an object case ending ("Маржанмен")."""
    if not word[:1].isupper():
        return False
    low = word.lower()
    m = _OBJECT_CASE.search(low)
    return m is not None and m.start() >= 3 and fold(low[:m.start()]) in first_names()


def two_people(first: str, second: str) -> bool:
    """"Әсем Маржанмен": a bare listed first name, then a listed first name
    in an object case: only a name's last word takes an ending, and a first
    name is no surname, so these are two people (Әсем met Маржан)."""
    return fold(first.lower()) in first_names() and object_case_name(second) \
        and not SURNAME.search(fold(_OBJECT_CASE.sub("", second.lower()))) \
        and canonical(second) not in surnames()


_WORD = re.compile(r"[^\W\d_]+")


def other_first_name(text: str, surname: str, first: str) -> bool:
    """The text names the bearer of ``surname`` elsewhere with another listed
    first name beside it ("Нұрсұлу Ескендірова ... Ескендірова Мирасқа":
    Мирас is someone else), before or after the surname."""
    stem, own = canonical(surname), canonical(first)
    if len(stem) < 4:
        return False
    words = list(_WORD.finditer(text))
    listed = first_names()
    for k, m in enumerate(words):
        if not m.group()[:1].isupper() or canonical(m.group()) != stem:
            continue
        for j in (k - 1, k + 1):
            if 0 <= j < len(words) and words[j].group()[:1].isupper() \
                    and text[min(m.end(), words[j].end()):max(m.start(), words[j].start())].strip() == "":
                other = words[j].group()
                if canonical(other) != own and canonical(other) != stem and (
                        fold(other).lower() in listed or word_cue(other) == "F"):
                    return True
    return False


def surname_then_other(text: str, first: str, second: str) -> bool:
    """"Ескендірова Мирасқа": a word of a surname's shape, then a listed first
    name in an object case, are two people when the surname carries a case
    ending of its own (only a name's last word takes one) or the text names the
    surname's bearer with another first name."""
    if not object_case_name(second) or not first[:1].isupper():
        return False
    bare = fold(first.lower())
    if bare in first_names() or word_cue(first) not in ("S", "P"):
        return False
    return case_marked(first) or _GENITIVE_END.search(first.lower()) is not None \
        or other_first_name(text, first, second)


_GENITIVE_END = re.compile(r"(?<=\w{4})(?:ның|нің|дың|дің|тың|тің)$")


# A nationality with a plural, case or predicate ending ("Өзбекпін": I am
# Uzbek, "Кәрістер", "Ұйғырмыз"): no person. Only whole endings, so a name
# built on one ("Орысбай", "Қазақбай") stays a name.
_NATIONALITY = re.compile(
    r"(?:қазақ|орыс|ұйғыр|өзбек|татар|кәріс|неміс|украин|түрік|түрікмен|дүнген|қырғыз|тәжік"
    r"|башқұрт|шешен|әзірбайжан|әзербайжан|белорус|поляк|қалмақ|моңғол|корей|араб|армян|грек"
    r"|грузин|еврей|ағылшын|француз|испан|итальян|қарақалпақ|ноғай|чуваш|болгар|күрд|парсы"
    r"|түркімен|ауған)"
    r"(?:[лдт][ае]р)?"
    r"(?:[гқк][ае]|[ндт][ыі]|[ндт][ае]|н[ае]н|[дт][ае]н|[ндт][ыі]ң|[мбп][ае]н|ш[ае])?"
    r"(?:[мбп][ыі][нз]|с[ыі][ңз]|с[ыі]ңд[ае]р|с[ыі]зд[ае]р)?")


@lru_cache(maxsize=1 << 13)
def nationality(word: str) -> bool:
    """(asked of every person and place span's text, twice: remembered)"""
    return _NATIONALITY.fullmatch(word.lower()) is not None
