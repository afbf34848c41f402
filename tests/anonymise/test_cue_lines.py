"""The cues that start a word, searched only on the lines where one of their
matches may start a word (``cues._word_start_lines``), keep every match that
``cued_people`` reads: those at a word start, as the whole text's search finds
them; the reference-list cue tried at the line starts only
(``cues._reference_matches``) finds what its search finds.

All texts are fictional, written for these tests.
"""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from app.anonymise import cues

# pieces that make cues, near misses and words that hold a cue's word
# ("boyfriend", "coauthor and poet", "unnamed"), joined by what may stand between them
PIECES = ["friend", "boyfriend", "coauthor", "author", "poet", "sister", "sisters", "and", "my",
          "the", "writer", "co-founder", "fiancé", "Tamsin", "Ode", "Lark", "NASA", "O'Rourke",
          "J.", "X", "Vale", "McAllister", "Jean-Luc", "said", "2019", "_", "é", "’s", "'",
          "Vantongeren,", "Ilse.", "Marwick, Tobias", "“Title”", "K.", "Hi", "hi", "Thanks",
          "thank you", "Dear", "I'm", "my name is", "call me", "named", "unnamed", "wrote to",
          "According to", "replied", "asked", "!", "?"]
SEPARATORS = [" ", " ", " ", ", ", "\n", ".", ". ", "-", "", "\t", "(", "\r\n", "x", "  \n", "’"]

TEXTS = [
    "", "\n", "friend Tamsin", "my friend Tamsin and the poet Ode Lark.",
    "boyfriend Tamsin\ncoauthor and poet Ode Lark\nwriter and poet Ode Lark, said",
    "the botanist Ilse Vantongeren met her sisters, Oriel and Wrenna\n\nfriend Ode",
    "co-founder J. Vale_friend Ode 2friend Ode éfriend Ode\n(friend Ode)",
    "Vantongeren, Ilse. Book Title\nMarwick, Tobias and Ode Lark\r\nLark, Ode K. “Title”\n\n"
    "VALE, ODE. Title. see Vantongeren, Ilse. Title\nVale, Ode",
    "Hi Tamsin  \nI'm Ode Lark \n\nthank you, Oriel!\nunnamed Ode, named Ode and\n'I'm Ode.",
    "According to Ode Lark\nhe wrote to Tamsin, replied Oriel; unasked Ode, said wrote to X",
]


def _kept(cue, matches, text):
    also = "_'’" if cue is cues.SELF_CUE else "_"
    return [(m.span(), m.groups()) for m in matches
            if not cues._inside_word(text, m.start(), also)]


# the heads' search without its first look-up of their first words
PLAIN_HEADS = re.compile(rf"[^A-Za-z0-9_](?={cues._HEADS})")


def _same(text):
    assert [m.start() for m in cues._HEAD_AT_WORD_START.finditer(text)] \
        == [m.start() for m in PLAIN_HEADS.finditer(text)]
    lines = cues._word_start_lines(text)
    for cue in cues._BY_WORD_START:
        assert _kept(cue, cues._finder(cue)(text, lines), text) \
            == _kept(cue, cue.finditer(text), text)
    assert [(m.span(), m.groups()) for m in cues._reference_matches(text)] \
        == [(m.span(), m.groups()) for m in cues._REFERENCE_CUE.finditer(text)]


def test_the_cues_lines_give_the_whole_texts_matches():
    for text in TEXTS:
        _same(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=14))
def test_the_cues_lines_give_the_whole_texts_matches_on_any_text(parts):
    _same("".join(piece + sep for piece, sep in parts))
