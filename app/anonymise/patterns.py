"""Pattern detectors: e-mail, phone, IIN/BIN and other numbers, URL, handle,
street address, date of birth, numbered office ("ЦОН №3", "PSC No. 5")."""
from __future__ import annotations

import re

from .dates import dates_of_birth
from .scan import digit_runs, holds, matches_from, occurrences, starts_a_word
from .spans import CONTACT, IDENTIFIER, ORGANISATION, PLACE, Span
from .tokens import sentence_start

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"«»]+", re.I)
DOMAIN = re.compile(
    r"(?<![\w@./-])(?:[\w-]+\.)+(?:kz|ru|com|org|net|edu|gov|io|info|uz|kg|me|co|uk|de|қаз)"
    r"(?:/[^\s<>\"«»]*)?(?![\w-])", re.I)
PUBLIC_SITES = frozenset(("egov.kz", "www.egov.kz", "gov.kz", "google.com", "youtube.com"))
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
PHONE = re.compile(r"""(?<![\w+])(?:
    \+\d{1,3}[\s.-]?(?:\(\d{1,5}\)|\d{1,5})(?:[\s.-]?\d{1,4}){2,5}
  | 8[\s.-]?\(\d{3,5}\)[\s.-]?\d{1,4}(?:[\s.-]?\d{1,4}){1,3}
  | [78][\s.-]?7\d{2}[\s.-]?\d{3}[\s.-]?\d{2}[\s.-]?\d{2}
  | \(\d{3,5}\)[\s.-]?\d{1,4}(?:[\s.-]?\d{1,4}){1,3}
)(?![\w])""", re.X)
# (twelve digits, none of "0-9.,-" before the first: the look-behind is read
# after the first digit, so that the pattern begins with a character class,
# which Python's re skips to, instead of trying the look-behind at every position)
TWELVE = re.compile(r"\d(?<![\d.,-]\d)\d{11}(?![\d])")
# The cue words are literal alternatives, capital and small first letter spelt
# out: a pattern that starts with a literal lets Python's re skip to where a
# match can begin ("[Нн]омер" would be tried at every position of the text).
NUMBER_CUE = re.compile(
    r"(?:ИИН|ЖСН|БИН|IIN|BIN|№|Номер\w*|номер\w*|Нөмір\w*|нөмір\w*|Number|number|Паспорт\w*|"
    r"паспорт\w*|Удостоверени\w*|удостоверени\w*|Куәлі\w*|куәлі\w*|ID)[\s:#№]{0,3}"
    r"(\d[\d -]{4,}\d)")
_STREET = (r"(?:ул\.|улиц[аеуы]|ул|пр\.|просп\.|проспект[ае]?|пр-т|мкр\.?|мкрн\.?|"
           r"микрорайон[ае]?|переул(?:ок|ке)|пер\.|бульвар[ае]?|б-р|шоссе|трасса)")
_NAME = r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9][\w-]{0,40}"  # bounded: no quadratic backtracking on junk
# A Kazakh street word with its case ending, inside the span as the ending of
# any name ("Абай даңғылында", "Сәтбаев көшесіндегі").
_KK_STREET = r"(?:көшесі|даңғылы)(?:[а-яәғқңөұүһі]{1,6})?"
_HOUSE = (r",?\s*(?:дом|д\.|үй)?\s*\d+(?:\s?[а-яa-z](?!\w))?(?:/\d+)?(?![\d.,]\d)"
          r"(?:[\s-]үй(?!\w))?"  # Kazakh: the house word after the number ("9 үй", "9-үй")
          r"(?:,?\s*(?:кв\.?|квартира|офис|оф\.|пәтер|apt\.?|flat)\s*\d+"
          r"|,?\s*\d+[\s-](?:пәтер|кеңсе)(?!\w))?")
