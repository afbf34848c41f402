"""Towns, districts and regions of Kazakhstan in Russian, Kazakh and English.

Public geography written from general knowledge (the country's towns, the
districts of its big cities and of the regions fieldwork often visits, its
regions), not taken from any evaluation set. Case endings are cut by
``normalise``, so "Шалқарда", "Рудныйдан", "Алмалинском" are found.
Names that are also people's names or surnames (Абай, Қонаев, Сәтбаев) are in
``AMBIGUOUS``: they count as places only with a place word beside them.
"""
from __future__ import annotations

from functools import lru_cache

from .normalise import KK_ENDINGS, MIN_STEM, candidates, canonical, fold, folded_lower
from .translit import latin_key

TOWNS = """
Ақкөл Акколь Akkol Ақсай Аксай Aksay Ақсу Аксу Aksu Алға Алга Aral Арал Аральск Арқалық
Аркалык Arkalyk Арыс Арысь Arys Атбасар Atbasar Аягөз Аягоз Ayagoz Байқоңыр Байконур
Baikonur Baykonur Балқаш Балхаш Balkhash Булаево Державинск Ерейментау Yereymentau Есік Есик
Esik Yesik Есіл Есиль Yesil Жаңаөзен Жанаозен Zhanaozen Жаңатас Жанатас Zhanatas Жаркент
Zharkent Жетісай Жетысай Zhetisay Жітіқара Житикара Zhitikara Зайсан Zaysan Қазалы Казалинск
Kazaly Қандыағаш Кандыагаш Kandyagash Қапшағай Капшагай Kapshagay Қаражал Каражал Қаратау
Каратау Karatau Қарқаралы Каркаралинск Karkaraly Қаскелең Каскелен Kaskelen Кентау Kentau
Қосшы Косшы Kosshy Құлсары Кульсары Kulsary Ленгер Lenger Лисаковск Lisakovsk
Макинск Makinsk Мамлютка Приозерск Priozersk Риддер Ridder Рудный Rudny Rudnyy Сарань Saran
Сарқан Сарканд Sarkand Сарыағаш Сарыагаш Saryagash Сергеевка Серебрянск Степногорск
Stepnogorsk Степняк Тайынша Tayynsha Талғар Талгар Talgar Текелі Текели Tekeli Теміртау
Темиртау Temirtau Үштөбе Уштобе Ushtobe Форт-Шевченко Хромтау Khromtau Шалқар Шалкар Shalkar
Шардара Shardara Шахтинск Shakhtinsk Шемонаиха Shemonaikha Щучинск Shchuchinsk Екібастұз
Экибастуз Ekibastuz Ембі Эмба Emba Қордай Кордай Kordai Меркі Мерке Merki Сарыөзек Сарыозек
Ақтоғай Актогай Aktogay Осакаровка Osakarovka Жаркайын Бурабай Боровое Burabay Шортанды
Shortandy Жезді Сәтбаев Satbayev Satpayev Ұлытау Улытау Ulytau Қарағайлы Ленинск Шиелі
Шиели Shieli Жаңақорған Жанакорган Zhanakorgan Арысь Созақ Сузак Түлкібас Тюлькубас Қазығұрт
Казыгурт Kazygurt Мақтаарал Мактаарал Maktaaral Сайрам Sairam Ордабасы Ордабасинский Шәуілдір
Шаульдер Төле Толеби Tolebi Бәйдібек Бадам Badam Отырар Otrar Кеген Kegen Нарынқол Нарынкол
Шелек Shelek Ұзынағаш Узынагаш Uzynagash Іле Илийский Otegen Өтеген Байсерке Боралдай Boralday
Талдықорған Талдыкорган Taldykorgan Семей Семипалатинск Semey Өскемен Усть-Каменогорск Oskemen
Ust-Kamenogorsk Павлодар Pavlodar Петропавл Петропавловск Petropavl Petropavlovsk Қостанай
Костанай Kostanay Ақтөбе Актобе Aktobe Ақтау Актау Aktau Атырау Atyrau Орал Уральск Oral Uralsk
Қызылорда Кызылорда Kyzylorda Түркістан Туркестан Turkistan Turkestan Тараз Taraz Шымкент
Shymkent Қарағанды Караганда Karaganda Karagandy Көкшетау Кокшетау Kokshetau Жезқазған
Жезказган Zhezkazgan Алматы Almaty Астана Astana Нұр-Сұлтан Нур-Султан Nur-Sultan
Бейнеу Beyneu Шетпе Мақат Макат Доссор Индер Миялы Аққыстау Ганюшкино Шолаққорған
Шолаккорган Әулиекөл Аулиеколь Қарабалық Карабалык Федоровка Денисовка Торғай Тургай
Ырғыз Иргиз Қобда Мәртөк Мартук Бадамша Ойыл Уил Жымпиты Шыңғырлау Чингирлау Казталовка
Сайқын Тасқала Переметное Жаңақала Күршім Курчум Катонқарағай Үржар Урджар Мақаншы Көкпекті
Ақсуат Қарауыл Баянауыл Баянаул Железинка Шарбақты Успенка Теренкөл Сарыкөл Ұзынкөл
Қамысты Науырзым Жаңаарқа Атасу Егіндібұлақ Ботақара Баршатас Жалағаш Тереңөзек Жосалы
Асықата Сарыкемер Мойынқұм Отар Лепсі Үшарал Достық Шонжы Астраханка Балкашино Егіндікөл
Қорғалжын Аршалы
Қорғас Хоргос Khorgos Korgas Bayanaul Bayanauyl Karaul Баканас Бақанас Bakanas Қарауылкелді
Караулкельды Шұбарқұдық Шубаркудук Shubarkuduk Қарабұтақ Карабутак Индербор Бородулиха
Бесқарағай Бескарагай Қалбатау Калбатау Kalbatau Құлан Кулан Қаратөбе Каратобе Жалпақтал
Жалпактал Ақсу-Аюлы Аксу-Аюлы Затобольск Zatobolsk Қарамеңді Карамендинск Жетібай Жетыбай
Zhetybay Құрық Курык Kuryk Тұщықұдық Тущикудук Аққулы Аккулы Майқайың Майкаин Maikain Ертіс
Иртышск Явленка Пресновка Саумалкөл Саумалколь Смирново Новоишимское Тимирязево Шаян Shayan
Сарыозек Жансүгіров Шамалған Шамалган Текелі Қабанбай Үшқоңыр Коктал Көктал Шұнжы
""".split()
DISTRICTS = """
Алмалы Алмалинский Almaly Бостандық Бостандыкский Bostandyk Медеу Медеуский Medeu Әуезов
Ауэзовский Auezov Түрксіб Турксибский Turksib Наурызбай Наурызбайский Nauryzbay Алатау
Алатауский Alatau Жетісу Жетысуский Zhetysu Сарыарқа Сарыаркинский Saryarka Есильский
Нұра Нуринский Nura Байқоңыр Байконурский Әл-Фараби Аль-Фарабийский Al-Farabi Еңбекші
Енбекшинский Enbekshi Абайский Қаратауский Каратауский Осакаров Осакаровский Osakarov
Бұқар-Жырау Бухар-Жырауский Bukhar-Zhyrau Қарасай Карасайский Karasay Талгарский Еңбекшіқазақ
Енбекшиказахский Enbekshikazakh Целиноград Целиноградский Tselinograd Шортандинский Бурабайский
Зеренді Зерендинский Zerendi Сайрамский Тюлькубасский Казыгуртский Мактааральский Толебийский
Ақмола Акмолинская Akmola Ақтөбе Актюбинская Алматинская Атырауская Шығыс
Восточно-Казахстанская Жамбыл Жамбылская Zhambyl Жетісу Жетысуская Батыс Западно-Казахстанская
Карагандинская Костанайская Кызылординская Маңғыстау Мангистауская Мангыстау Mangystau
Павлодарская Солтүстік Северо-Казахстанская Туркестанская Ұлытауская Улытауская
""".split()
# Also names or surnames of people: a place only with a place word beside it.
AMBIGUOUS = frozenset("Абай Қонаев Конаев Konaev Сәтбаев Сатпаев Satbayev Satpayev Төле Шу "
                      "Шар Жем Есіл Есиль Yesil Нұра Nura Алатау Ақсу Аксу Aksu Талғар "
                      "Талгар Шығыс Батыс Солтүстік Жансүгіров Қабанбай Құлан Кулан Шаян "
                      "Shayan Смирново Тимирязево Ертіс Аққулы Аккулы".split())
