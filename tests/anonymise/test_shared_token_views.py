"""The views of a text's tokens that the finders share (``tokens.Tokens``,
issue 11: each distinct word asked once, then only its tokens looked at)
give every finder the same answers whether it is handed ``tokenize``'s list
or a plain list of the same tokens (which it wraps in the views once:
``tokens.as_tokens``).

All texts are fictional, written for these tests.
"""
from app.anonymise import en, en_frames, en_words, rules
from app.anonymise.detect import detect, propagate
from app.anonymise.tokens import Tokens, as_tokens, tokenize

TEXTS = [
    "Dana Ostrowe chairs the board. later ostrowe called and did OSKAROV sign? "
    "Marlen Oskarov said no. we met with aigerim and raya zhakupova at the NASDAQ office.\n",
    "its me, dilfuza. thanks dana, hi aigerim. Mr Pellow and Dr. Quarnby met Senator "
    "DUNSTABLE; Pellow's theory, like with Einstein. She applied to Brackenfield College.\n",
    "Speaker 1: Welcome back, Nurlan! Gulbahor, I teach. GULBAHOR: yes.\n"
    "margaret and i went to Shymkent; tom, maria and bob came. Kulpash apai and Rustam-aka\n"
    "stayed. He works for KAZATOMPROM and UNESCO, not the Yack Pack. It's a Yack Pack.\n",
    "Айгерим Бекова работает в Павлодаре. Бекзат Нұрлановқа хат жаздық, ол Шалқарда тұрады.\n",
    "",
    "a",
]


def _both(text):
    toks = tokenize(text)
    return toks, list(toks)


def test_tokenize_gives_the_views_of_its_words():
    toks = tokenize("Dana met dana and DANA; the Dana Fund met DANA twice.")
    assert isinstance(toks, Tokens)
    assert toks.words == {"Dana", "met", "dana", "and", "DANA", "the", "Fund", "twice"}
    assert toks.lower == {"met", "dana", "and", "the", "twice"}
    assert toks.capitalised == [0, 4, 6, 7, 9]
    assert toks.long_ascii == [w for w in toks.words if len(w) > 3]
    assert toks.where({"DANA", "met"}) == [1, 4, 8, 9]
    assert toks.where(set()) == []
    # a slice is a plain list: the finders wrap it, and leave tokenize's list as it is
    assert type(toks[1:]) is list
    assert as_tokens(toks) is toks
    assert isinstance(as_tokens(toks[1:]), Tokens) and as_tokens(toks[1:]) == toks[1:]


def test_finders_answer_the_same_on_the_shared_views():
    for text in TEXTS:
        toks, plain = _both(text)
        labels = rules.labels_of(toks)
        assert labels == rules.labels_of(plain)
        assert rules.find_people(text, toks, labels) == rules.find_people(text, plain, labels)
        assert rules.find_places(text, toks) == rules.find_places(text, plain)
        assert en.find(text, toks, labels) == en.find(text, plain, labels)
        assert en.lower_words(toks) == en.lower_words(plain)
        assert en_words.lower_names(text, toks) == en_words.lower_names(text, plain)
        spans = rules.find_people(text, plain, labels) + en.find(text, plain, labels)
        assert propagate(text, toks, spans) == propagate(text, plain, spans)
        assert en.refine(text, toks, spans, lambda pos: True) \
            == en.refine(text, plain, spans, lambda pos: True)
        assert en_frames.find(text, toks, spans, lambda pos: True) \
            == en_frames.find(text, plain, spans, lambda pos: True)


def test_lower_case_names_still_found_through_the_views():
    text = "its me, dilfuza. we met with aigerim yesterday and raya zhakupova too.\n"
    found = {text[s.start:s.end] for s in detect(text, lang="en") if s.category == "person"}
    assert "dilfuza" in found
    assert "aigerim" in found
    assert any("zhakupova" in f for f in found)