# Lower-case words of a Kazakh street's name: "Абылай хан көшесі",
# "Қабанбай батыр даңғылы", "Қазыбек би көшесі", "Жібек жолы көшесі" (with
# a house number only: the street alone, often inflected, is the Kazakh
# rules' place, "Абылай хан даңғылында").
_KK_STREET_LOWER = r"(?:хан|батыр|би|ақын|ана|ата|жолы)"
# The flat after an English address ("12 Ormsby Street, apartment 4").
_FLAT = r"(?:,?\s(?:[Aa]partment|[Aa]pt\.?|[Ff]lat|[Uu]nit|[Ss]uite)\s?\d+[a-zA-Z]?\b)?"
ADDRESS = re.compile(
    rf"\b{_STREET}\s*(?:им\.\s*)?{_NAME}(?:\s[\w-]+){{0,2}}?(?P<house>{_HOUSE})"
    rf"|\b{_STREET}\s*(?:им\.\s*)?{_NAME}(?:\s{_NAME}){{0,2}}"
    rf"|\b{_NAME}\s{_KK_STREET_LOWER}\s(?:көшесі|даңғылы)(?P<house3>{_HOUSE})"
    rf"|\b{_NAME}(?:\s(?:{_NAME}|би|батыр|хан)){{0,2}}\s(?:{_KK_STREET}|Street|St\.|Avenue|Ave\.|Road|Rd\.)"
    rf"(?P<house2>{_HOUSE})?{_FLAT}"
    rf"|\b\d{{1,4}}[a-z]?\s{_NAME}(?:\s{_NAME}){{0,2}}\s(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|"
    rf"Lane|Boulevard|Drive)\b{_FLAT}")
# What every address holds: a street word before a name or number, or a street
# word after a space; the full pattern (which reads up to three names at every
# capital before it looks for the street word) runs only in a text with one,
# looked for in a text that holds the beginning of one (a plain search).
_ADDRESS_WORD_STARTS = ("ул", "пр", "мкр", "микрорайон", "переул", "пер.", "бульвар", "б-р",
                        "шоссе", "трасса", "көшесі", "даңғылы", "St", "Ave", "Road", "Rd", "Lane",
                        "Boulevard", "Drive")
# The street word before a name or number, at a word boundary (tested on each
# match: a pattern beginning with the boundary would be tried at every
# position, one beginning with the street words lets Python's re skip to
# their first letters), or the street word after a space.
_STREET_BEFORE_NAME = re.compile(rf"{_STREET}\s*(?:им\.\s*)?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9]")
_STREETS_AFTER = ("көшесі", "даңғылы", "St", "Ave", "Road", "Rd", "Lane", "Boulevard", "Drive")
_STREET_AFTER_SPACE = re.compile(rf"\s(?:{'|'.join(_STREETS_AFTER)})")


def _has_address_word(text) -> bool:
    """A street word after a space, or one at a word boundary before a name
    or number (every street word begins with a letter: a boundary before it is
    no word character before it, or the text's start)."""
    if any(holds(text, w) for w in _STREETS_AFTER) and _STREET_AFTER_SPACE.search(text):
        return True  # (the plain search first: the pattern is tried at every space)
    m = _STREET_BEFORE_NAME.search(text)
    while m is not None:
        start = m.start()
        if starts_a_word(text, start):
            return True
        m = _STREET_BEFORE_NAME.search(text, start + 1)
    return False


# What every match of a pattern holds, searched first (the full pattern tries
# its look-behind at every position of the text): a dot and a top-level domain.
_DOMAIN_END = re.compile(
    r"\.(?:kz|ru|com|org|net|edu|gov|io|info|uz|kg|me|co|uk|de|қаз)(?:/|(?![\w-]))", re.IGNORECASE)


def iin_valid(number: str) -> bool:
    """Kazakh IIN/BIN check digit: weights 1..11, then 3..11,1,2 if the sum mod 11 is 10."""
    if len(number) != 12 or not number.isdigit():
        return False
    digits = [int(c) for c in number]
    check = sum(d * w for d, w in zip(digits, range(1, 12))) % 11
    if check == 10:
        weights = list(range(3, 12)) + [1, 2]
        check = sum(d * w for d, w in zip(digits, weights)) % 11
    return check != 10 and check == digits[11]


def find_patterns(text: str) -> list[Span]:
    """All pattern spans in the text (may overlap; merging comes later)."""
    spans = []
    for finder in (_emails, _urls, _handles, _phones, _numbers, _addresses, _offices,
                   _ru_office_chains):
        spans.extend(finder(text))
    spans.extend(dates_of_birth(text))
    return spans