# People whose names regions, districts and towns bear (poets, heroes,
# scholars): a person where the words around say so ("Жамбылдың жырлары",
# "Әуезов айтты"), a place otherwise.
EPONYMS = frozenset("""
Жамбыл Джамбул Zhambyl Jambyl Әуезов Ауэзов Auezov Абай Abai Abay Сәтбаев Сатпаев Satbayev
Satpayev Қонаев Кунаев Конаев Konaev Kunaev Бұқар-Жырау Бухар-Жырау Махамбет Жансүгіров
Жансугуров Қабанбай Кабанбай Байзақ Байзак Алтынсарин Амангелді Амангельды Уәлиханов
Уалиханов Мүсірепов Мусрепов Жұмабаев Жумабаев Құрманғазы Курмангазы Исатай Сырым Райымбек
Бәйдібек Байдибек Төле Толе Әйтеке Айтеке Қазыбек Казыбек Шақшақ Ыбырай Сейфуллин Майлин
Торайғыров Торайгыров Шевченко Есенберлин Балпық Ақтамберді Бейімбет Мағжан Магжан
""".split())
# Countries are not masked (conventions); listed so they are never taken for people.
COUNTRIES = frozenset("""
Казахстан Қазақстан Kazakhstan Россия Ресей Russia Китай Қытай China Узбекистан Өзбекстан
Uzbekistan Кыргызстан Қырғызстан Kyrgyzstan Туркменистан Түрікменстан Таджикистан Тәжікстан
Турция Түркия Turkey Германия Germany Франция France США АҚШ USA Америка America Англия
Англия England Британия Britain Украина Украина Ukraine Беларусь Грузия Georgia Италия Italy
Испания Spain Япония Japan Корея Korea Индия India Иран Iran Монголия Моңғолия Mongolia
""".split())


