"""Kazakh misses found on a fictional news text the engine had never seen
(bench/data/kk_news_fiction.txt), each as a failing example first, written
again here in other fictional sentences: the fixes are rules of the
language, not of those sentences."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.anonymise import ORGANISATION, PERSON, PLACE, detect


def found(text):
    return [(text[s.start:s.end], s.category) for s in detect(text, lang="kk")]


def people(text):
    return [t for t, c in found(text) if c == PERSON]


@pytest.mark.parametrize("text, name", [
    ("Сайлауға Азамат Жолдасов түсті.\nАзамат өз бағдарламасын таныстырды.", "Азамат"),
    ("Жиналысты Бірлік Сапаров ашты. Бірлік былтыр ауылға оралған.", "Бірлік"),
])
def test_a_first_name_that_is_an_ordinary_word_opening_a_sentence_is_a_name_once_the_text_names_that_person(text, name):
    last = text.rindex(name)
    assert any(s.start == last and s.category == PERSON for s in detect(text, lang="kk"))


@pytest.mark.parametrize("text", [
    "Бірлік — біздің басты құндылығымыз.",
    "Азамат өз құқығын білуі керек.",
])
def test_the_same_word_opening_a_sentence_of_a_text_that_names_nobody_so_stays(text):
    assert people(text) == []


@pytest.mark.parametrize("text, name", [
    ("Ерланұлына облыс әкімі сыйлық берді.", "Ерланұлына"),
    ("Марат Қалиұлына облыс әкімі алғыс айтты.", "Марат Қалиұлына"),
])
def test_a_patronymic_before_a_place_word_is_a_person_not_a_place(text, name):
    assert (name, PERSON) in found(text)


@pytest.mark.parametrize("text, name", [
    ("Дана Серікқызы Алматыдағы Сәтбаев университетінің түлегі.", "Дана Серікқызы"),
    ("Ерік Жанұзақов Қостанайдағы аграрлық колледжінің директоры болды.", "Ерік Жанұзақов"),
])
def test_a_person_before_a_place_in_a_case_is_no_part_of_the_organisation_after(text, name):
    assert (name, PERSON) in found(text)


@pytest.mark.parametrize("text, name", [
    ("Жаттықтырушысы Мұрат Сейітов жарысқа дайындалып жатыр.", "Мұрат Сейітов"),
    ("Бүгін фермер Ғалия Нұрова жаңа ферма ашты.", "Ғалия Нұрова"),
    ("Зейнеткер Сәкен Әбенов хат жазды.", "Сәкен Әбенов"),
])
def test_a_role_word_before_a_name_is_no_part_of_it(text, name):
    assert (name, PERSON) in found(text)


@pytest.mark.parametrize("text, name", [
    ("Ертең Нұрболатты ауыл тұрғындары құттықтайды.", "Нұрболатты"),
    ("Айдана Сейітова ауылда кітапхана ашты.", "Айдана Сейітова"),
    ("Биыл Гүлмира Әбдірова ауылда мектеп салды.", "Гүлмира Әбдірова"),
])
def test_a_name_before_a_common_place_noun_is_a_person(text, name):
    assert (name, PERSON) in found(text)


def test_a_character_named_with_ata_is_masked_whole():
    assert ("Аяз ата", PERSON) in found("Кешке балаларға Аяз ата келді.")


# Kazakh case endings by vowel harmony and the word's last sound, written
# from the grammar (not from the engine): dative, accusative, genitive,
# locative, ablative, instrumental.
_BACK, _FRONT = set("аоұыуяё"), set("әеөүіиэю")
_VOICELESS, _NASAL = set("кқпстфхцчшщ"), set("мнң")


def _back(word):
    for ch in reversed(word.lower()):
        if ch in _BACK or ch in _FRONT:
            return ch in _BACK
    return True


def inflect(name, case):
    last, back = name.lower()[-1], _back(name)
    vowel = last in _BACK or last in _FRONT

    def pick(b, f):
        return b if back else f
    ending = {
        "dative": pick("ға", "ге") if vowel or last not in _VOICELESS else pick("қа", "ке"),
        "accusative": pick("ны", "ні") if vowel else pick("ты", "ті") if last in _VOICELESS
        else pick("ды", "ді"),
        "genitive": pick("ның", "нің") if vowel else pick("тың", "тің") if last in _VOICELESS
        else pick("дың", "дің"),
        "locative": pick("та", "те") if last in _VOICELESS else pick("да", "де"),
        "ablative": pick("нан", "нен") if vowel or last in _NASAL
        else pick("тан", "тен") if last in _VOICELESS else pick("дан", "ден"),
        "instrumental": "пен" if last in _VOICELESS else "бен" if last in _NASAL or last in "жз"
        else "мен",
    }[case]
    return name + ending


def test_the_endings_follow_the_grammar():
    assert [inflect("Бекзат", "dative"), inflect("Әсем", "accusative"),
            inflect("Дана", "genitive"), inflect("Нұрлан", "ablative"),
            inflect("Айгүл", "instrumental"), inflect("Ермек", "locative")] == [
        "Бекзатқа", "Әсемді", "Дананың", "Нұрланнан", "Айгүлмен", "Ермекте"]


CARRIERS = {"dative": "Біз кеше {} хат жаздық.", "accusative": "Мұғалім кеше {} мақтады.",
            "genitive": "Үстелде {} кітабы жатыр.", "locative": "Кітап қазір {} қалды.",
            "ablative": "Біз бұл жаңалықты {} естідік.", "instrumental": "Кеше біз {} сөйлестік."}
# Listed Kazakh first names, some also places elsewhere (Қайрат, Ұлан) or ending
# in a vowel the ending meets (Зәуре, Ақбота, Сәуле).
NAMES = ["Бекзат", "Әсем", "Дана", "Нұрлан", "Айгүл", "Ермек", "Қайрат", "Ұлан", "Зәуре",
         "Ақбота", "Сәуле", "Гүлмира", "Ерасыл", "Мөлдір", "Шыңғыс", "Жұлдыз", "Дариға",
         "Қуаныш", "Мақсат", "Айгерім"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(NAMES), st.sampled_from(sorted(CARRIERS)))
def test_every_case_form_of_a_listed_first_name_is_a_person(name, case):
    form = inflect(name, case)
    text = CARRIERS[case].format(form)
    start = text.index(form)
    assert any(s.category == PERSON and s.start <= start and start + len(form) <= s.end
               for s in detect(text, lang="kk")), (text, found(text))


@pytest.mark.parametrize("text, name", [
    ("Мен Шалқардан келдім, інім Жанат Ақтөбеде оқиды.", "Жанат"),
    ("Кеше досым Ерсайын Тұрлыбекұлы хабарласты.", "Ерсайын Тұрлыбекұлы"),
    ("Бүгін қызым Аяулымның туған күні.", "Аяулымның"),
    ("Жиынға Нұрдәулет есімді жігіт келді.", "Нұрдәулет"),
])
def test_a_word_after_a_kinship_word_or_before_named_is_a_name(text, name):
    assert (name, PERSON) in found(text)


def test_a_place_word_in_the_possessive_after_an_ordinary_word_opening_a_sentence_makes_it_a_place():
    # (the place noun outside the name, as KazNERD and the Kazakh sets mark it)
    assert ("Бірлік", PLACE) in found("Бірлік ауылында жаңа мектеп ашылды.")


# The three misses left open after the fictional news set (issue 11), each in
# sentences of their own: what decides is the grammar around the name.
@pytest.mark.parametrize("text, name", [
    ("Азамат — ауыл мектебінің мұғалімі.", "Азамат"),
    ("Әсем — 24 жастағы дизайнер, ол Шалқарда тұрады.", "Әсем"),
    ("Арман — аудан тұрғыны, екі баланың әкесі.", "Арман"),
    ("Жиналыс аяқталды. Бірлік — осы ауылдың тумасы, мектепте жиырма жыл істеген.", "Бірлік"),
])
def test_a_first_name_opening_a_sentence_before_a_dash_and_a_person_word_is_a_person(text, name):
    assert (name, PERSON) in found(text)


@pytest.mark.parametrize("text", [
    "Азамат — елдің тірегі.",
    "Арман — алға жетелейтін күш.",
])
def test_the_same_word_before_a_dash_and_no_person_word_stays(text):
    assert people(text) == []


@pytest.mark.parametrize("text", [
    "Бақыт деген не? Әркім оны әртүрлі түсінеді.",
    "Арман деген — алға жетелейтін күш.",
    "Бақыт деп денсаулықты айтамыз.",
])
def test_a_name_that_is_a_common_word_before_degen_opening_a_sentence_is_the_word(text):
    assert people(text) == []


@pytest.mark.parametrize("text, name", [
    ("Әсем деген қыз бізге хат жазды.", "Әсем"),
    ("Бақыт деген жігіт ауылға келді.", "Бақыт"),
])
def test_a_name_before_degen_and_a_person_word_is_a_person(text, name):
    assert (name, PERSON) in found(text)


@pytest.mark.parametrize("text, first, second", [
    ("Әсем Маржанмен кездесті.", "Әсем", "Маржанмен"),
    ("Кеше Дана Айгүлмен бірге дүкенге барды.", "Дана", "Айгүлмен"),
    ("Мұрат Ержанға хат жазды.", "Мұрат", "Ержанға"),
    ("Бүгін Ерлан Нұрланды вокзалдан күтіп алды.", "Ерлан", "Нұрланды"),
])
def test_a_first_name_and_a_first_name_with_an_object_case_are_two_people(text, first, second):
    assert [t for t in people(text)] == [first, second]


@pytest.mark.parametrize("text, name", [
    ("Әсем Маржанқызымен кездестік.", "Әсем Маржанқызымен"),
    ("Ерлан Сапаровқа хат жазды.", "Ерлан Сапаровқа"),
])
def test_a_first_name_and_a_patronymic_or_surname_with_a_case_stay_one_person(text, name):
    assert people(text) == [name]


@pytest.mark.parametrize("text", [
    "Жеңіс күні қарсаңында ардагерлерге сыйлық берілді.",
    "Мектепте Білім күніне арналған жиын өтті.",
])
def test_a_word_before_kuni_names_a_day_not_a_person(text):
    assert people(text) == []


def test_a_person_in_the_genitive_before_their_day_stays_a_person():
    assert "Асқардың" in people("Кеше Асқардың туған күні болды.")


@pytest.mark.parametrize("text", [
    "Бірлік — жақын болашақтың басты міндеті.",
    "Арман — әкімдіктің жаңа жобасы.",
])
def test_a_person_word_inside_another_word_after_the_dash_is_none(text):
    assert people(text) == []


# False positives on KazNERD's held-out fifth (issue 11, precision), each
# written again in fictional sentences of its own: what decides is the
# grammar or the class of the word, not the sentence.
def categories(text):
    return [c for _, c in found(text)]


@pytest.mark.parametrize("text", [
    "Ауылда Президенттің жаңа жарлығы талқыланды.",
    "Жиында Министрдің орынбасары сөйледі.",
    "Мерекеде Қазақтардың ұлттық ойындары көрсетілді.",
    "Ол Немістердің ескі үйін сатып алды.",
])
def test_a_kazakh_genitive_or_plural_is_no_russian_surname_ending(text):
    assert people(text) == []


@pytest.mark.parametrize("text", [
    "Ауылда Еңбек ардагерлерінің кеші өтті.",
    "Кеше Бүгін деген газеттің жаңа нөмірі шықты.",
])
def test_a_common_word_shaped_like_a_surname_is_no_surname(text):
    assert people(text) == []


@pytest.mark.parametrize("text", [
    "Биыл Ұлы Жеңістің сексен жылдығы тойланады.",
    "Мұражайда Ұлы Дала елінің тарихы көрсетілген.",
    "Келер жылы Ұлы жеңістің мерейтойы аталып өтеді.",
])
def test_uly_before_a_capitalised_word_is_the_epithet_great_not_a_patronymic(text):
    assert people(text) == []


def test_a_patronymic_is_still_found_after_the_epithet_rule():
    assert ("Асқар Ерланұлы", PERSON) in found("Жиынға Асқар Ерланұлы келді.")


@pytest.mark.parametrize("text, name", [
    ("Жиын басталды. Сондай-ақ Ержан Сапаров та сөз алды.", "Ержан Сапаров"),
    ("Жиын басталды. Осылайша, Гүлнар Әбенова жобаны қорғады.", "Гүлнар Әбенова"),
])
def test_an_adverb_opening_a_sentence_is_no_part_of_the_name_after_it(text, name):
    assert people(text) == [name]


@pytest.mark.parametrize("text", [
    "Жиын басталды. Сондай-ақ жиында бюджет талқыланды.",
    "Сіздердің ауданда негізінен шағын компаниялар жұмыс істейді.",
    "Екеуіміз бір мектепте оқыдық.",
])
def test_a_pronoun_or_adverb_opening_a_sentence_names_nothing(text):
    assert found(text) == []


@pytest.mark.parametrize("text", [
    "Жобаға 250000000000 теңге бөлінді.",
    "Компания 150000000000 доллар инвестиция тартты.",
])
def test_an_amount_of_money_is_no_identifier(text):
    assert found(text) == []


def test_a_twelve_digit_number_with_no_currency_stays_an_identifier():
    assert categories("Оның нөмірі 920304351234 деп жазылған.") != []


@pytest.mark.parametrize("text", [
    "Науқас Көкжар аулындағы аудандық ауруханаға жеткізілді.",
    "Қаражатты Таразының шетінде орналасқан белгісіз компания алған.",
])
def test_a_word_with_a_case_ending_before_an_organisation_head_starts_no_organisation(text):
    assert ORGANISATION not in categories(text)


@pytest.mark.parametrize("text, name", [
    ("Жиынға Абай атындағы Көкжар мектебінің ұстаздары келді.", "Абай атындағы Көкжар мектебінің"),
    ("Кеше Балалар құқығы жөніндегі комитетінің өкілі сөйледі.", "Балалар құқығы жөніндегі комитетінің"),
])
def test_a_locative_adjective_inside_an_organisation_name_keeps_it(text, name):
    assert (name, ORGANISATION) in found(text)


@pytest.mark.parametrize("text", [
    "Жиын басталды. Хатымыз Президенттің кеңсесіне жетті.",
    "Кеше Елбасының Жарлығы жарияланды.",
])
def test_an_inflected_title_is_no_name(text):
    assert people(text) == []


@pytest.mark.parametrize("text, name", [
    ("Жиында сөз алған Тілектестің ұсынысы қабылданды.", "Тілектестің"),
    ("Ауылға оралған Нұрбибінің әңгімесін тыңдадық.", "Нұрбибінің"),
])
def test_an_unlisted_capitalised_word_in_the_genitive_inside_a_sentence_is_a_person(text, name):
    assert (name, PERSON) in found(text)


@pytest.mark.parametrize("text", [
    "Әскерлер Таяу Шығыстағы қақтығыстан оралды.",
    "Делегация Орталық Азиядағы жобаларды талқылады.",
])
def test_a_compass_or_region_word_makes_two_capitalised_words_a_place_not_a_person(text):
    assert people(text) == []


@pytest.mark.parametrize("text", [
    "Ауылда Ұлыстың ұлы күні тойланды.",
    "Биыл Наурыздың келуін бүкіл ауыл күтті.",
    "Кеше Тәуелсіздіктің отыз жылдығына арналған кеш өтті.",
])
def test_a_holiday_or_month_in_the_genitive_is_no_person(text):
    assert people(text) == []


@pytest.mark.parametrize("text, place", [
    ("Биыл Павлодар мен солтүстік өңірлерде егін ерте пісті.", "Павлодар"),
])
def test_a_place_ends_before_a_conjunction_and_a_small_word(text, place):
    assert all(not text[s.start:s.end].startswith(place) or text[s.start:s.end] == place
               for s in detect(text, lang="kk"))


def test_a_word_in_the_possessive_dative_before_an_organisation_head_starts_no_organisation():
    text = "Кездесуде Ауданның Үздік Мұғаліміне министрліктің алғысы берілді."
    assert ORGANISATION not in categories(text)


# Misses shown by a third fictional set, thirty-six short news items
# (bench/data/kk_tv_news_fiction.txt, set kknews), and the known ones of the
# meeting transcript (kkmeet), each written again in sentences of its own.
@pytest.mark.parametrize("text, name", [
    ("Немерем Айсұлтан биыл мектепке барады.", "Айсұлтан"),
    ("Ағам Нұрболат екеуміз балық аулауға бардық.", "Нұрболат"),
    ("Інім Жанат Сейітов Ақтөбеде оқиды.", "Жанат Сейітов"),
    ("Қызы Әйгерім анасының жолын қуды.", "Әйгерім"),
    ("Досым Ерғали маған хат жазды.", "Ерғали"),
])
def test_a_kinship_word_opening_a_sentence_is_no_part_of_the_name_after_it(text, name):
    assert people(text) == [name]


@pytest.mark.parametrize("text, name", [
    ("Медбике Ақжан Серікова науқастарды қабылдады.", "Ақжан Серікова"),
    ("Хирург Бекзат Омаров отаны үш сағат жасады.", "Бекзат Омаров"),
    ("Бапкер Ержан Қалиев командаға жаңа ойыншы алды.", "Ержан Қалиев"),
])
def test_a_trade_word_opening_a_sentence_is_no_part_of_the_name_after_it(text, name):
    assert people(text) == [name]


@pytest.mark.parametrize("text, name", [
    ("Кеше ауыл тұрғындары Сейітовтерді құттықтады.", "Сейітовтерді"),
    ("Той Ахметовтардың үйінде өтті.", "Ахметовтардың"),
    ("Біз Жұмабаевтармен бірге демалдық.", "Жұмабаевтармен"),
])
def test_a_surname_in_the_plural_names_a_family(text, name):
    assert (name, PERSON) in found(text)


@pytest.mark.parametrize("text, place", [
    ("Кеше құбыр Қаракемердің шетіне дейін жеткізілді.", "Қаракемердің"),
    ("Биыл Тасөткелдің тұрғындары жаңа клуб салды.", "Тасөткелдің"),
    ("Өрт Бозтөбенің маңында басталды.", "Бозтөбенің"),
])
def test_an_unknown_name_in_the_genitive_before_a_word_of_a_place_is_a_place(text, place):
    assert (place, PLACE) in found(text)


def test_a_name_in_the_genitive_before_a_word_of_a_person_stays_a_person():
    assert "Қанаттың" in people("Жиында Қанаттың айтуынша, жол жөнделеді.")


@pytest.mark.parametrize("text", [
    "Президенттің Жолдауында білім саласына көп көңіл бөлінді.",
    "Әкім Жолдауында айтылған міндеттерді түсіндірді.",
    "Мұғалімдер Жолдауды талқылады.",
    "Бұл мәселе Үкіметтің отырысында қаралды.",
])
def test_the_address_and_the_government_are_no_person_or_place(text):
    assert [c for c in categories(text) if c in (PERSON, PLACE)] == []


@pytest.mark.parametrize("text", [
    "Бақыт пен береке — бірліктің жемісі.",
    "Жеңіс пен жеңіліс — спорттың екі жүзі.",
])
def test_a_name_that_is_a_common_word_joined_to_another_common_word_by_men_is_the_word(text):
    assert people(text) == []


def test_a_name_joined_to_another_name_by_men_stays_a_person():
    assert "Бақыт" in people("Бақыт пен Айгүл ауылға оралды.")


@pytest.mark.parametrize("text, place", [
    ("Оқушылар Бөгенбай батыр көшесіндегі мектепте оқиды.", "Бөгенбай батыр көшесіндегі"),
    ("Жиынға Райымбек батыр даңғылындағы емхананың дәрігерлері келді.",
     "Райымбек батыр даңғылындағы"),
    ("Дүкен Абылай хан даңғылында орналасқан.", "Абылай хан даңғылында"),
])
def test_a_street_named_after_a_hero_is_a_place_not_a_person(text, place):
    assert (place, PLACE) in found(text)
    assert people(text) == []


@pytest.mark.parametrize("text, place", [
    ("Ол Кентаудан көшіп келді.", "Кентаудан"),
    ("Біз Жаркенттегі туыстарға бардық.", "Жаркенттегі"),
    ("Кеңсе Бейнеуде орналасқан.", "Бейнеуде"),
    ("Жол Шолаққорғанға дейін жөнделді.", "Шолаққорғанға"),
])
def test_a_town_of_kazakhstan_with_a_case_ending_is_a_place(text, place):
    assert (place, PLACE) in found(text)


def test_a_village_named_after_a_hero_is_a_place_without_its_place_word():
    text = "Жаңа мектеп Жанібек батыр ауылында ашылды."
    assert ("Жанібек батыр", PLACE) in found(text) and people(text) == []


@pytest.mark.parametrize("text, org", [
    ("Жұмысты «Дала Құрылыс» ЖШС атқарады.", "«Дала Құрылыс» ЖШС"),
    ("Оған «Береке» спорт клубы көмектесті.", "«Береке» спорт клубы"),
    ("Мен «Ақжол» шаруа қожалығының басшысымын.", "«Ақжол» шаруа қожалығының"),
    ("Ертең «Шұғыла» театрында премьера болады.", "«Шұғыла» театрында"),
    ("Әкесі №4 қалалық емханада жұмыс істейді.", "№4 қалалық емханада"),
    ("Ол №7 мектеп-гимназиясының түлегі.", "№7 мектеп-гимназиясының"),
])
def test_a_quoted_name_before_its_kind_or_legal_form_and_a_numbered_school_are_organisations(text, org):
    assert (org, ORGANISATION) in found(text)


@pytest.mark.parametrize("text, place", [
    ("Жазда Бозтөбенің тұрғындары жаңа саябақ салды.", "Бозтөбенің"),
    ("Ақжарманың тұрғындары жолды өздері жөндеді.", "Ақжарманың"),
])
def test_an_unknown_name_in_the_genitive_before_its_residents_is_a_place_even_opening_a_sentence(text, place):
    assert (place, PLACE) in found(text)


@pytest.mark.parametrize("text, org", [
    ("Төтенше жағдайлар министрлігінің өкілі сөйледі.", "Төтенше жағдайлар министрлігінің"),
    ("Ауыл шаруашылығы министрлігі жаңа бағдарлама жариялады.", "Ауыл шаруашылығы министрлігі"),
])
def test_a_ministry_opening_a_sentence_with_an_ordinary_word_is_an_organisation(text, org):
    assert (org, ORGANISATION) in found(text)


def test_an_ordinary_word_opening_a_sentence_before_another_head_starts_no_organisation():
    assert ORGANISATION not in categories("Жаңа компания ашылды.")


def test_a_pronoun_opening_a_sentence_before_a_ministry_word_in_another_case_starts_no_organisation():
    assert ORGANISATION not in categories("Оған толықтай министрлікке қарасты мекеме жауап береді.")