def _span(m, category, source, group=0) -> Span:
    start, end = m.span(group)
    return Span(start, end, category, source, text=m.group(group))


def _emails(text):
    if "@" not in text:  # cheap test first: every e-mail holds one
        return []
    return [_span(m, CONTACT, "pattern:email") for m in EMAIL.finditer(text)]


_WWW = re.compile(r"[wW][wW][wW]\.")


def _has_www(text) -> bool:
    """``_WWW`` found in the text; first the plain search for what each of its
    matches holds ("w." or "W.", its end): a plain search is quicker than the
    pattern's, tried at every "w" of the text."""
    return (holds(text, "w.") or holds(text, "W.")) and _WWW.search(text) is not None


def _urls(text):
    out = []
    # what every URL holds ("http://", "https://" or "www." in any case), looked
    # for without writing the whole text in lower case
    urls = URL.finditer(text) if holds(text, "://") or _has_www(text) else ()
    domains = DOMAIN.finditer(text) if _DOMAIN_END.search(text) else ()
    for m in [*urls, *domains]:
        value = m.group().rstrip(".,;:!?)»”'")
        if value.lower().split("/")[0] in PUBLIC_SITES and "/" not in value.rstrip("/"):
            continue
        out.append(Span(m.start(), m.start() + len(value), CONTACT, "pattern:url", text=value))
    return out


def _handles(text):
    if "@" not in text:
        return []
    return [_span(m, CONTACT, "pattern:handle") for m in HANDLE.finditer(text)]


# Where a phone number may begin: its first character ("+", "8", "7" or "("),
# not after a letter, digit, "_" or "+" (``PHONE``'s look-behind, read one
# character later: the character before the first; none at the text's start).
_PHONE_START = re.compile(r"[+(78](?<![\w+].)")


def _phone_matches(text):
    """``PHONE.finditer(text)``, tried only where a phone may begin: the same
    matches, left to right, none inside the one before."""
    return matches_from(PHONE, text, _phone_starts(text))


_PHONE_FIRST = "+(78"
_WORD_OR_PLUS = re.compile(r"[\w+]")


def _phone_starts(text) -> list[int]:
    """Where ``_PHONE_START`` matches, in order: each of its first characters
    found by a plain search (quicker than the pattern's, tried at every
    character), none after a letter, digit, "_" or "+"."""
    return sorted(i for first in _PHONE_FIRST for i in occurrences(text, first)
                  if i == 0 or not _WORD_OR_PLUS.match(text, i - 1))


def _phones(text):
    out = []
    for m in _phone_matches(text):
        digits = sum(c.isdigit() for c in m.group())
        if 9 <= digits <= 15 and not (digits == 12 and m.group().isdigit()):
            out.append(_span(m, CONTACT, "pattern:phone"))
    return out


# A currency after a number: an amount of money ("320000000000 теңге"), no
# identifier (even when its digits happen to pass the IIN check).
_CURRENCY_AFTER = re.compile(
    r"\s*(?:теңге|тенге|доллар|рубл|евро|юан|сом|USD|KZT|EUR|RUB|tenge|dollar|euro|\$|₸|€)",
    re.IGNORECASE)


# What every match of ``TWELVE`` and ``NUMBER_CUE`` holds: two digits with at
# least four digits, spaces or hyphens between (one search, beginning with a
# digit, which Python's re skips to).
_NUMBER_RUN = re.compile(r"\d[\d -]{4,}\d")


def _numbers(text):
    out = []
    runs = digit_runs(text)
    # (``_NUMBER_RUN`` matches somewhere when it matches at a run of digits'
    # first digit: from there it reads all that it reads from a later one)
    if not any(_NUMBER_RUN.match(text, start) for start, _ in runs):
        return out
    for m in _twelve_digits(text, runs):
        if _CURRENCY_AFTER.match(text, m.end()):
            continue
        source = "pattern:iin" if iin_valid(m.group()) else "pattern:number"
        out.append(_span(m, IDENTIFIER, source))
    out.extend(_span(m, IDENTIFIER, "pattern:number", 1) for m in NUMBER_CUE.finditer(text))
    return out