@lru_cache(maxsize=2)
def place_stems(evidence: bool = False) -> frozenset[str]:
    """Canonical stems of the unambiguous towns, districts and regions; with
    ``evidence`` (the words around say place) of the ambiguous ones too."""
    return frozenset(canonical(w) for w in TOWNS + DISTRICTS if evidence or w not in AMBIGUOUS)


@lru_cache(maxsize=1)
def country_stems() -> frozenset[str]:
    return frozenset(canonical(w) for w in COUNTRIES)


def _forms(word: str) -> set[str]:
    return {canonical(c) for c in candidates(word)} | {canonical(word)}


@lru_cache(maxsize=1)
def _whole_names() -> frozenset[str]:
    """The unambiguous towns, districts and regions, folded, in lower case."""
    return frozenset(fold(w).lower() for w in TOWNS + DISTRICTS if w not in AMBIGUOUS)


def _kazakh_form(word: str) -> bool:
    """A listed name written whole with one Kazakh case ending ("Кентаудан",
    "Жаркенттегі", "Бейнеуді"), which the generic stems may cut too short or
    too long. The endings are ``normalise.KK_ENDINGS``: the Kazakh endings it
    cuts from every word, and the locative adjective, which it does not."""
    w = fold(word).lower()
    whole = _whole_names()
    return any(w[:-k] in whole for k in _KK_LENGTHS if len(w) - k >= MIN_STEM
               and w[-k:] in KK_ENDINGS)


_KK_LENGTHS = sorted({len(e) for e in KK_ENDINGS}, reverse=True)


@lru_cache(maxsize=4)
def _heads(stems: frozenset[str]) -> tuple[frozenset[str], frozenset[str], int]:
    """First three letters of the stems, the two-letter stems, and the length
    of the longest: every form of a word begins its folded lower-case
    spelling, so a word that begins with none of these is no form of any of
    the stems."""
    return frozenset(s[:3] for s in stems if len(s) > 2), \
        frozenset(s for s in stems if len(s) <= 2), max(map(len, stems), default=0)


@lru_cache(maxsize=4)
def _beginnings(stems: frozenset[str]) -> tuple[dict[str, tuple[str, ...]], frozenset[str],
                                                  tuple[str, ...]]:
    """``_heads``' gate as ``_may_be`` reads it: the stems of three letters or
    more by their first three letters, the stems of two letters or fewer, and
    those of them that are not empty (what ``str.startswith`` can be asked)."""
    by_head: dict[str, list[str]] = {}
    for s in stems:
        if len(s) > 2:
            by_head.setdefault(s[:3], []).append(s)
    short = _heads(stems)[1]
    return {h: tuple(ss) for h, ss in by_head.items()}, short, tuple(s for s in short if s)


