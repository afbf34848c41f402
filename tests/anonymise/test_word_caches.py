"""The per-word caches change no answer: a text gives the same spans whatever
texts came before it, in whatever order, with the caches empty or full; and
the shortcuts that let most words skip a cache ask nothing they would answer.

All texts are fictional, written for these tests.
"""
import sys

from app.anonymise import detect, kk_crf, rules
from app.anonymise.normalise import fold, unfolded

TEXTS = [
    "Кеше Жаңаталап ауылында Нұрсұлу Бекмұратқызы жаңа кітапхана ашты. "
    "Оған аудан әкімі Серікбол Жаманқұлов келді.\n",
    "Сапарғали ата мен Гүлбаршын апай «Ақжайық Тоқыма» ЖШС-нің цехында жұмыс істейді. "
    "Бригадир Ерназарға хабарласыңыз: +7 701 555 12 34.\n",
    "Жүргізуші: Құрметті көрермен! Бүгін Теректі ауданының мектебінде олимпиада өтті, "
    "жеңімпаз Айбарша Төлегенова Оралдағы жарысқа барады.\n",
    "Тәрбиеші Мөлдір Қанатқызы балаларға ертегі оқыды. Інім Дастан да тыңдады.\n",
    "Oral district: Dr Helen Marsh met Сәкен Әбілов in Шалқар on 3 May.\n",
]


def _empty_caches():
    """Every per-word cache of the engine emptied, as before a process's first
    text (the models and word lists, loaded once, stay)."""
    for name, module in list(sys.modules.items()):
        if name.startswith("app.anonymise"):
            for obj in list(vars(module).values()):
                if callable(getattr(obj, "cache_clear", None)) \
                        and getattr(obj, "__module__", None) == name \
                        and obj.cache_info().maxsize not in (1, 2, 4):
                    obj.cache_clear()


def _spans(text, lang):
    return [s.to_dict() for s in detect(text, lang=lang)]


def test_same_spans_whatever_came_before():
    for lang in ("kk", "auto"):
        _empty_caches()
        forward = [_spans(t, lang) for t in TEXTS]
        _empty_caches()
        backward = [_spans(t, lang) for t in reversed(TEXTS)][::-1]
        again = [_spans(t, lang) for t in TEXTS]  # every word seen before
        assert forward == backward == again
        assert any(forward)  # the texts have names to find


def test_same_crf_attributes_looked_up_or_joined():
    """The model's attributes of a word, looked up in their encoded form, are
    the attributes built whole and then kept by the model's list."""
    kk_crf.tagger()
    for word in ["Нұрсұлу", "ауылында", "ЖШС", "Теректі", "жаңа", "+", "2024", "Ақжайық-Тоқыма"]:
        kept = kk_crf._word_parts.__wrapped__(word)
        saved = {prefix: dict(known) for prefix, known in kk_crf._KNOWN.items()}
        kk_crf._KNOWN.clear()
        try:
            whole = kk_crf._word_parts.__wrapped__(word)
        finally:
            kk_crf._KNOWN.update(saved)
        prefixes = ("", "-2", "-1", "1", "2")
        assert kept == tuple(
            tuple(a for a in part if a.decode()[len(p):] in saved[p])
            for p, part in zip(prefixes, whole))


def test_fold_and_lower_case_commute():
    """What lets a word skip the title test by its lower-case spelling: fold
    then lower, or lower then fold, is one spelling, for every character."""
    every = " ".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert fold(every).lower() == fold(every.lower())


def test_title_shortcut_misses_no_title():
    words = set(rules.TITLE_WORDS) | {w + "s" for w in rules.TITLE_WORDS}
    for after in rules.names.TITLES_AFTER:
        words |= unfolded(after) | {after}
    words |= {w.capitalize() for w in words} | {w.upper() for w in words}
    words |= {"Алматы", "ауылда", "Сәуле", "қала", "Senators", "Aunties", "Апәй"}
    for word in words:
        if rules._title_kind(word):
            assert word.lower() in rules._TITLE_FORMS, word
    assert rules._title_kind("Әпа") == "after"  # folds to "апа"
    assert unfolded("апа") == {"апа", "әпа", "апә", "әпә"}
    assert not unfolded("аға")  # "ғ" is what no letter folds to