def _twelve_digits(text, runs):
    """``TWELVE.finditer(text)``: its matches are the runs of exactly twelve
    digits (its look-behind allows no digit before the first, its look-ahead
    none after the last), tried there alone."""
    return [m for start, end in runs if end - start == 12 and (m := TWELVE.match(text, start))]


def _addresses(text):
    out = []
    if not any(holds(text, w) for w in _ADDRESS_WORD_STARTS) or not _has_address_word(text):
        return out
    for m in ADDRESS.finditer(text):
        value = m.group().rstrip(" ,")
        opening = _OPENING_WORD.match(value)
        if opening:  # "Or 40 Dorrit Road": the sentence's word is no part of the address
            value = value[opening.end():]
            m_start = m.start() + opening.end()
        else:
            m_start = m.start()
        first = _FIRST_OF_KK_STREET.match(value)
        if first and sentence_start(text, m_start) and _no_kk_name(first.group(1)):
            # "Кеңсе Жамбыл көшесі, 48": a word opening the sentence, no name
            value = value[first.end():]
            m_start += first.end()
        has_house = any(c.isdigit() for c in value)
        category, source = (CONTACT, "pattern:address") if has_house else (PLACE, "pattern:street")
        town = _TOWN_BEFORE.search(text, max(0, m_start - 40), m_start) if has_house else None
        if town:  # "г. Костанай, ул. Маяковского, 112": the town belongs to the address
            value = text[town.start():m_start] + value
            m_start = town.start()
        out.append(Span(m_start, m_start + len(value), category, source, text=value))
    return out


# A town written before the street of an address ("г. Костанай, ", "город Рудный, ").
_TOWN_BEFORE = re.compile(r"(?<!\w)(?:г\.|город)\s?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w-]+,\s*$")
# The first of two or more words before a Kazakh street word.
# (a capitalised one: "Төле би көшесі" keeps "Төле" before the title "би")
_FIRST_OF_KK_STREET = re.compile(r"([^\W\d_]+)\s(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w-]*\s(?:[^\W\d_][\w-]*\s)?"
                                 r"(?:көшесі|даңғылы))")


def _no_kk_name(word: str) -> bool:
    """No first name, surname or patronymic, by the Kazakh lexicons and shapes
    ("Бауыржан Момышұлы көшесі" keeps its first word)."""
    from . import kk  # its word lists load on first use

    return kk.word_cue(word) not in ("F", "S", "P") and not kk.name_shaped(word)


# English words that open a sentence or a phrase before a house number.
_OPENING_WORD = re.compile(r"(?:Or|And|But|So|Then|At|To|On|In|From|Near|By|Via|The|Try|"
                           r"Maybe|Yes|No)\s(?=\d)")


# Offices and institutions that a number makes one identifiable place of work:
# "ЦОН №3 города Павлодара", "PSC No. 5", "№2 ХҚКО", "школа № 12", "Павлодар
# қаласының №3 ХҚКО". The office type alone is no identifier (conventions).
# (an acronym's case ending after a hyphen is inside, as a legal form's:
# "№4 ХҚКО-дан", "«...» ЖШС-нің")
_OFFICE = (r"(?:ЦОН(?:-?[а-яәғқңөұүһі]{1,8})?|ХҚКО(?:-?[а-яәғқңөұүһі]{1,8})?|PSC|CSC|[Шш]кол\w{1,8}|[Гг]имнази\w{1,8}|[Лл]ице\w{1,8}|[Пп]оликлиник\w{1,8}|"
           r"[Бб]ольниц\w{1,8}|[Мм]ектеп[\w-]{0,20}|[Ее]мхана\w{0,8}|[Аа]урухана\w{0,8}|[Кк]олледж\w{0,8}|"
           r"[Ss]chool|[Ll]yceum|[Gg]ymnasium|[Pp]olyclinic|[Cc]linic|[Hh]ospital)")
_NUMBER = r"(?:№|No\.?|N|#)\s?\d+(?:[-/]?[а-яa-z])?\b"
_OF_PLACE = (r"(?:\s(?:города|г\.|района|села|посёлка|поселка)\s?"
             r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w-]{1,30})?")