def _may_be(word: str, stems: frozenset[str]) -> bool:
    """False when no form of the word (``_forms``) can be among the stems:
    every form is a beginning of the word's folded lower-case spelling, so
    the beginnings are looked up first (cheaper than cutting the endings).
    Past ``_heads``' gate, a stem that begins the word begins with its first
    three letters or is one of the short stems: one ``startswith`` each."""
    whole = folded_lower(word)  # fold(word).lower(), remembered
    by_head, short, short_stems = _beginnings(stems)
    longer = by_head.get(whole[:3], ())
    if not longer and whole[:2] not in short:
        return False
    return whole.startswith(longer) or whole.startswith(short_stems)


@lru_cache(maxsize=2)
def _latin_keys(evidence: bool) -> frozenset[str]:
    """Latin skeletons (``translit.latin_key``) of the Cyrillic names above."""
    return frozenset(latin_key(w) for w in TOWNS + DISTRICTS
                     if not w.isascii() and (evidence or w not in AMBIGUOUS))


def load() -> None:
    """Both Latin key sets, made once per process before any text (else the
    first text with a capitalised Latin word of each kind pays for one)."""
    _latin_keys(False), _latin_keys(True)


def _latin_form(word: str, evidence: bool) -> bool:
    """A Latin spelling of a listed Cyrillic name ("Zhosaly" for Жосалы,
    "Bayanaul" for Баянаул), possessive "'s" allowed; never an English word
    or a listed first name ("Oil" is no Ойыл)."""
    base = word[:-2] if word[-2:] in ("'s", "’s") else word
    if len(base) < 4 or not base.isascii() or not base.isalpha() or not base[0].isupper() \
            or latin_key(base) not in _latin_keys(evidence):
        return False
    from . import en_words, rules

    return not en_words.dictionary_word(base) and rules.word_label(base) != rules.FIRST


@lru_cache(maxsize=1 << 15)
def is_place(word: str, evidence: bool = False) -> bool:
    """A town, district or region of Kazakhstan (any case ending). The names
    that are also people's (``AMBIGUOUS``: Aksu, Satpayev) count only with
    ``evidence``: when the words around say place ("in Aksu")."""
    stems = place_stems(evidence)
    return _may_be(word, stems) and (not stems.isdisjoint(_forms(word)) or _kazakh_form(word)) \
        or word[:1].isascii() and _latin_form(word, evidence)


@lru_cache(maxsize=1 << 12)
def is_country(word: str) -> bool:
    stems = country_stems()
    return _may_be(word, stems) and not stems.isdisjoint(_forms(word)) or world_country_form(word)


@lru_cache(maxsize=1)
def _cyrillic_countries() -> frozenset[str]:
    """The world's countries of one word in Russian and Kazakh (CLDR, through
    ``world``), lower case, of five letters or more (no "куба", "мали":
    Kazakh words fold so)."""
    countries, _ = world()
    return frozenset(c for c in countries if " " not in c and len(c) >= 5
                     and not c.isascii() and c.isalpha()) - _COUNTRY_HOMONYMS


@lru_cache(maxsize=1)
def _country_heads() -> frozenset[str]:
    """The first five letters of ``_cyrillic_countries`` (each has five or more):
    a word that begins with none of them begins with no country."""
    return frozenset(c[:5] for c in _cyrillic_countries())


# Countries' names that are a Kazakh first name or word too (Дания: a woman's
# name; судан: "from water").
_COUNTRY_HOMONYMS = frozenset(("дания", "судан"))


@lru_cache(maxsize=1 << 12)
def world_country_form(word: str) -> bool:
    """A country of the world in Cyrillic, whole or with one Kazakh case ending
    ("Таиландқа", "Малайзиядан", "Вьетнамға", "Өзбекстандағы")."""
    if not word[:1].isupper() or word[:1].isascii():
        return False
    low = word.lower()
    names = _cyrillic_countries()
    if low in names:
        return True
    if low[:5] not in _country_heads():
        return False  # no country begins it: none is left when an ending is cut
    # (the word folded once: folding turns each letter into one, so the fold
    # of its last k letters is the last k letters of its fold)
    folded = fold(low)
    return any(low[:-k] in names for k in _KK_LENGTHS
               if len(low) - k >= 5 and folded[-k:] in KK_ENDINGS)


