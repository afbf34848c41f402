"""Kazakh organisations of issue 11 beyond a capitalised word and a head:
names with a legal form and quotes that a model cuts, district departments,
"X атындағы" institutions, quoted names before an institution's head, and
office acronyms made one office by a number or a place before them. Every
sentence is made up for this module."""
import pytest

from app.anonymise import ORGANISATION, detect


def found(text, lang="kk"):
    return [(text[s.start:s.end], s.category) for s in detect(text, lang=lang)]


def masked(text, part):
    """Every character of ``part`` lies in one detected organisation span."""
    a = text.index(part)
    return any(s.start <= a and a + len(part) <= s.end and s.category == ORGANISATION
               for s in detect(text, lang="kk"))


@pytest.mark.parametrize("text, org", [
    ("Біз «Алатау Сүт» ЖШС-нің өнімін алдық.", "«Алатау Сүт» ЖШС-нің"),
    ("Ол «Қазақтелеком» АҚ-ға шағым жазды.", "«Қазақтелеком» АҚ-ға"),
    ("Жөндеуді «Қаратау Жол Сервис» ЖШС қаржыландырды.", "«Қаратау Жол Сервис» ЖШС"),
])
def test_a_quoted_name_with_its_legal_form_is_one_organisation_quotes_included(text, org):
    assert masked(text, org)


@pytest.mark.parametrize("text, org", [
    ("Мен Жаңаарқа аудандық білім бөлімінде істеймін.", "Жаңаарқа аудандық білім бөлімінде"),
    ("Қорғалжын аудандық полиция бөлімінің қызметкері келді.",
     "Қорғалжын аудандық полиция бөлімінің"),
    ("Хабарламаны Ақмола облысы полиция департаменті таратты.",
     "Ақмола облысы полиция департаменті"),
    ("Хатқа Түркістан облысы әкімдігінің өкілі қол қойды.", "Түркістан облысы әкімдігінің"),
    ("Бізге Батыс Қазақстан облысы әкімдігінің жауабы келді.",
     "Батыс Қазақстан облысы әкімдігінің"),
    ("Шығыс Қазақстан облысы қаржы басқармасы жаңа ереже жариялады.",
     "Шығыс Қазақстан облысы қаржы басқармасы"),
    ("Өтінішті Шет аудандық жер қатынастары бөліміне тапсырдық.",
     "Шет аудандық жер қатынастары бөліміне"),
])
def test_a_district_or_regional_department_is_masked_with_its_place(text, org):
    assert masked(text, org)


@pytest.mark.parametrize("text, org", [
    ("Қызым Қ. Жұбанов атындағы Ақтөбе университетінде оқиды.",
     "Қ. Жұбанов атындағы Ақтөбе университетінде"),
    ("Ол Ы. Алтынсарин атындағы Арқалық педагогикалық институтының түлегі.",
     "Ы. Алтынсарин атындағы Арқалық педагогикалық институтының"),
])
def test_an_institution_named_after_someone_is_one_organisation(text, org):
    assert masked(text, org)


@pytest.mark.parametrize("text, org", [
    ("Жұма намазы «Нұр Ғасыр» мешітінде оқылды.", "«Нұр Ғасыр» мешітінде"),
    ("Немерем «Балдырған» балабақшасына барады.", "«Балдырған» балабақшасына"),
])
def test_a_quoted_name_before_an_institution_head_is_one_organisation(text, org):
    assert masked(text, org)


@pytest.mark.parametrize("text, org", [
    ("Ол Шиелі ауданының ХҚКО-сында жұмыс істейді.", "Шиелі ауданының ХҚКО"),
    ("Құжатты Қарағанды облысының ІІД-сіне жібердік.", "Қарағанды облысының ІІД"),
    ("Хабарды Жамбыл облысы ТЖД таратты.", "Жамбыл облысы ТЖД"),
    ("Анам №7 ХҚКО-да отыр.", "№7 ХҚКО")
    # (the acronym's ending inside, as a legal form's: "№2 ХҚКО-да", "ЖШС-нің"),
])
def test_an_office_acronym_made_one_office_by_a_place_or_number(text, org):
    assert masked(text, org)


@pytest.mark.parametrize("text", [
    "Кеше ХҚКО-ға бардым, кезек ұзын болды.",
    "ІІД өкілдері ескерту жасады.",
    "Анықтаманы ЦОН-нан алдым.",
    "Аудандық білім бөлімі хат жіберді.",
])
def test_an_office_type_alone_stays_unmasked(text):
    assert [c for _, c in found(text) if c == ORGANISATION] == []


@pytest.mark.parametrize("text", [
    "Мен ХҚКО-сына бардым.",
    "Анықтаманы ЦОН-ның терезесінен алдым.",
])
def test_an_office_acronym_with_its_ending_is_no_name(text):
    assert found(text) == []


@pytest.mark.parametrize("text, org", [
    ("Ұлым №23 жалпы білім беретін мектепте оқиды.", "№23 жалпы білім беретін мектепте"),
    ("Жиналыс №5 жалпы білім беретін орта мектептің залында өтті.",
     "№5 жалпы білім беретін орта мектептің"),
])
def test_a_numbered_school_with_its_kind_written_out_is_one_organisation(text, org):
    assert masked(text, org)