# (a town in the locative adjective, "Қызылорда қаласындағы №3 емхана", stays a
# place of its own before the office: the Kazakh sets mark the two apart)
_KK_PLACE = r"(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w-]{1,30}\s(?:қаласының|ауданының|ауылының|облысының)\s)?"
# "№4 қалалық емхана", "№2 аудандық аурухана": one adjective of its kind between;
# a school's kind written out ("№17 жалпы білім беретін (орта) мектеп").
_KK_KIND = (r"(?:(?:қалалық|аудандық|облыстық|ауылдық|жалпы|орта|көпбейінді)\s"
            r"|жалпы\sбілім\sберетін\s(?:орта\s)?)?")
NUMBERED_ORG = re.compile(
    rf"\b{_OFFICE}\s?{_NUMBER}{_OF_PLACE}|{_KK_PLACE}{_NUMBER}\s?{_KK_KIND}{_OFFICE}")


# Every numbered office holds a number sign and digits; the full pattern is run
# only near them (it would try its optional place words at every capital).
_NUMBER_SIGN = re.compile(r"(?:№|No|N|#)\.?\s?\d+")
# What each of its matches begins with ("No" with "N").
_NUMBER_SIGNS = ("№", "N", "#")
_REACH = 80


def _offices(text) -> list[Span]:
    if not any(sign in text for sign in _NUMBER_SIGNS):
        return []  # (plain searches first: the pattern is tried at every "N")
    regions = []
    for m in _NUMBER_SIGN.finditer(text):
        start, end = max(0, m.start() - _REACH), min(len(text), m.end() + _REACH)
        if regions and start <= regions[-1][1]:
            regions[-1][1] = end
        else:
            regions.append([start, end])
    return [Span(m.start(), m.end(), ORGANISATION, "pattern:office", text=m.group())
            for start, end in regions for m in NUMBERED_ORG.finditer(text, start, end)]


# A Russian office named by its chain of genitives down to a district, region
# or town: "отдела ЖКХ акимата Мугалжарского района", "управления
# здравоохранения Костанайской области", "отдел образования акимата города
# Рудный": one organisation (the office type alone, "отдел образования", is
# none). The words between are genitives ("образования", "строительства",
# "жилищно-коммунального хозяйства") or an acronym ("ЖКХ").
_RU_OFFICE_HEAD = (r"(?:[Оо]тдел|[Уу]правлени|[Дд]епартамент|[Сс]ектор|[Аа]ппарат)"
                   r"(?:[а-яё]{0,3})")
_RU_GENITIVE = r"(?:[а-яё][а-яё-]*(?:а|я|ы|и|ого|его|ой|ей|ых|их)|[А-ЯЁ]{2,6})"
_RU_OF_PLACE = (r"(?:[А-ЯЁ][а-яё-]+(?:ского|цкого|ской|цкой)\s(?:района|области|округа)"
                r"|(?:города|г\.)\s?[А-ЯЁ][а-яё-]+|(?:района|области)\s[А-ЯЁ][а-яё-]+)")
RU_OFFICE_CHAIN = re.compile(
    rf"(?<![\w-]){_RU_OFFICE_HEAD}(?:\s{_RU_GENITIVE}){{1,4}}?"
    rf"(?:\s(?:акимата|маслихата|администрации))?\s{_RU_OF_PLACE}")
_RU_OFFICE_WORDS = ("тдел", "правлени", "епартамент", "ектор", "ппарат")


def _ru_office_chains(text) -> list[Span]:
    if not any(w in text for w in _RU_OFFICE_WORDS):  # cheap test first
        return []
    return [Span(m.start(), m.end(), ORGANISATION, "pattern:office", text=m.group())
            for m in matches_from(RU_OFFICE_CHAIN, text, _office_head_starts(text))]


def _office_head_starts(text) -> list[int]:
    """Where a match of ``RU_OFFICE_CHAIN`` may begin: one letter before each
    of ``_RU_OFFICE_WORDS`` (its head words but their first letter), in order.
    (The pattern begins with a look-behind: it would be tried at every position.)"""
    return sorted({i - 1 for word in _RU_OFFICE_WORDS for i in occurrences(text, word) if i})
