"""The faster searches of ``patterns`` find what the plain patterns find: the
phone numbers tried only where one may begin, the twelve digits with their
look-behind read after the first digit, the street-word test split in two
with the word boundary tested on each match, and the plain tests that let a
text without a URL or a long number skip their patterns.

All texts are fictional, written for these tests.
"""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from app.anonymise import patterns
from app.anonymise.patterns import (NUMBER_CUE, PHONE, TWELVE, URL, _NUMBER_RUN, _STREET, _WWW,
                                    _has_address_word, _phone_matches)

# The patterns as they were written before (the plain versions).
PLAIN_TWELVE = re.compile(r"(?<![\d.,-])\d{12}(?![\d])")
PLAIN_ADDRESS_WORD = re.compile(
    rf"\b{_STREET}\s*(?:им\.\s*)?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9]"
    r"|\s(?:көшесі|даңғылы|St|Ave|Road|Rd|Lane|Boulevard|Drive)")

TEXTS = [
    "Телефон: +7 701 555 12 34, үй телефоны 8 (7172) 55-12-34, ұялы 87015551234.\n"
    "ЖСН 900101300123, ИИН: 9001013001234; 123.900101300123 және 1234567890123 теңге.\n",
    "Мекенжайы: ул. Абая 12, кв. 4; пр.Назарбаева, 7; Абай көшесі, 9 үй; мкр Аксай 3.\n"
    "Ол улицу знает; Қабанбай батыр даңғылы 15; 12 Ormsby Street, apartment 4.\n",
    "(7172) 12-34-56 a+7 701 555 12 34 _87015551234 ((8 701 555 12 34)) 7(701)5551234\n",
    "See https://example.kz/a, HTTP://X.ORG or WWW.egov.kz; hTTpſ://x.y", "", "8", "+", "ул", "ул Абая", "пул Абая", "Aул Абая", "_ул 5", "\nул 5", "Rd", " Rd", "x St",
]


def _check(text):
    assert [m.span() for m in _phone_matches(text)] == [m.span() for m in PHONE.finditer(text)]
    assert [m.span() for m in TWELVE.finditer(text)] == [m.span() for m in PLAIN_TWELVE.finditer(text)]
    assert _has_address_word(text) == (PLAIN_ADDRESS_WORD.search(text) is not None)
    if URL.search(text):
        assert "://" in text or _WWW.search(text)
    if TWELVE.search(text) or NUMBER_CUE.search(text):
        assert _NUMBER_RUN.search(text)


def test_fast_searches_find_what_the_plain_patterns_find():
    for text in TEXTS:
        _check(text)
    assert patterns.find_patterns(TEXTS[0])  # the texts have numbers to find


# Pieces the patterns care about: digits, separators, the characters before
# and around a match, street words, letters of both scripts.
PIECES = ["0", "1", "7", "8", "9", "+", "(", ")", " ", "-", ".", ",", "_", "\n", "\t", "a", "Z",
          "а", "А", "ә", "ул", "ул.", "пр", "пр-т", "мкр", "им. ", "көшесі", "даңғылы", "St",
          "Road", "Абая", "ИИН", "№", "номер", "Паспорт", "ID", ": ", "x", "http", "HTTPS", "hTtp", "ſ", "://", ":/", "www", "WwW", ".kz", "/",
          "12", "701", "555", "1234", "900101300123", "+7 ", "8 (7172) "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_fast_searches_agree_on_any_text(text):
    _check(text)
