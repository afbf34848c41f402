"""The shortcuts that make the English rules faster (issue 11) answer what the
plain searches answer, at every position of a text: the look-ahead of
``scan.quick``, the backwards reading of the word before a name in
``place_evidence``, and the first test of ``institution_here``.

All texts are fictional, written for these tests.
"""
import re

from app.anonymise import cues, detect, en, en_frames, en_places, en_words
from app.anonymise.scan import on_lines, quick

TEXTS = [
    "Thanks, Marat. Hi Dana! Good morning, Aigerim Sadykova. Over to you, Olzhas.\n"
    "I'm Bolat Nurlanov, my name is Zhanar. It's Timur here. This is Saule speaking.\n",
    "thanks dana, hi aigerim. its me, dilfuza. Sorry Yerlan, go ahead.\n"
    "My name's Kuanysh and everyone calls me Kuka. Well done, Asel!\n",
    "She moved to Shymkent in 2019, then lived in Aksu and was born in Zhosaly.\n"
    "He applied to Brackenfield College, studied AT Harwick and graduated from \n"
    "Dunmore. The city of Taraz; the town of the Ilk; near the Balkhash; to \n"
    "Almaty. Talked to Paris. from  Karaganda, moving back from the Oral region.\n",
    "Ә. Сәкенов: Welcome back, Nurlan! Next, Gulnara. Take care, Roza.\n"
    "Call me Ishmael. Real name, Ainur. They say Beka. _the Astana; é the Kostanai;\n"
    "in\nX; from\nthe Y; toward the Caspian; across Semey, Pavlodar and Ekibastuz.\n",
]


def test_quick_patterns_find_the_same_matches():
    patterns = [en_frames._VOCATIVE, en_frames._INTRO, en_frames._LOWER_VOCATIVE,
                en_frames._LOWER_INTRO, en_frames._LOWER_TITLED, en._NUMBERED_BODY,
                re.compile(r"(?:[Hh]i|[Hh]ello),? ([A-Z][a-z]+)"),
                re.compile(r"(?m)^(?:[Aa]|[Bb])x"), re.compile(r"(?:x?|y)z"),
                re.compile(r"(?i:[Tt]o|at) ([A-Z]\w+)")]
    for pattern in patterns:
        fast = quick(pattern)
        for text in TEXTS + ["", "Hi", "hi Bo, Hello Al"]:
            assert [(m.span(), m.groups()) for m in fast.finditer(text)] \
                == [(m.span(), m.groups()) for m in pattern.finditer(text)]
    # the introduction frame is sped up by the look-ahead; the greeting frame,
    # its cases spelt out, begins with letters the search skips to by itself
    assert quick(en_frames._INTRO) is not en_frames._INTRO
    assert quick(en_frames._VOCATIVE) is en_frames._VOCATIVE
    # patterns that may match empty, or begin anywhere, are left as they are
    for plain in (r"(?:x?|y)z", r"\w+ly", r"[^a]b", r"(?i:ab|cd)e"):
        assert quick(re.compile(plain)).pattern == plain


def test_spelt_out_cases_match_what_the_classes_match():
    for plain in (en_frames._GREETING.replace("Thanks|thanks", "[Tt]hanks"),
                  r"(?:[Ii]t['’]s|[Tt]his is) ([A-Z]\w+)", r"(?:[Rr]eal|[Mm]y) name,? (\w+)"):
        spelt = re.compile(en_frames._both_cases(plain))
        assert "[" not in spelt.pattern.replace("['’]", "").replace("[A-Z]", "")
        for text in TEXTS + ["", "thanks", "THANKS, Bo", "it’s Bo, this is Al. My name Jo"]:
            assert [(m.span(), m.groups()) for m in spelt.finditer(text)] \
                == [(m.span(), m.groups()) for m in re.compile(plain).finditer(text)]


LINE_TEXTS = TEXTS + [
    "", "\n", "Dana here\nAsel speaking.\n\nBolat here", "Marat, are you there?\nasel, you're next",
    "Bob's\nTimes. Kulpash apai\nthe Temir Women's Council\nQuillon said\nOstrander, who\n",
    "the Ertis Times\nSteppe FM Arkalyk Water LLP. margaret and i\nme and\ni. "
    "Vantongeren et al.\nPhoto: Ode Lark", "Anna's here today\n  Wrenna here, with\n",
]


def test_searches_on_the_lines_that_hold_a_need_find_every_match():
    """``scan.on_lines`` with each pattern that uses it gives the whole text's matches."""
    pairs = [(en_frames._HERE, en_frames._HERE_NEED), (en_frames._ADDRESSED, en_frames._ADDRESS_NEED),
             (cues.POSSESSIVE, cues._POSSESSIVE_NEED), (en._HONOURED, en._HONOURED_NEED),
             (en._PRESS, en._PRESS_NEED), (en._suffixed_body(), en._SUFFIXED_NEED),
             (en_words._LOWER_AND_I, en_words._AND_I), *cues._NEEDS.items()]
    for pattern, need in pairs:
        for text in LINE_TEXTS:
            assert [(m.span(), m.groups()) for m in on_lines(pattern, need, text)] \
                == [(m.span(), m.groups()) for m in pattern.finditer(text)]


# the plain search en_places._last_word stands for
_LAST_WORD = re.compile(r"(\w+) (?:the )?$")


def _place_evidence_plain(text, start, known=False):
    m = _LAST_WORD.search(text, max(0, start - 16), start)
    if m is None or m.group(1).lower() not in en_places._CUE_ENDS:
        return False
    before = text[max(0, start - 40):start]
    if en_places.PLACE_CUE.search(before):
        return True
    return known and en_places.WEAK_PLACE_CUE.search(before) is not None \
        and en_places._PERSON_OBJECT.search(before) is None


def test_place_evidence_answers_as_the_plain_searches():
    found = 0
    for text in TEXTS:
        for pos in range(len(text) + 1):
            for known in (False, True):
                plain = _place_evidence_plain(text, pos, known)
                assert en_places.place_evidence(text, pos, known) == plain, (text[:pos], known)
                found += plain
            assert en.institution_here(text, pos) == (
                en.INSTITUTION_CUE.search(text, max(0, pos - 30), pos) is not None), text[:pos]
    assert found > 10  # the texts hold places to find


def test_places_and_institutions_still_found():
    text = "Later she moved to Tarrowby, and her son applied to Brackenfield.\n"
    spans = {text[s.start:s.end]: s.category for s in detect(text, lang="en")}
    assert spans.get("Tarrowby") == "place"
    assert "Brackenfield" not in spans or spans["Brackenfield"] != "person"
