"""Generalisation on a fictional Kazakh news text the engine has never seen
(written for this test; every name is made up): every mention of a person,
case endings included, is masked whole as a person; places are no people."""
from app.anonymise import PERSON, detect, kk_crf

NEWS = """\
Павлодар облысының Екібастұз қаласында жаңа спорт кешені ашылды.
Салтанатты шараға қала әкімі Ержан Сәрсенбаев пен облыстық спорт басқармасының басшысы \
Гүлдана Мұратқызы қатысты.
Сәрсенбаевтың айтуынша, кешенде үш жүз бала тегін шұғылданады.
Кешеннің алғашқы жаттықтырушысы — Темірлан Жақыпбеков.
Жақыпбековтің шәкірттері былтыр Астанада өткен жарыста жүлдегер атанды.
Ақтоты Бейсенова қызы Аружанды осы кешенге жазғызды.
Аружанның арманы — олимпиада чемпионы болу.
Шарада сөз алған ардагер Қалибек Тұрсынұлы жастарға сәттілік тіледі.
Тұрсынұлына алғыс хат табысталды.
Кеше Майқайың кентінде тұратын Нұрсұлу Әлімжанова да балаларын әкелді.
Әлімжанованың сөзінше, бұған дейін балалар Павлодарға барып жүретін.
Кешен құрылысын «Ертіс-Құрылыс» серіктестігі жүргізді.
Серіктестік директоры Бауыржан Омаров құрылыс екі жылға созылғанын айтты.
Омаровқа келесі жылы тағы бір нысан салу тапсырылды.
Сонымен қатар облыс әкімінің орынбасары Сәуле Қасымова жаңа бассейн салынатынын жеткізді.
Нұрланға және Ләйлә Бекмағамбетоваға да алғыс айтылды.
"""
PEOPLE = ["Ержан Сәрсенбаев", "Гүлдана Мұратқызы", "Сәрсенбаевтың", "Темірлан Жақыпбеков",
          "Жақыпбековтің", "Ақтоты Бейсенова", "Аружанды", "Аружанның", "Қалибек Тұрсынұлы",
          "Тұрсынұлына", "Нұрсұлу Әлімжанова", "Әлімжанованың", "Бауыржан Омаров",
          "Омаровқа", "Сәуле Қасымова", "Нұрланға", "Ләйлә Бекмағамбетоваға"]
PLACES = ["Екібастұз", "Астанада", "Павлодарға", "Майқайың"]


def _people(text):
    return {text[s.start:s.end] for s in detect(text, lang="kk") if s.category == PERSON}


def test_every_person_of_a_fictional_kazakh_news_text_is_masked_whole_as_a_person():
    found = _people(NEWS)
    assert [p for p in PEOPLE if p not in found] == []


def test_no_place_of_the_text_is_taken_for_a_person():
    found = " ".join(_people(NEWS))
    assert [p for p in PLACES if p in found] == []


def test_the_model_tags_stretches_with_the_attributes_of_the_whole_sentence():
    for sent in kk_crf.sentence_tokens(NEWS):
        words = [w for _, _, w in sent]
        for lo, hi in kk_crf._stretches(words):
            assert kk_crf.features(words, lo, hi) == kk_crf.features(words)[lo:hi]


def test_tagging_stretches_finds_what_tagging_whole_sentences_finds():
    tagger = kk_crf.tagger()
    whole = []
    for sent in kk_crf.sentence_tokens(NEWS):
        words = [w for _, _, w in sent]
        whole += kk_crf._decode(NEWS, sent, tagger.tag(kk_crf.features(words)))
    assert sorted(kk_crf.crf_spans(NEWS)) == sorted(set(whole))