# The world beyond Kazakhstan, from data the engine already has: country and
# region names in English, Russian and Kazakh (Babel's CLDR territories), the
# cities of the IANA time zones and their Russian and Kazakh names (CLDR
# exemplar cities), and the US states (general knowledge).
US_STATES = """
Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia
Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts
Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon
Pennsylvania Tennessee Texas Utah Vermont Virginia Washington Wisconsin Wyoming
""".split() + ["New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina",
               "North Dakota", "Rhode Island", "South Carolina", "South Dakota", "West Virginia",
               "England", "Scotland", "Wales", "Northern Ireland", "Pacific", "Atlantic",
               "Arctic", "Mediterranean", "Caribbean", "Siberia", "Midwest", "Balkans",
               "Caucasus", "Sahara"]
CITIES = ["Philadelphia", "Geneva", "Boston", "San Francisco", "Seattle", "Atlanta", "Miami",
          "Houston", "Dallas", "Baltimore", "Orlando", "Las Vegas", "Oxford", "Cambridge",
          "Manchester", "Liverpool", "Edinburgh", "Munich", "Frankfurt", "Milan", "Barcelona",
          "Florence", "Venice", "Zurich", "Beijing", "Mumbai", "Delhi", "Montreal", "Bishkek",
          "Tashkent", "Novosibirsk", "Omsk", "Kazan", "Saint Petersburg", "St. Petersburg",
          "Washington, D.C.", "Brooklyn", "Manhattan", "Silicon Valley", "Hollywood"]


# Areas of the time zones named after a city ("Europe/Berlin"); the others and
# the names below are aliases of regions or times ("US/Pacific", "Mexico/General",
# "Australia/North"), no cities.
_ZONE_AREAS = frozenset("Africa America Antarctica Arctic Asia Atlantic Australia Europe Indian "
                        "Pacific".split())
_ZONE_ALIASES = frozenset("act north south west east center central virgin easter troll "
                          "resolute wake".split())


@lru_cache(maxsize=1)
def world() -> tuple[frozenset[str], frozenset[str]]:
    """(countries, regions and states; cities), lower case, several words allowed."""
    countries, cities = {w.lower() for w in US_STATES}, {w.lower() for w in CITIES}
    try:
        from babel import Locale
        import zoneinfo

        for lang in ("en", "ru", "kk"):
            locale = Locale(lang)
            countries |= {name.lower() for name in locale.territories.values()}
            cities |= {zone["city"].lower() for zone in locale.time_zones.values()
                       if zone.get("city")}
        cities |= {z.rsplit("/", 1)[-1].replace("_", " ").lower()
                   for z in zoneinfo.available_timezones()
                   if z.split("/", 1)[0] in _ZONE_AREAS and "/" in z} - _ZONE_ALIASES
    except Exception:  # noqa: BLE001 - the gazetteer is best effort
        pass
    language_words()  # from the locales just loaded: now, not on a first organisation
    return frozenset(countries), frozenset(cities - countries)


@lru_cache(maxsize=1)
def language_words() -> frozenset[str]:
    """Names of languages in English, Russian and Kazakh, lower case ("russian", "kazakh",
    "казахский"): words a misspelt name must never be taken for."""
    try:
        from babel import Locale

        return frozenset(name.lower() for lang in ("en", "ru", "kk")
                         for name in Locale(lang).languages.values() if " " not in name)
    except Exception:  # noqa: BLE001 - best effort, like the gazetteer
        return frozenset()


@lru_cache(maxsize=1 << 14)
def world_place(name: str) -> str | None:
    """"country" or "city" for a known place name written in full, else None."""
    low = " ".join(name.split()).lower()
    countries, cities = world()
    if low in countries:
        return "country"
    if low in cities:
        return "city"
    return None


@lru_cache(maxsize=1)
def _regions_of_the_world() -> frozenset[str]:
    """Continents and world regions of one word in English, Russian and Kazakh
    (CLDR's numeric territories, through Babel: "Азия", "Еуропа", "Africa"),
    lower case."""
    try:
        from babel import Locale

        return frozenset(name.lower() for lang in ("en", "ru", "kk")
                         for code, name in Locale(lang).territories.items()
                         if code.isdigit() and " " not in name)
    except Exception:  # noqa: BLE001 - best effort, like the gazetteer
        return frozenset()


def world_region(word: str) -> bool:
    """A continent or world region named in one word ("Азия", "Еуропа")."""
    return word.lower() in _regions_of_the_world()
